/**
 * Neural matrix factorisation, NeuMF (He, Liao, Zhang, Nie, Hu & Chua 2017, "Neural Collaborative
 * Filtering", WWW), for implicit feedback, trained with TF.js:
 *   GMF   φ_G = p_u ⊙ q_i                               (f factors)
 *   MLP   φ_M = ReLU(W₂ ReLU(W₁ [p'_u ; q'_i] + b₁) + b₂)  (embeddings 2f each, tower 4f → 2f → f:
 *                                                         §4.1, "32 → 16 → 8" for 8 factors)
 *   ŷ_ui  = σ(hᵀ [φ_G ; φ_M] + b)
 * minimising binary cross-entropy over the observed pairs (label 1) and `negatives` items per
 * positive drawn uniformly from the items the user has not interacted with, redrawn each epoch
 * (§3.1.1; 4 negatives as in §4.4), with Adam. Unlike the paper the towers are trained jointly from
 * scratch (no GMF/MLP pre-training) and with an optional L2 on the embedding rows in the batch.
 *
 * After training, items are ranked for the requested users by the logit hᵀ[φ_G; φ_M] + b (σ is
 * monotone). Scoring every (user, item) pair uses that W₁ acts on a concatenation:
 * W₁[p'; q'] = W₁ᵤp' + W₁ᵢq', so each user's and item's half of the first layer is computed once.
 */
import type * as TF from '@tensorflow/tfjs';
import type { NeuralOutcome, NeuralTraining, TopLists } from './models/neural';
import { buildInteractions, contains, type Csr } from '../recsys/interactions';
import { Rng } from '../util/rng';
import { checkpoint } from './cancel';
import {
  adam,
  applyDense,
  dense,
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
  type Backend,
  type Dense,
  type NeuralControl,
  type Tf,
} from './neural-common';

export interface NcfRequest extends NeuralTraining {
  nUsers: number;
  nItems: number;
  /** [nnz] one entry per observed (user, item) pair. */
  users: Int32Array;
  items: Int32Array;
  /** GMF factors f; the MLP tower is 4f → 2f → f. */
  factors: number;
  /** Sampled non-interacted items per positive, redrawn each epoch. */
  negatives: number;
  /** Default: about 50 batches per epoch (256 … 8192 samples). */
  batchSize?: number;
  /** L2 on the embedding rows of each batch. */
  regularization: number;
  /** Rank items for these users after training. */
  score: {
    users: Int32Array;
    k: number;
    /** [nItems] 1 = may be recommended. */
    candidates: Uint8Array;
    /** Leave out each user's own observed pairs. */
    excludeSeen: boolean;
  };
}

export interface NcfResult extends NeuralOutcome {
  /** One list per `score.users` entry. */
  top: TopLists;
  batchSize: number;
}

/** Training samples of one epoch: every positive once plus its negatives, in a seeded order. */
export interface Samples {
  users: Int32Array;
  items: Int32Array;
  /** 1 = observed pair, 0 = sampled negative. */
  labels: Float32Array;
}

/**
 * Each observed pair of `byUser` with `perPositive` negatives for the same user, each drawn
 * uniformly from the items that user has no entry for (never a positive), then shuffled.
 * Users who hold every item get no negatives.
 */
export function sampleNegatives(byUser: Csr, perPositive: number, rng: Rng): Samples {
  const nnz = byUser.index.length;
  const users = new Int32Array(nnz * (1 + perPositive));
  const items = new Int32Array(users.length);
  const labels = new Float32Array(users.length);
  let n = 0;
  for (let u = 0; u < byUser.nRows; u++) {
    for (let p = byUser.ptr[u]!; p < byUser.ptr[u + 1]!; p++) {
      users[n] = u;
      items[n] = byUser.index[p]!;
      labels[n++] = 1;
      for (let j = 0; j < perPositive; j++) {
        const neg = negativeItem(byUser, u, rng);
        if (neg < 0) break;
        users[n] = u;
        items[n] = neg;
        labels[n++] = 0;
      }
    }
  }
  const order = shuffled(rng, n);
  return {
    users: Int32Array.from(order, (k) => users[k]!),
    items: Int32Array.from(order, (k) => items[k]!),
    labels: Float32Array.from(order, (k) => labels[k]!),
  };
}

/** A uniform draw from the items user u has no entry for, or −1 if there is none. */
export function negativeItem(byUser: Csr, u: number, rng: Rng): number {
  const from = byUser.ptr[u]!;
  const seen = byUser.ptr[u + 1]! - from;
  const free = byUser.nCols - seen;
  if (free <= 0) return -1;
  // Rejection is fast while most items are free (expected < 2 draws); otherwise take the k-th free item.
  if (seen * 2 <= byUser.nCols) {
    for (;;) {
      const j = rng.int(byUser.nCols);
      if (!contains(byUser, u, j)) return j;
    }
  }
  let k = rng.int(free);
  let next = from;
  for (let j = 0; j < byUser.nCols; j++) {
    if (next < byUser.ptr[u + 1]! && byUser.index[next] === j) {
      next++;
      continue;
    }
    if (k-- === 0) return j;
  }
  return -1;
}

interface NeuMF {
  gmfUsers: TF.Variable;
  gmfItems: TF.Variable;
  mlpUsers: TF.Variable;
  mlpItems: TF.Variable;
  tower: [Dense, Dense];
  out: Dense;
}

function build(tf: Tf, nUsers: number, nItems: number, f: number, rng: Rng): NeuMF {
  return {
    gmfUsers: weights(tf, normals(rng, nUsers * f, 0.01), [nUsers, f]),
    gmfItems: weights(tf, normals(rng, nItems * f, 0.01), [nItems, f]),
    mlpUsers: weights(tf, normals(rng, nUsers * 2 * f, 0.01), [nUsers, 2 * f]),
    mlpItems: weights(tf, normals(rng, nItems * 2 * f, 0.01), [nItems, 2 * f]),
    tower: [dense(tf, rng, 4 * f, 2 * f), dense(tf, rng, 2 * f, f)],
    out: dense(tf, rng, 2 * f, 1),
  };
}

function variables(m: NeuMF): TF.Variable[] {
  return [m.gmfUsers, m.gmfItems, m.mlpUsers, m.mlpItems, ...m.tower.flatMap((l) => [l.w, l.b]), m.out.w, m.out.b];
}

/** Mean BCE of one batch (+ λ · mean squared norm of the batch's embedding rows). */
function batchLoss(
  tf: Tf,
  m: NeuMF,
  users: Int32Array,
  items: Int32Array,
  labels: Float32Array,
  regularization: number,
): TF.Scalar {
  const u = indexColumn(tf, users);
  const i = indexColumn(tf, items);
  const gu = lookup(tf, m.gmfUsers, u);
  const gi = lookup(tf, m.gmfItems, i);
  const mu = lookup(tf, m.mlpUsers, u);
  const mi = lookup(tf, m.mlpItems, i);
  let h = applyDense(tf, m.tower[0], tf.concat([mu, mi], 1), 'relu');
  h = applyDense(tf, m.tower[1], h, 'relu');
  const logit = applyDense(tf, m.out, tf.concat([gu.mul(gi) as TF.Tensor2D, h], 1), 'linear');
  const y = tf.tensor2d(labels, [labels.length, 1]);
  let loss = tf.losses.sigmoidCrossEntropy(y, logit) as TF.Scalar;
  if (regularization > 0) {
    const norms = tf.addN([gu, gi, mu, mi].map((t) => t.square().sum()));
    loss = loss.add(norms.mul(regularization / labels.length)) as TF.Scalar;
  }
  return loss;
}

/**
 * Batches per epoch stay near 50 whatever the data size (the batch grows with the data, 256 …
 * 8192 samples), unless given: each Adam step costs a fixed overhead of ~100 kernel launches plus
 * a dense update of every embedding table, which small batches pay too often (WASM, sample shop:
 * 13k samples/s at 256 per batch, 57k at 4096).
 */
export function ncfBatchSize(samples: number, given?: number): number {
  if (given) return given;
  return Math.min(8192, Math.max(256, 2 ** Math.round(Math.log2(Math.max(1, samples / 50)))));
}

export async function trainNcf(tf: Tf, req: NcfRequest, backend: Backend, control: NeuralControl): Promise<NcfResult> {
  const started = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  checkNcfRequest(req);
  const history = buildInteractions(
    req.users,
    req.items,
    new Float32Array(req.users.length).fill(1),
    req.nUsers,
    req.nItems,
  );
  const rng = new Rng(req.seed);
  const model = build(tf, req.nUsers, req.nItems, req.factors, rng);
  const optimizer = adam(tf, req.learningRate);
  const vars = variables(model);
  const check = checkpoint(control.shouldStop);
  const losses: number[] = [];
  const epochMs: number[] = [];
  let samples = 0;
  let batchSize = 0;
  let result: Omit<NcfResult, 'tensors' | 'ms'>;
  try {
    for (let epoch = 1; epoch <= req.epochs; epoch++) {
      const t0 = performance.now();
      const s = sampleNegatives(history.byUser, req.negatives, rng);
      const n = s.users.length;
      batchSize = ncfBatchSize(n, req.batchSize);
      let total: TF.Tensor = tf.scalar(0);
      for (let from = 0; from < n; from += batchSize) {
        await check().catch((err: unknown) => {
          total.dispose();
          throw err;
        });
        const to = Math.min(n, from + batchSize);
        const cost = optimizer.minimize(
          () =>
            batchLoss(
              tf,
              model,
              s.users.subarray(from, to),
              s.items.subarray(from, to),
              s.labels.subarray(from, to),
              req.regularization,
            ),
          true,
          vars,
        )!;
        const next = tf.tidy(() => total.add(cost.mul(to - from)));
        tf.dispose([total, cost]);
        total = next;
      }
      const loss = (await readScalar(total)) / n;
      const ms = performance.now() - t0;
      epochMs.push(ms);
      losses.push(loss);
      samples += n;
      report(control, { epoch, loss, samples: n, ms });
      await check();
    }
    result = {
      top: await scoreUsers(tf, model, req, history.byUser),
      losses,
      batchSize,
      ...trainingStats(epochMs, samples, vars, backend),
    };
  } finally {
    // Disposing the optimizer frees Adam's moment variables (2 per weight).
    optimizer.dispose();
    tf.dispose(vars);
  }
  // Everything is disposed now: the tensor count must be back where it started.
  return { ...result, ...tensorAudit(tf, tensorsBefore, started) };
}

/** Top-k logits for `req.score.users`, 64 users × all items per block. */
async function scoreUsers(tf: Tf, m: NeuMF, req: NcfRequest, byUser: Csr): Promise<NcfResult['top']> {
  const { users, k, candidates, excludeSeen } = req.score;
  const f = req.factors;
  const nItems = req.nItems;
  const [w1, b1] = [m.tower[0].w, m.tower[0].b];
  // Per-item halves, computed once: [nItems × 2f] first-layer part, [nItems × f] GMF item factors.
  const itemHalf = tf.tidy(() => tf.matMul(m.mlpItems, w1.slice([2 * f, 0], [2 * f, 2 * f])).add(b1));
  const hOut = m.out.w; // [2f × 1]: first f rows weigh GMF, last f the MLP
  try {
    return await topKRows(
      tf,
      users.length,
      nItems,
      k,
      (from, to) => {
        const b = to - from;
        const u = indexColumn(tf, users.subarray(from, to));
        const userHalf = tf.matMul(tf.gatherND(m.mlpUsers, u) as TF.Tensor2D, w1.slice([0, 0], [2 * f, 2 * f])); // [b × 2f]
        const layer1 = tf
          .relu(userHalf.reshape([b, 1, 2 * f]).add(itemHalf.reshape([1, nItems, 2 * f])))
          .reshape([b * nItems, 2 * f]) as TF.Tensor2D;
        const mlp = applyDense(tf, m.tower[1], layer1, 'relu'); // [b·nItems × f]
        const gmf = (tf.gatherND(m.gmfUsers, u) as TF.Tensor2D)
          .reshape([b, 1, f])
          .mul(m.gmfItems.reshape([1, nItems, f]))
          .reshape([b * nItems, f]) as TF.Tensor2D;
        const logit = tf
          .matMul(gmf, hOut.slice([0, 0], [f, 1]))
          .add(tf.matMul(mlp, hOut.slice([f, 0], [f, 1])))
          .add(m.out.b);
        return logit.reshape([b, nItems]) as TF.Tensor2D;
      },
      (row, out) => {
        for (let i = 0; i < nItems; i++) if (!candidates[i]) out[i] = 1;
        if (excludeSeen) {
          const u = users[row]!;
          for (let p = byUser.ptr[u]!; p < byUser.ptr[u + 1]!; p++) out[byUser.index[p]!] = 1;
        }
      },
      Math.max(1, Math.floor(262_144 / Math.max(1, nItems))),
    );
  } finally {
    itemHalf.dispose();
  }
}

/** Shape and range checks with the field named, before any tensor exists. */
export function checkNcfRequest(req: NcfRequest): void {
  const fail = (field: string, message: string): never => {
    throw new Error(`ncf: ${field}: ${message}`);
  };
  const int = (field: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) fail(field, `must be an integer from ${lo} to ${hi}, got ${v}`);
  };
  int('nUsers', req.nUsers, 1, 2 ** 31 - 1);
  int('nItems', req.nItems, 2, 2 ** 24);
  int('factors', req.factors, 1, 256);
  int('negatives', req.negatives, 1, 100);
  int('epochs', req.epochs, 1, 10_000);
  if (req.batchSize !== undefined) int('batchSize', req.batchSize, 1, 1 << 20);
  if (!(Number.isFinite(req.learningRate) && req.learningRate > 0))
    fail('learningRate', `must be a finite number > 0, got ${req.learningRate}`);
  if (!(Number.isFinite(req.regularization) && req.regularization >= 0))
    fail('regularization', `must be a finite number ≥ 0, got ${req.regularization}`);
  if (req.items.length !== req.users.length)
    fail('items', `users and items must have one entry per pair (lengths ${req.users.length}, ${req.items.length})`);
  if (req.users.length === 0) fail('users', 'no interactions to learn from');
  for (let k = 0; k < req.users.length; k++) {
    if (req.users[k]! < 0 || req.users[k]! >= req.nUsers)
      fail('users', `entry ${k} is ${req.users[k]}, outside 0…${req.nUsers - 1}`);
    if (req.items[k]! < 0 || req.items[k]! >= req.nItems)
      fail('items', `entry ${k} is ${req.items[k]}, outside 0…${req.nItems - 1}`);
  }
  const s = req.score;
  int('score.k', s.k, 1, 10_000);
  if (s.candidates.length !== req.nItems)
    fail('score.candidates', `needs one flag per item (${req.nItems}), got ${s.candidates.length}`);
  for (const u of s.users)
    if (u < 0 || u >= req.nUsers) fail('score.users', `user ${u} is outside 0…${req.nUsers - 1}`);
}
