import { fmt } from '../../../i18n/format';

const s = (n: number) => (n === 1 ? '' : 's');

/** The text of the assoc-rules view. */
export const en = {
  // RulesView: association rules
  rules: {
    title: 'Bundles: association rules',
    intro:
      "Items bought together. FP-Growth over the baskets, exact: the same itemsets and rules as R's arules with the same thresholds. Support is the share of baskets; confidence = supp(A∪B)/supp(A); lift = confidence / supp(B).",
    loadFirst: 'Load data first.',
    table: 'Table',
    basket: 'Basket',
    item: 'Item',
    itemName: 'Item name',
    none: '(none)',
    minSupport: 'Min support',
    minConfidence: 'Min confidence',
    maxItems: 'Max items',
    run: 'Find rules',
    baskets: 'baskets',
    items: 'items',
    itemsets: (minCount: number) => `frequent itemsets (≥ ${minCount} baskets)`,
    rules: 'rules',
    exportCsv: 'Export CSV',
    chartLabel: 'Rules: support against confidence, coloured by lift',
    supportAxis: 'support (share of baskets)',
    confidenceAxis: 'confidence',
    liftLegend: 'lift',
    pointTitle: (rule: string, lift: number) => `${rule}\nlift ${fmt.fixed(lift, 2)}`,
    filter: 'Items containing',
    filterPlaceholder: 'item code or name',
    sortBy: 'Sort by',
    sortKeys: { lift: 'lift', confidence: 'confidence', support: 'support', count: 'count' },
    ifHas: 'If a basket has',
    alsoHas: 'it also has',
    support: 'support',
    confidence: 'confidence',
    lift: 'lift',
  },

  // RulesMatrix: grouped matrix of the strongest rules
  matrix: {
    chartLabel: 'Grouped matrix: antecedent groups against consequents',
    groupName: (rules: number, items: string, moreItems: number) =>
      `${fmt.count(rules)} rule${s(rules)}: ${items}${moreItems ? ` +${fmt.count(moreItems)}` : ''}`,
    liftLegend: 'lift (mean of the cell’s rules)',
    cellTitle: (items: string, moreItems: number, consequent: string, rules: number, support: number, lift: number) =>
      `${items}${moreItems ? ` and ${fmt.count(moreItems)} more items` : ''}\n→ ${consequent}\n` +
      `${fmt.count(rules)} rule${s(rules)}: mean support ${fmt.fixed(support, 4)}, mean lift ${fmt.fixed(lift, 2)}`,
    note: (
      considered: number,
      max: number,
      filtered: boolean,
      consequents: number,
      consequentsLeftOut: number,
      rulesLeftOut: number,
    ) =>
      `The ${considered === max ? `${fmt.count(max)} strongest` : fmt.count(considered)} rules by lift${filtered ? ' matching the filter' : ''}: columns group ` +
      "antecedents with similar lift across the consequents (k-means, as R arulesViz's grouped matrix), named by their most typical items; " +
      `rows are the ${fmt.count(consequents)} consequents with the most rules${consequentsLeftOut ? ` (${fmt.count(consequentsLeftOut)} more left out, with ${fmt.count(rulesLeftOut)} rules)` : ''}. ` +
      "Circle area is the mean support of the cell's rules, colour their mean lift; strongest top-left. Hover a circle for its items.",
  },
};
