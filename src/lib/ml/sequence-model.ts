/**
 * Next-item (or next-category) prediction from each customer's ordered behaviour with a GRU, in
 * the manner of GRU4Rec (Hidasi, Karatzoglou, Baltrunas & Tikk 2016, "Session-based
 * recommendations with recurrent neural networks", ICLR), trained in TF.js:
 *   e_t = E[s_t]                                  (symbol embedding, d = `factors`)
 *   z = σ(W_z e + U_z h + b_z), r = σ(W_r e + U_r h + b_r)
 *   n = tanh(W_n e + b_n + r ⊙ (U_n h + b'_n)),  h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 *   p(s_{t+1} | s_≤t) = softmax(h_t Eᵀ + c)      (output tied to the input embedding: Press & Wolf
 *                                                 2017, "Using the output embedding to improve
 *                                                 language models")
 * (the GRU as Cho et al. 2014 with the reset gate after the recurrent product, Keras'
 * `reset_after`). Loss: full-softmax cross-entropy at every position of a sequence, which later
 * work found far stronger than sampled losses for sequential recommenders (Klenitskiy & Vasilev
 * 2023, "Turning dross into gold loss: is BERT4Rec really better than SASRec?"). Sequences longer
 * than `maxLength` are cut, from the end, into windows of `maxLength` steps, each starting from
 * h = 0; shorter ones are left-padded, and padded steps neither move h nor count in the loss.
 */
import type * as TF from '@tensorflow/tfjs';
import type { NeuralOutcome, NeuralTraining, TopLists } from './models/neural';
import { Rng } from '../util/rng';
import { checkpoint } from './cancel';
import {
  adam,
  glorot,
  indexColumn,
  lookup,
  normals,
  readScalar,
  report,
  shuffled,
  tensorAudit,
  topKRows,
  trainingStats,
  weights,
  zerosVariable,
  type Backend,
  type NeuralControl,
  type Tf,
} from './neural-common';

export interface SequenceRequest extends NeuralTraining {
  /** Symbols are items or categories, coded 0…nSymbols−1. */
  nSymbols: number;
  /** Training sequences: sequence s is symbols[ptr[s] … ptr[s+1]), oldest first. */
  ptr: Int32Array;
  symbols: Int32Array;
  /** Hidden and embedding size. */
  factors: number;
  /** Steps per training window (longer sequences are cut into windows). */
  maxLength: number;
  batchSize: number;
  /**
   * Predict the next symbol after each of these sequences (same layout), top k of `candidates`;
   * `excludeOwn` leaves out the symbols already in that sequence.
   */
  contexts: Array<{ ptr: Int32Array; symbols: Int32Array; excludeOwn: boolean }>;
  k: number;
  candidates: Uint8Array;
}

export interface SequenceResult extends NeuralOutcome {
  /** One TopLists per context, one list per context sequence; scores are log P(next = symbol). */
  top: TopLists[];
  windows: number;
  /** Training steps (input → next symbol) per epoch. */
  positions: number;
}

/** Training windows: [n × L] inputs, next-step targets and a 1/0 mask (0 = left padding). */
export interface Windows {
  n: number;
  length: number;
  inputs: Int32Array;
  targets: Int32Array;
  mask: Float32Array;
}

/**
 * Cuts each sequence (symbols[ptr[s] .. ptr[s+1]), oldest first) into windows of `length`
 * (input, next symbol) steps, from the end backwards; padding cells hold `pad`. A sequence of m
 * symbols gives m − 1 steps; one of fewer than 2 symbols gives none.
 */
export function windowsOf(ptr: Int32Array, symbols: Int32Array, length: number, pad: number): Windows {
  const starts: Array<[from: number, to: number]> = [];
  for (let s = 0; s + 1 < ptr.length; s++) {
    const first = ptr[s]!;
    // Steps are (symbols[j], symbols[j + 1]) for j in [first, last − 1).
    let end = ptr[s + 1]! - 1;
    while (end > first) {
      const from = Math.max(first, end - length);
      starts.push([from, end]);
      end = from;
    }
  }
  const n = starts.length;
  const inputs = new Int32Array(n * length).fill(pad);
  const targets = new Int32Array(n * length).fill(pad);
  const mask = new Float32Array(n * length);
  starts.forEach(([from, to], w) => {
    const offset = w * length + length - (to - from);
    for (let j = from; j < to; j++) {
      inputs[offset + j - from] = symbols[j]!;
      targets[offset + j - from] = symbols[j + 1]!;
      mask[offset + j - from] = 1;
    }
  });
  return { n, length, inputs, targets, mask };
}

/** The last `length` symbols of each context, left-padded (the input of a prediction). */
export function lastSteps(
  ptr: Int32Array,
  symbols: Int32Array,
  length: number,
  pad: number,
): { inputs: Int32Array; mask: Float32Array; n: number } {
  const n = ptr.length - 1;
  const inputs = new Int32Array(n * length).fill(pad);
  const mask = new Float32Array(n * length);
  for (let s = 0; s < n; s++) {
    const to = ptr[s + 1]!;
    const from = Math.max(ptr[s]!, to - length);
    const offset = s * length + length - (to - from);
    for (let j = from; j < to; j++) {
      inputs[offset + j - from] = symbols[j]!;
      mask[offset + j - from] = 1;
    }
  }
  return { inputs, mask, n };
}

interface Gru {
  /** [nSymbols + 1 × d]; the last row is padding. */
  embedding: TF.Variable;
  wx: TF.Variable; // [d × 3d]
  wh: TF.Variable; // [d × 3d]
  bx: TF.Variable; // [3d]
  bh: TF.Variable; // [3d]
  outBias: TF.Variable; // [nSymbols]
}

function build(tf: Tf, nSymbols: number, d: number, rng: Rng): Gru {
  // Keras' GRU defaults: Glorot-uniform input kernel; the recurrent kernel orthogonal there, Glorot here (seeded, no QR).
  return {
    embedding: weights(tf, normals(rng, (nSymbols + 1) * d, 0.05), [nSymbols + 1, d]),
    wx: weights(tf, glorot(rng, d, 3 * d), [d, 3 * d]),
    wh: weights(tf, glorot(rng, d, 3 * d), [d, 3 * d]),
    bx: zerosVariable(tf, [3 * d]),
    bh: zerosVariable(tf, [3 * d]),
    outBias: zerosVariable(tf, [nSymbols]),
  };
}

const variablesOf = (g: Gru): TF.Variable[] => [g.embedding, g.wx, g.wh, g.bx, g.bh, g.outBias];

/** Hidden states after every step: [b × L × d] (run = all), or after the last: [b × d]. */
function runGru(
  tf: Tf,
  g: Gru,
  inputs: Int32Array,
  mask: Float32Array,
  b: number,
  length: number,
  all: boolean,
): TF.Tensor {
  const d = g.wx.shape[0]!;
  const e = lookup(tf, g.embedding, indexColumn(tf, inputs)); // [b·L × d]
  const xProj = tf
    .matMul(e, g.wx)
    .add(g.bx)
    .reshape([b, length, 3 * d]);
  const m = tf.tensor2d(mask, [b, length]);
  let h: TF.Tensor2D = tf.zeros([b, d]);
  const states: TF.Tensor2D[] = [];
  for (let t = 0; t < length; t++) {
    const x = xProj.slice([0, t, 0], [b, 1, 3 * d]).reshape([b, 3 * d]);
    const hh = tf.matMul(h, g.wh).add(g.bh);
    const [xz, xr, xn] = tf.split(x, 3, 1) as [TF.Tensor2D, TF.Tensor2D, TF.Tensor2D];
    const [hz, hr, hn] = tf.split(hh, 3, 1) as [TF.Tensor2D, TF.Tensor2D, TF.Tensor2D];
    const z = tf.sigmoid(xz.add(hz));
    const r = tf.sigmoid(xr.add(hr));
    const n = tf.tanh(xn.add(r.mul(hn)));
    const next = tf.sub(1, z).mul(n).add(z.mul(h));
    // A padded step leaves h as it was.
    const mt = m.slice([0, t], [b, 1]);
    h = next.mul(mt).add(h.mul(tf.sub(1, mt))) as TF.Tensor2D;
    if (all) states.push(h);
  }
  return all ? tf.stack(states, 1) : h;
}

function batchLoss(tf: Tf, g: Gru, w: Windows, rows: Int32Array, nSymbols: number): TF.Scalar {
  const L = w.length;
  const b = rows.length;
  const inputs = new Int32Array(b * L);
  const targets = new Int32Array(b * L);
  const mask = new Float32Array(b * L);
  rows.forEach((r, j) => {
    inputs.set(w.inputs.subarray(r * L, r * L + L), j * L);
    targets.set(w.targets.subarray(r * L, r * L + L), j * L);
    mask.set(w.mask.subarray(r * L, r * L + L), j * L);
  });
  // Padded targets (masked out of the loss) point at symbol 0 so every lookup is in range.
  for (let j = 0; j < targets.length; j++) if (targets[j]! >= nSymbols) targets[j] = 0;
  const d = g.wx.shape[0]!;
  const states = runGru(tf, g, inputs, mask, b, L, true).reshape([b * L, d]) as TF.Tensor2D;
  // −log softmax at the target = logsumexp(logits) − logit[target]; the target's logit comes from
  // its own embedding row, so no [positions × symbols] one-hot is ever built.
  const target = indexColumn(tf, targets);
  const targetLogit = states
    .mul(lookup(tf, g.embedding, target))
    .sum(1)
    .add(lookup(tf, g.outBias.reshape([nSymbols, 1]), target).reshape([b * L]));
  const nll = rowLogSumExp(tf, logitsOf(tf, g, states, nSymbols)).sub(targetLogit);
  const m = tf.tensor1d(mask);
  return nll.mul(m).sum().div(m.sum()) as TF.Scalar;
}

/**
 * log Σ exp over each row, differentiated as softmax × dy. TF.js's logSumExp (max + log Σ exp(x −
 * max)) also differentiates through the max: those terms cancel (1 − Σ softmax = 0) but cost an
 * Equal, a Cast, a Mul and a Sum over all [positions × symbols] logits, about half of a training
 * batch on WASM with ~3,700 items (bench/gru-threads.ts). Same value; the gradient differs only by
 * the rounding of the cancelled terms.
 */
function rowLogSumExp(tf: Tf, logits: TF.Tensor2D): TF.Tensor1D {
  const lse = tf.customGrad((...args: Array<TF.Tensor | TF.GradSaveFunc>) => {
    const x = args[0] as TF.Tensor2D;
    const value = tf.logSumExp(x, 1);
    (args[1] as TF.GradSaveFunc)([x, value]);
    return {
      value,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) =>
        dy.reshape([-1, 1]).mul(tf.exp(saved[0]!.sub(saved[1]!.reshape([-1, 1])))),
    };
  });
  return lse(logits) as TF.Tensor1D;
}

/**
 * Windows per batch: up to 256, fewer when the symbols are many, so that a batch's logits
 * ([windows · maxLength × symbols] floats) stay near 4M (16 MB).
 */
export function sequenceBatchSize(maxLength: number, nSymbols: number): number {
  return Math.max(8, Math.min(256, Math.floor(4_194_304 / (maxLength * nSymbols))));
}

function logitsOf(tf: Tf, g: Gru, states: TF.Tensor2D, nSymbols: number): TF.Tensor2D {
  const d = g.wx.shape[0]!;
  return tf.matMul(states, g.embedding.slice([0, 0], [nSymbols, d]), false, true).add(g.outBias) as TF.Tensor2D;
}

export async function trainSequenceModel(
  tf: Tf,
  req: SequenceRequest,
  backend: Backend,
  control: NeuralControl,
): Promise<SequenceResult> {
  const started = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  checkSequenceRequest(req);
  const { nSymbols, maxLength: L } = req;
  const windows = windowsOf(req.ptr, req.symbols, L, nSymbols);
  if (windows.n === 0) throw new Error('sequence: symbols: no sequence has two steps to learn a transition from');
  let positions = 0;
  for (const v of windows.mask) positions += v;
  const rng = new Rng(req.seed);
  const gru = build(tf, nSymbols, req.factors, rng);
  const vars = variablesOf(gru);
  const optimizer = adam(tf, req.learningRate);
  const check = checkpoint(control.shouldStop);
  const losses: number[] = [];
  const epochMs: number[] = [];
  let result: Omit<SequenceResult, 'tensors' | 'ms'>;
  try {
    for (let epoch = 1; epoch <= req.epochs; epoch++) {
      const t0 = performance.now();
      const order = shuffled(rng, windows.n);
      let total: TF.Tensor = tf.scalar(0);
      for (let from = 0; from < windows.n; from += req.batchSize) {
        await check().catch((err: unknown) => {
          total.dispose();
          throw err;
        });
        const rows = order.subarray(from, Math.min(windows.n, from + req.batchSize));
        const cost = optimizer.minimize(() => batchLoss(tf, gru, windows, rows, nSymbols), true, vars)!;
        const next = tf.tidy(() => total.add(cost.mul(rows.length)));
        tf.dispose([total, cost]);
        total = next;
      }
      // Mean over windows of each window's mean step loss.
      const loss = (await readScalar(total)) / windows.n;
      const ms = performance.now() - t0;
      epochMs.push(ms);
      losses.push(loss);
      report(control, { epoch, loss, samples: positions, ms });
      await check();
    }
    const top: TopLists[] = [];
    for (const c of req.contexts) top.push(await predictNext(tf, gru, c, req));
    result = {
      top,
      losses,
      windows: windows.n,
      positions,
      ...trainingStats(epochMs, positions * epochMs.length, vars, backend),
    };
  } finally {
    optimizer.dispose();
    tf.dispose(vars);
  }
  return { ...result, ...tensorAudit(tf, tensorsBefore, started) };
}

/** Top-k next symbols after each context sequence, scored by log P(next = symbol). */
async function predictNext(
  tf: Tf,
  g: Gru,
  context: SequenceRequest['contexts'][number],
  req: SequenceRequest,
): Promise<TopLists> {
  const { nSymbols, maxLength: L } = req;
  const last = lastSteps(context.ptr, context.symbols, L, nSymbols);
  const block = Math.max(1, Math.min(512, Math.floor(1_048_576 / Math.max(nSymbols, L * req.factors))));
  return topKRows(
    tf,
    last.n,
    nSymbols,
    req.k,
    (from, to) => {
      const h = runGru(
        tf,
        g,
        last.inputs.subarray(from * L, to * L),
        last.mask.subarray(from * L, to * L),
        to - from,
        L,
        false,
      ) as TF.Tensor2D;
      return tf.logSoftmax(logitsOf(tf, g, h, nSymbols));
    },
    (row, out) => {
      for (let i = 0; i < nSymbols; i++) if (!req.candidates[i]) out[i] = 1;
      if (context.excludeOwn)
        for (let j = context.ptr[row]!; j < context.ptr[row + 1]!; j++) out[context.symbols[j]!] = 1;
    },
    block,
  );
}

export function checkSequenceRequest(req: SequenceRequest): void {
  const fail = (field: string, message: string): never => {
    throw new Error(`sequence: ${field}: ${message}`);
  };
  const int = (field: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) fail(field, `must be an integer from ${lo} to ${hi}, got ${v}`);
  };
  int('nSymbols', req.nSymbols, 2, 1 << 20);
  int('factors', req.factors, 1, 512);
  int('maxLength', req.maxLength, 1, 1000);
  int('epochs', req.epochs, 1, 10_000);
  int('batchSize', req.batchSize, 1, 1 << 16);
  int('k', req.k, 1, 10_000);
  if (!(Number.isFinite(req.learningRate) && req.learningRate > 0))
    fail('learningRate', `must be a finite number > 0, got ${req.learningRate}`);
  if (req.candidates.length !== req.nSymbols)
    fail('candidates', `needs one flag per symbol (${req.nSymbols}), got ${req.candidates.length}`);
  const checkLayout = (field: string, ptr: Int32Array, symbols: Int32Array) => {
    if (ptr.length < 1 || ptr[0] !== 0 || ptr[ptr.length - 1] !== symbols.length)
      fail(field, `ptr must run from 0 to the number of symbols (${symbols.length})`);
    for (let s = 1; s < ptr.length; s++) if (ptr[s]! < ptr[s - 1]!) fail(field, `ptr must not decrease (at ${s})`);
    for (let j = 0; j < symbols.length; j++)
      if (symbols[j]! < 0 || symbols[j]! >= req.nSymbols)
        fail(field, `symbol ${j} is ${symbols[j]}, outside 0…${req.nSymbols - 1}`);
  };
  checkLayout('symbols', req.ptr, req.symbols);
  req.contexts.forEach((c, i) => checkLayout(`contexts[${i}]`, c.ptr, c.symbols));
}

/** Sequences in CSR layout: sequence s is symbols[ptr[s] … ptr[s+1]), oldest first. */
export interface Sequences {
  ptr: Int32Array;
  symbols: Int32Array;
}

/**
 * One sequence per user from event rows (any order): rows sorted by (time, symbol) within each
 * user, so same-time rows (the lines of one order) come in symbol-code order; with `collapse`, a
 * step repeating the one before it is dropped (view, cart, purchase of one item = one step).
 */
export function orderedSequences(
  user: Int32Array,
  symbol: Int32Array,
  time: Float64Array,
  nUsers: number,
  collapse: boolean,
): Sequences {
  const order = Array.from({ length: user.length }, (_, r) => r).sort(
    (a, b) => user[a]! - user[b]! || time[a]! - time[b]! || symbol[a]! - symbol[b]!,
  );
  const ptr = new Int32Array(nUsers + 1);
  const symbols = new Int32Array(user.length);
  let n = 0;
  let prevUser = -1;
  for (const r of order) {
    const u = user[r]!;
    const s = symbol[r]!;
    if (collapse && u === prevUser && symbols[n - 1] === s) continue;
    symbols[n++] = s;
    ptr[u + 1]!++;
    prevUser = u;
  }
  for (let u = 0; u < nUsers; u++) ptr[u + 1]! += ptr[u]!;
  return { ptr, symbols: symbols.slice(0, n) };
}

/**
 * Leave-last-out: every sequence loses its last step, which becomes its target (−1 for a
 * sequence of fewer than 2 steps: it has no history to predict from, so it is not evaluated, and
 * its lone step stays in training).
 */
export function leaveLastOut(seq: Sequences): { train: Sequences; target: Int32Array } {
  const n = seq.ptr.length - 1;
  const target = new Int32Array(n).fill(-1);
  const ptr = new Int32Array(n + 1);
  const kept: number[] = [];
  for (let s = 0; s < n; s++) {
    const [from, to] = [seq.ptr[s]!, seq.ptr[s + 1]!];
    const last = to - from >= 2 ? to - 1 : to;
    if (last < to) target[s] = seq.symbols[last]!;
    for (let j = from; j < last; j++) kept.push(seq.symbols[j]!);
    ptr[s + 1] = kept.length;
  }
  return { train: { ptr, symbols: Int32Array.from(kept) }, target };
}

/** The sequences of `rows` (in that order), same layout. */
export function subsetSequences(seq: Sequences, rows: ArrayLike<number>): Sequences {
  const ptr = new Int32Array(rows.length + 1);
  const parts: Int32Array[] = [];
  for (let j = 0; j < rows.length; j++) {
    const s = rows[j]!;
    const part = seq.symbols.subarray(seq.ptr[s]!, seq.ptr[s + 1]!);
    parts.push(part);
    ptr[j + 1] = ptr[j]! + part.length;
  }
  const symbols = new Int32Array(ptr[rows.length]!);
  parts.forEach((part, j) => symbols.set(part, ptr[j]!));
  return { ptr, symbols };
}
