/**
 * A binary classifier trained with TF.js from streamed chunks: logistic regression (one sigmoid
 * unit) or an MLP (Dense+ReLU layers with dropout → sigmoid). The backend is set by the caller
 * (the training worker); this code never chooses one.
 *
 * The loop is written out instead of `model.fit` so that: rows come chunk by chunk from DuckDB
 * (batches.ts) and only one chunk and one mini-batch are in tensors at a time; class weights apply
 * per row as Keras' class_weight does (loss = mean(w · BCE)); dropout masks are seeded per step, so
 * a seed repeats exactly on every backend (tf.dropout's uniform draws are made in JS); training can
 * pause, resume and stop between mini-batches; and every tensor is accounted for
 * (`tensors.perEpoch` stays flat). Early stopping keeps the weights of the epoch with the lowest
 * validation loss (Keras EarlyStopping with restore_best_weights=True).
 * Only async reads (`await t.data()`): `dataSync` on WebGPU returns zeros and loses the device
 * (STACK-NOTES §4).
 */
import type * as TF from '@tensorflow/tfjs';
import type { BackendName, ChunkSource, ClassifierRequest, ClassifierResult, EpochLog, SplitPart } from '../protocol/training';
import { chunksOf, minibatches } from './batches';
import { permutationImportance } from './importance';
import { auc, logLoss } from './metrics';

export type Tf = typeof TF;

export interface TrainControl {
  onEpoch(log: EpochLog): void;
  shouldStop?(): boolean;
  /** Resolves once training may go on (the user paused it). */
  whilePaused?(): Promise<void>;
}

export interface TrainedClassifier {
  result: ClassifierResult;
  /** The trained model as TF.js artifacts (topology + weights), for the model registry. */
  artifacts: TF.io.ModelArtifacts;
}

/** Keras clips probabilities to [ε, 1 − ε] in binary cross-entropy; so do we. */
const EPSILON = 1e-7;
/** Give the worker's message queue a turn this often (pause/stop arrive as messages). */
const YIELD_MS = 50;

export function buildClassifier(tf: Tf, nFeatures: number, hidden: number[], seed: number): TF.Sequential {
  const model = tf.sequential();
  [...hidden, 1].forEach((units, i) =>
    model.add(
      tf.layers.dense({
        units,
        activation: i === hidden.length ? 'sigmoid' : 'relu',
        inputShape: i === 0 ? [nFeatures] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
      }),
    ),
  );
  return model;
}

export async function trainClassifier(
  tf: Tf,
  req: ClassifierRequest,
  source: ChunkSource,
  backend: { name: BackendName; reasons: string[] },
  control: TrainControl,
): Promise<TrainedClassifier> {
  const started = performance.now();
  const before = tf.memory().numTensors;
  const trained = await fit(tf, req, source, backend, control, before);
  // Everything is disposed now: the tensor count must be back where it started.
  const tensors = { ...trained.result.tensors, after: tf.memory().numTensors };
  return { ...trained, result: { ...trained.result, tensors, ms: performance.now() - started } };
}

async function fit(
  tf: Tf,
  req: ClassifierRequest,
  source: ChunkSource,
  backend: { name: BackendName; reasons: string[] },
  control: TrainControl,
  tensorsBefore: number,
): Promise<TrainedClassifier> {
  const d = req.nFeatures;
  if (req.chunkRows % req.batchSize !== 0) throw new Error('chunkRows must be a multiple of batchSize');
  const hidden = req.model === 'logistic' ? [] : req.hidden;
  const model = buildClassifier(tf, d, hidden, req.seed);
  const optimizer = tf.train.adam(req.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as TF.Variable);
  const [w0, w1] = [req.classWeight[0], req.classWeight[1]];
  let best: TF.Tensor[] | undefined;
  let lastYield = performance.now();
  const breathe = async () => {
    if (performance.now() - lastYield < YIELD_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    lastYield = performance.now();
  };

  const epochs: EpochLog[] = [];
  const perEpoch: number[] = [];
  let [bestLoss, bestEpoch, sinceBest, step, trainRows, trainMs] = [Number.POSITIVE_INFINITY, 0, 0, 0, 0, 0];
  let [stoppedEarly, stopped] = [false, false];
  try {
    for (let epoch = 1; epoch <= req.epochs && !stopped; epoch++) {
      const t0 = performance.now();
      let lossSum = tf.scalar(0);
      let rows = 0;
      chunks: for await (const chunk of chunksOf(source, 'train')) {
        for (const batch of minibatches(chunk, d, req.batchSize)) {
          await control.whilePaused?.();
          if (control.shouldStop?.()) {
            stopped = true;
            break chunks;
          }
          const seed = req.seed * 7919 + step++;
          const next = tf.tidy(() => {
            const xs = tf.tensor2d(batch.x, [batch.rows, d]);
            const ys = tf.tensor2d(batch.y, [batch.rows, 1]);
            const cost = optimizer.minimize(() => {
              let h: TF.Tensor = xs;
              model.layers.forEach((layer, i) => {
                h = layer.apply(h) as TF.Tensor;
                if (i < model.layers.length - 1 && req.dropout > 0) h = tf.dropout(h, req.dropout, undefined, seed * 31 + i);
              });
              const p = h.clipByValue(EPSILON, 1 - EPSILON);
              const bce = ys.mul(p.log()).add(ys.neg().add(1).mul(p.neg().add(1).log())).neg();
              return bce.mul(ys.mul(w1 - w0).add(w0)).mean() as TF.Scalar;
            }, true, variables)!;
            return lossSum.add(cost.mul(batch.rows)) as TF.Scalar;
          });
          lossSum.dispose();
          lossSum = next;
          rows += batch.rows;
          await breathe();
        }
      }
      const loss = (await lossSum.data())[0]! / Math.max(1, rows);
      lossSum.dispose();
      trainMs += performance.now() - t0;
      trainRows += rows;
      // A stopped epoch is incomplete: it is not logged, and the best complete epoch's weights stay.
      if (rows === 0 || stopped) break;
      const validation = await predictPart(tf, model, source, 'validation', d);
      const log: EpochLog = { epoch, loss, valLoss: logLoss(validation.scores, validation.labels), valAuc: auc(validation.scores, validation.labels) };
      epochs.push(log);
      control.onEpoch(log);
      if (log.valLoss < bestLoss - 1e-4) {
        [bestLoss, bestEpoch, sinceBest] = [log.valLoss, epoch, 0];
        tf.dispose(best);
        best = model.getWeights().map((w) => w.clone());
      } else if (++sinceBest >= req.patience) {
        stoppedEarly = true;
      }
      perEpoch.push(tf.memory().numTensors);
      if (stoppedEarly) break;
    }
    if (best) model.setWeights(best);

    const scores = {} as Record<SplitPart, Float32Array>;
    let importance: ClassifierResult['importance'] = [];
    let importanceRows = 0;
    if (!stopped) {
      for (const part of ['train', 'validation'] as const) scores[part] = (await predictPart(tf, model, source, part, d)).scores;
      const test = await predictPart(tf, model, source, 'test', d, req.importance.maxRows);
      scores.test = test.scores;
      importanceRows = test.kept.rows;
      if (req.importance.repeats > 0 && importanceRows > 0) {
        importance = await permutationImportance(
          (x, n) => predictArray(tf, model, x, n, d),
          test.kept.x, test.kept.y, importanceRows, req.featureNames, auc, { repeats: req.importance.repeats, seed: req.seed },
        );
      }
    } else {
      for (const part of ['train', 'validation', 'test'] as const) scores[part] = new Float32Array(0);
    }
    const artifacts = await captureArtifacts(tf, model);
    const result: ClassifierResult = {
      backend: backend.name,
      backendReasons: backend.reasons,
      epochs,
      stoppedEarly,
      stopped,
      bestEpoch,
      scores,
      importance,
      importanceRows,
      tensors: { before: tensorsBefore, after: -1, perEpoch },
      ms: 0,
      samplesPerSecond: trainMs > 0 ? trainRows / (trainMs / 1000) : 0,
    };
    return { result, artifacts };
  } finally {
    tf.dispose(best);
    optimizer.dispose();
    model.dispose();
  }
}

/** Scores (and labels) of one part, chunk by chunk; `keep` rows of x/y are copied out as well. */
async function predictPart(tf: Tf, model: TF.LayersModel, source: ChunkSource, part: SplitPart, d: number, keep = 0) {
  const scores: number[] = [];
  const labels: number[] = [];
  const kept = { x: new Float32Array(keep * d), y: new Float32Array(keep), rows: 0 };
  for await (const chunk of chunksOf(source, part)) {
    const take = Math.min(chunk.rows, keep - kept.rows);
    if (take > 0) {
      kept.x.set(chunk.x.subarray(0, take * d), kept.rows * d);
      kept.y.set(chunk.y.subarray(0, take), kept.rows);
      kept.rows += take;
    }
    for (const s of await predictArray(tf, model, chunk.x, chunk.rows, d)) scores.push(s);
    for (const y of chunk.y) labels.push(y);
  }
  return { scores: Float32Array.from(scores), labels: Float32Array.from(labels), kept: { ...kept, x: kept.x.subarray(0, kept.rows * d), y: kept.y.subarray(0, kept.rows) } };
}

/** Probabilities for [n × d] rows, 8192 rows per forward pass. */
export async function predictArray(tf: Tf, model: TF.LayersModel, x: Float32Array, n: number, d: number): Promise<Float32Array> {
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += 8192) {
    const rows = Math.min(8192, n - start);
    const p = tf.tidy(() => model.predict(tf.tensor2d(x.subarray(start * d, (start + rows) * d), [rows, d])) as TF.Tensor);
    try {
      out.set((await p.data()) as Float32Array, start);
    } finally {
      p.dispose();
    }
  }
  return out;
}

/** The model's topology and weights as plain data (no tensors), through a TF.js save handler. */
export async function captureArtifacts(tf: Tf, model: TF.LayersModel): Promise<TF.io.ModelArtifacts> {
  let artifacts: TF.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}
