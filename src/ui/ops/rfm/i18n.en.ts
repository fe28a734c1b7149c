import { fmt } from '../../../i18n/format';

/** The text of the rfm view. */
export const en = {
  // RfmView
  rfm: {
    nonPositive: (rows: number) =>
      `${fmt.count(rows)} purchase rows have a quantity or amount ≤ 0 (cancellations or returns): they lower monetary value and count as orders.`,
    leaveOut: 'Leave them out (add a filter step)',
    title: 'RFM segmentation',
    intro:
      'Recency (days since the last purchase), frequency (orders) and monetary value (total spend) per customer, scored 1–5 by quintile, computed by DuckDB in a worker.',
    basket: 'Order (basket)',
    countRows: '(count rows)',
    asOf: 'As of',
    run: 'Run RFM',
    days: (days: string) => `${days} d`,
    meanRecency: 'mean recency',
    meanOrders: 'mean orders',
    asOfMetric: 'as of',
    exportAll: 'Export all',
    segmentToExport: 'Segment to export',
    pickSegment: 'segment…',
    exportSegment: 'Export segment',
    segments: 'Segments',
    perSegment: 'Customers per RFM segment',
    labelsNote: 'Labels: share of revenue.',
    shareOfRevenue: (share: string) => `${share} of revenue`,
    grid: 'Recency × frequency grid',
    byRf: 'Customers by R and F score',
    rScore: 'R score (5 = most recent)',
    fScore: 'F score',
    rules: 'Segment rules',
    segment: 'Segment',
    meaning: 'Meaning',
  },
};
