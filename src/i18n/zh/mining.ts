import type { Messages } from '../en';
import { zh as assocRules } from '../../ui/ops/assoc-rules/i18n.zh';
import { zh as graph } from '../../ui/ops/graph/i18n.zh';
import { zh as kmeans } from '../../ui/ops/kmeans/i18n.zh';
import { zh as dbscan } from '../../ui/ops/dbscan/i18n.zh';
import { zh as ruleInduction } from '../../ui/ops/rule-induction/i18n.zh';

export const mining: Messages['mining'] = {
  ...assocRules,
  ...graph,
  ...kmeans,
  ...dbscan,
  ...ruleInduction,
};
