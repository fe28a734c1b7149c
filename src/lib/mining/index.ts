/**
 * Frequent itemsets and association rules over market baskets: pure functions over typed
 * arrays, no DOM/DuckDB. Typical use:
 *   const tx = transactionsFromCodes(basketCodes, itemCodes, itemLabels); // from Arrow dictionaries
 *   const sets = fpGrowth(tx, { minSupport: 0.02 });                      // check sets.truncated
 *   const rules = associationRules(sets, tx.nTransactions, { minConfidence: 0.5 });
 *   toCsv(ruleRows(rules, tx.itemLabels));
 */
export {
  transactionsFromArrays,
  transactionsFromCodes,
  compareLabels,
  type Transactions,
  type CodeArray,
} from './transactions';
export {
  minCountFor,
  itemsetItems,
  itemsetKey,
  itemsetList,
  DEFAULT_MAX_ITEMSETS,
  type FrequentItemsets,
  type MineOptions,
} from './itemsets';
export { fpGrowth, fpGrowthAsync, FpGrowthMiner } from './fpgrowth';
export { eclat } from './eclat';
export { associationRules, makeRule, RuleLimitError, type AssociationRule, type RuleOptions } from './rules';
export {
  groupedMatrix,
  type GroupableRule,
  type GroupedMatrix,
  type GroupedMatrixOptions,
  type RuleGroup,
  type GroupedCell,
} from './grouped-matrix';
export {
  itemLabelsOf,
  itemsJson,
  itemsArules,
  ruleArules,
  itemsetRows,
  ruleRows,
  toCsv,
  type ItemsetRow,
  type RuleRow,
} from './format';
