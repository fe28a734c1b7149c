/**
 * Decision trees: pure functions over typed arrays, no DOM/DuckDB. Typical use:
 *   const tree = fitCart(features, y, { maxDepth: 3, minLeaf: 20, classWeight: 'balanced', rows: train });
 *   flattenRules(tree);                  // each leaf as a readable rule, most useful first
 *   predictCart(tree, features, row);    // 0 | 1
 */
export {
  fitCart,
  flattenRules,
  predictCart,
  leafOf,
  impurity,
  niceThreshold,
  conditionText,
  formatNumber,
  type CartFeature,
  type CartOptions,
  type CartSplit,
  type CartNode,
  type CartTree,
  type CartRule,
  type Condition,
} from './cart';
