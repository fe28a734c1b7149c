/**
 * The Explore view's live charts over a transaction table: activity over time, a breakdown, a
 * distribution and the top items and customers, all under one date filter.
 */
import type { Cell } from '../data/connector';
import { rowsOf, type ReadDb, type Row } from '../data/read';
import { ident, literal, tableRef } from '../data/sql';

/** The date filter (inclusive `from`..`to`, 'YYYY-MM-DD' or '') on the time column, and the amount summed. */
export type ExploreFilter = { time?: string; from: string; to: string; amount?: string };

const whereOf = ({ time, from, to }: ExploreFilter) =>
  [
    time && from ? `${ident(time)} >= ${literal(from)}` : '',
    time && to ? `${ident(time)} < CAST(${literal(to)} AS DATE) + 1` : '',
  ]
    .filter(Boolean)
    .join(' AND ') || 'TRUE';
const moneyOf = ({ amount }: ExploreFilter) => (amount ? `sum(TRY_CAST(${ident(amount)} AS DOUBLE))` : 'NULL');

/** Distinct and missing (null or blank) counts of text columns: what picks the default breakdown. */
export async function readTextColumnStats(db: ReadDb, ref: string, columns: string[], signal?: AbortSignal) {
  const cols = columns.map(ident);
  const [row = {}] = await rowsOf<Row>(
    db,
    `SELECT ${cols.map((c, i) => `count(DISTINCT ${c})::DOUBLE AS d${i}, count(*) FILTER (WHERE ${c} IS NULL OR trim(${c}) = '')::DOUBLE AS m${i}`).join(', ')}
     FROM ${tableRef(ref)}`,
    signal,
  );
  return columns.map((name, i) => ({ name, distinct: Number(row[`d${i}`]), missing: Number(row[`m${i}`]) }));
}

export type ActivityRow = { period: Date; rows: Cell; revenue: Cell };

/**
 * 'YYYY-MM-DD' (DuckDB-WASM hands DATEs over as text; the native connector as ISO time) as a local
 * date: a time axis, not 52 overlapping labels.
 */
const localDate = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(y!, m! - 1, d);
};

/** Rows and revenue per day, week or month. */
export async function readActivity(
  db: ReadDb,
  ref: string,
  grain: 'day' | 'week' | 'month',
  filter: ExploreFilter & { time: string },
  signal?: AbortSignal,
): Promise<ActivityRow[]> {
  const rows = await rowsOf<Row>(
    db,
    `SELECT date_trunc(${literal(grain)}, ${ident(filter.time)})::DATE AS period, count(*)::DOUBLE AS rows,
       ${moneyOf(filter)}::DOUBLE AS revenue FROM ${tableRef(ref)} WHERE ${whereOf(filter)} GROUP BY 1 ORDER BY 1`,
    signal,
  );
  return rows.map((row) => ({
    period: localDate(String(row.period)),
    rows: row.rows ?? null,
    revenue: row.revenue ?? null,
  }));
}

/** Rows and revenue by the 15 commonest values of one column. */
export const readBreakdown = (db: ReadDb, ref: string, column: string, filter: ExploreFilter, signal?: AbortSignal) =>
  rowsOf<Row>(
    db,
    `SELECT CAST(${ident(column)} AS VARCHAR) AS value, count(*)::DOUBLE AS rows, ${moneyOf(filter)}::DOUBLE AS revenue
     FROM ${tableRef(ref)} WHERE ${whereOf(filter)} GROUP BY 1 ORDER BY rows DESC LIMIT 15`,
    signal,
  );

/** 30 equal bins between the 0.5% and 99.5% quantiles of a numeric column (outliers in the end bins). */
export const readHistogram = (db: ReadDb, ref: string, column: string, filter: ExploreFilter, signal?: AbortSignal) => {
  const v = `TRY_CAST(${ident(column)} AS DOUBLE)`;
  return rowsOf<Row>(
    db,
    `WITH v AS (SELECT ${v} AS x FROM ${tableRef(ref)} WHERE ${whereOf(filter)} AND ${v} IS NOT NULL),
       b AS (SELECT quantile_cont(x, 0.005) AS lo, quantile_cont(x, 0.995) AS hi FROM v)
     SELECT lo + (hi - lo) / 30 * bin AS x0, lo + (hi - lo) / 30 * (bin + 1) AS x1, count(*)::DOUBLE AS n
     FROM (SELECT least(29, greatest(0, floor(30 * (x - lo) / nullif(hi - lo, 0))))::INTEGER AS bin, lo, hi FROM v, b)
     GROUP BY ALL ORDER BY x0`,
    signal,
  );
};

/** The ten items, or customers (`as`), of highest revenue (or most rows without an amount). */
export function readTop(
  db: ReadDb,
  ref: string,
  column: string,
  as: 'item' | 'customer',
  filter: ExploreFilter,
  signal?: AbortSignal,
) {
  const c = ident(column);
  // A missing id is no customer (Online Retail leaves 135,080 rows without one).
  const known = as === 'customer' ? ` AND ${c} IS NOT NULL AND trim(CAST(${c} AS VARCHAR)) <> ''` : '';
  return rowsOf<Row>(
    db,
    `SELECT CAST(${c} AS VARCHAR) AS ${as}, count(*)::DOUBLE AS rows, ${moneyOf(filter)}::DOUBLE AS revenue
     FROM ${tableRef(ref)} WHERE ${whereOf(filter)}${known}
     GROUP BY 1 ORDER BY ${filter.amount ? 'revenue' : 'rows'} DESC NULLS LAST LIMIT 10`,
    signal,
  );
}

export type ExploreChartsSpec = {
  ref: string;
  grain: 'day' | 'week' | 'month';
  filter: ExploreFilter & { time: string };
  breakdown?: string;
  distribution?: string;
  item?: string;
  customer?: string;
};

/** Every chart of the view at once (the ones without a column read as empty). */
export async function readExploreCharts(db: ReadDb, s: ExploreChartsSpec, signal?: AbortSignal) {
  const none = Promise.resolve([] as Row[]);
  const [activity, parts, histogram, topItems, topCustomers] = await Promise.all([
    readActivity(db, s.ref, s.grain, s.filter, signal),
    s.breakdown ? readBreakdown(db, s.ref, s.breakdown, s.filter, signal) : none,
    s.distribution ? readHistogram(db, s.ref, s.distribution, s.filter, signal) : none,
    s.item ? readTop(db, s.ref, s.item, 'item', s.filter, signal) : none,
    s.customer ? readTop(db, s.ref, s.customer, 'customer', s.filter, signal) : none,
  ]);
  return { activity, parts, histogram, topItems, topCustomers };
}
