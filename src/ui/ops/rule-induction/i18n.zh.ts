import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // RuleInductionPanel：描述标签的如果-那么规则
  ruleInduction: {
    title: '描述标签的规则',
    depth: '深度',
    run: '挖掘规则',
    intro:
      '一棵浅层决策树（CART，类别权重平衡），读作“如果…那么…”规则，并给出每条规则的覆盖率，以及它把标签提升到基准率之上多少。',
    accuracy: (accuracy, majority, recall) =>
      `在留出的行上，这些规则的准确率为 ${fmt.percent(accuracy)}（总是猜多数类：${fmt.percent(majority)}）；它们找出了 ${fmt.percent(recall)} 的正例。`,
    tree: '决策树',
    nodeInfo: (samples, positiveRate) => `· ${samples} 行 · ${fmt.percent(positiveRate)}`,
    if: '如果',
    then: '那么',
    coverage: '覆盖率',
    confidence: '置信度',
    lift: '提升度',
  },
};
