/**
 * A Wide & Deep conversion model (Cheng et al. 2016, "Wide & Deep Learning for Recommender
 * Systems", DLRS) in TF.js: P(purchase | customer, item, context) = σ(wide + deep) where
 *   wide  = Σ_c w_c[cross_c(x)] + b     one weight per value pair of each crossed field pair (the
 *                                       paper's cross-product transformations, memorisation)
 *   deep  = MLP([E_1[x_1]; …; E_F[x_F]; standardised numbers])   one embedding per categorical
 *                                       field (generalisation), ReLU layers `hidden` → 1
 * trained jointly on binary cross-entropy. The paper trains the wide part with FTRL + L1 and the
 * deep part with AdaGrad; here both share one Adam. Crossed pairs with more than 2^18 value
 * combinations are hashed into 2^18 buckets.
 *
 * Rows carry a split code (0 train, 1 validation, 2 test): training stops when the validation
 * loss has not improved for `patience` epochs; test rows are only scored, at the end.
 */
import type * as TF from '@tensorflow/tfjs';
import type { NeuralOutcome, NeuralTraining } from './models/neural';
import { auc, logLoss } from './metrics';
import { Rng } from '../util/rng';
import { checkpoint } from './cancel';
import {
  adam,
  applyDense,
  dense,
  indexColumn,
  lookup,
  normals,
  readFloats,
  readScalar,
  report,
  shuffled,
  tensorAudit,
  trainingStats,
  weights,
  zerosVariable,
  type Backend,
  type Dense,
  type NeuralControl,
  type Tf,
} from './neural-common';

export interface RankerRequest extends NeuralTraining {
  /** Categorical fields; example r's code of field f is categorical[r·F + f] in 0…size−1. */
  fields: Array<{ name: string; size: number }>;
  nExamples: number;
  categorical: Int32Array;
  /** Numeric inputs of the deep part, [nExamples × N] raw (standardised on the training rows). */
  numericNames: string[];
  numeric: Float32Array;
  /** Field pairs crossed in the wide part. */
  crosses: Array<[number, number]>;
  /** [nExamples] 0 / 1. */
  labels: Float32Array;
  /** [nExamples] 0 train, 1 validation (early stopping), 2 test (scored only). */
  split: Uint8Array;
  /** Embedding size per field. */
  factors: number;
  hidden: number[];
  batchSize: number;
  /** Epochs without validation-loss improvement before stopping; the best epoch's weights are kept. */
  patience: number;
  /** L2 on the embedding rows of each batch (λ · Σ squares / batch size). */
  regularization: number;
  /** Extra rows to score after training (candidates to re-rank). */
  score?: { n: number; categorical: Int32Array; numeric: Float32Array };
}

export interface RankerResult extends NeuralOutcome {
  valLosses: number[];
  valAucs: number[];
  epochsRun: number;
  /** The epoch whose weights were kept (the best validation loss). */
  bestEpoch: number;
  stoppedEarly: boolean;
  test: { rows: number; auc: number; logLoss: number; positiveRate: number } | null;
  /** [test rows, in example order] P(purchase). */
  testScores: Float32Array;
  /** [score.n] P(purchase). */
  scores: Float32Array;
  split: { train: number; validation: number; test: number };
  standardization: { mean: number[]; std: number[] };
}

const MAX_CROSS = 1 << 18;

/** Where each field's (and each cross's) codes start in the shared tables. */
export interface Layout {
  fieldOffset: Int32Array;
  embeddingRows: number;
  crossOffset: Int32Array;
  crossSize: Int32Array;
  wideRows: number;
}

export function layoutOf(req: Pick<RankerRequest, 'fields' | 'crosses'>): Layout {
  const fieldOffset = new Int32Array(req.fields.length);
  let rows = 0;
  req.fields.forEach((f, i) => {
    fieldOffset[i] = rows;
    rows += f.size;
  });
  const crossOffset = new Int32Array(req.crosses.length);
  const crossSize = new Int32Array(req.crosses.length);
  let wide = 0;
  req.crosses.forEach(([a, b], c) => {
    crossOffset[c] = wide;
    crossSize[c] = Math.min(MAX_CROSS, req.fields[a]!.size * req.fields[b]!.size);
    wide += crossSize[c]!;
  });
  return { fieldOffset, embeddingRows: rows, crossOffset, crossSize, wideRows: wide };
}

/**
 * Wide-table rows of each example's crosses: [n × nCrosses]. The pair (a, b) maps to a·|B| + b, or,
 * past 2^18 combinations, to a multiplicative hash of it (Knuth's 2654435761) modulo the buckets.
 */
export function crossCodes(
  req: Pick<RankerRequest, 'fields' | 'crosses'>,
  layout: Layout,
  categorical: Int32Array,
  n: number,
): Int32Array {
  const nFields = req.fields.length;
  const nCross = req.crosses.length;
  const out = new Int32Array(n * nCross);
  for (let r = 0; r < n; r++) {
    req.crosses.forEach(([a, b], c) => {
      const pair = categorical[r * nFields + a]! * req.fields[b]!.size + categorical[r * nFields + b]!;
      const size = layout.crossSize[c]!;
      const bucket =
        size === req.fields[a]!.size * req.fields[b]!.size ? pair : (Math.imul(pair, 2654435761) >>> 0) % size;
      out[r * nCross + c] = layout.crossOffset[c]! + bucket;
    });
  }
  return out;
}

interface WideDeep {
  embedding: TF.Variable; // [Σ field sizes × d]
  wide: TF.Variable; // [Σ cross sizes × 1]
  wideBias: TF.Variable;
  layers: Dense[];
  out: Dense;
}

function build(tf: Tf, req: RankerRequest, layout: Layout, rng: Rng): WideDeep {
  const d = req.factors;
  const inputs = req.fields.length * d + req.numericNames.length;
  const layers: Dense[] = [];
  let width = inputs;
  req.hidden.forEach((h) => {
    layers.push(dense(tf, rng, width, h));
    width = h;
  });
  return {
    embedding: weights(tf, normals(rng, layout.embeddingRows * d, 0.05), [layout.embeddingRows, d]),
    wide: zerosVariable(tf, [Math.max(1, layout.wideRows), 1]),
    wideBias: zerosVariable(tf, [1]),
    layers,
    out: dense(tf, rng, width, 1),
  };
}

const variablesOf = (m: WideDeep): TF.Variable[] => [
  m.embedding,
  m.wide,
  m.wideBias,
  ...m.layers.flatMap((l) => [l.w, l.b]),
  m.out.w,
  m.out.b,
];

/** Model inputs for a set of rows, as plain arrays (embedding rows with offsets applied). */
interface Batch {
  n: number;
  embeddingRows: Int32Array; // [n·F]
  wideRows: Int32Array; // [n·C]
  numeric: Float32Array; // [n·N] standardised
}

function logitOf(
  tf: Tf,
  m: WideDeep,
  batch: Batch,
  nFields: number,
  nNumeric: number,
  nCross: number,
  d: number,
  penalty?: { l2: number; out: TF.Scalar[] },
): TF.Tensor2D {
  const rows = lookup(tf, m.embedding, indexColumn(tf, batch.embeddingRows));
  if (penalty)
    penalty.out.push(
      rows
        .square()
        .sum()
        .mul(penalty.l2 / batch.n) as TF.Scalar,
    );
  const e = rows.reshape([batch.n, nFields * d]) as TF.Tensor2D;
  let h = nNumeric > 0 ? (tf.concat([e, tf.tensor2d(batch.numeric, [batch.n, nNumeric])], 1) as TF.Tensor2D) : e;
  for (const layer of m.layers) h = applyDense(tf, layer, h, 'relu');
  const deep = applyDense(tf, m.out, h, 'linear');
  if (nCross === 0) return deep;
  const wide = lookup(tf, m.wide, indexColumn(tf, batch.wideRows))
    .reshape([batch.n, nCross])
    .sum(1, true)
    .add(m.wideBias);
  return deep.add(wide) as TF.Tensor2D;
}

/** Mean and population sd of each numeric column over the training rows (sd 0 → 1). */
export function standardizer(
  numeric: Float32Array,
  nNumeric: number,
  split: Uint8Array,
): { mean: number[]; std: number[] } {
  const mean = new Array<number>(nNumeric).fill(0);
  const sq = new Array<number>(nNumeric).fill(0);
  let n = 0;
  for (let r = 0; r < split.length; r++) {
    if (split[r] !== 0) continue;
    n++;
    for (let f = 0; f < nNumeric; f++) mean[f]! += numeric[r * nNumeric + f]!;
  }
  for (let f = 0; f < nNumeric; f++) mean[f] = n ? mean[f]! / n : 0;
  for (let r = 0; r < split.length; r++) {
    if (split[r] !== 0) continue;
    for (let f = 0; f < nNumeric; f++) sq[f]! += (numeric[r * nNumeric + f]! - mean[f]!) ** 2;
  }
  const std = sq.map((s) => (n && s > 0 ? Math.sqrt(s / n) : 1));
  return { mean, std };
}

export async function trainRanker(
  tf: Tf,
  req: RankerRequest,
  backend: Backend,
  control: NeuralControl,
): Promise<RankerResult> {
  const started = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  checkRankerRequest(req);
  const layout = layoutOf(req);
  const nFields = req.fields.length;
  const nNumeric = req.numericNames.length;
  const nCross = req.crosses.length;
  const d = req.factors;
  const scale = standardizer(req.numeric, nNumeric, req.split);
  const batchOf = (categorical: Int32Array, numeric: Float32Array, rows: Int32Array): Batch => {
    const n = rows.length;
    const embeddingRows = new Int32Array(n * nFields);
    const num = new Float32Array(n * nNumeric);
    const pick = new Int32Array(n * nFields);
    rows.forEach((r, j) => {
      for (let f = 0; f < nFields; f++) {
        const code = categorical[r * nFields + f]!;
        pick[j * nFields + f] = code;
        embeddingRows[j * nFields + f] = layout.fieldOffset[f]! + code;
      }
      for (let f = 0; f < nNumeric; f++)
        num[j * nNumeric + f] = (numeric[r * nNumeric + f]! - scale.mean[f]!) / scale.std[f]!;
    });
    return { n, embeddingRows, numeric: num, wideRows: crossCodes(req, layout, pick, n) };
  };
  const rowsWith = (code: number) =>
    Int32Array.from(Array.from({ length: req.nExamples }, (_, r) => r).filter((r) => req.split[r] === code));
  const [trainRows, validationRows, testRows] = [rowsWith(0), rowsWith(1), rowsWith(2)];
  const rng = new Rng(req.seed);
  const model = build(tf, req, layout, rng);
  const vars = variablesOf(model);
  const optimizer = adam(tf, req.learningRate);
  const predict = async (categorical: Int32Array, numeric: Float32Array, rows: Int32Array): Promise<Float32Array> => {
    const out = new Float32Array(rows.length);
    for (let from = 0; from < rows.length; from += 8192) {
      const part = rows.subarray(from, Math.min(rows.length, from + 8192));
      const p = tf.tidy(() =>
        tf.sigmoid(logitOf(tf, model, batchOf(categorical, numeric, part), nFields, nNumeric, nCross, d)),
      );
      out.set(await readFloats(p), from);
      p.dispose();
    }
    return out;
  };
  const labelsOf = (rows: Int32Array) => Float32Array.from(rows, (r) => req.labels[r]!);
  const losses: number[] = [];
  const epochMs: number[] = [];
  const valLosses: number[] = [];
  const valAucs: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  let stoppedEarly = false;
  let bestWeights: TF.Tensor[] = [];
  let bestEpoch = 0;
  const check = checkpoint(control.shouldStop);
  let result: Omit<RankerResult, 'tensors' | 'ms'>;
  try {
    for (let epoch = 1; epoch <= req.epochs; epoch++) {
      const t0 = performance.now();
      const order = shuffled(rng, trainRows.length);
      let total: TF.Tensor = tf.scalar(0);
      for (let from = 0; from < order.length; from += req.batchSize) {
        await check().catch((err: unknown) => {
          total.dispose();
          throw err;
        });
        const rows = Int32Array.from(
          order.subarray(from, Math.min(order.length, from + req.batchSize)),
          (k) => trainRows[k]!,
        );
        const batch = batchOf(req.categorical, req.numeric, rows);
        const y = labelsOf(rows);
        const cost = optimizer.minimize(
          () => {
            const penalty = { l2: req.regularization, out: [] as TF.Scalar[] };
            const bce = tf.losses.sigmoidCrossEntropy(
              tf.tensor2d(y, [y.length, 1]),
              logitOf(tf, model, batch, nFields, nNumeric, nCross, d, req.regularization > 0 ? penalty : undefined),
            ) as TF.Scalar;
            return (penalty.out.length ? bce.add(penalty.out[0]!) : bce) as TF.Scalar;
          },
          true,
          vars,
        )!;
        const next = tf.tidy(() => total.add(cost.mul(rows.length)));
        tf.dispose([total, cost]);
        total = next;
      }
      const loss = (await readScalar(total)) / Math.max(1, trainRows.length);
      losses.push(loss);
      epochMs.push(performance.now() - t0);
      let valLoss = Number.NaN;
      let valAuc = Number.NaN;
      if (validationRows.length > 0) {
        const p = await predict(req.categorical, req.numeric, validationRows);
        const y = labelsOf(validationRows);
        valLoss = logLoss(p, y);
        valAuc = auc(p, y);
      }
      valLosses.push(valLoss);
      valAucs.push(valAuc);
      report(control, { epoch, loss, valLoss, valAuc, samples: trainRows.length, ms: performance.now() - t0 });
      if (validationRows.length > 0) {
        if (valLoss < best - 1e-4) {
          best = valLoss;
          sinceBest = 0;
          tf.dispose(bestWeights);
          bestWeights = vars.map((v) => v.clone());
          bestEpoch = epoch;
        } else if (++sinceBest >= req.patience) {
          stoppedEarly = true;
          break;
        }
      }
      await check();
    }
    // Early stopping keeps the weights of the best validation epoch (Keras' restore_best_weights).
    if (bestWeights.length && bestEpoch < losses.length) vars.forEach((v, k) => v.assign(bestWeights[k]!));
    const testScores = await predict(req.categorical, req.numeric, testRows);
    const yTest = labelsOf(testRows);
    const scored = req.score
      ? await predict(
          req.score.categorical,
          req.score.numeric,
          Int32Array.from({ length: req.score.n }, (_, r) => r),
        )
      : new Float32Array(0);
    result = {
      losses,
      ...trainingStats(epochMs, trainRows.length * epochMs.length, vars, backend),
      valLosses,
      valAucs,
      epochsRun: losses.length,
      bestEpoch: bestEpoch || losses.length,
      stoppedEarly,
      test:
        testRows.length > 0
          ? {
              rows: testRows.length,
              auc: auc(testScores, yTest),
              logLoss: logLoss(testScores, yTest),
              positiveRate: yTest.reduce((a, v) => a + v, 0) / yTest.length,
            }
          : null,
      testScores,
      scores: scored,
      split: { train: trainRows.length, validation: validationRows.length, test: testRows.length },
      standardization: scale,
    };
  } finally {
    optimizer.dispose();
    tf.dispose([...vars, ...bestWeights]);
  }
  return { ...result, ...tensorAudit(tf, tensorsBefore, started) };
}

export function checkRankerRequest(req: RankerRequest): void {
  const fail = (field: string, message: string): never => {
    throw new Error(`ranker: ${field}: ${message}`);
  };
  const n = req.nExamples;
  const nFields = req.fields.length;
  if (nFields === 0) fail('fields', 'needs at least one categorical field');
  if (req.categorical.length !== n * nFields)
    fail('categorical', `needs ${n} × ${nFields} codes, got ${req.categorical.length}`);
  if (req.numeric.length !== n * req.numericNames.length)
    fail('numeric', `needs ${n} × ${req.numericNames.length} values, got ${req.numeric.length}`);
  if (req.labels.length !== n || req.split.length !== n)
    fail('labels', `labels and split need one entry per example (${n})`);
  req.fields.forEach((f, i) => {
    if (!Number.isInteger(f.size) || f.size < 1) fail(`fields[${i}]`, `size must be a positive integer, got ${f.size}`);
  });
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < nFields; f++) {
      const c = req.categorical[r * nFields + f]!;
      if (c < 0 || c >= req.fields[f]!.size)
        fail(
          'categorical',
          `example ${r}, field '${req.fields[f]!.name}': code ${c} outside 0…${req.fields[f]!.size - 1}`,
        );
    }
    if (req.labels[r] !== 0 && req.labels[r] !== 1)
      fail('labels', `example ${r} is ${req.labels[r]}: labels are 0 or 1`);
  }
  for (const v of req.numeric)
    if (!Number.isFinite(v)) fail('numeric', 'every number must be finite (impute missing values first)');
  req.crosses.forEach(([a, b], c) => {
    if (!(a >= 0 && a < nFields && b >= 0 && b < nFields && a !== b))
      fail(`crosses[${c}]`, `must name two different fields out of 0…${nFields - 1}`);
  });
  if (!Number.isInteger(req.factors) || req.factors < 1)
    fail('factors', `must be a positive integer, got ${req.factors}`);
  if (!(Number.isFinite(req.learningRate) && req.learningRate > 0))
    fail('learningRate', `must be a finite number > 0, got ${req.learningRate}`);
  if (!Number.isInteger(req.batchSize) || req.batchSize < 1)
    fail('batchSize', `must be a positive integer, got ${req.batchSize}`);
  if (!req.split.some((s) => s === 0)) fail('split', 'no training rows');
  if (
    req.score &&
    (req.score.categorical.length !== req.score.n * nFields ||
      req.score.numeric.length !== req.score.n * req.numericNames.length)
  )
    fail('score', 'score rows need the same fields and numbers as the examples');
}
