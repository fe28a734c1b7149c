import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // SelectPanel：按标签为特征排序，手动保留或剔除
  select: {
    title: '特征筛选',
    intro:
      '按每个特征对标签的信息量排序——互信息（分箱后精确计算）或与 scikit-learn 算法一致的卡方——剔除常量特征，相关系数超过阈值的每对特征中剔除一个，保留前 k 个。之后可以手动推翻其中任何结果。',
    features: '特征',
    labelFrom: '标签来源',
    label: '标签',
    choose: '请选择…',
    score: '评分',
    scores: { mutualInfo: '互信息', chi2: '卡方（最小–最大缩放）' },
    dropAbove: '剔除 |r| 高于',
    keepTop: '保留前 k 个',
    keepTopPlaceholder: '全部',
    run: '特征排序',
    keptOf: (total) => `个特征已保留（共 ${fmt.count(total)} 个）`,
    rowsWithLabel: '有标签的行',
    classesOf: (label) => `${label} 的类别数`,
    apply: '应用我的保留/剔除选择',
    chart: '特征相对标签的排序',
    chi2Axis: '卡方（缩放后）',
    miAxis: '互信息（nats）',
    kept: '保留',
    dropped: '剔除',
    region: '特征得分',
    colMi: '互信息',
    colChi2: '卡方',
    maxCorrWith: '最大 |r| 对应',
    result: '结果',
    yourChoice: '你的选择',
    choiceFor: (feature) => `${feature} 的选择`,
    choices: { auto: '按排序', keep: '保留', drop: '剔除' },
  },
};
