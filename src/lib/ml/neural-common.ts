/**
 * Pieces shared by the neural recommendation models (ncf.ts, ranker.ts, sequence-model.ts), in
 * TF.js. The backend is set by the caller (the training worker); this code never chooses one.
 * Only async reads (`await t.data()`): `dataSync` on WebGPU returns zeros and loses the device
 * (docs/STACK.md §2).
 *
 * Embedding lookups: tf.gather's gradient is tf.unsortedSegmentSum, which the WASM backend does
 * not have ("Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'", tfjs 4.22), so
 * tf.layers.embedding cannot train there, and tf.gatherND has no gradient at all. `lookup` is
 * gatherND forward (whole-row copies, ~40× faster than gather on WASM: factorize-als.ts) with a
 * custom gradient that adds the rows back with tf.scatterND, which sums duplicate indices (TF
 * semantics) on every backend, as BPR's hand-written gradients do (factorize-bpr.ts).
 */
import type * as TF from '@tensorflow/tfjs';
import type { BackendName } from '../protocol/training';
import type { NeuralEpoch, TopLists } from './models/neural';
import type { Rng } from '../util/rng';

export type Tf = typeof TF;

export interface NeuralControl {
  onEpoch(log: NeuralEpoch): void;
  /** The worker's stop flag, checked between epochs and mini-batches: once set, training throws `CancelledError`. */
  shouldStop?(): boolean;
}

export type Backend = { name: BackendName; reasons: string[] };

/** Rows `index` ([k × 1] int32) of `table` ([rows × dim]), differentiable on every backend. */
export function lookup(tf: Tf, table: TF.Tensor, index: TF.Tensor2D): TF.Tensor2D {
  const shape = table.shape as [number, number];
  // customGrad's arguments arrive as (...tensors, save): here (table, save). The index must be
  // saved for the backward pass: tensors a forward pass only closes over are disposed before it.
  const gathered = tf.customGrad((...args: Array<TF.Tensor | TF.GradSaveFunc>) => {
    (args[1] as TF.GradSaveFunc)([index]);
    return {
      value: tf.gatherND(args[0] as TF.Tensor, index) as TF.Tensor2D,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => tf.scatterND(saved[0]!, dy, shape),
    };
  });
  return gathered(table) as TF.Tensor2D;
}

/** An int32 index column for `lookup`. */
export function indexColumn(tf: Tf, codes: Int32Array): TF.Tensor2D {
  return tf.tensor2d(codes, [codes.length, 1], 'int32');
}

/** N(0, sd²) values, seeded (NCF initialises embeddings with N(0, 0.01²): He et al. 2017 §4.1). */
export function normals(rng: Rng, n: number, sd: number): Float32Array {
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = rng.normal(0, sd);
  return out;
}

/** Glorot/Xavier uniform (Glorot & Bengio 2010), Keras' default for Dense kernels, seeded. */
export function glorot(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let k = 0; k < out.length; k++) out[k] = (2 * rng.next() - 1) * limit;
  return out;
}

/**
 * A trainable variable holding `values`: the variable takes over the initial tensor's data, and
 * dropping the tensor's own reference keeps the tensor count flat.
 */
export function weights(tf: Tf, values: Float32Array, shape: number[]): TF.Variable {
  const initial = tf.tensor(values, shape);
  // Unnamed: TF.js names variables uniquely itself (a repeated name would throw).
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}

export function zerosVariable(tf: Tf, shape: number[]): TF.Variable {
  return weights(tf, new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
}

export interface Dense {
  w: TF.Variable;
  b: TF.Variable;
}

export function dense(tf: Tf, rng: Rng, fanIn: number, fanOut: number): Dense {
  return {
    w: weights(tf, glorot(rng, fanIn, fanOut), [fanIn, fanOut]),
    b: zerosVariable(tf, [fanOut]),
  };
}

export function applyDense(tf: Tf, layer: Dense, x: TF.Tensor2D, activation: 'relu' | 'linear'): TF.Tensor2D {
  const y = tf.matMul(x, layer.w).add(layer.b) as TF.Tensor2D;
  return activation === 'relu' ? tf.relu(y) : y;
}

/** Adam with an explicit ε: TF.js would otherwise take the backend's (1e-4 on 16-bit WebGL), so backends would differ. */
export function adam(tf: Tf, learningRate: number): TF.AdamOptimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
}

/** A seeded Fisher–Yates permutation of 0…n−1. */
export function shuffled(rng: Rng, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  for (let k = n - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    const t = order[k]!;
    order[k] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Reads a scalar and disposes it. */
export async function readScalar(t: TF.Tensor): Promise<number> {
  try {
    return (await t.data())[0]!;
  } finally {
    t.dispose();
  }
}

/** A copy that owns its whole buffer (the CPU backend hands out its own storage), so the worker can transfer it. */
export async function readFloats(t: TF.Tensor): Promise<Float32Array> {
  return Float32Array.from((await t.data()) as Float32Array);
}

/** The epoch log goes to a Comlink proxy in the worker: its promise may reject (a cancelled step), which must not surface as an unhandled rejection here. */
export function report(control: NeuralControl, log: NeuralEpoch): void {
  const ack: unknown = control.onEpoch(log);
  if (ack instanceof Promise) ack.catch(() => {});
}

/** Scores at or below this are masked out (excluded or non-candidate items). */
const MASKED = -1e9;

/**
 * Top-k items per row of a [rows × nItems] logit matrix computed `block` rows at a time, with
 * masked cells (`mask(row, out)` sets out[item] = 1 for items that may not be listed) never
 * chosen. Lists hold min(k, allowed items) entries; the rest of a row's k slots are −1.
 */
export async function topKRows(
  tf: Tf,
  rows: number,
  nItems: number,
  k: number,
  logits: (from: number, to: number) => TF.Tensor2D,
  mask: (row: number, out: Uint8Array) => void,
  blockRows: number,
): Promise<TopLists> {
  const kk = Math.min(k, nItems);
  const items = new Int32Array(rows * k).fill(-1);
  const scores = new Float32Array(rows * k).fill(Number.NaN);
  const cell = new Uint8Array(nItems);
  for (let from = 0; from < rows; from += blockRows) {
    const to = Math.min(rows, from + blockRows);
    const penalty = new Float32Array((to - from) * nItems);
    for (let r = from; r < to; r++) {
      cell.fill(0);
      mask(r, cell);
      const base = (r - from) * nItems;
      for (let i = 0; i < nItems; i++) if (cell[i]) penalty[base + i] = MASKED;
    }
    const { values, indices } = tf.tidy(() => {
      const masked = logits(from, to).add(tf.tensor2d(penalty, [to - from, nItems]));
      const top = tf.topk(masked, kk, true);
      return { values: top.values, indices: top.indices };
    });
    const [v, ix] = await Promise.all([values.data(), indices.data()]);
    tf.dispose([values, indices]);
    for (let r = from; r < to; r++) {
      for (let j = 0; j < kk; j++) {
        const s = v[(r - from) * kk + j]!;
        if (s <= MASKED / 2) break;
        items[r * k + j] = ix[(r - from) * kk + j]!;
        scores[r * k + j] = s;
      }
    }
  }
  return { k, items, scores };
}

/** Speed and size of a finished training, as every neural model reports them. `samples`: all epochs together. */
export function trainingStats(
  epochMs: readonly number[],
  samples: number,
  vars: readonly TF.Variable[],
  backend: Backend,
) {
  const trainMs = epochMs.reduce((a, v) => a + v, 0);
  return {
    samplesPerSecond: trainMs > 0 ? samples / (trainMs / 1000) : 0,
    msPerEpoch: epochMs.length ? trainMs / epochMs.length : 0,
    parameters: vars.reduce((a, v) => a + v.size, 0),
    backend: backend.name,
    backendReasons: backend.reasons,
  };
}

/**
 * After the optimizer and variables are disposed: the tensor count before and now (equal, or
 * something leaked — the tests assert it) and the wall time since `started` (performance.now()).
 */
export function tensorAudit(tf: Tf, tensorsBefore: number, started: number) {
  return { tensors: { before: tensorsBefore, after: tf.memory().numTensors }, ms: performance.now() - started };
}
