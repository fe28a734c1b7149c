/**
 * Matrix factorisation for recommendations, trained with TF.js: implicit ALS
 * (factorize-als.ts) or BPR (factorize-bpr.ts). The backend is set by the caller (the training
 * worker); this code never chooses one. Only async reads (`await t.data()`): `dataSync` on
 * WebGPU returns zeros and loses the device (docs/STACK.md §2). Every tensor made here is
 * disposed before returning, which `tensors.before === tensors.after` reports.
 */
import type * as TF from '@tensorflow/tfjs';
import type { BackendName } from '../protocol/training';
import { Rng } from '../util/rng';
import { bucketRows, toCsr, type Csr } from './factorize-layout';
import { alsLoss, disposeSide, gatherSide, solveSide, uploadSide } from './factorize-als';
import { checkpoint } from './cancel';
import { bprBatchSize, bprStep, sampleTriples, type BprState } from './factorize-bpr';

export interface FactorizeRequest {
  algorithm: 'als' | 'bpr';
  nUsers: number;
  nItems: number;
  /** One entry per distinct (user, item) pair; weights e.g. purchase counts. */
  users: Int32Array;
  items: Int32Array;
  weights: Float32Array;
  factors: number;
  epochs: number;
  regularization: number;
  /** bpr: Adam learning rate. */
  learningRate?: number;
  /** als: confidence c = 1 + alpha · weight (Hu, Koren & Volinsky 2008). */
  alpha?: number;
  seed: number;
  backend: 'auto' | BackendName;
}

/** Per-epoch progress of a factorisation. */
export interface FactorizeEpoch {
  epoch: number;
  loss: number;
}

export interface FactorizeResult {
  /** [nUsers × factors] row-major; a user's score for an item is the dot product of their rows. */
  userFactors: Float32Array;
  /** [nItems × factors] row-major. */
  itemFactors: Float32Array;
  /** One per epoch run. */
  losses: number[];
  backend: BackendName;
  backendReasons: string[];
  msPerEpoch: number;
  /** Live tensors before and after training: equal unless something leaked. */
  tensors: { before: number; after: number };
  ms: number;
}

type Tf = typeof TF;

export interface FactorizeControl {
  onEpoch(log: FactorizeEpoch): void;
  /** The worker's stop flag, checked between epochs and mini-batches: once set, training throws `CancelledError`. */
  shouldStop?(): boolean;
}

/** implicit's defaults: 3 CG steps per half-step, confidence weight α = 1; Adam's usual 0.01. */
export const DEFAULTS = { cgSteps: 3, alpha: 1, learningRate: 0.01 } as const;

export async function factorizeMatrix(
  tf: Tf,
  req: FactorizeRequest,
  backend: { name: BackendName; reasons: string[] },
  control: FactorizeControl,
): Promise<FactorizeResult> {
  const started = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  checkRequest(req);
  const byUser = toCsr(req.users, req.items, req.weights, req.nUsers, req.nItems);
  const rng = new Rng(req.seed);
  const trained =
    req.algorithm === 'als'
      ? await trainAls(tf, req, byUser, rng, control, DEFAULTS.cgSteps)
      : await trainBpr(tf, req, byUser, rng, control);
  const epochMs = trained.epochMs;
  return {
    userFactors: trained.userFactors,
    itemFactors: trained.itemFactors,
    losses: trained.losses,
    backend: backend.name,
    backendReasons: backend.reasons,
    msPerEpoch: epochMs.length ? epochMs.reduce((a, b) => a + b, 0) / epochMs.length : 0,
    tensors: { before: tensorsBefore, after: tf.memory().numTensors },
    ms: performance.now() - started,
  };
}

interface Trained {
  userFactors: Float32Array;
  itemFactors: Float32Array;
  losses: number[];
  epochMs: number[];
}

async function trainAls(
  tf: Tf,
  req: FactorizeRequest,
  byUser: Csr,
  rng: Rng,
  control: FactorizeControl,
  cgSteps: number,
): Promise<Trained> {
  const { nUsers, nItems, factors: f, regularization } = req;
  const alpha = req.alpha ?? DEFAULTS.alpha;
  const byItem = toCsr(req.items, req.users, req.weights, nItems, nUsers);
  let observedConfidence = 0;
  for (const w of byUser.weights) observedConfidence += 1 + alpha * w;
  const constants = { observedConfidence, totalConfidence: observedConfidence + nUsers * nItems - byUser.cols.length };
  // implicit starts from rand · 0.01; small seeded normals here.
  let users = tf.tensor2d(normals(rng, nUsers * f, 0.01), [nUsers, f]);
  let items = tf.tensor2d(normals(rng, nItems * f, 0.01), [nItems, f]);
  const userSide = uploadSide(tf, bucketRows(byUser), alpha);
  const itemSide = uploadSide(tf, bucketRows(byItem), alpha);
  const check = checkpoint(control.shouldStop);
  const losses: number[] = [];
  const epochMs: number[] = [];
  try {
    for (let epoch = 1; epoch <= req.epochs; epoch++) {
      const t0 = performance.now();
      const itemsPerUser = gatherSide(tf, userSide, items);
      const nextUsers = solveSide(tf, userSide, itemsPerUser, users, items, regularization, cgSteps);
      tf.dispose(itemsPerUser);
      users.dispose();
      users = nextUsers;
      // Each half-step is one long solve on a big matrix: a stop is checked between them too.
      await check();
      const usersPerItem = gatherSide(tf, itemSide, users);
      const nextItems = solveSide(tf, itemSide, usersPerItem, items, users, regularization, cgSteps);
      items.dispose();
      items = nextItems;
      const lossT = alsLoss(tf, itemSide, usersPerItem, users, items, regularization, constants);
      tf.dispose(usersPerItem);
      const loss = await readScalar(lossT);
      epochMs.push(performance.now() - t0);
      losses.push(loss);
      report(control, { epoch, loss });
      await check();
    }
    return { userFactors: await readMatrix(users), itemFactors: await readMatrix(items), losses, epochMs };
  } finally {
    disposeSide(userSide);
    disposeSide(itemSide);
    tf.dispose([users, items]);
  }
}

async function trainBpr(
  tf: Tf,
  req: FactorizeRequest,
  byUser: Csr,
  rng: Rng,
  control: FactorizeControl,
): Promise<Trained> {
  const { nUsers, nItems, factors: f, regularization } = req;
  // N(0, 0.1²) as MyMediaLite's BPRMF (init_stdev 0.1). tidy frees the initial values; variables outlive it.
  const state: BprState = {
    ...tf.tidy(() => ({
      users: tf.variable(tf.tensor2d(normals(rng, nUsers * f, 0.1), [nUsers, f])),
      items: tf.variable(tf.tensor2d(normals(rng, nItems * f, 0.1), [nItems, f])),
    })),
    // An explicit ε: TF.js would otherwise take the backend's (1e-4 on 16-bit WebGL), so backends would differ.
    optimizer: tf.train.adam(req.learningRate ?? DEFAULTS.learningRate, 0.9, 0.999, 1e-7),
  };
  const check = checkpoint(control.shouldStop);
  const losses: number[] = [];
  const epochMs: number[] = [];
  try {
    for (let epoch = 1; epoch <= req.epochs; epoch++) {
      const t0 = performance.now();
      const triples = sampleTriples(byUser, rng);
      const n = triples.users.length;
      if (n === 0)
        throw new Error(
          'bpr: no (user, positive, negative) triple can be drawn: every user with interactions has interacted with every item',
        );
      const size = bprBatchSize(n);
      let total: TF.Tensor = tf.scalar(0);
      for (let from = 0; from < n; from += size) {
        await check().catch((err: unknown) => {
          total.dispose();
          throw err;
        });
        const to = Math.min(n, from + size);
        const batch = {
          users: triples.users.subarray(from, to),
          positives: triples.positives.subarray(from, to),
          negatives: triples.negatives.subarray(from, to),
        };
        const batchLoss = bprStep(tf, state, batch, regularization);
        const next = total.add(batchLoss);
        tf.dispose([total, batchLoss]);
        total = next;
      }
      const loss = (await readScalar(total)) / n;
      epochMs.push(performance.now() - t0);
      losses.push(loss);
      report(control, { epoch, loss });
      await check();
    }
    return { userFactors: await readMatrix(state.users), itemFactors: await readMatrix(state.items), losses, epochMs };
  } finally {
    // Disposing the optimizer frees Adam's moment variables (2 per weight) and β powers.
    state.optimizer.dispose();
    tf.dispose([state.users, state.items]);
  }
}

function normals(rng: Rng, n: number, sd: number): Float32Array {
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = rng.normal(0, sd);
  return out;
}

async function readScalar(t: TF.Tensor): Promise<number> {
  try {
    return (await t.data())[0]!;
  } finally {
    t.dispose();
  }
}

/** A copy that owns its whole buffer, so the worker can transfer it (the CPU backend hands out its own storage). */
async function readMatrix(t: TF.Tensor): Promise<Float32Array> {
  return Float32Array.from((await t.data()) as Float32Array);
}

/** The epoch log goes to a Comlink proxy in the worker: its promise may reject (a cancelled step), which must not surface as an unhandled rejection here. */
function report(control: FactorizeControl, log: FactorizeEpoch): void {
  const ack: unknown = control.onEpoch(log);
  if (ack instanceof Promise) ack.catch(() => {});
}

/** Shape and range checks with the field named, before any tensor exists. */
export function checkRequest(req: FactorizeRequest): void {
  const fail = (field: string, message: string): never => {
    throw new Error(`factorize: ${field}: ${message}`);
  };
  if (req.algorithm !== 'als' && req.algorithm !== 'bpr')
    fail('algorithm', `must be 'als' or 'bpr', got ${String(req.algorithm)}`);
  const positiveInt = (field: 'nUsers' | 'nItems' | 'factors' | 'epochs', max: number) => {
    const v = req[field];
    if (!Number.isInteger(v) || v < 1 || v > max) fail(field, `must be an integer from 1 to ${max}, got ${v}`);
  };
  positiveInt('nUsers', 2 ** 31 - 1);
  positiveInt('nItems', 2 ** 24); // WebGL holds int32 indices as float32: exact up to 2^24
  positiveInt('factors', 1024);
  positiveInt('epochs', 10_000);
  const nonNegative = (field: 'regularization' | 'alpha', v: number | undefined) => {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) fail(field, `must be a finite number ≥ 0, got ${v}`);
  };
  nonNegative('regularization', req.regularization);
  nonNegative('alpha', req.alpha);
  if (req.learningRate !== undefined && !(Number.isFinite(req.learningRate) && req.learningRate > 0))
    fail('learningRate', `must be a finite number > 0, got ${req.learningRate}`);
  const nnz = req.users.length;
  if (req.items.length !== nnz || req.weights.length !== nnz)
    fail(
      'items',
      `users, items and weights must have one entry per pair (lengths ${nnz}, ${req.items.length}, ${req.weights.length})`,
    );
  if (nnz === 0) fail('users', 'no interactions to factorise');
  for (let k = 0; k < nnz; k++) {
    const u = req.users[k]!;
    const i = req.items[k]!;
    const w = req.weights[k]!;
    if (u < 0 || u >= req.nUsers)
      fail('users', `entry ${k} is ${u}, outside 0…${req.nUsers - 1} (nUsers ${req.nUsers})`);
    if (i < 0 || i >= req.nItems)
      fail('items', `entry ${k} is ${i}, outside 0…${req.nItems - 1} (nItems ${req.nItems})`);
    if (!(Number.isFinite(w) && w >= 0)) fail('weights', `entry ${k} is ${w}; weights must be finite and ≥ 0`);
  }
}
