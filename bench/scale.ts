/**
 * The scale block (opt-in: BENCH_ONLY=scale, or BENCH_SCALE=1 beside the other blocks): three
 * generated data sets past the tab's in-memory ceiling (a 20M-row event CSV, the same as Parquet,
 * a 100M-row purchase Parquet), each run through `npm run analyze` in the browser with OPFS storage
 * and on the native engine at every core, beside native DuckDB's SQL alone at one thread (the
 * anchor). Minutes per data set: one run each, no warm-up.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeDuckDB } from '../src/lib/data/node-duckdb';
import { ident, literal } from '../src/lib/data/sql';
import { rfmSql, type RfmParams } from '../src/lib/ops/rfm';
import { appReadCsv, timed } from './native';

export interface ScaleData {
  name: string;
  path: string;
  rows: number;
  /** The recipe's params for rfm and cohorts on this data. */
  rfm: RfmParams;
  cohorts: Record<string, unknown>;
}

export interface ScaleRun {
  engine: 'browser (OPFS)' | 'native';
  ok: boolean;
  /** The one line analyze printed when the run failed. */
  error?: string;
  wallMs: number;
  loadMs?: number;
  rfmMs?: number;
  cohortsMs?: number;
  /** Browser: the renderer + GPU processes' peak summed VmRSS; native: the Node process's peak RSS. */
  peakRssBytes?: number | null;
  /** Browser: the summed VmHWM of the renderer + GPU processes. */
  hwmBytes?: number | null;
  duckdbBytes?: number | null;
  engineName?: string;
}

export interface ScaleAnchor {
  loadMs: number;
  rfmMs: number;
}

const EVENTS = 20_000_000;
const PURCHASES = 100_000_000;

/** The data sets under `dir`, generated when missing or of the wrong size (native DuckDB, seeded by row number). */
export async function scaleData(dir: string): Promise<ScaleData[]> {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, 'events-20m.csv');
  const eventsParquet = join(dir, 'events-20m.parquet');
  const purchases = join(dir, 'purchases-100m.parquet');
  // Sizes of the files as generated (DuckDB 1.4): a file far off is a stopped or older generation.
  const fits = (path: string, bytes: number) => existsSync(path) && Math.abs(statSync(path).size / bytes - 1) < 0.05;
  if (!fits(csv, 1_198_257_071) || !fits(eventsParquet, 367_931_446) || !fits(purchases, 820_003_079)) {
    const db = await NodeDuckDB.create({ allow: [dir], threads: 2 });
    try {
      await db.exec('SET preserve_insertion_order = false');
      if (!fits(csv, 1_198_257_071)) {
        console.error(`bench scale: generating ${csv}`);
        const ms = await timed(() =>
          db.exec(`COPY (SELECT range + 1 AS event_id, 'C' || (hash(range * 3) % 200000) AS customer_id,
            'S' || (range // 7) AS session_id,
            strftime(TIMESTAMP '2025-01-01' + to_seconds((range * 31536000 // ${EVENTS})::BIGINT), '%Y-%m-%d %H:%M:%S') AS ts,
            ['view','view','view','cart','purchase','review'][(1 + hash(range * 5) % 6)::BIGINT] AS event_type,
            'I' || (hash(range * 11) % 20000) AS item_id,
            CASE WHEN hash(range * 5) % 6 = 4 THEN 1 + hash(range * 13) % 4 END AS quantity,
            CASE WHEN hash(range * 5) % 6 = 4 THEN round(1 + (hash(range * 17) % 9900) / 100.0, 2) END AS price
            FROM range(${EVENTS})) TO ${literal(csv)} (FORMAT csv, HEADER)`),
        );
        console.error(`bench scale: ${csv} in ${(ms / 1000).toFixed(0)} s`);
      }
      if (!fits(eventsParquet, 367_931_446)) {
        await db.exec(
          `COPY (SELECT * FROM read_csv(${literal(csv)})) TO ${literal(eventsParquet)} (FORMAT parquet, ROW_GROUP_SIZE 1000000)`,
        );
      }
      if (!fits(purchases, 820_003_079)) {
        console.error(`bench scale: generating ${purchases}`);
        // 20M baskets of 5 lines; a basket's customer (1M) and time (two years) from its number.
        const ms = await timed(() =>
          db.exec(`COPY (SELECT 'C' || (hash(range // 5) % 1000000) AS customer_id, (range // 5)::BIGINT AS basket_id,
            TIMESTAMP '2023-01-01' + to_seconds((hash((range // 5) * 7) % 63072000)::BIGINT) AS ts,
            round(0.5 + (hash(range * 13) % 20000) / 100.0, 2)::DOUBLE AS amount
            FROM range(${PURCHASES})) TO ${literal(purchases)} (FORMAT parquet, ROW_GROUP_SIZE 1000000)`),
        );
        console.error(`bench scale: ${purchases} in ${(ms / 1000).toFixed(0)} s`);
      }
    } finally {
      db.close();
    }
  }
  const events = {
    rfm: {
      customer: 'customer_id',
      time: 'ts',
      quantity: 'quantity',
      price: 'price',
      basket: 'session_id',
      eventColumn: 'event_type',
      purchaseValue: 'purchase',
    },
    cohorts: {
      customer: 'customer_id',
      time: 'ts',
      quantity: 'quantity',
      price: 'price',
      eventColumn: 'event_type',
      purchaseValue: 'purchase',
    },
  };
  return [
    { name: '20M-row event CSV', path: csv, rows: EVENTS, ...events },
    { name: '20M-row event Parquet', path: eventsParquet, rows: EVENTS, ...events },
    {
      name: '100M-row purchase Parquet (1M customers, 20M baskets)',
      path: purchases,
      rows: PURCHASES,
      rfm: { customer: 'customer_id', time: 'ts', amount: 'amount', basket: 'basket_id' },
      cohorts: { customer: 'customer_id', time: 'ts', amount: 'amount' },
    },
  ];
}

/** One run of load + rfm + cohorts through `npm run analyze` (a fresh browser or Node process). */
export function scaleRun(root: string, data: ScaleData, engine: ScaleRun['engine']): ScaleRun {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const recipe = {
    version: 1,
    sources: [{ name: 'data', file: data.path, ...(engine === 'native' ? {} : { storage: 'opfs' }) }],
    steps: [
      { id: 'rfm1', op: 'rfm', input: 'data', params: data.rfm },
      { id: 'cohorts1', op: 'cohorts', input: 'data', params: data.cohorts },
    ],
  };
  writeFileSync(join(dir, 'recipe.json'), JSON.stringify(recipe));
  const args = [join(root, 'scripts/analyze.mjs'), join(dir, 'recipe.json'), '--out', join(dir, 'out')];
  args.push('--allow-absolute-paths', '--tables', 'rfm1.rfm', '--max-rows', '10');
  if (engine === 'native') args.push('--engine', 'native');
  const t0 = performance.now();
  try {
    execFileSync('node', args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 24 });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? e);
    const line = stderr.split('\n').find((l) => l.startsWith('custodian analyze:')) ?? stderr.trim().split('\n').at(-1);
    return { engine, ok: false, error: line, wallMs: performance.now() - t0 };
  } finally {
    // The report is read below; the folder (CSV of 10 rows, audit) goes either way.
  }
  const wallMs = performance.now() - t0;
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as {
    steps: Record<string, { ms: number }>;
    memory?: { peakRendererRssBytes?: number; rendererHwmBytes?: number; peakRssBytes?: number; duckdbBytes?: number };
    environment?: { engine?: string };
  };
  rmSync(dir, { recursive: true, force: true });
  const m = report.memory ?? {};
  return {
    engine,
    ok: true,
    wallMs,
    loadMs: report.steps.data?.ms,
    rfmMs: report.steps.rfm1?.ms,
    cohortsMs: report.steps.cohorts1?.ms,
    peakRssBytes: m.peakRendererRssBytes ?? m.peakRssBytes ?? null,
    hwmBytes: m.rendererHwmBytes ?? null,
    duckdbBytes: m.duckdbBytes ?? null,
    engineName: report.environment?.engine,
  };
}

/** Native DuckDB's SQL alone at one thread: the file into a table, then the rfm op's SQL over it (one run each). */
export async function scaleAnchor(data: ScaleData): Promise<ScaleAnchor> {
  const db = await NodeDuckDB.create({ allow: [data.path], threads: 1, spill: true });
  try {
    const read = data.path.endsWith('.csv') ? appReadCsv(data.path) : `read_parquet(${literal(data.path)})`;
    const loadMs = await timed(() => db.exec(`CREATE TABLE data AS SELECT * FROM ${read}`));
    const rfmMs = await timed(() => db.exec(`CREATE TABLE rfm AS ${rfmSql(ident('data'), data.rfm)}`));
    return { loadMs, rfmMs };
  } finally {
    db.close();
  }
}
