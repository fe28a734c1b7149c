/**
 * A binary classifier trained with TF.js from streamed chunks: logistic regression (one sigmoid
 * unit) or an MLP (Dense+ReLU layers with dropout, plus a linear shortcut → sigmoid). The backend is set by the caller
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
 * (docs/STACK.md §2).
 */
import type * as TF from '@tensorflow/tfjs';
import type { BackendName, ChunkSource, ClassifierRequest, ClassifierResult, SplitPart } from '../protocol/training';
import type { EpochLog } from '../core/step';
import { chunksOf, minibatches } from './batches';
import { permutationImportance } from './importance';
import { auc, logLoss } from './metrics';
import { checkpoint } from './cancel';

export type Tf = typeof TF;

export interface TrainControl {
  onEpoch(log: EpochLog): void;
  /** The worker's stop flag, checked between mini-batches: once set, training throws `CancelledError`. */
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

/**
 * The network: logistic = one sigmoid unit on the inputs; mlp = Dense+ReLU layers whose output is
 * concatenated with the inputs before the sigmoid unit (a linear shortcut, as the "wide" part of
 * Wide & Deep, Cheng et al. 2016), so the MLP contains logistic regression and only has to learn
 * what a linear model misses. Returns the layers in forward order for the training loop.
 */
export function buildClassifier(
  tf: Tf,
  nFeatures: number,
  hidden: number[],
  seed: number,
): { model: TF.LayersModel; layers: ClassifierLayers } {
  const init = (i: number) => tf.initializers.glorotUniform({ seed: seed + i });
  const input = tf.input({ shape: [nFeatures] });
  const deep = hidden.map((units, i) => tf.layers.dense({ units, activation: 'relu', kernelInitializer: init(i) }));
  const concat = hidden.length ? tf.layers.concatenate() : undefined;
  const output = tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(hidden.length) });
  let h = input as TF.SymbolicTensor;
  for (const layer of deep) h = layer.apply(h) as TF.SymbolicTensor;
  const out = output.apply(concat ? (concat.apply([input, h]) as TF.SymbolicTensor) : input) as TF.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  if (hidden.length) {
    // The output unit starts as a logistic regression on the inputs: its weights on the hidden
    // units start at 0 (as residual branches are zero-initialised, Goyal et al. 2017), so the deep
    // part only grows where it lowers the loss.
    const [kernel, bias] = output.getWeights();
    const mask = tf.tidy(() => tf.concat([tf.ones([nFeatures, 1]), tf.zeros([hidden.at(-1)!, 1])]));
    const zeroed = tf.mul(kernel!, mask);
    output.setWeights([zeroed, bias!]);
    tf.dispose([mask, zeroed]);
  }
  return { model, layers: { deep, concat, output } };
}

export interface ClassifierLayers {
  deep: TF.layers.Layer[];
  concat?: TF.layers.Layer;
  output: TF.layers.Layer;
}

/** The forward pass while training: dropout (seeded) after each hidden layer, not on the shortcut. */
function forward(tf: Tf, layers: ClassifierLayers, x: TF.Tensor, dropout: number, seed: number): TF.Tensor {
  let h = x;
  layers.deep.forEach((layer, i) => {
    h = layer.apply(h) as TF.Tensor;
    if (dropout > 0) h = tf.dropout(h, dropout, undefined, seed * 31 + i);
  });
  return layers.output.apply(layers.concat ? (layers.concat.apply([x, h]) as TF.Tensor) : x) as TF.Tensor;
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
  let trained: Fitted;
  if (req.model === 'mlp' && req.hidden.length > 0) {
    // Stagewise Wide & Deep: fit the linear part first (a logistic regression), then train the
    // whole network from it. The warm start is epoch 0 of the second stage, so early stopping
    // keeps it unless the hidden layers lower the validation loss: the MLP never ends up worse on
    // validation data than the logistic model it contains.
    const linear = await fit(
      tf,
      { ...req, model: 'logistic', hidden: [], dropout: 0, l2: 0 },
      source,
      backend,
      { ...control, onEpoch: (log) => control.onEpoch({ ...log, stage: 'linear' }) },
      before,
      { final: false },
    );
    trained = await fit(tf, req, source, backend, control, before, { warm: linear });
    trained.result.warmStart = { epochs: linear.result.epochs.length, valLoss: linear.bestValLoss };
  } else {
    trained = await fit(tf, req, source, backend, control, before);
  }
  // Everything is disposed now: the tensor count must be back where it started.
  const tensors = { ...trained.result.tensors, after: tf.memory().numTensors };
  return { ...trained, result: { ...trained.result, tensors, ms: performance.now() - started } };
}

interface Fitted extends TrainedClassifier {
  bestValLoss: number;
  /** The kept weights as arrays (kernel, bias, … in layer order). */
  weights: Float32Array[];
}

async function fit(
  tf: Tf,
  req: ClassifierRequest,
  source: ChunkSource,
  backend: { name: BackendName; reasons: string[] },
  control: TrainControl,
  tensorsBefore: number,
  opts: { final?: boolean; warm?: Fitted } = {},
): Promise<Fitted> {
  const final = opts.final ?? true;
  const d = req.nFeatures;
  if (req.chunkRows % req.batchSize !== 0) throw new Error('chunkRows must be a multiple of batchSize');
  const hidden = req.model === 'logistic' ? [] : req.hidden;
  const { model, layers } = buildClassifier(tf, d, hidden, req.seed);
  const optimizer = tf.train.adam(req.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as TF.Variable);
  // L2 on the kernels of the hidden layers (logistic: on its one kernel), not on the linear
  // shortcut: it shrinks the MLP towards the logistic model it contains.
  const kernels = (layers.deep.length ? layers.deep : [layers.output]).map((l) =>
    l.trainableWeights.find((w) => /kernel/.test(w.name))!.read(),
  );
  const [w0, w1] = [req.classWeight[0], req.classWeight[1]];
  let best: TF.Tensor[] | undefined;
  let [bestLoss, bestEpoch, sinceBest, step, trainRows, trainMs] = [Number.POSITIVE_INFINITY, 0, 0, 0, 0, 0];
  if (opts.warm) {
    // The output unit's weights on the inputs and its bias from the logistic fit; on the hidden units 0.
    const [kernel, bias] = opts.warm.weights as [Float32Array, Float32Array];
    const warmed = [
      tf.tensor2d([...kernel, ...new Float32Array(hidden.at(-1)!)], [d + hidden.at(-1)!, 1]),
      tf.tensor1d(bias),
    ];
    layers.output.setWeights(warmed);
    tf.dispose(warmed);
    [bestLoss, best] = [opts.warm.bestValLoss, model.getWeights().map((w) => w.clone())];
  }
  // Pause, resume and stop arrive as messages: the checkpoint gives them a turn between mini-batches.
  const check = checkpoint(control.shouldStop);

  const epochs: EpochLog[] = [];
  const perEpoch: number[] = [];
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= req.epochs; epoch++) {
      const t0 = performance.now();
      let lossSum = tf.scalar(0);
      let rows = 0;
      for await (const chunk of chunksOf(source, 'train')) {
        for (const batch of minibatches(chunk, d, req.batchSize)) {
          try {
            await control.whilePaused?.();
            await check();
          } catch (err) {
            lossSum.dispose();
            throw err;
          }
          const seed = req.seed * 7919 + step++;
          const next = tf.tidy(() => {
            const xs = tf.tensor2d(batch.x, [batch.rows, d]);
            const ys = tf.tensor2d(batch.y, [batch.rows, 1]);
            const cost = optimizer.minimize(
              () => {
                const p = forward(tf, layers, xs, req.dropout, seed).clipByValue(EPSILON, 1 - EPSILON);
                const bce = ys
                  .mul(p.log())
                  .add(ys.neg().add(1).mul(p.neg().add(1).log()))
                  .neg();
                const loss = bce.mul(ys.mul(w1 - w0).add(w0)).mean();
                return (
                  req.l2 > 0 ? loss.add(tf.addN(kernels.map((k) => k.square().sum())).mul(req.l2)) : loss
                ) as TF.Scalar;
              },
              true,
              variables,
            )!;
            return lossSum.add(cost.mul(batch.rows)) as TF.Scalar;
          });
          lossSum.dispose();
          lossSum = next;
          rows += batch.rows;
        }
      }
      const loss = (await lossSum.data())[0]! / Math.max(1, rows);
      lossSum.dispose();
      trainMs += performance.now() - t0;
      trainRows += rows;
      if (rows === 0) break;
      const validation = await predictPart(tf, model, source, 'validation', d);
      const log: EpochLog = {
        epoch,
        loss,
        valLoss: logLoss(validation.scores, validation.labels),
        valAuc: auc(validation.scores, validation.labels),
      };
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
    if (final) {
      for (const part of ['train', 'validation'] as const)
        scores[part] = (await predictPart(tf, model, source, part, d)).scores;
      const test = await predictPart(tf, model, source, 'test', d, req.importance.maxRows);
      scores.test = test.scores;
      importanceRows = test.kept.rows;
      if (req.importance.repeats > 0 && importanceRows > 0) {
        importance = await permutationImportance(
          (x, n) => predictArray(tf, model, x, n, d),
          test.kept.x,
          test.kept.y,
          importanceRows,
          req.featureNames,
          auc,
          { repeats: req.importance.repeats, seed: req.seed },
        );
      }
    } else {
      for (const part of ['train', 'validation', 'test'] as const) scores[part] = new Float32Array(0);
    }
    const artifacts = await captureArtifacts(tf, model);
    const weights = await Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
    const result: ClassifierResult = {
      backend: backend.name,
      backendReasons: backend.reasons,
      epochs,
      stoppedEarly,
      bestEpoch,
      scores,
      importance,
      importanceRows,
      tensors: { before: tensorsBefore, after: -1, perEpoch },
      ms: 0,
      samplesPerSecond: trainMs > 0 ? trainRows / (trainMs / 1000) : 0,
    };
    return { result, artifacts, weights, bestValLoss: bestLoss };
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
  return {
    scores: Float32Array.from(scores),
    labels: Float32Array.from(labels),
    kept: { ...kept, x: kept.x.subarray(0, kept.rows * d), y: kept.y.subarray(0, kept.rows) },
  };
}

/** Probabilities for [n × d] rows, 8192 rows per forward pass. */
export async function predictArray(
  tf: Tf,
  model: TF.LayersModel,
  x: Float32Array,
  n: number,
  d: number,
): Promise<Float32Array> {
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += 8192) {
    const rows = Math.min(8192, n - start);
    const p = tf.tidy(
      () => model.predict(tf.tensor2d(x.subarray(start * d, (start + rows) * d), [rows, d])) as TF.Tensor,
    );
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
