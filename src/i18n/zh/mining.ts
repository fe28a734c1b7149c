import type { Messages } from '../en';
import { fmt } from '../format';

export const mining: Messages['mining'] = {
  // RulesView：关联规则
  rules: {
    title: '商品组合：关联规则',
    intro:
      '经常一起购买的商品。在购物篮上运行 FP-Growth，结果精确：阈值相同时，频繁项集和规则与 R 的 arules 完全一致。支持度是包含该组合的购物篮占比；置信度 = supp(A∪B)/supp(A)；提升度 = 置信度 / supp(B)。',
    loadFirst: '请先载入数据。',
    table: '表',
    basket: '购物篮',
    item: '商品',
    itemName: '商品名称',
    none: '（无）',
    minSupport: '最小支持度',
    minConfidence: '最小置信度',
    maxItems: '最多商品数',
    run: '挖掘规则',
    baskets: '购物篮数',
    items: '商品数',
    itemsets: (minCount) => `频繁项集数（≥ ${minCount} 个购物篮）`,
    rules: '规则数',
    exportCsv: '导出 CSV',
    chartLabel: '规则：支持度与置信度，按提升度着色',
    supportAxis: '支持度（购物篮占比）',
    confidenceAxis: '置信度',
    liftLegend: '提升度',
    pointTitle: (rule, lift) => `${rule}\n提升度 ${fmt.fixed(lift, 2)}`,
    filter: '包含商品',
    filterPlaceholder: '商品编码或名称',
    sortBy: '排序依据',
    sortKeys: { lift: '提升度', confidence: '置信度', support: '支持度', count: '次数' },
    ifHas: '如果购物篮中有',
    alsoHas: '则也有',
    support: '支持度',
    confidence: '置信度',
    lift: '提升度',
  },

  // RulesMatrix：最强规则的分组矩阵
  matrix: {
    chartLabel: '分组矩阵：前项分组与后项',
    groupName: (rules, items, moreItems) =>
      `${fmt.count(rules)} 条规则：${items}${moreItems ? ` +${fmt.count(moreItems)}` : ''}`,
    liftLegend: '提升度（该格内规则的均值）',
    cellTitle: (items, moreItems, consequent, rules, support, lift) =>
      `${items}${moreItems ? ` 等另外 ${fmt.count(moreItems)} 种商品` : ''}\n→ ${consequent}\n` +
      `${fmt.count(rules)} 条规则：平均支持度 ${fmt.fixed(support, 4)}，平均提升度 ${fmt.fixed(lift, 2)}`,
    note: (considered, max, filtered, consequents, consequentsLeftOut, rulesLeftOut) =>
      `按提升度排列${filtered ? '且符合筛选条件' : ''}的${considered === max ? `最强 ${fmt.count(max)} ` : ` ${fmt.count(considered)} `}条规则：` +
      '列将在各后项上提升度相近的前项归为一组（k-means，同 R arulesViz 的分组矩阵），并以其最典型的商品命名；' +
      `行是规则最多的 ${fmt.count(consequents)} 个后项${consequentsLeftOut ? `（另有 ${fmt.count(consequentsLeftOut)} 个后项未列出，共 ${fmt.count(rulesLeftOut)} 条规则）` : ''}。` +
      '圆的面积表示该格内规则的平均支持度，颜色表示其平均提升度；最强的位于左上角。将鼠标悬停在圆上可查看其商品。',
  },

  // NetworkView：共同购买网络
  network: {
    title: '共同购买网络',
    minCountBefore: '商品对至少一起购买',
    minCountAfter: '次',
    run: '构建网络',
    summary: (nodes, edges, communities, modularity) =>
      `${nodes} 种商品，${edges} 个商品对（按提升度加权），${communities} 个社区，模块度 ${fmt.fixed(modularity, 3)}。`,
    hint: '拖动可平移，滚动可缩放。',
    community: '社区',
    items: '商品数',
    central: '最核心的商品',
  },

  // SegmentsView：k-means
  segments: {
    nearTies: (ties: number[], k: number, balanced: boolean) =>
      `轮廓系数接近（与最佳相差 0.02 以内）：k = ${ties.join('、')}。${balanced ? `当前显示 k = ${k}：其中最大分群不超过客户 60% 的最小 k。` : `其中没有一个 k 能让最大分群不超过客户的 60%；k = ${k} 的轮廓系数最高。`}也可以试试其他取值。`,
    kLeftOut: (ks: number[], distinct: number) =>
      `已跳过 k = ${ks.join('、')}：特征只有 ${fmt.count(distinct)} 种不同的取值组合。`,
    title: '客户分群（k-means）',
    intro:
      '将相似的客户归为一组：在标准化后的特征上运行 k-means++，使用 10 次带种子的重启。给出 k 的范围即可按轮廓系数选择；也请查看肘部图和轮廓系数图，自动选择仅供参考。',
    needTable: '请先运行 RFM（或载入含数值列的表）。',
    table: '表',
    entity: '每行一个',
    features: '特征',
    kFrom: 'k 从',
    kTo: '到',
    run: '查找分群',
    segments: '分群数',
    rowsClustered: '参与聚类的行数',
    silhouette: '轮廓系数',
    silhouetteChart: '各 k 值的惯性与轮廓系数',
    elbowChart: '肘部图：各 k 值的惯性',
    inertiaAxis: '惯性（标准单位）',
    profileChart: '分群画像：各特征的均值（标准单位）',
    segmentAxis: '分群',
    segment: '分群',
    size: '数量',
    share: '占比',
    inWords: '描述',
  },

  // DbscanPanel：密度聚类
  dbscan: {
    title: '密度聚类（DBSCAN）',
    intro:
      '簇可以是任意形状，位于稀疏区域的行被视为噪声（离群点）而不归入任何簇；使用相同的标准化特征。若 eps 范围内至少有 minPts 行（含自身），该行即为核心点；簇由核心点向外扩展。请在下方 k 距离曲线的拐点附近选择 eps。',
    eps: 'eps（标准单位）',
    minPts: 'minPts（最少点数）',
    run: '查找密度聚类',
    useKnee: (eps) => `使用 eps ${eps}（拐点）`,
    clusters: '簇数',
    noiseRows: (share) => `噪声行（${fmt.percent(share)}）`,
    corePoints: '核心点',
    silhouette: '轮廓系数（不含噪声）',
    params: (eps, minPts) => `eps ${eps}，minPts ${minPts}`,
    kdistanceChart: 'k 距离：每行到其第 minPts 个最近行的距离',
    kdistanceX: '行，最稀疏的在前 →',
    kdistanceY: (minPts) => `到第 ${minPts} 个近邻的距离（标准单位）`,
    epsMark: (eps) => `eps ${eps}`,
    kneeMark: (eps) => `拐点 ${eps}`,
    sizesChart: 'DBSCAN 各簇大小（含噪声）',
    rowsAxis: '行数',
    clusterN: (cluster) => `簇 ${cluster}`,
    noise: '噪声',
    profilesChart: 'DBSCAN 画像：各特征的均值（标准单位）',
    clusterAxis: '簇',
    cluster: '簇',
    size: '数量',
    share: '占比',
    inWords: '描述',
    noiseInWords: '位于稀疏区域的行：不属于任何簇',
  },

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
