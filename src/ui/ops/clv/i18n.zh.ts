import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

/** A time unit ('day', 'week', 'month', as the ops name them) in Chinese. */
const UNITS: Record<string, string> = { day: '天', week: '周', month: '月' };
const unitOf = (unit: string) => UNITS[unit] ?? unit;

export const zh: typeof en = {
  // ClvView
  clv: {
    title: '客户生命周期价值（BG/NBD + Gamma-Gamma）',
    intro:
      '每位客户还会购买多少次、价值多少：BG/NBD（Fader、Hardie 与 Lee，2005）估计复购次数和客户仍然活跃的概率，Gamma-Gamma 估计每次购买的消费金额。在 worker 中以最大似然法拟合；同一天内的多次购买计为一次。',
    calibrationEnds: '校准期截止',
    unit: '时间单位',
    horizon: (unit) => `预测期（${unitOf(unit)}）`,
    fit: '拟合',
    customersRepeat: (repeat) => `客户（其中 ${fmt.count(repeat)} 位复购）`,
    valueOver: (horizon, unit) => `未来 ${horizon} ${unitOf(unit)}的价值`,
    predictedActual: (after) => `${after} 之后的预测 / 实际购买次数`,
    aliveChart: '按频次与最近购买划分的存活概率',
    recencyTenth: '最近购买（观察期的十分位）',
    repeatPurchases: '复购次数',
    pAlive: '存活概率',
    expectedChart: '按频次与最近购买划分的预期购买次数',
    expectedIn: (horizon, unit) => `未来 ${horizon} ${unitOf(unit)}的预期购买次数`,
    holdoutChart: '留出期内预测与实际购买次数对比',
    repeatInCalibration: '校准期复购次数（7 = 7 次及以上）',
    meanInHoldout: '留出期平均购买次数',
    predicted: '预测',
    actual: '实际',
    mostValuable: '最有价值的客户',
    expectedPurchases: '预期购买次数',
  },
};
