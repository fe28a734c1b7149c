import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
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
};
