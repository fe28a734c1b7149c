import type { en } from './i18n.en';
import { fmt } from '../../../i18n/format';

export const zh: typeof en = {
  // RfmView
  rfm: {
    nonPositive: (rows: number) =>
      `有 ${fmt.count(rows)} 行购买记录的数量或金额 ≤ 0（取消或退货）：它们会拉低消费金额，并被计为订单。`,
    leaveOut: '排除这些行（添加筛选步骤）',
    title: 'RFM 分群',
    intro:
      '按客户计算最近购买间隔（距上次购买的天数）、购买频次（订单数）和消费金额（总消费），按五分位数打 1–5 分，由 DuckDB 在 worker 中计算。',
    basket: '订单（购物篮）',
    countRows: '（按行计数）',
    asOf: '截至日期',
    run: '运行 RFM',
    days: (days) => `${days} 天`,
    meanRecency: '平均最近购买间隔',
    meanOrders: '平均订单数',
    asOfMetric: '截至',
    exportAll: '全部导出',
    segmentToExport: '要导出的分群',
    pickSegment: '选择分群…',
    exportSegment: '导出分群',
    segments: '分群',
    perSegment: '各 RFM 分群的客户数',
    labelsNote: '标签：收入占比。',
    shareOfRevenue: (share) => `占营收 ${share}`,
    grid: '最近购买 × 频次网格',
    byRf: '按 R 分与 F 分的客户数',
    rScore: 'R 分（5 = 最近）',
    fScore: 'F 分',
    rules: '分群规则',
    segment: '分群',
    meaning: '含义',
  },
};
