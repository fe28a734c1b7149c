import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // EvaluatePanel: compare recommenders offline
  compare: {
    title: '比较推荐算法',
    intro:
      '所有算法都在同一训练部分上训练，在同一留出部分上由同一个指标模块评估。留出最后一单：隐藏每位客户的最后一个订单，要求根据此前的订单把它推荐回来。',
    split: '划分方式',
    splits: {
      leaveLastBasket: '留出最后一单',
      temporal: '按日期前后划分',
      randomHoldout: '随机留出 20% 的商品（固定种子）',
    },
    cutoff: '截止日期',
    run: '评估',
    algorithms: '算法（始终包含流行度作为基线）',
    testCustomers: (customers, items) =>
      `${fmt.count(customers)} 位测试客户，平均每位留出 ${fmt.fixed(items, 1)} 个商品。`,
    atK: 'K 值',
    chart: '各算法在不同 K 下的指标',
    metricsMeaning: '指标含义',
  },
};
