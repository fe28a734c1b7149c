/**
 * `npm run bench`: speed figures measured in headless Chromium through the headless runner (the
 * real app, the real workers), beside native DuckDB on the same files in the same run. Writes
 * bench/results/latest.json and bench/results/latest.md. Each capability adds its cases here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeDuckDB } from '../src/lib/data/node-duckdb';
import { rfmSql } from '../src/lib/ops/rfm';
import { ident, literal } from '../src/lib/data/sql';
import { Rng } from '../src/lib/util/rng';
import { openSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

interface Case {
  case: string;
  rows: number;
  mb: number;
  wasmMs: number;
  nativeMs?: number;
  note?: string;
}

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.CUSTODIAN_DATA ?? join(ROOT, '../shared/data'));
const results: Case[] = [];

function analyze(recipe: object): Record<string, { ms: number; rowsOut?: number; tables: Record<string, { rows: number }>; summary?: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const path = join(dir, 'recipe.json');
  writeFileSync(path, JSON.stringify(recipe));
  execFileSync('node', [join(ROOT, 'scripts/analyze.mjs'), path, '--out', join(dir, 'out')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')).steps;
}

async function native<T>(work: (db: NodeDuckDB) => Promise<T>): Promise<[T, number]> {
  const db = await NodeDuckDB.create();
  try {
    const t0 = performance.now();
    const out = await work(db);
    return [out, performance.now() - t0];
  } finally {
    db.close();
  }
}

const retail = join(DATA, 'retail/online_retail.csv');
if (existsSync(retail)) {
  const mb = statSync(retail).size / 1e6;
  const rfmParams = { customer: 'CustomerID', time: 'InvoiceDate', quantity: 'Quantity', price: 'UnitPrice', basket: 'InvoiceNo' };
  const steps = analyze({
    version: 1,
    sources: [{ name: 'retail', file: retail }],
    steps: [
      { id: 'rfm1', op: 'rfm', input: 'retail', params: rfmParams },
      { id: 'profile1', op: 'profile', input: 'retail', params: {} },
      { id: 'clean1', op: 'filter', input: 'retail', params: { where: `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0` } },
      { id: 'dedupe1', op: 'dedupe', input: 'clean1', params: {} },
      { id: 'cohorts1', op: 'cohorts', input: 'dedupe1', params: { customer: 'CustomerID', time: 'InvoiceDate', quantity: 'Quantity', price: 'UnitPrice' } },
      { id: 'clv1', op: 'clv', input: 'dedupe1', params: { customer: 'CustomerID', time: 'InvoiceDate', quantity: 'Quantity', price: 'UnitPrice', calibrationEnd: '2011-09-30' } },
      { id: 'rules1', op: 'assoc-rules', input: 'dedupe1', params: { transaction: 'InvoiceNo', item: 'StockCode', minSupport: 0.01 } },
      { id: 'rules2', op: 'assoc-rules', input: 'dedupe1', params: { transaction: 'InvoiceNo', item: 'StockCode', minSupport: 0.005 } },
    ],
  });
  const rows = steps.retail!.tables.retail!.rows;
  const [, loadNative] = await native((db) => db.exec(`CREATE TABLE retail AS SELECT * FROM read_csv(${literal(retail)}, header = true, delim = ',')`));
  const [, rfmNative] = await native(async (db) => {
    await db.exec(`CREATE TABLE retail AS SELECT * FROM read_csv(${literal(retail)}, header = true, delim = ',')`);
    const t0 = performance.now();
    await db.exec(`CREATE TABLE rfm AS ${rfmSql(ident('retail'), rfmParams)}`);
    return performance.now() - t0;
  }).then(([ms]) => [null, ms] as const);
  results.push({ case: 'load CSV: Online Retail', rows, mb, wasmMs: steps.retail!.ms, nativeMs: loadNative });
  results.push({ case: 'profile: every column of Online Retail (stats, histograms, top values, correlations)', rows, mb, wasmMs: steps.profile1!.ms });
  results.push({ case: 'filter + dedupe: Online Retail → 392,732 rows', rows, mb, wasmMs: steps.clean1!.ms + steps.dedupe1!.ms });
  const cleaned = steps.dedupe1!.rowsOut ?? 0;
  results.push({ case: 'cohorts (monthly retention + revenue): cleaned Online Retail', rows: cleaned, mb: 0, wasmMs: steps.cohorts1!.ms });
  results.push({ case: `clv fit (BG/NBD + Gamma-Gamma): cleaned Online Retail, ${String(steps.clv1!.summary?.customers)} customers`, rows: cleaned, mb: 0, wasmMs: steps.clv1!.ms });
  results.push({ case: `assoc-rules at support 0.01: ${String(steps.rules1!.summary?.itemsets)} itemsets, ${String(steps.rules1!.summary?.rules)} rules`, rows: cleaned, mb: 0, wasmMs: steps.rules1!.ms });
  results.push({ case: `assoc-rules at support 0.005: ${String(steps.rules2!.summary?.itemsets)} itemsets, ${String(steps.rules2!.summary?.rules)} rules`, rows: cleaned, mb: 0, wasmMs: steps.rules2!.ms });
  results.push({ case: 'rfm step incl. report summaries (native: the RFM query alone): Online Retail, 4,372 customers', rows, mb, wasmMs: steps.rfm1!.ms, nativeMs: rfmNative as number });
} else {
  console.error(`bench: ${retail} not found; skipping the Online Retail cases`);
}

// A generated 5-million-row event log (≈300 MB): the app must load it without crashing the tab.
const bigRows = Number(process.env.BENCH_BIG_ROWS ?? 5_000_000);
if (bigRows > 0) {
  const big = join(ROOT, 'bench/results/tmp', `events-${bigRows}.csv`);
  if (!existsSync(big)) writeEventLog(big, bigRows);
  const mb = statSync(big).size / 1e6;
  const steps = analyze({ version: 1, sources: [{ name: 'events', file: big }], steps: [] });
  const [, nativeMs] = await native((db) => db.exec(`CREATE TABLE events AS SELECT * FROM read_csv(${literal(big)}, header = true, delim = ',')`));
  results.push({ case: `load CSV: generated event log`, rows: steps.events!.tables.events!.rows, mb, wasmMs: steps.events!.ms, nativeMs });
}

const demo = JSON.parse(readFileSync(join(ROOT, 'public/samples/demo.recipe.json'), 'utf8'));
demo.sources = demo.sources.map((s: { name: string; file: string }) => ({ ...s, file: join(ROOT, 'public/samples', s.file) }));
const demoSteps = analyze(demo);
const churn = demoSteps.churn1!;
results.push({
  case: `train-classifier: demo churn (${String(churn.summary?.epochsRun)} epochs, ${String(churn.summary?.backend)})`,
  rows: (churn.summary?.rows as { used: number }).used,
  mb: 0,
  wasmMs: churn.ms,
  note: `test AUC ${Number(churn.summary?.testAuc).toFixed(3)}`,
});

const outDir = join(ROOT, 'bench/results');
mkdirSync(outDir, { recursive: true });
const environment = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify({ environment, results }, null, 2)}\n`);
const md = [
  `Measured ${environment.date} on ${environment.cpus} cores (headless Chromium via \`npm run analyze\`; native = @duckdb/node-api, same DuckDB version).`,
  '',
  '| case | rows | MB | browser ms | rows/s | MB/s | native ms | browser / native |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) =>
    [
      r.case + (r.note ? ` — ${r.note}` : ''),
      r.rows.toLocaleString('en'),
      r.mb ? r.mb.toFixed(1) : '',
      Math.round(r.wasmMs).toLocaleString('en'),
      Math.round(r.rows / (r.wasmMs / 1000)).toLocaleString('en'),
      r.mb ? (r.mb / (r.wasmMs / 1000)).toFixed(1) : '',
      r.nativeMs !== undefined ? Math.round(r.nativeMs).toLocaleString('en') : '',
      r.nativeMs !== undefined ? `${(r.wasmMs / r.nativeMs).toFixed(1)}×` : '',
    ].join(' | ').replace(/^/, '| ').replace(/$/, ' |'),
  ),
].join('\n');
writeFileSync(join(outDir, 'latest.md'), `${md}\n`);
console.log(md);

/** Seeded synthetic events: 200k customers, 20k items, view/cart/purchase/review over one year. */
function writeEventLog(path: string, rows: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const rng = new Rng(7);
  const fd = openSync(path, 'w');
  const types = ['view', 'view', 'view', 'cart', 'purchase', 'review'];
  const start = Date.UTC(2025, 0, 1);
  let chunk = 'event_id,customer_id,session_id,ts,event_type,item_id,quantity,price\n';
  for (let i = 1; i <= rows; i++) {
    const ts = new Date(start + Math.floor((i / rows) * 365 * 86_400_000)).toISOString().slice(0, 19).replace('T', ' ');
    const type = types[rng.int(types.length)]!;
    const buy = type === 'purchase';
    chunk += `${i},C${rng.int(200_000)},S${Math.floor(i / 7)},${ts},${type},I${rng.int(20_000)},${buy ? 1 + rng.int(4) : ''},${buy ? (1 + rng.next() * 99).toFixed(2) : ''}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}
