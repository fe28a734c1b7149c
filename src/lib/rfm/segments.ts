/**
 * Named RFM segments from the recency and frequency scores (1–5), the widely used 10-segment
 * map over the R×F grid. Every one of the 25 cells belongs to exactly one segment.
 */
export interface SegmentRule {
  segment: string;
  r: [min: number, max: number];
  f: [min: number, max: number];
  meaning: string;
}

export const SEGMENT_RULES: readonly SegmentRule[] = [
  { segment: 'Champions', r: [5, 5], f: [4, 5], meaning: 'bought recently, buy often' },
  { segment: 'Loyal', r: [3, 4], f: [4, 5], meaning: 'buy often, fairly recently' },
  { segment: 'Potential loyalists', r: [4, 5], f: [2, 3], meaning: 'recent, several purchases' },
  { segment: 'New customers', r: [5, 5], f: [1, 1], meaning: 'first purchase very recently' },
  { segment: 'Promising', r: [4, 4], f: [1, 1], meaning: 'recent single purchase' },
  { segment: 'Need attention', r: [3, 3], f: [3, 3], meaning: 'average recency and frequency' },
  { segment: 'About to sleep', r: [3, 3], f: [1, 2], meaning: 'below average, slipping away' },
  { segment: 'At risk', r: [1, 2], f: [3, 4], meaning: 'bought often, long ago' },
  { segment: "Can't lose", r: [1, 2], f: [5, 5], meaning: 'were the best customers, long ago' },
  { segment: 'Hibernating', r: [1, 2], f: [1, 2], meaning: 'few purchases, long ago' },
];

export function segmentOf(r: number, f: number): string {
  const rule = SEGMENT_RULES.find((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1]);
  if (!rule) throw new Error(`no RFM segment for R=${r} F=${f}`);
  return rule.segment;
}

/** The same map as a SQL CASE over integer columns `r_score` and `f_score`. */
export function segmentCaseSql(r = 'r_score', f = 'f_score'): string {
  const whens = SEGMENT_RULES.map(
    (s) =>
      `WHEN ${r} BETWEEN ${s.r[0]} AND ${s.r[1]} AND ${f} BETWEEN ${s.f[0]} AND ${s.f[1]} ` +
      `THEN '${s.segment.replaceAll("'", "''")}'`,
  );
  return `CASE ${whens.join(' ')} END`;
}

/**
 * Quintile score of a value from its rank: 1 + ⌊5·(rank − 1)/n⌋ with rank = SQL RANK() (ties
 * share the lowest rank, so equal values always get equal scores). Mirrors the SQL in `rfm`.
 */
export function quintileScore(rank: number, n: number): number {
  return 1 + Math.floor((5 * (rank - 1)) / n);
}
