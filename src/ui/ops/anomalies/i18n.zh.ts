import { fmt } from '../../../i18n/format';
import type { en } from './i18n.en';

export const zh: typeof en = {
  title: 'KPI 异常',
  intro: 'KPI 何时偏离了通常的每周节奏，以及哪些国家、品类或分群造成了偏离。期望值是前四周同一星期几的中位数。',
  table: '表',
  time: '时间',
  metric: 'KPI 指标',
  rows: '行数',
  quantityPrice: (quantity: string, price: string) => `${quantity} × ${price}`,
  sumOf: (column: string) => `${column} 之和`,
  grain: '每',
  grains: { day: '天', week: '周', hour: '小时' },
  dimensions: '按以下列解释',
  sensitivity: '灵敏度',
  run: '查找异常',
  needTime: '请先载入包含日期/时间列的表。',
  summary: (periods: string, unit: string, anomalies: number) =>
    `检查了 ${periods} ${unit}：${fmt.count(anomalies)} 个异常。`,
  dropped: (period: string) => `最后一个周期（${period}）不完整，已略去。`,
  chart: 'KPI、期望区间与异常',
  value: '数值',
  expected: '期望',
  list: '异常（点击查看原因）',
  none: '在此灵敏度下没有周期超出区间。',
  anomaly: (period: string, value: string, expected: string, change: string, score: string) =>
    `${period}：${value}，期望 ${expected}（${change}），得分 ${score}`,
  headline: (period: string, value: string, expected: string, change: string) =>
    `${period} 的 KPI 为 ${value}，期望为 ${expected}（${change}）。`,
  cause: (value: string, dimension: string, share: string, actual: string, expected: string) =>
    `${value}（${dimension}）解释了差距的 ${share}：实际 ${actual}，期望 ${expected}。`,
  noCauses: '没有哪个维度值能解释十分之一以上的差距：差距分散在许多值上。',
  noDimensions: '选择用于解释的列即可查看原因。',
};
