/**
 * `npm run bench`: speed figures measured in headless Chromium through the headless runner (the
 * real app, the real workers), beside native DuckDB on the same files in the same run. Writes
 * bench/results/latest.json and bench/results/latest.md. Each capability adds its cases here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NodeDuckDB } from '../src/lib/data/node-duckdb';
import { Rng } from '../src/lib/util/rng';
import { openSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { measureCancels, type CancelCase } from './cancel';
import { measureAnchors, type AnchorFields } from './anchors';
import { appReadCsv, nativeDb, timed, warmMedian } from './native';
import { measureColdStart } from './cold-start';
import { scaleAnchor, scaleData, scaleRun, type ScaleRun } from './scale';

interface Case extends AnchorFields {
  case: string;
  /** The BENCH_ONLY block that measured it, and when: a partial run replaces only its own blocks' cases. */
  block?: string;
  measuredAt?: string;
  rows: number;
  mb: number;
  /** The browser figure (WASM in headless Chromium); absent where only a native core is timed. */
  wasmMs?: number;
  /** Before the fair rules (one thread, warm-up, median of 3), the one native figure a case had. */
  nativeMs?: number;
  /** The longest main-thread task (ms) while the step ran: the UI must stay responsive (< 100 ms). */
  longTaskMs?: number;
  note?: string;
  /** The scale block: one run's figures (ms, bytes), beside the anchor's load and rfm. */
  scale?: ScaleRun & { data: string; anchorLoadMs: number; anchorRfmMs: number };
}

type StepReport = {
  ms: number;
  startedAt: string;
  rowsOut?: number;
  tables: Record<string, { rows: number }>;
  summary?: Record<string, unknown>;
  longTaskMs?: number;
};

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.CUSTODIAN_DATA ?? join(ROOT, '../shared/data'));
const results: Case[] = [];
/** BENCH_ONLY=nn,neural-retail (comma list) runs only those blocks: cold-start, anchors, retail, big, features, telco, sequences, mf, nn, neural-retail, gru-retail, cancel, samples, scale (the last opt-in only: BENCH_ONLY=scale or BENCH_SCALE=1). */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
let currentBlock = '';
const want = (block: string) => {
  const wanted = !only || only.includes(block);
  if (wanted) currentBlock = block;
  return wanted;
};

/** Cases the retail block measured (some before cases named their block) until the anchors block took them over. */
const MOVED_TO_ANCHORS = /^(load CSV: Online Retail|profile:|filter \+ dedupe|cohorts|clv fit|assoc-rules at|rfm step)/;

/** A partial run (BENCH_ONLY) keeps the earlier cases of the blocks it did not run. */
const earlier: Case[] = (() => {
  const file = join(ROOT, 'bench/results/latest.json');
  if (!only || !existsSync(file)) return [];
  const previous = JSON.parse(readFileSync(file, 'utf8')) as { environment: { date: string }; results: Case[] };
  return previous.results
    .filter((r) => !only.includes(r.block ?? '') && !(r.block !== 'anchors' && MOVED_TO_ANCHORS.test(r.case)))
    .map((r) => ({ ...r, measuredAt: r.measuredAt ?? previous.environment.date }));
})();

function analyze(recipe: object): Record<string, StepReport> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const path = join(dir, 'recipe.json');
  writeFileSync(path, JSON.stringify(recipe));
  execFileSync('node', [join(ROOT, 'scripts/analyze.mjs'), path, '--out', join(dir, 'out'), '--allow-absolute-paths'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  const tasks = (report.mainThread?.longTasks ?? []) as Array<{ at: string; ms: number }>;
  const steps = report.steps as Record<string, StepReport>;
  // Each long task is charged to the step whose time window it started in.
  for (const step of Object.values(steps)) {
    const t0 = Date.parse(step.startedAt);
    const inStep = tasks.filter((t) => Date.parse(t.at) >= t0 && Date.parse(t.at) <= t0 + step.ms);
    step.longTaskMs = Math.max(0, ...inStep.map((t) => t.ms));
  }
  return steps;
}

/** Native DuckDB at one thread, as the browser's: a warm-up run, then the median of 3 (each run on a fresh connection). */
async function native(work: (db: NodeDuckDB) => Promise<unknown>): Promise<number> {
  const t = await warmMedian(async () => {
    const db = await nativeDb([DATA, join(ROOT, 'bench/results/tmp')]);
    try {
      return await timed(() => work(db));
    } finally {
      db.close();
    }
  });
  return t.ms;
}

/** One result row; the longest main-thread task of the steps it covers comes along. */
function push(name: string, covered: StepReport[], rows: number, extra: Partial<Case> = {}): void {
  const wasmMs = covered.reduce((a, st) => a + st.ms, 0);
  results.push({
    case: name,
    block: currentBlock,
    measuredAt: new Date().toISOString(),
    rows,
    mb: 0,
    wasmMs,
    longTaskMs: Math.max(0, ...covered.map((st) => st.longTaskMs ?? 0)),
    ...extra,
  });
  writeResults();
}

// Cold start: navigation → ready + a 1-row CSV loaded (fresh profile; reload in the same profile
// once the service worker has precached), and the headless runner's whole fixed cost. Absolute
// goals (no native anchor); one run each, the first, as a user meets them.
if (want('cold-start')) {
  const cold = await measureColdStart(ROOT);
  const row = (name: string, ms: number, goalMs: number, note: string) =>
    results.push({
      case: name,
      block: currentBlock,
      measuredAt: new Date().toISOString(),
      rows: 1,
      mb: 0,
      wasmMs: ms,
      goal: `≤ ${(goalMs / 1000).toLocaleString('en')} s`,
      pass: ms <= goalMs,
      note,
    });
  row(
    'cold start, first visit (fresh profile): navigation → ready + 1-row CSV loaded',
    cold.first.loadedMs,
    3000,
    `ready at ${Math.round(cold.first.readyMs)} ms`,
  );
  row(
    'cold start, reload (same profile, service worker precached): navigation → ready + 1-row CSV loaded',
    cold.reload.loadedMs,
    1000,
    `ready at ${Math.round(cold.reload.readyMs)} ms`,
  );
  row(
    'headless runner fixed overhead: `npm run analyze` on a 1-row recipe, whole process',
    cold.runnerMs,
    5000,
    'build up to date',
  );
  writeResults();
}

const retail = join(DATA, 'retail/online_retail.csv');
// Load, profile, clean, cohorts, rfm, CLV and association rules: with their native anchors and goals.
if (want('anchors') && existsSync(retail)) {
  await measureAnchors({
    retail,
    cdnow: existsSync(join(DATA, 'cdnow/CDNOW_master.txt')) ? join(DATA, 'cdnow/CDNOW_master.txt') : undefined,
    tmp: join(ROOT, 'bench/results/tmp'),
    allow: [DATA, join(ROOT, 'bench/results/tmp')],
    analyze,
    push: (name, browserMs, rows, extra) => {
      results.push({
        case: name,
        block: currentBlock,
        measuredAt: new Date().toISOString(),
        rows,
        mb: name.startsWith('load CSV') ? statSync(retail).size / 1e6 : 0,
        wasmMs: browserMs,
        ...extra,
      });
      writeResults();
    },
  });
}

if (want('retail') && existsSync(retail)) {
  const rfmParams = {
    customer: 'CustomerID',
    time: 'InvoiceDate',
    quantity: 'Quantity',
    price: 'UnitPrice',
    basket: 'InvoiceNo',
  };
  const recsRoles = {
    customer: 'CustomerID',
    item: 'StockCode',
    basket: 'InvoiceNo',
    time: 'InvoiceDate',
    event: null,
    tags: null,
    category: null,
  };
  const featureRoles = {
    customer: 'CustomerID',
    time: 'InvoiceDate',
    basket: 'InvoiceNo',
    item: 'StockCode',
    quantity: 'Quantity',
    price: 'UnitPrice',
  };
  const steps = analyze({
    version: 1,
    sources: [{ name: 'retail', file: retail }],
    steps: [
      { id: 'rfm1', op: 'rfm', input: 'retail', params: rfmParams },
      {
        id: 'clean1',
        op: 'filter',
        input: 'retail',
        params: {
          where: `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`,
        },
      },
      { id: 'dedupe1', op: 'dedupe', input: 'clean1', params: {} },
      {
        id: 'country',
        op: 'sql',
        params: { query: 'SELECT "CustomerID", mode("Country") AS country FROM dedupe1.data GROUP BY 1' },
      },
      {
        id: 'features1',
        op: 'features',
        input: 'dedupe1',
        params: { ...featureRoles, profileTable: 'country.data', profileKey: 'CustomerID' },
      },
      { id: 'features2', op: 'features', input: 'dedupe1', params: { ...featureRoles, entity: 'item' } },
      {
        id: 'scaled1',
        op: 'transform',
        input: 'features1',
        params: { method: 'robust', entity: 'CustomerID', impute: 'median' },
      },
      { id: 'pca1', op: 'pca', input: 'scaled1', params: { entity: 'CustomerID', components: 5, standardize: false } },
      {
        id: 'kmeans1',
        op: 'kmeans',
        input: 'rfm1',
        params: { entity: 'customer', features: ['recency_days', 'frequency', 'monetary'], kRange: [2, 6] },
      },
      {
        id: 'dbscan1',
        op: 'dbscan',
        input: 'rfm1',
        params: { entity: 'customer', features: ['recency_days', 'frequency', 'monetary'], eps: 0.3, minPts: 10 },
      },
      {
        id: 'graph1',
        op: 'graph',
        input: 'dedupe1',
        params: { transaction: 'InvoiceNo', item: 'StockCode', minCount: 100 },
      },
      ...(['itemcf', 'usercf', 'session'] as const).map((algorithm) => ({
        id: `recs_${algorithm}`,
        op: 'recommend',
        input: 'dedupe1',
        params: { ...recsRoles, algorithm, k: 20 },
      })),
      {
        id: 'eval1',
        op: 'evaluate-recs',
        input: 'dedupe1',
        params: {
          ...recsRoles,
          split: { type: 'leave-last-basket' },
          k: [5, 10, 20],
          algorithms: [
            { algorithm: 'popularity' },
            { algorithm: 'itemcf' },
            { algorithm: 'itemcf', similarity: 'jaccard', name: 'itemcf-jaccard' },
            { algorithm: 'usercf' },
            { algorithm: 'session' },
          ],
        },
      },
    ],
  });
  const s = (id: string) => steps[id]!;
  const cleaned = s('dedupe1').rowsOut ?? 0;
  push(
    `features (customer): cleaned Online Retail → ${String(s('features1').summary?.rows)} customers × ${String(s('features1').summary?.features)} features`,
    [s('features1')],
    cleaned,
  );
  push(
    `features (item): cleaned Online Retail → ${String(s('features2').summary?.rows)} items × ${String(s('features2').summary?.features)} features (incl. co-purchase degree)`,
    [s('features2')],
    cleaned,
  );
  push(
    'transform (robust scale + median impute) of the customer features',
    [s('scaled1')],
    Number(s('features1').summary?.rows),
  );
  push(
    `pca (5 of ${(s('pca1').summary?.features as unknown[] | undefined)?.length} components) of the scaled customer features`,
    [s('pca1')],
    Number(s('features1').summary?.rows),
  );
  push('kmeans k = 2…6 (10 starts each) on RFM of 4,372 customers', [s('kmeans1')], 4372);
  push(
    `dbscan (eps 0.3, minPts 10) on RFM of 4,372 customers: ${String(s('dbscan1').summary?.k)} clusters, ${String(s('dbscan1').summary?.noise)} noise`,
    [s('dbscan1')],
    4372,
  );
  push(
    `graph: co-purchase network (${String(s('graph1').summary?.nodes)} items, ${String(s('graph1').summary?.edges)} pairs), PageRank, Louvain`,
    [s('graph1')],
    cleaned,
  );
  for (const algorithm of ['itemcf', 'usercf', 'session']) {
    const r = s(`recs_${algorithm}`);
    push(
      `recommend ${algorithm}: top 20 for all ${String(r.summary?.customers)} customers of cleaned Online Retail (train ${Math.round(Number(r.summary?.trainMs))} ms + score ${Math.round(Number(r.summary?.scoreMs))} ms)`,
      [r],
      cleaned,
    );
  }
  const evaluation = s('eval1');
  const ndcg = evaluation.summary?.algorithms as Array<{
    name: string;
    'ndcg@10': number;
    trainMs: number;
    scoreMs: number;
  }>;
  push(
    `evaluate-recs, leave-last-basket on Online Retail (${String((evaluation.summary?.customers as { test: number }).test)} test customers): NDCG@10 ${ndcg.map((a) => `${a.name} ${a['ndcg@10'].toFixed(4)}`).join(', ')}`,
    [evaluation],
    cleaned,
    {
      note: String(evaluation.summary?.verdict ?? ''),
    },
  );
} else if (want('retail')) {
  console.error(`bench: ${retail} not found; skipping the Online Retail cases`);
}

// A generated 5-million-row event log (≈300 MB): the app must load it without crashing the tab.
const bigRows = Number(process.env.BENCH_BIG_ROWS ?? 5_000_000);
if (want('big') && bigRows > 0) {
  const big = join(ROOT, 'bench/results/tmp', `events-${bigRows}.csv`);
  if (!existsSync(big)) writeEventLog(big, bigRows);
  const mb = statSync(big).size / 1e6;
  const steps = analyze({ version: 1, sources: [{ name: 'events', file: big }], steps: [] });
  const anchorMs = await native((db) => db.exec(`CREATE TABLE events AS SELECT * FROM ${appReadCsv(big)}`));
  push(`load CSV: generated event log`, [steps.events!], steps.events!.tables.events!.rows, {
    mb,
    anchorMs,
    anchor: "native read_csv, the app's options",
    ratio: steps.events!.ms / anchorMs,
    goal: 'browser ≤ 2× anchor',
    pass: steps.events!.ms / anchorMs <= 2,
    note: 'browser: one run, no warm-up (native: warm-up + median of 3)',
  });
}

// A generated 1M-event log of 100k customers (views, carts, orders, reviews; 12 categories): the full customer feature matrix.
const featureRows = Number(process.env.BENCH_FEATURE_ROWS ?? 1_000_000);
if (want('features') && featureRows > 0) {
  const path = join(ROOT, 'bench/results/tmp', `feature-events-${featureRows}.csv`);
  if (!existsSync(path)) writeFeatureLog(path, featureRows, Math.round(featureRows / 10));
  const steps = analyze({
    version: 1,
    sources: [{ name: 'events', file: path }],
    steps: [
      {
        id: 'features1',
        op: 'features',
        input: 'events',
        params: {
          customer: 'customer_id',
          time: 'ts',
          event: 'event_type',
          item: 'item_id',
          basket: 'order_id',
          quantity: 'quantity',
          price: 'price',
          category: 'category',
          text: 'review_text',
        },
      },
    ],
  });
  const f = steps.features1!;
  push(
    `features (customer, all groups incl. TF-IDF): generated log → ${String(f.summary?.rows)} customers × ${String(f.summary?.features)} features`,
    [f],
    steps.events!.tables.events!.rows,
  );
}

// Rule discovery on the real Telco churn table (7,043 customers, numeric and categorical features).
const telco = join(DATA, 'churn/Telco-Customer-Churn.csv');
if (want('telco') && existsSync(telco)) {
  const steps = analyze({
    version: 1,
    sources: [{ name: 'telco', file: telco }],
    steps: [
      {
        id: 'why',
        op: 'rule-induction',
        input: 'telco',
        params: {
          features: [
            'tenure',
            'Contract',
            'InternetService',
            'MonthlyCharges',
            'PaymentMethod',
            'TechSupport',
            'OnlineSecurity',
            'SeniorCitizen',
          ],
          label: 'Churn',
          maxDepth: 4,
        },
      },
    ],
  });
  const why = steps.why!;
  push(`rule-induction (CART depth 4, 8 features): Telco churn → ${String(why.summary?.leaves)} rules`, [why], 7043, {
    note: `held-out accuracy ${Number(why.summary?.testAccuracy).toFixed(3)}`,
  });
}

// Behaviour sequences (PrefixSpan) over the sample shop's 15,032 sessions.
if (want('sequences')) {
  const steps = analyze({
    version: 1,
    sources: [{ name: 'events', file: join(ROOT, 'public/samples/events.csv') }],
    steps: [
      {
        id: 'paths',
        op: 'sequences',
        input: 'events',
        params: { customer: 'customer_id', session: 'session_id', time: 'ts', symbol: 'item_id', minSupport: 0.002 },
      },
    ],
  });
  push(
    `sequences (PrefixSpan over items, support 0.002): sample shop sessions → ${String(steps.paths!.summary?.patterns)} patterns`,
    [steps.paths!],
    steps.events!.tables.events!.rows,
  );
}

// ALS / BPR time per epoch on each TF.js backend (recommend → training worker). Software GPUs
// (SwiftShader here) run ~30× slower than WASM: one epoch there, and the figures say so.
if (want('mf') && existsSync(retail) && process.env.BENCH_MF !== '0') {
  const roles = {
    customer: 'CustomerID',
    item: 'StockCode',
    basket: 'InvoiceNo',
    time: 'InvoiceDate',
    event: null,
    tags: null,
    category: null,
  };
  const backends = (process.env.BENCH_MF_BACKENDS ?? 'wasm,cpu').split(',');
  const mf = backends.flatMap((backend) =>
    (['als', 'bpr'] as const).map((algorithm) => ({
      id: `${algorithm}_${backend}`,
      op: 'recommend',
      input: 'clean1',
      params: { ...roles, algorithm, backend, factors: 32, epochs: backend === 'wasm' ? 5 : 1, k: 10 },
    })),
  );
  const st = analyze({
    version: 1,
    sources: [{ name: 'retail', file: retail }],
    steps: [
      {
        id: 'clean1',
        op: 'filter',
        input: 'retail',
        params: {
          where: `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`,
        },
      },
      ...mf,
    ],
  });
  for (const step of mf) {
    const s = st[step.id]!;
    push(
      `${step.params.algorithm} (32 factors, ${step.params.epochs} epoch${step.params.epochs > 1 ? 's' : ''}) on ${String(s.summary?.backend)}: Online Retail, ${String(s.summary?.interactions)} pairs`,
      [s],
      st.clean1!.rowsOut ?? 0,
      { note: `${Math.round(Number(s.summary?.msPerEpoch))} ms/epoch` },
    );
  }
}

// Neural training speed per TF.js backend: samples per second for a fixed number of epochs
// on generated data — the classifier (MLP 64×32) on 200k rows × 64 features, NCF on 1M
// interactions. BENCH_NN_BACKENDS picks the backends (on a GPU machine: webgpu,webgl,wasm).
if (want('nn') && process.env.BENCH_NN !== '0') {
  const backends = (process.env.BENCH_NN_BACKENDS ?? 'wasm,cpu').split(',');
  const clfRows = Number(process.env.BENCH_CLF_ROWS ?? 200_000);
  const ncfRows = Number(process.env.BENCH_NCF_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-nn-'));
  const clfPath = join(dir, 'classifier.csv');
  const ncfPath = join(dir, 'interactions.csv');
  writeClassifierData(clfPath, clfRows, 64);
  writeInteractions(ncfPath, ncfRows);
  const features = Array.from({ length: 64 }, (_, j) => `f${j}`);
  const software = (b: string) => b === 'cpu';
  // The plain-JS CPU backend is ~10× slower: it trains on a seeded 10 % sample (samples per second stay comparable).
  const nn = backends.flatMap((backend) => [
    {
      id: `clf_${backend}`,
      op: 'train-classifier',
      input: software(backend) ? 'clf_sample' : 'clf',
      params: {
        features,
        label: 'y',
        model: 'mlp',
        hidden: [64, 32],
        epochs: software(backend) ? 1 : 3,
        patience: 100,
        batchSize: 1024,
        importanceRepeats: 1,
        importanceRows: 2000,
        backend,
      },
    },
    {
      id: `ncf_${backend}`,
      op: 'train-ncf',
      input: software(backend) ? 'inter_sample' : 'inter',
      params: {
        customer: 'customer_id',
        item: 'item_id',
        factors: 16,
        epochs: 1,
        batchSize: 8192,
        customers: ['C1', 'C2', 'C3'],
        backend,
      },
    },
  ]);
  const samples = backends.some(software)
    ? [
        { id: 'clf_sample', op: 'sql', params: { query: 'SELECT * FROM clf USING SAMPLE 10 PERCENT (bernoulli, 7)' } },
        {
          id: 'inter_sample',
          op: 'sql',
          params: { query: 'SELECT * FROM inter USING SAMPLE 10 PERCENT (bernoulli, 7)' },
        },
      ]
    : [];
  const st = analyze({
    version: 1,
    sources: [
      { name: 'clf', file: clfPath },
      { name: 'inter', file: ncfPath },
    ],
    steps: [...samples, ...nn],
  });
  for (const backend of backends) {
    const c = st[`clf_${backend}`]!.summary!;
    const clfUsed = (c.rows as { used: number }).used;
    push(
      `train-classifier MLP 64×32 on ${String(c.backend)}: ${clfUsed.toLocaleString('en')} rows × 64 features, ${String(c.epochsRun)} epochs`,
      [st[`clf_${backend}`]!],
      clfUsed,
      {
        note: `${Number(c.samplesPerSecond).toLocaleString('en')} samples/s, test AUC ${Number(c.auc).toFixed(3)}`,
      },
    );
    const n = st[`ncf_${backend}`]!.summary!;
    const samples = Number(n.interactions) * (1 + Number(n.negatives));
    push(
      `train-ncf (NeuMF, 16 factors, 1 epoch, 4 negatives) on ${String(n.backend)}: ${Number(n.interactions).toLocaleString('en')} interactions`,
      [st[`ncf_${backend}`]!],
      Number(n.interactions),
      {
        note: `${Math.round(samples / (Number(n.msPerEpoch) / 1000)).toLocaleString('en')} samples/s (${Math.round(Number(n.msPerEpoch))} ms/epoch)`,
      },
    );
  }
}

// The neural recommenders on the real retail log, measured against the classical baselines: NCF in
// the harness beside popularity, ItemCF and ALS under leave-last-basket, and the GRU next-item model
// leave-last-out.
const retailClean = {
  id: 'clean1',
  op: 'filter',
  input: 'retail',
  params: {
    where: `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`,
  },
};
if (want('neural-retail') && existsSync(retail)) {
  const roles = {
    customer: 'CustomerID',
    item: 'StockCode',
    basket: 'InvoiceNo',
    time: 'InvoiceDate',
    event: null,
    tags: null,
    category: null,
  };
  const st = analyze({
    version: 1,
    sources: [{ name: 'retail', file: retail }],
    steps: [
      retailClean,
      {
        id: 'eval_nn',
        op: 'evaluate-recs',
        input: 'clean1',
        params: {
          ...roles,
          split: { type: 'leave-last-basket' },
          k: [10],
          algorithms: [
            { algorithm: 'popularity' },
            { algorithm: 'itemcf' },
            { algorithm: 'als', factors: 32, epochs: 10 },
            { algorithm: 'ncf', factors: 32, epochs: Number(process.env.BENCH_NCF_EPOCHS ?? 5) },
          ],
        },
      },
    ],
  });
  const e = st.eval_nn!;
  const algos = e.summary?.algorithms as Array<{ name: string; 'ndcg@10': number }>;
  push(
    `evaluate-recs with NCF on Online Retail (leave-last-basket): NDCG@10 ${algos.map((a) => `${a.name} ${a['ndcg@10'].toFixed(4)}`).join(', ')}`,
    [e],
    st.clean1!.rowsOut ?? 0,
    { note: String(e.summary?.verdict ?? '') },
  );
}

// A block of its own (BENCH_ONLY=gru-retail): the GRU over ~3,700 items is the slowest case here.
if (want('gru-retail') && existsSync(retail)) {
  const sq = analyze({
    version: 1,
    sources: [{ name: 'retail', file: retail }],
    steps: [
      retailClean,
      {
        id: 'seq_nn',
        op: 'train-sequence',
        input: 'clean1',
        params: {
          customer: 'CustomerID',
          item: 'StockCode',
          time: 'InvoiceDate',
          event: null,
          epochs: Number(process.env.BENCH_SEQ_EPOCHS ?? 3),
          k: [10],
        },
      },
    ],
  });
  const q = sq.seq_nn!;
  push(
    `train-sequence (GRU) on Online Retail, leave-last-out over ${String(q.summary?.evaluated)} customers`,
    [q],
    sq.clean1!.rowsOut ?? 0,
    { note: String(q.summary?.verdict ?? '') },
  );
}

// Cancel latency per training kind: click → "cancelled" shown, and → the training worker
// taking new jobs; each kind on the sample shop, and the GRU on Online Retail (long mini-batches).
if (want('cancel')) {
  const shop = {
    events: join(ROOT, 'public/samples/events.csv'),
    customers: join(ROOT, 'public/samples/customers.csv'),
  };
  const log = { customer: 'customer_id', item: 'item_id' };
  const cases: CancelCase[] = [
    {
      kind: 'classifier (MLP, demo churn)',
      sources: shop,
      before: [
        {
          id: 'rfm1',
          op: 'rfm',
          input: 'events',
          params: { customer: 'customer_id', time: 'ts', amount: 'amount', basket: 'order_id' },
        },
      ],
      step: {
        id: 'churn1',
        op: 'train-classifier',
        input: 'rfm1',
        params: {
          features: ['recency_days', 'frequency', 'monetary'],
          label: 'churned',
          labelTable: 'customers',
          key: 'customer',
          labelKey: 'customer_id',
          epochs: 1000,
          patience: 100,
        },
      },
    },
    {
      kind: 'NCF',
      sources: shop,
      step: { id: 'ncf1', op: 'train-ncf', input: 'events', params: { ...log, epochs: 1000 } },
    },
    {
      kind: 'GRU next item',
      sources: shop,
      step: {
        id: 'gru1',
        op: 'train-sequence',
        input: 'events',
        params: { ...log, time: 'ts', event: null, epochs: 1000 },
      },
    },
    {
      kind: 'Wide & Deep ranker',
      sources: shop,
      step: {
        id: 'ranker1',
        op: 'train-ranker',
        input: 'events',
        params: { ...log, event: 'event_type', time: 'ts', epochs: 1000, patience: 100 },
      },
    },
    ...(['als', 'bpr'] as const).map((algorithm) => ({
      kind: algorithm.toUpperCase(),
      sources: shop,
      afterEpochs: 2,
      step: {
        id: `${algorithm}1`,
        op: 'recommend',
        input: 'events',
        params: {
          ...log,
          basket: null,
          time: null,
          event: null,
          tags: null,
          category: null,
          algorithm,
          factors: 32,
          epochs: 1000,
          k: 10,
        },
      },
    })),
    // Its epochs take minutes here: Cancel is pressed 5 s into the first, mid-way through its mini-batches.
    ...(existsSync(retail)
      ? [
          {
            kind: 'GRU next item (Online Retail)',
            sources: { retail },
            before: [retailClean],
            pressAt: { when: 'GRU: training epoch 1', delayMs: 5000 },
            step: {
              id: 'gru_retail',
              op: 'train-sequence',
              input: 'clean1',
              params: { customer: 'CustomerID', item: 'StockCode', time: 'InvoiceDate', event: null, epochs: 1000 },
            },
          },
        ]
      : []),
  ];
  await measureCancels(cases, (f) => {
    results.push({
      case: `cancel ${f.kind}: click → cancelled shown`,
      block: currentBlock,
      measuredAt: new Date().toISOString(),
      rows: 0,
      mb: 0,
      wasmMs: f.shownMs,
      note: `worker ready ${Math.round(f.readyMs)} ms after the click${f.restarted ? ' (worker restarted)' : ''}; pressed at "${f.at}"`,
    });
    writeResults();
    console.error(
      `cancel ${f.kind}: shown ${Math.round(f.shownMs)} ms, worker ready ${Math.round(f.readyMs)} ms${f.restarted ? ' (restarted)' : ''}`,
    );
  });
}

if (want('samples')) {
  const demo = JSON.parse(readFileSync(join(ROOT, 'public/samples/demo.recipe.json'), 'utf8'));
  demo.sources = demo.sources.map((s: { name: string; file: string }) => ({
    ...s,
    file: join(ROOT, 'public/samples', s.file),
  }));
  const demoSteps = analyze(demo);
  const churn = demoSteps.churn1!;
  push(
    `train-classifier: demo churn (${String(churn.summary?.epochsRun)} epochs, ${String(churn.summary?.backend)})`,
    [churn],
    (churn.summary?.rows as { used: number }).used,
    {
      note: `test AUC ${Number(churn.summary?.testAuc).toFixed(3)}`,
    },
  );

  // The sample shop's feature recipe: build → standardise → select against churn → PCA.
  const featureRecipe = JSON.parse(readFileSync(join(ROOT, 'public/samples/features.recipe.json'), 'utf8'));
  featureRecipe.sources = featureRecipe.sources.map((s: { name: string; file: string }) => ({
    ...s,
    file: join(ROOT, 'public/samples', s.file),
  }));
  const fs = analyze(featureRecipe);
  push(
    `features recipe on the sample shop: build (${String(fs.features!.summary?.features)} features) → standardise → select → pca`,
    ['features', 'scaled', 'chosen', 'pcs'].map((id) => fs[id]!),
    2000,
    {
      note: `top-ranked by MI: ${(fs.chosen!.summary?.selected as string[]).slice(0, 3).join(', ')}`,
    },
  );
}

// Past the tab's in-memory ceiling (minutes; opt-in): a 20M-row event CSV, the same as Parquet and a
// 100M-row purchase Parquet, in the browser with OPFS storage and on the native engine at every core.
if ((only ? only.includes('scale') : process.env.BENCH_SCALE === '1') && want('scale')) {
  const dir = resolve(process.env.BENCH_SCALE_DIR ?? join(ROOT, 'bench/results/tmp/scale'));
  const gb = (b: number | null | undefined) => (b ? `${(b / 2 ** 30).toFixed(2)} GiB` : '?');
  for (const data of await scaleData(dir)) {
    const anchor = await scaleAnchor(data);
    const anchorMs = anchor.loadMs + anchor.rfmMs;
    for (const engine of ['browser (OPFS)', 'native'] as const) {
      const run = scaleRun(ROOT, data, engine);
      const ms = run.ok ? run.loadMs! + run.rfmMs! : undefined;
      const ratio = ms !== undefined ? ms / anchorMs : undefined;
      const browser = engine !== 'native';
      const limit = browser ? 3 : 1.5;
      results.push({
        case: `scale: ${data.name}, load + rfm — ${engine}`,
        block: currentBlock,
        measuredAt: new Date().toISOString(),
        rows: data.rows,
        mb: statSync(data.path).size / 1e6,
        ...(browser ? { wasmMs: ms } : { nativeSameMs: ms }),
        anchorMs,
        anchor: 'native DuckDB at 1 thread: the file into a table + the rfm SQL, one run',
        ratio,
        goal: browser ? `completes with the tab alive; aim ≤ ${limit}× anchor` : `≤ ${limit}× anchor`,
        pass: ratio !== undefined && ratio <= limit,
        note: run.ok
          ? `load ${(run.loadMs! / 1000).toFixed(1)} s, rfm ${(run.rfmMs! / 1000).toFixed(1)} s, cohorts ${(run.cohortsMs! / 1000).toFixed(1)} s; peak RSS ${gb(run.peakRssBytes)}${browser ? ` (renderer + GPU; VmHWM sum ${gb(run.hwmBytes)})` : ''}, duckdb_memory() ${gb(run.duckdbBytes)}; one run`
          : `failed: ${run.error ?? ''}`,
        scale: { ...run, data: data.name, anchorLoadMs: anchor.loadMs, anchorRfmMs: anchor.rfmMs },
      });
      writeResults();
    }
  }
}

writeResults(true);

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

/** Seeded synthetic shop log for the feature benchmark: `customers` customers, 5,000 items in 12 categories. */
function writeFeatureLog(path: string, rows: number, customers: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const rng = new Rng(11);
  const fd = openSync(path, 'w');
  const texts = [
    'Great quality, would buy again.',
    'Broke after a week, very disappointed.',
    'It is okay, nothing special.',
    '物超所值,推荐购买。',
    '质量太差了，不推荐。',
  ];
  const start = Date.UTC(2025, 0, 1);
  let order = 0;
  let chunk = 'customer_id,ts,event_type,item_id,category,order_id,quantity,price,review_text\n';
  for (let i = 1; i <= rows; i++) {
    const ts = new Date(start + Math.floor((i / rows) * 365 * 86_400_000)).toISOString().slice(0, 19).replace('T', ' ');
    const u = rng.next();
    const type = u < 0.6 ? 'view' : u < 0.8 ? 'cart' : u < 0.95 ? 'purchase' : 'review';
    const item = rng.int(5000);
    const buy = type === 'purchase';
    if (buy && rng.next() < 0.6) order++;
    const text = type === 'review' ? `"${texts[rng.int(texts.length)]!}"` : '';
    chunk += `C${rng.int(customers)},${ts},${type},I${item},cat${item % 12},${buy ? `O${order}` : ''},${buy ? 1 + rng.int(3) : ''},${buy ? (2 + (item % 97)).toFixed(2) : ''},${text}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** Seeded classification data: `features` standard normals, y from a logistic model of the first eight and a pairwise interaction. */
function writeClassifierData(path: string, rows: number, features: number): void {
  const rng = new Rng(5);
  const fd = openSync(path, 'w');
  let chunk = `${Array.from({ length: features }, (_, j) => `f${j}`).join(',')},y\n`;
  const x = new Float64Array(features);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) x[j] = rng.normal();
    const z =
      0.8 * x[0]! -
      0.6 * x[1]! +
      0.5 * x[2]! -
      0.4 * x[3]! +
      0.3 * (x[4]! + x[5]! - x[6]! - x[7]!) +
      0.7 * x[8]! * x[9]! -
      0.5;
    chunk += `${Array.from(x, (v) => v.toFixed(3)).join(',')},${rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** Seeded implicit feedback: `rows` distinct-ish (customer, item) pairs, 50k customers × 5k items in 20 taste groups. */
function writeInteractions(path: string, rows: number): void {
  const rng = new Rng(9);
  const fd = openSync(path, 'w');
  let chunk = 'customer_id,item_id\n';
  for (let i = 0; i < rows; i++) {
    const c = rng.int(50_000);
    const item = rng.next() < 0.8 ? (c % 20) * 250 + rng.int(250) : rng.int(5000);
    chunk += `C${c},I${item}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** bench/results/latest.{json,md} from the cases so far: rewritten after every case, so a long run that is stopped keeps what it measured. */
function writeResults(print = false): void {
  const outDir = join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const environment = { date: new Date().toISOString(), node: process.version, cpus: cpus().length };
  // A case measured again replaces its earlier row (rows from before cases named their block included).
  const all = [...earlier.filter((e) => !results.some((r) => r.case === e.case)), ...results];
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify({ environment, results: all }, null, 2)}\n`);
  const days = [...new Set(all.map((r) => (r.measuredAt ?? environment.date).slice(0, 10)))].sort();
  const ms = (v: number | undefined) => (v === undefined ? '' : Math.round(v).toLocaleString('en'));
  const md = [
    `Measured ${days.length > 1 ? `${days[0]} to ${days.at(-1)} (see \`measuredAt\` in latest.json)` : environment.date} on ${environment.cpus} cores (headless Chromium via \`npm run analyze\`; native = @duckdb/node-api at 1 thread, same DuckDB version). Cases with a goal: a warm-up run, then the median of 3.`,
    '',
    '| case | rows | MB | browser ms | native same code ms | anchor ms | ratio | goal | pass/fail | rows/s | longest main-thread task ms |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|',
    ...all.map((r) => {
      // Cases measured before the fair rules carry one native figure, at DuckDB's default threads.
      const anchorMs = r.anchorMs ?? r.nativeMs;
      const anchor = r.anchor ?? (r.nativeMs !== undefined ? 'native DuckDB, default threads, one run' : '');
      const ratio = r.ratio ?? (r.nativeMs !== undefined && r.wasmMs !== undefined ? r.wasmMs / r.nativeMs : undefined);
      const perSecond = r.wasmMs ?? r.nativeSameMs;
      return [
        r.case + (r.note ? ` — ${r.note}` : ''),
        r.rows.toLocaleString('en'),
        r.mb ? r.mb.toFixed(1) : '',
        ms(r.wasmMs),
        ms(r.nativeSameMs),
        anchorMs !== undefined ? `${ms(anchorMs)}${anchor ? ` (${anchor})` : ''}` : '',
        ratio !== undefined ? `${ratio.toFixed(2)}×` : '',
        r.goal ?? '',
        r.pass === undefined ? '' : r.pass ? 'pass' : '**fail**',
        perSecond ? Math.round(r.rows / (perSecond / 1000)).toLocaleString('en') : '',
        r.longTaskMs !== undefined ? String(Math.round(r.longTaskMs)) : '',
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |');
    }),
  ].join('\n');
  writeFileSync(join(outDir, 'latest.md'), `${md}\n`);
  if (print) console.log(md);
}
