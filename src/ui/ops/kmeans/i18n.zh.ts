import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // SegmentsView：k-means
  segments: {
    nearTies: (ties: number[], k: number, balanced: boolean) =>
      `轮廓系数接近（与最佳相差 0.02 以内）：k = ${ties.join('、')}。${balanced ? `当前显示 k = ${k}：其中最大分群不超过客户 60% 的最小 k。` : `其中没有一个 k 能让最大分群不超过客户的 60%；k = ${k} 的轮廓系数最高。`}也可以试试其他取值。`,
    kLeftOut: (ks: number[], distinct: number) =>
      `已跳过 k = ${ks.join('、')}：特征只有 ${fmt.count(distinct)} 种不同的取值组合。`,
    title: '客户分群（k-means）',
    intro:
      '将相似的客户归为一组：在标准化后的特征上运行 k-means++，使用 10 次带种子的重启。给出 k 的范围即可按轮廓系数选择；也请查看肘部图和轮廓系数图，自动选择仅供参考。',
    needTable: '请先运行 RFM（或载入含数值列的表）。',
    table: '表',
    entity: '每行一个',
    features: '特征',
    kFrom: 'k 从',
    kTo: '到',
    run: '查找分群',
    segments: '分群数',
    rowsClustered: '参与聚类的行数',
    silhouette: '轮廓系数',
    silhouetteChart: '各 k 值的惯性与轮廓系数',
    elbowChart: '肘部图：各 k 值的惯性',
    inertiaAxis: '惯性（标准单位）',
    profileChart: '分群画像：各特征的均值（标准单位）',
    segmentAxis: '分群',
    segment: '分群',
    size: '数量',
    share: '占比',
    inWords: '描述',
  },
};
