/**
 * The native engine gives the browser engine's results. Every bundled template (public/samples)
 * and the reference recipes (association rules as arules finds them, BG/NBD + Gamma-Gamma on
 * CDNOW, recommenders and k-means on Online Retail) run through the one engine twice: on native
 * DuckDB at 4 threads — so any dependence on row order shows — and on DuckDB-WASM in Node (the
 * browser's DuckDB, one thread), both training on TF.js's WASM backend with the same seeds. Every
 * output table must hold the same rows (sorted), numbers equal to 1e-9 relative; every step's
 * summary the same figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { NodeDuckDB } from '../lib/data/node-duckdb';
import { tableRef } from '../lib/data/sql';
import type { DbConnector } from '../lib/data/connector';
import type { Trainer } from '../lib/ops/types';
import { forgetDuckDB } from '../lib/privacy/forget';
import { memorySecrets } from '../lib/privacy/secrets';
import { runRecipe } from '../lib/recipe/engine';
import type { Report } from '../lib/recipe/report';
import { WasmNodeDuckDB } from '../test-support/wasm-node-duckdb';
import { cdnowCsv, sharedFile } from '../test-support/shared-data';
import { nativeTrainer } from './trainer';

const SAMPLES = new URL('../../public/samples/', import.meta.url);
/**
 * The sample shop as the templates ship (79,563 events), except where a template trains a
 * sequence model on every session (similar-items: minutes on the full log): its first 20,000
 * events. Not cut further: short of the templates' calibration and holdout windows (clv's
 * calibration ends in September), other templates stop being what they are.
 */
const EVENTS_CUT: Record<string, number> = { 'similar-items': 20_001 };
const sampleText = (file: string, template?: string) => {
  const text = readFileSync(new URL(file, SAMPLES), 'utf8');
  const cut = file === 'events.csv' && template ? EVENTS_CUT[template] : undefined;
  return cut ? text.split('\n').slice(0, cut).join('\n') : text;
};

/**
 * Summary entries that are not results, by path: timings and throughput, the engine's own
 * description, a saved model's registry id and time (random and the clock), and the training
 * sample's fingerprint, a SHA-256 of exact doubles: a parallel aggregate adds in another order
 * than one thread does, so a sum such as rfm's `monetary` can differ in its last bit (the figures
 * themselves are compared, to 1e-9).
 */
const NOT_RESULTS =
  /\.(ms|seconds|msPer\w+|\w+Ms|\w+PerSecond|startedAt|backend|backendReasons|duckdb)$|\.(saved|model)\.(id|created)$|\.fingerprint\.sample$/;
/**
 * Numbers agree to 1e-9 relative; below 1e-12 in size (the mean of a standardised column, 1e-15 off
 * zero either way with the order of its sum) they agree absolutely.
 */
const RELATIVE = 1e-9;
const ABSOLUTE = 1e-12;

let native: NodeDuckDB;
let wasm: WasmNodeDuckDB;
/** One model registry per side, as each runner has its own: a model saved by one run replaces none of the other's. */
const trainers = new Map<DbConnector, Trainer>();
beforeAll(async () => {
  native = await NodeDuckDB.create({ threads: 4 });
  wasm = await WasmNodeDuckDB.create();
  trainers.set(native, (await nativeTrainer({ backend: 'wasm', dbName: 'agree-native' })).trainer);
  trainers.set(wasm, (await nativeTrainer({ backend: 'wasm', dbName: 'agree-wasm' })).trainer);
}, 60_000);
afterAll(() => {
  native?.close();
  wasm?.close();
});

async function runOn(db: DbConnector, recipe: unknown, files: Record<string, string>): Promise<Report> {
  await forgetDuckDB(db);
  const blobs = Object.fromEntries(Object.entries(files).map(([k, text]) => [k, new Blob([text])]));
  return runRecipe(recipe, { db, trainer: trainers.get(db), secrets: memorySecrets(), files: blobs });
}

/** A table's rows with every cell as text or a number (the two drivers hand dates, lists and big integers over differently). */
async function rowsOf(db: DbConnector, ref: string): Promise<unknown[][]> {
  const from = tableRef(ref);
  const described = await db.query(`DESCRIBE SELECT * FROM ${from}`);
  const cols = described.rows.map((r) => {
    const name = `"${String(r.column_name).replaceAll('"', '""')}"`;
    return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/.test(
      String(r.column_type),
    )
      ? `CAST(${name} AS DOUBLE)`
      : `CAST(${name} AS VARCHAR)`;
  });
  const res = await db.query(`SELECT ${cols.map((c, i) => `${c} AS c${i}`).join(', ')} FROM ${from}`);
  return res.rows.map((r) => cols.map((_, i) => r[`c${i}`] ?? null));
}

/** A sort key that two runs agreeing to 1e-9 share: numbers to 8 significant digits. */
const key = (row: unknown[]) =>
  JSON.stringify(row.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? v : Number(v.toPrecision(8))) : v)));

function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return (
      a === b ||
      Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b)) + ABSOLUTE ||
      (Number.isNaN(a) && Number.isNaN(b))
    );
  return a === b;
}

/** Where two JSON values differ (numbers as `close` says), as paths; paths matching NOT_RESULTS skipped. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') return close(a, b) ? [] : [`${path}: ${a} vs ${b}`];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys]
      .filter((k) => !NOT_RESULTS.test(`${path}.${k}`))
      .flatMap((k) =>
        differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
      );
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`];
}

async function expectSame(recipe: unknown, files: Record<string, string>) {
  const onWasm = await runOn(wasm, recipe, files);
  // Table reads happen before the next run forgets them: read WASM's now.
  const wasmTables: Record<string, unknown[][]> = {};
  for (const step of Object.values(onWasm.steps))
    for (const ref of Object.keys(step.tables ?? {})) wasmTables[ref] = await rowsOf(wasm, ref);
  const onNative = await runOn(native, recipe, files);
  expect(onWasm.error, 'browser engine').toBeUndefined();
  expect(onNative.error, 'native engine').toBeUndefined();
  expect(Object.keys(onNative.steps)).toEqual(Object.keys(onWasm.steps));
  const problems: string[] = [];
  for (const [id, w] of Object.entries(onWasm.steps)) {
    const n = onNative.steps[id]!;
    problems.push(...differences(w.summary, n.summary, `${id} summary`));
    expect(Object.keys(n.tables ?? {}).sort(), id).toEqual(Object.keys(w.tables ?? {}).sort());
    for (const ref of Object.keys(w.tables ?? {})) {
      const [a, b] = [wasmTables[ref]!, await rowsOf(native, ref)];
      if (a.length !== b.length) {
        problems.push(`${ref}: ${a.length} rows vs ${b.length}`);
        continue;
      }
      const [sa, sb] = [a.map((r) => [key(r), r] as const).sort(), b.map((r) => [key(r), r] as const).sort()];
      sa.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      sb.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      const bad = sa.findIndex(([, r], i) => r.some((v, c) => !close(v, sb[i]![1][c])));
      if (bad >= 0) problems.push(`${ref}: row ${JSON.stringify(sa[bad]![1])} vs ${JSON.stringify(sb[bad]![1])}`);
    }
  }
  expect(problems).toEqual([]);
  return { onWasm, onNative };
}

const TEMPLATES = [
  'baskets',
  'clv',
  'credit',
  'demo',
  'ecommerce',
  'features',
  'offline',
  'recommend',
  'retention',
  'similar-items',
];

describe('the native engine and the browser engine agree on every bundled template', () => {
  for (const name of TEMPLATES) {
    it(
      name,
      async () => {
        const recipe = JSON.parse(readFileSync(new URL(`${name}.recipe.json`, SAMPLES), 'utf8')) as {
          sources: Array<{ name: string; file: string }>;
        };
        const files = Object.fromEntries(recipe.sources.map((s) => [s.name, sampleText(s.file, name)]));
        const { onNative } = await expectSame(recipe, files);
        expect(onNative.status).toBe('ok');
      },
      240_000,
    );
  }
});

const retail = sharedFile('retail/online_retail.csv');
const cdnow = sharedFile('cdnow/CDNOW_sample.txt');

describe.runIf(retail)('the two engines agree on the reference recipes over Online Retail (shared data)', () => {
  it('association rules as arules finds them, recommenders scored offline, RFM segments by k-means', async () => {
    // Cleaned as in ../shared/data/README.md: no cancellations, a CustomerID, Quantity > 0.
    const where = `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`;
    const recipe = {
      version: 2,
      sources: [{ name: 'retail', file: 'online_retail.csv' }],
      steps: [
        { id: 'clean', op: 'filter', input: 'retail', params: { where } },
        {
          id: 'rules',
          op: 'assoc-rules',
          input: 'clean',
          params: { transaction: 'InvoiceNo', item: 'StockCode', minSupport: 0.02, minConfidence: 0.5 },
        },
        {
          id: 'recs',
          op: 'evaluate-recs',
          input: 'clean',
          params: {
            customer: 'CustomerID',
            item: 'StockCode',
            basket: 'InvoiceNo',
            time: 'InvoiceDate',
            k: [10],
            algorithms: [{ algorithm: 'popularity' }, { algorithm: 'itemcf' }],
          },
        },
        {
          id: 'rfm',
          op: 'rfm',
          input: 'clean',
          params: {
            customer: 'CustomerID',
            time: 'InvoiceDate',
            quantity: 'Quantity',
            price: 'UnitPrice',
            basket: 'InvoiceNo',
          },
        },
        {
          id: 'segments',
          op: 'kmeans',
          input: 'rfm',
          params: { entity: 'customer', features: ['recency_days', 'frequency', 'monetary'], k: 4 },
        },
      ],
    };
    const { onNative } = await expectSame(recipe, { retail: readFileSync(retail!, 'utf8') });
    // arules 1.7-10 at support 0.02, confidence 0.5: 251 itemsets, 30 rules (shared/data/README.md).
    expect(onNative.steps.rules!.summary).toMatchObject({ itemsets: 251, rules: 30 });
  }, 600_000);
});

describe.runIf(cdnow)('the two engines agree on BG/NBD + Gamma-Gamma over the CDNOW sample (shared data)', () => {
  it('fits the same parameters and values every customer alike', async () => {
    const csv = cdnowCsv(cdnow!);
    const recipe = {
      version: 2,
      sources: [{ name: 'cdnow', file: 'cdnow.csv' }],
      steps: [
        {
          id: 'v',
          op: 'clv',
          input: 'cdnow',
          params: {
            customer: 'customer',
            time: 'day',
            amount: 'dollars',
            calibrationEnd: '1997-09-30',
            unit: 'week',
            horizon: 39,
          },
        },
      ],
    };
    const { onNative } = await expectSame(recipe, { cdnow: csv });
    // Fader, Hardie & Lee (2005): r = 0.243.
    expect((onNative.steps.v!.summary as { bgnbd: { r: number } }).bgnbd.r).toBeCloseTo(0.243, 2);
  }, 120_000);
});
