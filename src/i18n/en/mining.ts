import { fmt } from '../format';

const s = (n: number) => (n === 1 ? '' : 's');

/** Train stage, mining: bundles (association rules, network), segments (k-means, DBSCAN), rule induction. */
export const mining = {
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

  // NetworkView: co-purchase network
  network: {
    title: 'Co-purchase network',
    minCountBefore: 'Pairs bought together at least',
    minCountAfter: 'times',
    run: 'Build network',
    summary: (nodes: number, edges: number, communities: number, modularity: number) =>
      `${nodes} items, ${edges} pairs (weighted by lift), ${communities} communities, modularity ${fmt.fixed(modularity, 3)}.`,
    hint: 'Drag to pan, scroll to zoom.',
    community: 'Community',
    items: 'items',
    central: 'most central',
  },

  // SegmentsView: k-means
  segments: {
    nearTies: (ties: number[], k: number, balanced: boolean) =>
      `Near-ties (silhouette within 0.02 of the best): k = ${ties.join(', ')}. ${balanced ? `k = ${k} is shown: the smallest of them whose largest segment holds at most 60% of the customers.` : `None of them keeps its largest segment to 60% of the customers; k = ${k} has the best silhouette.`} Try the others too.`,
    kLeftOut: (ks: number[], distinct: number) =>
      `k = ${ks.join(', ')} left out: only ${fmt.count(distinct)} distinct feature rows.`,
    title: 'Segments (k-means)',
    intro:
      'Groups of similar customers: k-means++ with 10 seeded restarts on standardised features. Give a range of k to choose by silhouette; read the elbow and silhouette charts too, the automatic choice is only a suggestion.',
    needTable: 'Run RFM (or load a table with numeric columns) first.',
    table: 'Table',
    entity: 'One row per',
    features: 'Features',
    kFrom: 'k from',
    kTo: 'to',
    run: 'Find segments',
    segments: 'segments',
    rowsClustered: 'rows clustered',
    silhouette: 'silhouette',
    silhouetteChart: 'Inertia and silhouette by k',
    elbowChart: 'Elbow: inertia by k',
    inertiaAxis: 'inertia (standard units)',
    profileChart: 'Segment profiles: mean of each feature in standard units',
    segmentAxis: 'segment',
    segment: 'Segment',
    size: 'size',
    share: 'share',
    inWords: 'in words',
  },

  // DbscanPanel: density clusters
  dbscan: {
    title: 'Density clusters (DBSCAN)',
    intro:
      'Clusters of any shape, with rows in sparse regions left out as noise (outliers), on the same standardised features. A row is a core point when at least minPts rows (itself included) lie within eps; clusters grow from core points. Choose eps near the knee of the k-distance curve below.',
    eps: 'eps (standard units)',
    minPts: 'minPts',
    run: 'Find density clusters',
    useKnee: (eps: number) => `Use eps ${eps} (knee)`,
    clusters: 'clusters',
    noiseRows: (share: number) => `noise rows (${fmt.percent(share)})`,
    corePoints: 'core points',
    silhouette: 'silhouette (without noise)',
    params: (eps: number, minPts: number) => `eps ${eps}, minPts ${minPts}`,
    kdistanceChart: "k-distance: each row's distance to its minPts-th nearest row",
    kdistanceX: 'rows, sparsest first →',
    kdistanceY: (minPts: number) => `distance to neighbour ${minPts} (standard units)`,
    epsMark: (eps: number) => `eps ${eps}`,
    kneeMark: (eps: number) => `knee ${eps}`,
    sizesChart: 'DBSCAN cluster sizes, with noise',
    rowsAxis: 'rows',
    clusterN: (cluster: number) => `cluster ${cluster}`,
    noise: 'noise',
    profilesChart: 'DBSCAN profiles: mean of each feature in standard units',
    clusterAxis: 'cluster',
    cluster: 'Cluster',
    size: 'size',
    share: 'share',
    inWords: 'in words',
    noiseInWords: 'rows in sparse regions: in no cluster',
  },

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
