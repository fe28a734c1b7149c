import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // DbscanPanel：密度聚类
  dbscan: {
    title: '密度聚类（DBSCAN）',
    intro:
      '簇可以是任意形状，位于稀疏区域的行被视为噪声（离群点）而不归入任何簇；使用相同的标准化特征。若 eps 范围内至少有 minPts 行（含自身），该行即为核心点；簇由核心点向外扩展。请在下方 k 距离曲线的拐点附近选择 eps。',
    eps: 'eps（标准单位）',
    minPts: 'minPts（最少点数）',
    run: '查找密度聚类',
    useKnee: (eps) => `使用 eps ${eps}（拐点）`,
    clusters: '簇数',
    noiseRows: (share) => `噪声行（${fmt.percent(share)}）`,
    corePoints: '核心点',
    silhouette: '轮廓系数（不含噪声）',
    params: (eps, minPts) => `eps ${eps}，minPts ${minPts}`,
    kdistanceChart: 'k 距离：每行到其第 minPts 个最近行的距离',
    kdistanceX: '行，最稀疏的在前 →',
    kdistanceY: (minPts) => `到第 ${minPts} 个近邻的距离（标准单位）`,
    epsMark: (eps) => `eps ${eps}`,
    kneeMark: (eps) => `拐点 ${eps}`,
    sizesChart: 'DBSCAN 各簇大小（含噪声）',
    rowsAxis: '行数',
    clusterN: (cluster) => `簇 ${cluster}`,
    noise: '噪声',
    profilesChart: 'DBSCAN 画像：各特征的均值（标准单位）',
    clusterAxis: '簇',
    cluster: '簇',
    size: '数量',
    share: '占比',
    inWords: '描述',
    noiseInWords: '位于稀疏区域的行：不属于任何簇',
  },
};
