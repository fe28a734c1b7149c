import { fmt } from '../../../i18n/format';

/** The text of the evaluate-recs view. */
export const en = {
  // EvaluatePanel: compare recommenders offline
  compare: {
    title: 'Compare recommenders',
    intro:
      "Every algorithm is trained on the same training part and judged on the same held-out part, by one metrics module. Leave-last-basket: each customer's last order is hidden and has to be recommended back from the orders before it.",
    split: 'Split',
    splits: {
      leaveLastBasket: 'leave last order out',
      temporal: 'before / after a date',
      randomHoldout: 'random 20% of items (seeded)',
    },
    cutoff: 'Cut-off',
    run: 'Evaluate',
    algorithms: 'Algorithms (popularity is always included as the baseline)',
    testCustomers: (customers: number, items: number) =>
      `${fmt.count(customers)} test customers, ${fmt.fixed(items, 1)} held-out items each on average.`,
    atK: 'At K',
    chart: 'Metrics by K for each algorithm',
    metricsMeaning: 'What the metrics mean',
  },
};
