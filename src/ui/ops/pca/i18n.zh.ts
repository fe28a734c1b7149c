import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // PcaPanel：主成分分析
  pca: {
    title: '投影（PCA）',
    intro:
      '用少数互不相关的主成分概括众多相关特征（与 scikit-learn 的 PCA 一致），既能看清客户群的整体形态，也能减少模型的输入。',
    components: '主成分数',
    standardise: '先标准化',
    colourBy: '着色依据',
    run: '投影',
    featuresSummary: (chosen, total, label) =>
      `已选 ${fmt.count(chosen)}/${fmt.count(total)} 个数值特征${label ? `（标签 ${label} 已排除）` : ''}`,
    rowsProjected: '已投影的行',
    varianceOnPc1: 'PC1 解释的方差',
    onKept: (n) => `保留的 ${fmt.count(n)} 个主成分合计`,
    varianceChart: '各主成分解释的方差',
    componentAxis: '主成分',
    shareAxis: '方差占比',
    scatterChart: '客户在前两个主成分上的分布',
    loadingsChart: '载荷：各主成分的构成',
    loading: '载荷',
  },
};
