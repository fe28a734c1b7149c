import { en as assocRules } from '../../ui/ops/assoc-rules/i18n.en';
import { en as graph } from '../../ui/ops/graph/i18n.en';
import { en as kmeans } from '../../ui/ops/kmeans/i18n.en';
import { en as dbscan } from '../../ui/ops/dbscan/i18n.en';
import { en as ruleInduction } from '../../ui/ops/rule-induction/i18n.en';

/** Train stage, mining: bundles (association rules, network), segments (k-means, DBSCAN), rule induction. */
export const mining = {
  ...assocRules,
  ...graph,
  ...kmeans,
  ...dbscan,
  ...ruleInduction,
};
