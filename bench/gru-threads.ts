/**
 * `npx tsx bench/gru-threads.ts`: where the GRU next-item model's training time goes on Online
 * Retail, and what TF.js's WASM threads, the plain-JS CPU backend and a larger batch change, in
 * Node (the same TF.js 4.22 kernels as the browser's WASM backend). Not part of CI or `npm run bench`.
 *
 * The sequences are built as the train-sequence op builds them (same cleaning filter as the bench's
 * `gru-retail` block, DuckDB's dense-rank codes, `orderedSequences` with repeats collapsed,
 * leave-last-out), and the timing runs the app's own `trainSequenceModel` for one epoch over a
 * seeded sample of customers (about GRU_BATCHES batches, default 20) after a short warm-up, so a
 * figure is per training window of the real model (factors 32, 20 steps, full softmax over every
 * item, the op's batch size); the 3-epoch figure extrapolates it to all windows and adds the
 * leave-last-out predictions, timed once. One child process per backend setting, since a TF.js
 * WASM build is chosen once per process. A `tf.profile` of one batch splits kernel time into the
 * output softmax (every tensor of [batch positions × items]: the logits matmul, logSumExp and
 * their gradients), the other catalogue-sized work (embedding slices and Adam on [items × 32]) and
 * the rest (the GRU cell's 20 unrolled steps and its gradients).
 *
 * Measured on this 2-core machine (Online Retail: 3,665 items, 21,060 windows, batch 57, 370
 * batches an epoch; figures and table in README › Benchmarks): most of a batch is the output
 * softmax: the [1,140 × 32] × [32 × 3,665] logits matmul and its two gradient matmuls (~50%) and an
 * exp over 4.2M logits (~12%); the GRU cell's 20 steps ~15%. Before sequence-model.ts gave
 * logSumExp its own gradient, the Equal of TF.js's max gradient took 40–50% of a batch (661 →
 * 348 ms a batch on SIMD, the same losses). Extrapolated 3 epochs + predictions: 388 s on SIMD
 * against PyTorch's 372 s on one thread (a full 3-epoch run of the op natively took 442 s, same NDCG@10). The threaded build with 1 thread is as fast as SIMD;
 * with 2 threads it was slower here (2 cores shared with other jobs). Batch 256 is no faster per
 * epoch than 57. `forward` in a profile is the custom gradient's forward pass, whose inner kernels
 * are listed too (counted twice in the total).
 *
 * Env: GRU_MODES (comma list of simd, threaded1, threaded2, cpu; default all), GRU_BATCHES,
 * GRU_BIG_BATCH (default 256), CUSTODIAN_DATA (default ../shared/data).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';
import {
  leaveLastOut,
  orderedSequences,
  sequenceBatchSize,
  subsetSequences,
  trainSequenceModel,
  windowsOf,
  type SequenceRequest,
  type Sequences,
} from '../src/lib/ml/sequence-model';
import { Rng } from '../src/lib/util/rng';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.CUSTODIAN_DATA ?? join(ROOT, '../shared/data'));
const CSV = join(DATA, 'retail/online_retail.csv');
const FACTORS = 32;
const MAX_LENGTH = 20;
const EPOCHS = 3;
const PYTORCH_3_EPOCHS_S = 372;
const MODES = ['simd', 'threaded1', 'threaded2', 'cpu'] as const;
type Mode = (typeof MODES)[number];

interface Prepared {
  nSymbols: number;
  train: Sequences;
  full: Sequences;
  testUsers: Int32Array;
}

/** The op's loadSteps + orderedSequences + leaveLastOut on native DuckDB (one thread). */
async function prepare(): Promise<Prepared> {
  const { nativeDb } = await import('./native');
  const db = await nativeDb([DATA]);
  const sql = `WITH s AS (SELECT CAST("CustomerID" AS VARCHAR) AS c, CAST("StockCode" AS VARCHAR) AS sym,
      epoch_ms(TRY_CAST("InvoiceDate" AS TIMESTAMP))::DOUBLE AS t
      FROM read_csv('${CSV}', header = true, delim = ',') AS i
      WHERE NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0
        AND "StockCode" IS NOT NULL AND TRY_CAST("InvoiceDate" AS TIMESTAMP) IS NOT NULL)
    SELECT (dense_rank() OVER (ORDER BY c) - 1)::INTEGER AS ci, (dense_rank() OVER (ORDER BY sym) - 1)::INTEGER AS si, t FROM s`;
  const { rows } = await db.query(sql);
  await db.close();
  const user = Int32Array.from(rows, (r) => Number(r.ci));
  const symbol = Int32Array.from(rows, (r) => Number(r.si));
  const time = Float64Array.from(rows, (r) => Number(r.t));
  const nUsers = user.reduce((a, v) => Math.max(a, v + 1), 0);
  const nSymbols = symbol.reduce((a, v) => Math.max(a, v + 1), 0);
  const full = orderedSequences(user, symbol, time, nUsers, true);
  const split = leaveLastOut(full);
  const testUsers = Int32Array.from(Array.from(split.target.keys()).filter((u) => split.target[u]! >= 0));
  return { nSymbols, train: split.train, full, testUsers };
}

function save(dir: string, p: Prepared): void {
  const put = (name: string, a: Int32Array) => writeFileSync(join(dir, name), a);
  put('train-ptr', p.train.ptr);
  put('train-symbols', p.train.symbols);
  put('full-ptr', p.full.ptr);
  put('full-symbols', p.full.symbols);
  put('test-users', p.testUsers);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ nSymbols: p.nSymbols }));
}

function load(dir: string): Prepared {
  const get = (name: string) => {
    const b = readFileSync(join(dir, name));
    return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
  };
  const { nSymbols } = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { nSymbols: number };
  return {
    nSymbols,
    train: { ptr: get('train-ptr'), symbols: get('train-symbols') },
    full: { ptr: get('full-ptr'), symbols: get('full-symbols') },
    testUsers: get('test-users'),
  };
}

/** Windows of `length` steps a sequence of m symbols gives (as windowsOf cuts it). */
const windowsFor = (m: number) => (m < 2 ? 0 : Math.ceil((m - 1) / MAX_LENGTH));

/** A seeded sample of customers whose sequences give at least `target` training windows. */
function sample(train: Sequences, target: number, seed: number): Sequences {
  const n = train.ptr.length - 1;
  const order = Array.from({ length: n }, (_, u) => u);
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const rows: number[] = [];
  let w = 0;
  for (const u of order) {
    if (w >= target) break;
    const k = windowsFor(train.ptr[u + 1]! - train.ptr[u]!);
    if (k === 0) continue;
    rows.push(u);
    w += k;
  }
  return subsetSequences(train, rows);
}

function request(
  p: Prepared,
  seq: Sequences,
  batchSize: number,
  contexts: SequenceRequest['contexts'] = [],
): SequenceRequest {
  return {
    nSymbols: p.nSymbols,
    ptr: seq.ptr,
    symbols: seq.symbols,
    factors: FACTORS,
    maxLength: MAX_LENGTH,
    batchSize,
    epochs: 1,
    learningRate: 0.005,
    seed: 42,
    backend: 'wasm',
    contexts,
    k: 10,
    candidates: new Uint8Array(p.nSymbols).fill(1),
  };
}

/**
 * TF.js's threaded WASM build in Node: it hands Emscripten its pthread worker script and its own
 * factory as Blob URLs, which Node's worker_threads refuse ("must be an absolute path"), and the
 * factory's source names the Node bundle's module-level aliases (require$$0…, commonjsGlobal).
 * Here each Blob is written to a temp file (with those aliases) and its path used instead; only in
 * this child process, which does nothing else with Blob. The backend also caps its thread pool at
 * half the logical cores (XNNPACK's count, navigator.hardwareConcurrency / 2 in a browser), 1 on
 * this 2-core machine, so `threads` > 1 reports more cores than there are to lift that cap.
 */
function nodeThreadedWasm(dir: string, threads: number): void {
  const prelude =
    "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os'), commonjsGlobal = globalThis;\n";
  let n = 0;
  class TextBlob {
    constructor(readonly parts: string[]) {}
  }
  const toPath = (b: TextBlob) => {
    const file = join(dir, `tfjs-wasm-${n++}.cjs`);
    writeFileSync(file, prelude + b.parts.join(''));
    return file;
  };
  const realCreate = URL.createObjectURL.bind(URL);
  (globalThis as { Blob: unknown }).Blob = TextBlob;
  URL.createObjectURL = (b: unknown) => (b instanceof TextBlob ? toPath(b) : realCreate(b as Blob));
  // tfjs assigns its factory Blob to the Emscripten config's mainScriptUrlOrBlob, which is posted to each worker.
  Object.defineProperty(Object.prototype, 'mainScriptUrlOrBlob', {
    configurable: true,
    set(v: unknown) {
      Object.defineProperty(this, 'mainScriptUrlOrBlob', {
        value: v instanceof TextBlob ? toPath(v) : v,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
  });
  const os = createRequire(import.meta.url)('os') as { cpus: () => unknown[] };
  const cpus = os.cpus.bind(os);
  if (threads > 1) os.cpus = () => Array.from({ length: Math.max(cpus().length, 2 * threads) }, () => cpus()[0]);
}

async function startBackend(mode: Mode, dir: string): Promise<typeof TF> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (mode === 'cpu') {
    await tf.setBackend('cpu');
  } else {
    // The app's browser build: SIMD, one thread (no cross-origin isolation, so no SharedArrayBuffer).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', mode !== 'simd');
    if (mode !== 'simd') {
      const threads = mode === 'threaded1' ? 1 : 2;
      nodeThreadedWasm(dir, threads);
      wasm.setThreadsCount(threads);
    }
    if (!(await tf.setBackend('wasm'))) throw new Error(`gru-threads: the wasm backend did not start (${mode})`);
  }
  await tf.ready();
  return tf;
}

interface Timing {
  windows: number;
  batches: number;
  ms: number;
  loss: number;
}

async function timeEpoch(tf: typeof TF, p: Prepared, seq: Sequences, batchSize: number): Promise<Timing> {
  let ms = 0;
  let loss = 0;
  const res = await trainSequenceModel(
    tf,
    request(p, seq, batchSize),
    { name: 'wasm', reasons: [] },
    {
      onEpoch: (log) => ([ms, loss] = [log.ms, log.loss]),
    },
  );
  return { windows: res.windows, batches: Math.ceil(res.windows / batchSize), ms, loss };
}

interface KernelRow {
  name: string;
  part: string;
  ms: number;
  calls: number;
}

/** One batch under tf.profile, kernel time summed by kernel name and by part of the model. */
async function profileBatch(tf: typeof TF, p: Prepared, seq: Sequences, batchSize: number) {
  const positions = batchSize * MAX_LENGTH;
  const logits = positions * p.nSymbols;
  const info = await tf.profile(async () => {
    await trainSequenceModel(tf, request(p, seq, batchSize), { name: 'wasm', reasons: [] }, { onEpoch: () => {} });
  });
  const size = (s: number[]) => s.reduce((a, v) => a * v, 1);
  const byKey = new Map<string, KernelRow>();
  const parts: Record<string, number> = { softmax: 0, catalogue: 0, gru: 0 };
  for (const k of info.kernels) {
    const shapes = [...k.inputShapes, ...k.outputShapes].filter((s): s is number[] => Array.isArray(s));
    const part = shapes.some((s) => size(s) >= logits / 2)
      ? 'softmax'
      : shapes.some((s) => s[0] === p.nSymbols || s[0] === p.nSymbols + 1)
        ? 'catalogue'
        : 'gru';
    const ms = Number(k.kernelTimeMs);
    parts[part]! += ms;
    const key = `${k.name}|${part}`;
    const row = byKey.get(key) ?? { name: k.name, part, ms: 0, calls: 0 };
    row.ms += ms;
    row.calls++;
    byKey.set(key, row);
  }
  const total = Object.values(parts).reduce((a, v) => a + v, 0);
  const top = [...byKey.values()].sort((a, b) => b.ms - a.ms).slice(0, 12);
  return { total, parts, top, kernels: info.kernels.length };
}

async function child(mode: Mode, dir: string): Promise<void> {
  const p = load(dir);
  const tf = await startBackend(mode, dir);
  const batch = sequenceBatchSize(MAX_LENGTH, p.nSymbols);
  const nBatches = Number(process.env.GRU_BATCHES ?? (mode === 'cpu' ? 6 : 20));
  const allWindows = windowsOf(p.train.ptr, p.train.symbols, MAX_LENGTH, p.nSymbols).n;
  const threads =
    mode === 'cpu' ? 1 : ((await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount?.() ?? 'unknown');
  // Warm-up: kernels compiled and the WASM heap grown before anything is timed.
  await timeEpoch(tf, p, sample(p.train, 2 * batch, 7), batch);
  const measured = await timeEpoch(tf, p, sample(p.train, nBatches * batch, 1), batch);
  const perWindow = measured.ms / measured.windows;
  const out: Record<string, unknown> = {
    mode,
    backend: tf.getBackend(),
    threads,
    items: p.nSymbols,
    windowsPerEpoch: allWindows,
    batch,
    batchesPerEpoch: Math.ceil(allWindows / batch),
    sampled: measured,
    msPerBatch: perWindow * batch,
    sPerEpoch: (perWindow * allWindows) / 1000,
    loadavg: loadavg()[0],
  };
  if (mode !== 'cpu') {
    const big = Number(process.env.GRU_BIG_BATCH ?? 256);
    const bigRun = await timeEpoch(
      tf,
      p,
      sample(p.train, Math.max(4, Math.round((nBatches * batch) / big)) * big, 1),
      big,
    );
    out.bigBatch = {
      batch: big,
      sampled: bigRun,
      msPerBatch: (bigRun.ms / bigRun.windows) * big,
      sPerEpoch: ((bigRun.ms / bigRun.windows) * allWindows) / 1000,
    };
    out.profile = await profileBatch(tf, p, sample(p.train, batch, 3), batch);
  }
  if (mode === 'simd') {
    // The op's predictions after training: every evaluated customer's history, then everyone's whole sequence.
    const one = sample(p.train, batch, 5);
    const everyone = Int32Array.from({ length: p.full.ptr.length - 1 }, (_, u) => u).filter(
      (u) => p.full.ptr[u + 1]! > p.full.ptr[u]!,
    );
    const contexts = [
      { ...subsetSequences(p.train, p.testUsers), excludeOwn: false },
      { ...subsetSequences(p.full, everyone), excludeOwn: false },
    ];
    let epochMs = 0;
    const res = await trainSequenceModel(
      tf,
      request(p, one, batch, contexts),
      { name: 'wasm', reasons: [] },
      {
        onEpoch: (log) => (epochMs = log.ms),
      },
    );
    out.predictMs = res.ms - epochMs;
  }
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  // The threaded build's workers keep the event loop alive.
  process.exit(0);
}

type Profile = Awaited<ReturnType<typeof profileBatch>>;
interface PerEpoch {
  msPerBatch: number;
  sPerEpoch: number;
}
interface ChildResult extends PerEpoch {
  mode: Mode;
  threads: number | string;
  batch: number;
  bigBatch?: PerEpoch & { batch: number };
  predictMs?: number;
  profile?: Profile;
}

async function main(): Promise<void> {
  const modeArg = process.argv.indexOf('--mode');
  if (modeArg > 0) return child(process.argv[modeArg + 1] as Mode, process.argv[modeArg + 3]!);
  if (!existsSync(CSV)) throw new Error(`gru-threads: ${CSV} not found: set CUSTODIAN_DATA to the shared data folder`);
  const modes = (process.env.GRU_MODES?.split(',') ?? [...MODES]) as Mode[];
  const dir = mkdtempSync(join(tmpdir(), 'gru-threads-'));
  try {
    const t0 = performance.now();
    const p = await prepare();
    save(dir, p);
    console.log(
      `Online Retail: ${p.train.ptr.length - 1} customers, ${p.nSymbols} items, ${p.testUsers.length} evaluated, sequences in ${Math.round(performance.now() - t0)} ms`,
    );
    const results: ChildResult[] = [];
    for (const mode of modes) {
      const run = spawnSync(
        process.execPath,
        [...process.execArgv, import.meta.filename, '--mode', mode, '--dir', dir],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        },
      );
      const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        console.log(`${mode}: failed (exit ${run.status})\n${run.stderr.slice(-2000)}`);
        continue;
      }
      const r = JSON.parse(line.slice(7)) as ChildResult;
      results.push(r);
      const { profile, ...rest } = r;
      console.log(JSON.stringify(rest));
      if (profile) {
        const pct = (ms: number) => `${((100 * ms) / profile.total).toFixed(0)}%`;
        const parts = Object.entries(profile.parts).map(([k, v]) => `${k} ${v.toFixed(0)} ms (${pct(v)})`);
        console.log(
          `  one batch under tf.profile (${profile.kernels} kernels, ${profile.total.toFixed(0)} ms): ${parts.join(', ')}`,
        );
        for (const k of profile.top)
          console.log(
            `    ${k.name.padEnd(18)} ${k.part.padEnd(9)} ×${String(k.calls).padEnd(5)} ${k.ms.toFixed(1).padStart(7)} ms ${pct(k.ms)}`,
          );
      }
    }
    const predictS = (results.find((r) => r.mode === 'simd')?.predictMs ?? 0) / 1000;
    const big = results[0]?.bigBatch?.batch ?? '–';
    console.log(
      `\n| mode | threads | ms/batch (b=${results[0]?.batch}) | s/epoch | 3 epochs + predictions | vs PyTorch ${PYTORCH_3_EPOCHS_S} s | s/epoch at b=${big} |`,
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const r of results) {
      const three = EPOCHS * r.sPerEpoch + predictS;
      console.log(
        `| ${r.mode} | ${r.threads} | ${r.msPerBatch.toFixed(0)} | ${r.sPerEpoch.toFixed(0)} | ${three.toFixed(0)} s | ${(three / PYTORCH_3_EPOCHS_S).toFixed(2)}× | ${r.bigBatch ? r.bigBatch.sPerEpoch.toFixed(0) : '–'} |`,
      );
    }
    console.log(`predictions (both context sets, once): ${predictS.toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
