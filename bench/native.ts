/**
 * The bench's fair native side: native DuckDB at one thread (the browser's DuckDB-WASM has one),
 * the app's own `read_csv` options, and every timing a warm-up run then the median of 3. Two kinds
 * of native figure per SQL-heavy op: the op's own code through `runOp` on the native connector
 * ("native, same code": engine cost without WebAssembly), and the op's core SQL alone ("anchor":
 * what the engine needs for the job). The pure cores (CLV fit, FP-Growth + rules) are timed in Node.
 */
import { readFileSync } from 'node:fs';
import { NodeDuckDB } from '../src/lib/data/node-duckdb';
import { ident, literal } from '../src/lib/data/sql';
import type { OpContext, OpDef } from '../src/lib/ops/types';
import { runOp } from '../src/test-support/run-op';
import { loadSource } from '../src/lib/ops/load';
import { rfmOp, rfmSql } from '../src/lib/ops/rfm';
import { profileOp } from '../src/lib/ops/profile';
import { cohortsOp } from '../src/lib/ops/cohorts';
import { filterOp } from '../src/lib/ops/clean/filter';
import { dedupeOp } from '../src/lib/ops/clean/dedupe';
import { cdnowSummary, parseCdnow } from '../src/lib/clv/cdnow';
import { fitBgNbd } from '../src/lib/clv/bgnbd';
import { fitGammaGamma } from '../src/lib/clv/gamma-gamma';
import { transactionsFromCodes, fpGrowth, associationRules } from '../src/lib/mining';

/** A warm-up run, then the median of 3 (ms), with the three runs kept for the record. */
export interface Timing {
  ms: number;
  runs: number[];
}

export function median(runs: readonly number[]): number {
  const s = [...runs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `run(i)` returns its own elapsed ms (so set-up outside the timed part is not counted); i = 0 is the warm-up. */
export async function warmMedian(run: (i: number) => Promise<number> | number): Promise<Timing> {
  await run(0);
  const runs: number[] = [];
  for (let i = 1; i <= 3; i++) runs.push(await run(i));
  return { ms: median(runs), runs };
}

export async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

/** The native connector at one thread (the browser's DuckDB has one), with the app's lockdown. */
export async function nativeDb(allow: readonly string[]): Promise<NodeDuckDB> {
  const db = await NodeDuckDB.create({ allow, threads: 1 });
  const threads = (await db.query(`SELECT current_setting('threads') AS t`)).rows[0]?.t;
  if (Number(threads) !== 1) throw new Error(`bench: native DuckDB runs ${String(threads)} threads, not 1`);
  return db;
}

/** The app's `read_csv` options for a comma-separated file with a header (see ops/load). */
export const appReadCsv = (path: string) =>
  `read_csv(${literal(path)}, header = true, delim = ',', store_rejects = true, rejects_table = '__rejects', rejects_scan = '__rejects_scan')`;

const ctxOf = (db: NodeDuckDB): OpContext => ({ db, signal: new AbortController().signal, progress: () => {} });

export interface NativePair {
  /** The op's own code through runOp on native DuckDB, one thread. */
  same: Timing;
  /** The op's core SQL alone on native DuckDB, one thread. */
  anchor: Timing;
}

export interface RetailNative {
  load: NativePair;
  profile: NativePair;
  filter: NativePair;
  cohorts: NativePair;
  rfm: NativePair;
  /** The cleaned baskets (filter + dedupe), integer-coded as the assoc-rules op codes them. */
  baskets: { basket: Int32Array; item: Int32Array; labels: string[] };
}

/**
 * Every native figure on Online Retail, in one connection (the table is loaded once for the ops
 * that read it; each timed run writes to a fresh schema or table).
 */
export async function retailNative(
  file: string,
  allow: readonly string[],
  p: {
    where: string;
    rfm: Parameters<typeof rfmSql>[1] & Record<string, unknown>;
    cohorts: Record<string, unknown>;
  },
): Promise<RetailNative> {
  const db = await nativeDb(allow);
  try {
    const blob = new Blob([readFileSync(file)]);
    const ctx = ctxOf(db);
    const load: NativePair = {
      same: await warmMedian((i) => timed(() => loadSource(ctx, { name: `load_${i}`, file: 'retail.csv' }, blob))),
      anchor: await warmMedian((i) =>
        timed(() => db.exec(`CREATE TABLE ${ident(`anchor_load_${i}`)} AS SELECT * FROM ${appReadCsv(file)}`)),
      ),
    };
    await db.exec(`CREATE TABLE retail AS SELECT * FROM load_0`);
    const op =
      <P>(o: OpDef<P>, name: string, table: string, params: unknown) =>
      (i: number) =>
        timed(() => runOp(db, o, `${name}_${i}`, table, params));
    const profile: NativePair = {
      same: await warmMedian(op(profileOp, 'profile', 'retail', {})),
      // DuckDB's own one-pass column profile (min, max, approx. distinct, mean, sd, quartiles, nulls).
      anchor: await warmMedian((i) => timed(() => db.query(`SELECT ${i} AS run, * FROM (SUMMARIZE retail)`))),
    };
    const filter: NativePair = {
      same: await warmMedian(async (i) => {
        const t0 = performance.now();
        await runOp(db, filterOp, `clean_${i}`, 'retail', { where: p.where });
        await db.exec(`CREATE VIEW ${ident(`clean_${i}_out`)} AS SELECT * FROM ${ident(`clean_${i}`)}.data`);
        await runOp(db, dedupeOp, `dedupe_${i}`, `clean_${i}_out`, {});
        return performance.now() - t0;
      }),
      anchor: await warmMedian((i) =>
        timed(() =>
          db.exec(`CREATE TABLE ${ident(`anchor_clean_${i}`)} AS SELECT DISTINCT * FROM retail WHERE ${p.where}`),
        ),
      ),
    };
    await db.exec(`CREATE TABLE cleaned AS SELECT * FROM dedupe_0.data`);
    const cohorts: NativePair = {
      same: await warmMedian(op(cohortsOp, 'cohorts', 'cleaned', p.cohorts)),
      anchor: await warmMedian((i) => timed(() => db.query(cohortsAnchorSql(i)))),
    };
    const rfm: NativePair = {
      same: await warmMedian(op(rfmOp, 'rfm', 'retail', p.rfm)),
      anchor: await warmMedian((i) =>
        timed(() => db.exec(`CREATE TABLE ${ident(`anchor_rfm_${i}`)} AS ${rfmSql(ident('retail'), p.rfm)}`)),
      ),
    };
    // The baskets exactly as the assoc-rules op codes them (its SQL, outside any timing).
    const coded =
      await db.query(`WITH pairs AS (SELECT DISTINCT CAST("InvoiceNo" AS VARCHAR) AS t, CAST("StockCode" AS VARCHAR) AS i
        FROM cleaned WHERE "InvoiceNo" IS NOT NULL AND "StockCode" IS NOT NULL)
      SELECT (dense_rank() OVER (ORDER BY t) - 1)::INTEGER AS basket, (dense_rank() OVER (ORDER BY i) - 1)::INTEGER AS item FROM pairs`);
    const labels = (
      await db.query(`SELECT DISTINCT CAST("StockCode" AS VARCHAR) AS i FROM cleaned WHERE "InvoiceNo" IS NOT NULL
        AND "StockCode" IS NOT NULL ORDER BY i`)
    ).rows.map((r) => String(r.i));
    const baskets = {
      basket: Int32Array.from(coded.rows, (r) => Number(r.basket)),
      item: Int32Array.from(coded.rows, (r) => Number(r.item)),
      labels,
    };
    return { load, profile, filter, cohorts, rfm, baskets };
  } finally {
    db.close();
  }
}

/** Monthly acquisition cohorts of the cleaned table: cohort size, active customers and revenue per month offset. */
function cohortsAnchorSql(run: number): string {
  return `WITH buys AS (SELECT "CustomerID" AS c, date_trunc('month', "InvoiceDate") AS m, "Quantity" * "UnitPrice" AS v
      FROM cleaned WHERE "CustomerID" IS NOT NULL AND "InvoiceDate" IS NOT NULL),
    firsts AS (SELECT c, min(m) AS cohort FROM buys GROUP BY c),
    sizes AS (SELECT cohort, count(*) AS size FROM firsts GROUP BY cohort)
    SELECT ${run} AS run, cohort, date_diff('month', cohort, m) AS period_index, count(DISTINCT c) AS active,
      count(DISTINCT c) / any_value(size) AS retention, sum(v) AS revenue
    FROM buys JOIN firsts USING (c) JOIN sizes USING (cohort)
    WHERE date_diff('month', cohort, m) <= 12 GROUP BY ALL ORDER BY cohort, period_index`;
}

/** FP-Growth + rules (the op's defaults: confidence 0.5, one-item consequents) from the coded baskets; the build of the transactions is not timed. */
export async function miningCore(
  b: RetailNative['baskets'],
  minSupport: number,
): Promise<Timing & { itemsets: number; rules: number }> {
  let itemsets = 0;
  let rules = 0;
  const t = await warmMedian(() => {
    const tx = transactionsFromCodes(b.basket, b.item, b.labels);
    const t0 = performance.now();
    const sets = fpGrowth(tx, { minSupport });
    const r = associationRules(sets, tx.nTransactions, { minConfidence: 0.5, maxConsequent: 1 });
    const ms = performance.now() - t0;
    itemsets = sets.nItemsets;
    rules = r.length;
    return ms;
  });
  return { ...t, itemsets, rules };
}

/**
 * The CLV fit core (BG/NBD + Gamma-Gamma) on the CDNOW master file, under the BG/NBD paper's
 * protocol (weeks; same-day purchases merged; calibration to 1997-09-30). The master file's rows
 * have no sample id: one is put in so that the sample's parser reads them.
 */
export async function clvCore(path: string): Promise<Timing & { customers: number; repeat: number }> {
  const text = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => /^\s*\d/.test(l)) // rows only: the copy's first line is a header
    .map((l) => {
      const [id, ...rest] = l.trim().split(/\s+/);
      return `${id} 0 ${rest.join(' ')}`;
    })
    .join('\n');
  const { frequency, recency, T, meanSpend } = cdnowSummary(parseCdnow(text));
  const repeat = [...frequency.keys()].filter((i) => frequency[i]! > 0 && meanSpend[i]! > 0);
  const t = await warmMedian(() =>
    timed(() => {
      fitBgNbd({ frequency, recency, T });
      fitGammaGamma(
        Float64Array.from(repeat, (i) => frequency[i]!),
        Float64Array.from(repeat, (i) => meanSpend[i]!),
      );
    }),
  );
  return { ...t, customers: frequency.length, repeat: repeat.length };
}
