import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { trainClassifier } from './train-classifier';
import { Rng } from '../util/rng';
import type { TrainRequest } from '../protocol/training';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Logistic ground truth: p = σ(2·x0 − 1.5·x1), x2 is noise. */
function planted(n: number, seed: number): Pick<TrainRequest, 'x' | 'y' | 'nRows' | 'nFeatures' | 'featureNames'> {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [rng.normal(), rng.normal() * 10 + 50, rng.normal()];
    x.set([a, b, c], i * 3);
    const p = 1 / (1 + Math.exp(-(2 * a - 1.5 * ((b - 50) / 10))));
    y[i] = rng.next() < p ? 1 : 0;
  }
  return { x, y, nRows: n, nFeatures: 3, featureNames: ['a', 'b', 'c'] };
}

const request = (over: Partial<TrainRequest> = {}): TrainRequest => ({
  ...planted(1500, 3),
  seed: 42, testFraction: 0.2, validationFraction: 0.2, epochs: 15, batchSize: 64,
  learningRate: 0.02, hidden: [8], patience: 5, classWeights: true, backend: 'cpu',
  ...over,
});

describe('trainClassifier', () => {
  it('learns a planted logistic rule, reports per-epoch logs and leaks no tensors', async () => {
    const epochs: number[] = [];
    const res = await trainClassifier(tf, request(), { name: 'cpu', reasons: [] }, { onEpoch: (l) => epochs.push(l.loss) });
    // The Bayes-optimal AUC for this rule is about 0.86; a fitted model must come close.
    expect(res.metrics.testAuc).toBeGreaterThan(0.8);
    expect(epochs.length).toBe(res.epochs.length);
    expect(epochs[epochs.length - 1]!).toBeLessThan(epochs[0]!);
    expect(res.split).toMatchObject({ train: 900, validation: 300, test: 300, stratified: true });
    expect(res.tensors.after).toBe(res.tensors.before);
  });

  it('is deterministic for a seed', async () => {
    const a = await trainClassifier(tf, request({ epochs: 3 }), { name: 'cpu', reasons: [] }, { onEpoch: () => {} });
    const b = await trainClassifier(tf, request({ epochs: 3 }), { name: 'cpu', reasons: [] }, { onEpoch: () => {} });
    expect(a.epochs.map((e) => e.loss)).toEqual(b.epochs.map((e) => e.loss));
    expect(a.metrics.testAuc).toBe(b.metrics.testAuc);
  });

  it('stops early when validation loss stops improving', async () => {
    const res = await trainClassifier(
      tf,
      request({ ...planted(400, 9), epochs: 200, patience: 2, learningRate: 0.1 }),
      { name: 'cpu', reasons: [] },
      { onEpoch: () => {} },
    );
    expect(res.stoppedEarly).toBe(true);
    expect(res.epochs.length).toBeLessThan(200);
  });

  it('refuses a label with one class', async () => {
    const one = planted(200, 1);
    one.y.fill(1);
    await expect(trainClassifier(tf, request(one), { name: 'cpu', reasons: [] }, { onEpoch: () => {} })).rejects.toThrow(
      /only one class/,
    );
  });
});
