/** 实验读数界面文字（简体中文）。 */
import type { en } from './i18n.en';

export const zh: typeof en = {
  title: '实验读数',
  intro:
    '按一个指标比较 A/B 测试的各组：每个变体与对照组比较，给出区间、成为最优的贝叶斯概率，以及判断读数是否可信的检查。',
  table: '表',
  unit: '单位（ID）',
  variant: '分组列',
  control: '对照组',
  metric: '指标',
  pre: '实验前协变量（CUPED）',
  none: '（无）',
  alpha: 'α',
  run: '读数',
  empty: '请载入每个单位（或每个事件）一行、并有一列标明各单位所在分组的表。',
  srmBad: '样本比例失配——此读数不可信',
  srmBadDetail: (p, counts) =>
    `各组样本量（${counts}）与计划分配不符（χ² 检验 p = ${p} < 0.001）。分组或记录环节不均匀地丢失或增加了单位：请先查明原因，再看下面的结果。`,
  verdictWin: (list, _n, control, alpha, best, prob) =>
    `${list} 在 α = ${alpha} 下与 ${control} 有差异；${best} 为最优的概率为 ${prob}。`,
  verdictNone: (control, alpha, best, prob) =>
    `在 α = ${alpha} 下没有分组与 ${control} 有差异；${best} 为最优的概率为 ${prob}。`,
  winner: (variant, lift, p) => `${variant}（${lift}，p = ${p}）`,
  srmOk: (p) => `样本量与计划分配相符（样本比例检验 p = ${p}）。`,
  kindBinary: '0/1 指标：Wilson 区间、合并双比例 z 检验、Beta–二项后验（均匀先验）。',
  kindContinuous: '连续指标：t 区间、Welch t 检验、各组均值的正态近似。',
  cuped: (pre, reduction, theta, without) =>
    `以 ${pre} 做 CUPED：方差降低 ${reduction}（θ = ${theta}${without ? `；${without} 个单位没有实验前数值，未调整` : ''}）。下面的均值、区间和检验均基于调整后的指标。`,
  mixed: (n) => `${n} 个单位出现在多个分组中，已排除。`,
  noMetric: (n) => `${n} 个单位没有该指标的值，已排除。`,
  multiplicity: '未做多重比较校正：每个变体单独与对照组检验，变体较多时可能有一个仅因偶然而显得显著。',
  colArm: '分组',
  colUnits: '单位数',
  colMean: '均值',
  colInterval: (level) => `${level} 区间`,
  colLift: '相对对照组提升',
  colP: 'p 值',
  colBest: '最优概率',
  colLoss: '预期损失',
  colMde: 'MDE（80% 功效）',
  controlMark: '对照',
  liftChart: '相对对照组的提升及其区间',
  liftAxis: '相对对照组提升',
  mdeNote: (alpha) => `MDE：在 α = ${alpha} 下，此样本量有 80% 把握检测到的与对照组的最小绝对差异。`,
};
