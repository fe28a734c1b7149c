/** 分群比较界面文字（简体中文）。 */
import type { en } from './i18n.en';

export const zh: typeof en = {
  title: '分群比较',
  intro:
    '一组客户与另一组有何不同？逐个特征比较：数值特征比较均值（Welch t 检验、Cohen d），类别特征比较占比（卡方检验、Cramér V），p 值按特征数量校正（Benjamini–Hochberg q）。',
  table: '表（每位客户一行）',
  entity: 'ID 列',
  group: '分组列',
  a: 'A 组',
  b: 'B 组',
  everyoneElse: '（其余所有人）',
  run: '比较',
  empty: '请载入每位客户一行的表，例如 RFM 或特征表，或带流失标记的客户表。',
  aLabel: (group, a) => `${group} = ${a}`,
  bLabel: (group, a, b) => (b === null ? `${group} ≠ ${a}` : `${group} = ${b}`),
  summaryNumber: (a, feature, ma, mb, b, gap, higher, d) =>
    `${a}：${feature} 平均为 ${ma}，${b} 为 ${mb}——${higher ? '高' : '低'} ${gap}，d = ${d}。`,
  summaryCategory: (a, share, feature, level, other, b, v) =>
    `${a}：${share} 的 ${feature} = ${level}，${b} 为 ${other}——V = ${v}。`,
  notSignificant: '按特征数量校正后不显著（q ≥ 0.05）。',
  counts: (a, na, b, nb, features, significant) =>
    `${a}：${na}；${b}：${nb}。共比较 ${features} 个特征，${significant} 个在 q < 0.05 下显著。`,
  skipped: (list) => `未比较：${list}。`,
  chart: '两组差异最大的特征（从强到弱）',
  axis: '← A 组较低 · 强度（数值为 |r|，类别为 V）· A 组较高 →',
  significant: '显著（q < 0.05）',
  notSig: '不显著',
  colFeature: '特征',
  colLevel: '取值',
  colDifference: '差异',
  colEffect: '效应',
};
