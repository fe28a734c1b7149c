import type { Messages } from '../en';
import { fmt } from '../format';
import { zh as transform } from '../../ui/ops/transform/i18n.zh';
import { zh as select } from '../../ui/ops/select/i18n.zh';
import { zh as pca } from '../../ui/ops/pca/i18n.zh';

export const features: Messages['features'] = {
  tabsLabel: '特征步骤',
  tabs: { build: '构建', transform: '变换', select: '筛选', pca: '投影（PCA）' },
  none: '（无）',
  needFeatureTable: '请先构建特征表。',
  table: '表',
  feature: '特征',
  group: '分组',
  missing: '缺失',
  column: '列',

  // BuildPanel：特征矩阵
  build: {
    title: '特征矩阵',
    intro: (entity) =>
      `每个${entity}一行，由 DuckDB 在后台线程中基于事件日志构建（文本特征在计算线程中生成）：所有模型和大多数挖掘都从这里开始。设定参考日期后，该日期当天及之后的数据一律不用——即截至某一时点的特征。`,
    needEvents: '请先载入事件表或交易表。',
    events: '事件',
    onePer: '每行对应',
    entities: { customer: '客户', item: '商品' },
    itemAttributes: '商品属性',
    customerProfile: '客户档案',
    referenceDate: '参考日期',
    trendWindow: '趋势窗口（天）',
    columnsUsed: (found, total) => `使用的列（已找到 ${fmt.count(found)}/${fmt.count(total)} 个角色）`,
    roles: {
      customer: '客户',
      item: '商品',
      basket: '订单（购物篮）',
      time: '时间',
      event: '事件类型',
      quantity: '数量',
      price: '单价',
      amount: '金额',
      category: '品类',
      text: '文本',
    },
    topCategories: '头部品类数',
    tfidfTerms: 'TF-IDF 词数',
    groupsLegend: '特征组',
    groups: {
      behaviour: { title: '行为', hint: '次数、订单、消费、最近一次、客龄、趋势、时段' },
      preferences: { title: '偏好', hint: '品类占比、多样性、价格水平' },
      profile: { title: '档案', hint: '来自客户表的属性' },
      text: { title: '文本', hint: '评论：情感、TF-IDF 词项' },
      item: { title: '商品', hint: '热度、复购率、共同购买度' },
    },
    profileLegend: (table, key) => `来自 ${table} 的档案列（按 ${key} 关联；标签、ID 和个人数据列默认不勾选）`,
    run: '构建特征',
    needTime: '需要一个时间列。',
  },

  // CatalogPanel：已构建特征的目录
  catalog: {
    entities: (entity): string => (entity === 'item' ? '商品' : entity === 'customer' ? '客户' : entity),
    features: '特征',
    referenceDate: '参考日期',
    seconds: (s) => `${fmt.fixed(s, 1)} 秒`,
    toBuild: '构建用时',
    exportCsv: '导出 CSV',
    perGroupChart: '各分组的特征数',
    perGroupAxis: '特征数',
    missingChart: '缺失值：最不完整的特征',
    missingAxis: '缺失率（%）',
    noMissing: '没有特征存在缺失值',
    all: '全部',
    find: '查找',
    findPlaceholder: '名称或说明',
    region: '特征目录',
    kind: '类型',
    meaning: '含义',
    mean: '均值',
    min: '最小值',
    max: '最大值',
    tableSummary: (rows) => `特征表（${fmt.count(rows)} 行）`,
  },

  ...transform,
  ...select,
  ...pca,
};
