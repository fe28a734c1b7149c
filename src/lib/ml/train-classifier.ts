/**
 * A small feed-forward binary classifier (Dense+ReLU layers → sigmoid) trained with TF.js.
 * The backend is set by the caller (the training worker); this code never chooses one.
 * Only async reads (`await t.data()`): `dataSync` on WebGPU returns zeros and loses the
 * device (STACK-NOTES §4).
 */
import type * as TF from '@tensorflow/tfjs';
import type { EpochLog, TrainRequest, TrainResult, BackendName } from '../protocol/training';
import { auc, accuracy, logLoss } from './metrics';
import { stratifiedSplit, fitStandardizer, gatherStandardized, gather } from './split';

export type Tf = typeof TF;

export interface TrainControl {
  onEpoch(log: EpochLog): void;
  shouldStop?(): boolean;
}

export async function trainClassifier(
  tf: Tf,
  req: TrainRequest,
  backend: { name: BackendName; reasons: string[] },
  control: TrainControl,
): Promise<TrainResult> {
  const started = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  const { x, y, nFeatures } = req;
  if (x.length !== req.nRows * nFeatures || y.length !== req.nRows) throw new Error('feature matrix shape mismatch');

  const split = stratifiedSplit(y, { validation: req.validationFraction, test: req.testFraction }, req.seed);
  if (split.train.length === 0 || split.validation.length === 0 || split.test.length === 0) {
    throw new Error(`too few rows to split (${req.nRows})`);
  }
  const scale = fitStandardizer(x, nFeatures, split.train);
  const yTrain = gather(y, split.train);
  const positives = yTrain.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === yTrain.length) throw new Error('the label has only one class in the training split');
  // Balanced weights as in scikit-learn: n / (2 · n_class).
  const classWeight = req.classWeights
    ? { 0: yTrain.length / (2 * (yTrain.length - positives)), 1: yTrain.length / (2 * positives) }
    : { 0: 1, 1: 1 };

  const model = buildModel(tf, nFeatures, req.hidden, req.seed, req.learningRate);
  const tensorsOf = (rows: Int32Array) => ({
    xs: tf.tensor2d(gatherStandardized(x, nFeatures, rows, scale), [rows.length, nFeatures]),
    ys: tf.tensor2d(gather(y, rows), [rows.length, 1]),
  });
  const train = tensorsOf(split.train);
  const validation = tensorsOf(split.validation);
  const test = tensorsOf(split.test);
  const yValidation = gather(y, split.validation);
  const yTest = gather(y, split.test);

  const epochs: EpochLog[] = [];
  let best = Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  let stoppedEarly = false;
  let result: TrainResult;
  try {
    for (let epoch = 1; epoch <= req.epochs; epoch++) {
      const history = await model.fit(train.xs, train.ys, {
        epochs: 1,
        batchSize: req.batchSize,
        shuffle: false, // rows are already in a seeded random order; tf's shuffle is unseeded
        classWeight,
        verbose: 0,
      });
      const loss = Number(history.history.loss?.[0]);
      const valProbabilities = await predict(tf, model, validation.xs);
      const log: EpochLog = {
        epoch,
        loss,
        valLoss: logLoss(valProbabilities, yValidation),
        valAuc: auc(valProbabilities, yValidation),
      };
      epochs.push(log);
      control.onEpoch(log);
      if (log.valLoss < best - 1e-4) {
        best = log.valLoss;
        sinceBest = 0;
      } else if (++sinceBest >= req.patience) {
        stoppedEarly = true;
        break;
      }
      if (control.shouldStop?.()) break;
    }
    const testProbabilities = await predict(tf, model, test.xs);
    result = {
      backend: backend.name,
      backendReasons: backend.reasons,
      epochs,
      stoppedEarly,
      metrics: {
        testAuc: auc(testProbabilities, yTest),
        testAccuracy: accuracy(testProbabilities, yTest),
        testLogLoss: logLoss(testProbabilities, yTest),
        positiveRate: y.reduce((s, v) => s + v, 0) / y.length,
      },
      split: {
        seed: req.seed,
        train: split.train.length,
        validation: split.validation.length,
        test: split.test.length,
        stratified: true,
      },
      classWeight,
      standardization: scale,
      tensors: { before: tensorsBefore, after: -1 },
      ms: 0,
    };
  } finally {
    for (const t of [train, validation, test]) tf.dispose([t.xs, t.ys]);
    // model.dispose() leaves the optimizer's moment variables alive (Adam: 2 per weight).
    model.optimizer.dispose();
    model.dispose();
  }
  // Everything is disposed now: the tensor count must be back where it started.
  return { ...result, tensors: { before: tensorsBefore, after: tf.memory().numTensors }, ms: performance.now() - started };
}

function buildModel(tf: Tf, nFeatures: number, hidden: number[], seed: number, learningRate: number) {
  const model = tf.sequential();
  hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        inputShape: i === 0 ? [nFeatures] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
      }),
    ),
  );
  model.add(
    tf.layers.dense({
      units: 1,
      activation: 'sigmoid',
      inputShape: hidden.length === 0 ? [nFeatures] : undefined,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + hidden.length }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'binaryCrossentropy' });
  return model;
}

async function predict(tf: Tf, model: TF.Sequential, xs: TF.Tensor2D): Promise<Float32Array> {
  const out = tf.tidy(() => model.predict(xs) as TF.Tensor);
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
