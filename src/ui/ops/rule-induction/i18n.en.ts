import { fmt } from '../../../i18n/format';

/** The text of the rule-induction view. */
export const en = {
  // RuleInductionPanel: if-then rules that describe the label
  ruleInduction: {
    title: 'Rules that describe the label',
    depth: 'Depth',
    run: 'Find rules',
    intro:
      'A shallow decision tree (CART, balanced class weights) read as if-then rules, with how much each rule covers and how far it lifts the label above its base rate.',
    accuracy: (accuracy: number, majority: number, recall: number) =>
      `On held-out rows the rules are right ${fmt.percent(accuracy)} of the time (always guessing the majority: ${fmt.percent(majority)}); they find ${fmt.percent(recall)} of the positives.`,
    tree: 'Tree',
    nodeInfo: (samples: number, positiveRate: number) => `· ${samples} rows · ${fmt.percent(positiveRate)}`,
    if: 'If',
    then: 'then',
    coverage: 'coverage',
    confidence: 'confidence',
    lift: 'lift',
  },
};
