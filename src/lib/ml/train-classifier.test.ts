import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { trainClassifier, buildClassifier, predictArray } from './train-classifier';
import { arraySource } from './batches';
import { Rng } from '../util/rng';
import type { ClassifierRequest, SplitPart } from '../protocol/training';
import type { EpochLog } from '../core/step';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CPU = { name: 'cpu' as const, reasons: [] };

/** Logistic ground truth p = σ(2·a − 1.5·b), c is noise; already standardised. 60/20/20 by position. */
function planted(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [rng.normal(), rng.normal(), rng.normal()];
    x.set([a, b, c], i * 3);
    y[i] = rng.next() < 1 / (1 + Math.exp(-(2 * a - 1.5 * b))) ? 1 : 0;
  }
  const cut = (from: number, to: number) => ({ x: x.slice(from * 3, to * 3), y: y.slice(from, to) });
  const parts: Record<SplitPart, { x: Float32Array; y: Float32Array }> = {
    train: cut(0, n * 0.6),
    validation: cut(n * 0.6, n * 0.8),
    test: cut(n * 0.8, n),
  };
  return parts;
}

const request = (parts: ReturnType<typeof planted>, over: Partial<ClassifierRequest> = {}): ClassifierRequest => ({
  model: 'mlp',
  hidden: [8],
  dropout: 0,
  l2: 0,
  nFeatures: 3,
  featureNames: ['a', 'b', 'c'],
  counts: { train: parts.train.y.length, validation: parts.validation.y.length, test: parts.test.y.length },
  chunkRows: 256,
  epochs: 12,
  batchSize: 64,
  learningRate: 0.02,
  patience: 50,
  classWeight: { 0: 1, 1: 1 },
  seed: 42,
  importance: { repeats: 3, maxRows: 1000 },
  backend: 'cpu',
  ...over,
});

const train = (parts: ReturnType<typeof planted>, over: Partial<ClassifierRequest> = {}, control = {}) =>
  trainClassifier(tf, request(parts, over), arraySource(parts, 3, over.chunkRows ?? 256), CPU, {
    onEpoch: () => {},
    ...control,
  });

describe('trainClassifier (streamed)', () => {
  const data = planted(2000, 3);

  it('learns a planted logistic rule; tensors stay flat across epochs and none leak', async () => {
    const seen: number[] = [];
    const stages: Array<string | undefined> = [];
    const { result, artifacts } = await train(
      data,
      {},
      { onEpoch: (l: EpochLog) => (stages.push(l.stage), l.stage || seen.push(l.loss)) },
    );
    // The Bayes-optimal AUC of this rule is about 0.86 (σ(2a − 1.5b) with a, b ~ N(0, 1)).
    const { auc } = await import('./metrics');
    expect(auc(result.scores.test, data.test.y)).toBeGreaterThan(0.8);
    // The MLP first fits its linear part (12 epochs here), then the whole network (12 more).
    expect(stages).toEqual([...Array(12).fill('linear'), ...Array(12).fill(undefined)]);
    expect(result.warmStart?.epochs).toBe(12);
    expect(seen).toHaveLength(12);
    expect(seen[11]!).toBeLessThan(seen[0]!);
    expect(result.scores.train).toHaveLength(1200);
    expect(result.scores.test).toHaveLength(400);
    // The same count after every epoch: batches, chunks and validation predictions are all disposed.
    expect(new Set(result.tensors.perEpoch).size).toBe(1);
    expect(result.tensors.after).toBe(result.tensors.before);
    expect(artifacts.weightSpecs!.map((w) => w.shape)).toEqual([[3, 8], [8], [11, 1], [1]]);
    // The noise feature matters least; a and b clearly matter.
    const byName = Object.fromEntries(result.importance.map((r) => [r.feature, r.importance]));
    expect(byName.a!).toBeGreaterThan(0.1);
    expect(byName.b!).toBeGreaterThan(0.05);
    expect(Math.abs(byName.c!)).toBeLessThan(0.02);
    expect(result.importanceRows).toBe(400);
  });

  it('does not depend on the chunk size (mini-batches never straddle chunks) and repeats exactly for a seed', async () => {
    const a = await train(data, { epochs: 3, dropout: 0.2, hidden: [8, 4] });
    const b = await train(data, { epochs: 3, dropout: 0.2, hidden: [8, 4], chunkRows: 64 });
    expect(b.result.epochs).toEqual(a.result.epochs);
    expect(Array.from(b.result.scores.test)).toEqual(Array.from(a.result.scores.test));
  });

  it('weights the loss per class as Keras class_weight does: mean of w · BCE', async () => {
    // A learning rate too small to move the weights: the epoch's loss is that of the initial model.
    const weights = { 0: 0.7, 1: 2.5 };
    const { result } = await train(data, { epochs: 1, model: 'logistic', learningRate: 1e-12, classWeight: weights });
    const { model } = buildClassifier(tf, 3, [], 42);
    const p = await predictArray(tf, model, data.train.x, 1200, 3);
    model.dispose();
    let expected = 0;
    data.train.y.forEach(
      (y, i) => (expected += (y ? weights[1] : weights[0]) * -(y ? Math.log(p[i]!) : Math.log(1 - p[i]!))),
    );
    expect(result.epochs[0]!.loss).toBeCloseTo(expected / 1200, 5);
  });

  it('stops early and keeps the best epoch', async () => {
    const small = planted(300, 9);
    const { result } = await train(small, {
      epochs: 200,
      patience: 3,
      learningRate: 0.2,
      model: 'logistic',
      hidden: [],
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochs.length).toBeLessThan(200);
    const best = Math.min(...result.epochs.map((e) => e.valLoss));
    expect(result.epochs[result.bestEpoch - 1]!.valLoss).toBe(best);
    expect(result.bestEpoch).toBe(result.epochs.length - 3);
    // The held-out scores are those of the kept epoch: their log loss is the best validation loss.
    const { logLoss } = await import('./metrics');
    expect(logLoss(result.scores.validation, small.validation.y)).toBeCloseTo(best, 6);
  });

  it('keeps the linear warm start when the hidden layers do not lower the validation loss', async () => {
    // An overfitting MLP on few rows: its first epochs already beat nothing, so epoch 0 is kept.
    const small = planted(200, 4);
    const { result } = await train(small, { epochs: 30, patience: 2, learningRate: 0.3, hidden: [64], dropout: 0 });
    expect(result.warmStart!.valLoss).toBeGreaterThan(0);
    const best = Math.min(result.warmStart!.valLoss, ...result.epochs.map((e) => e.valLoss));
    const { logLoss } = await import('./metrics');
    expect(logLoss(result.scores.validation, small.validation.y)).toBeCloseTo(best, 6);
  });

  it('pauses and resumes without changing the result, and a stop cancels it', async () => {
    let release: () => void = () => {};
    let gate: Promise<void> | undefined;
    let waited = 0;
    const paused = await train(
      data,
      { epochs: 3 },
      {
        onEpoch: (l: EpochLog) => {
          if (l.epoch === 1 && !l.stage) {
            gate = new Promise<void>((r) => (release = r));
            setTimeout(() => release(), 30);
          }
        },
        whilePaused: async () => {
          if (gate) {
            waited++;
            await gate;
            gate = undefined;
          }
        },
      },
    );
    const plain = await train(data, { epochs: 3 });
    expect(waited).toBe(1);
    expect(paused.result.epochs).toEqual(plain.result.epochs);

    let batches = 0;
    let logged = 0;
    const before = tf.memory().numTensors;
    // 19 batches per epoch: stopped during the second epoch of the linear stage, so nothing of the MLP ran.
    await expect(
      train(data, { epochs: 50 }, { onEpoch: () => logged++, shouldStop: () => ++batches > 30 }),
    ).rejects.toThrow(expect.objectContaining({ name: 'Cancelled' }));
    expect(logged).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses chunks that would cut a mini-batch', async () => {
    await expect(train(data, { chunkRows: 100 })).rejects.toThrow(/multiple of batchSize/);
  });
});
