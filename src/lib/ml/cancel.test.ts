/**
 * Cancelling each training kind. In the worker a stop arrives as a message, which only runs when
 * the training loop gives the event loop a turn; here it arrives the same way, from a timer set
 * when the first epoch is reported (a loop that only awaited tensor reads, microtasks on the CPU
 * backend, would never see it and would run every epoch).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CancelledError, checkpoint, isCancellation } from './cancel';
import { trainClassifier } from './train-classifier';
import { arraySource } from './batches';
import { trainNcf } from './ncf';
import { trainSequenceModel } from './sequence-model';
import { trainRanker } from './ranker';
import { factorizeMatrix } from './factorize';
import { Rng } from '../util/rng';
import type { ClassifierRequest, SplitPart } from '../protocol/training';
import type { FactorizeRequest } from './models/factorization';
import type { NcfRequest } from './models/ncf';
import type { RankerRequest } from './models/ranker';
import type { SequenceRequest } from './models/sequence';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cpu = { name: 'cpu' as const, reasons: [] };
const EPOCHS = 200;

/** Seeded (user, item) pairs: 120 users × 60 items, about 12 items each. */
function pairs(seed: number) {
  const rng = new Rng(seed);
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < 120; u++) {
    const mine = new Set<number>();
    while (mine.size < 12) mine.add(rng.int(60));
    for (const i of mine) {
      users.push(u);
      items.push(i);
    }
  }
  return { users: Int32Array.from(users), items: Int32Array.from(items) };
}

/** Training runs of each kind, with `EPOCHS` epochs: far more than a cancel after the first lets run. */
const KINDS: Record<string, (control: { onEpoch(): void; shouldStop(): boolean }) => Promise<unknown>> = {
  classifier(control) {
    const rng = new Rng(1);
    const part = (n: number) => {
      const x = Float32Array.from({ length: n * 4 }, () => rng.normal());
      return { x, y: Float32Array.from({ length: n }, (_, i) => (x[i * 4]! + rng.normal() > 0 ? 1 : 0)) };
    };
    const parts: Record<SplitPart, { x: Float32Array; y: Float32Array }> = {
      train: part(1024),
      validation: part(256),
      test: part(256),
    };
    const req: ClassifierRequest = {
      model: 'mlp',
      hidden: [16],
      dropout: 0.1,
      l2: 0,
      nFeatures: 4,
      featureNames: ['a', 'b', 'c', 'd'],
      counts: { train: 1024, validation: 256, test: 256 },
      chunkRows: 256,
      epochs: EPOCHS,
      batchSize: 32,
      learningRate: 0.01,
      patience: EPOCHS,
      classWeight: { 0: 1, 1: 1 },
      seed: 3,
      importance: { repeats: 1, maxRows: 100 },
      backend: 'cpu',
    };
    return trainClassifier(tf, req, arraySource(parts, 4, 256), cpu, control);
  },
  ncf(control) {
    const { users, items } = pairs(2);
    const req: NcfRequest = {
      nUsers: 120,
      nItems: 60,
      users,
      items,
      factors: 8,
      negatives: 1,
      batchSize: 256,
      regularization: 0,
      epochs: EPOCHS,
      learningRate: 0.01,
      seed: 1,
      backend: 'cpu',
      score: { users: Int32Array.of(0, 1), k: 5, candidates: new Uint8Array(60).fill(1), excludeSeen: true },
    };
    return trainNcf(tf, req, cpu, control);
  },
  sequence(control) {
    const { items } = pairs(3);
    const ptr = Int32Array.from({ length: 121 }, (_, s) => s * 12);
    const req: SequenceRequest = {
      nSymbols: 60,
      ptr,
      symbols: items,
      factors: 16,
      maxLength: 6,
      batchSize: 16,
      epochs: EPOCHS,
      learningRate: 0.01,
      seed: 1,
      backend: 'cpu',
      contexts: [{ ptr: Int32Array.of(0, 2), symbols: Int32Array.of(1, 2), excludeOwn: false }],
      k: 3,
      candidates: new Uint8Array(60).fill(1),
    };
    return trainSequenceModel(tf, req, cpu, control);
  },
  ranker(control) {
    const rng = new Rng(4);
    const n = 2000;
    const categorical = Int32Array.from({ length: n * 2 }, (_, j) => rng.int(j % 2 === 0 ? 20 : 8));
    const numeric = Float32Array.from({ length: n }, () => rng.normal());
    const labels = Float32Array.from({ length: n }, (_, r) => (categorical[r * 2]! < 10 && rng.next() < 0.7 ? 1 : 0));
    const split = Uint8Array.from({ length: n }, (_, r) => (r % 10 < 7 ? 0 : r % 10 < 9 ? 1 : 2));
    const req: RankerRequest = {
      fields: [
        { name: 'item', size: 20 },
        { name: 'hour', size: 8 },
      ],
      nExamples: n,
      categorical,
      numericNames: ['x'],
      numeric,
      crosses: [[0, 1]],
      labels,
      split,
      factors: 4,
      hidden: [16],
      batchSize: 64,
      patience: EPOCHS,
      regularization: 0,
      epochs: EPOCHS,
      learningRate: 0.01,
      seed: 1,
      backend: 'cpu',
    };
    return trainRanker(tf, req, cpu, control);
  },
  ...Object.fromEntries(
    (['als', 'bpr'] as const).map((algorithm) => [
      algorithm,
      (control: { onEpoch(): void; shouldStop(): boolean }) => {
        const { users, items } = pairs(5);
        const req: FactorizeRequest = {
          algorithm,
          nUsers: 120,
          nItems: 60,
          users,
          items,
          weights: new Float32Array(users.length).fill(1),
          factors: 8,
          epochs: EPOCHS,
          regularization: 0.1,
          learningRate: 0.05,
          alpha: 2,
          seed: 1,
          backend: 'cpu',
        };
        return factorizeMatrix(tf, req, cpu, control);
      },
    ]),
  ),
};

describe('cancelling training', () => {
  for (const [kind, run] of Object.entries(KINDS)) {
    it(`${kind}: a stop sent after the first epoch ends the run with CancelledError, promptly, with no tensor left behind`, async () => {
      const before = tf.memory().numTensors;
      let epochs = 0;
      let stop = false;
      let stopAt = 0;
      const ended = run({
        onEpoch: () => {
          // The classifier's MLP reports its linear warm-up first: any first epoch will do.
          if (++epochs > 1) return;
          setTimeout(() => {
            stop = true;
            stopAt = performance.now();
          }, 0);
        },
        shouldStop: () => stop,
      }).then(
        () => 'finished',
        (err: unknown) => err,
      );
      const outcome = await ended;
      const latency = performance.now() - stopAt;
      expect(outcome).toBeInstanceOf(CancelledError);
      expect(isCancellation(outcome)).toBe(true);
      expect(stop).toBe(true);
      expect(epochs).toBeLessThan(5);
      expect(latency).toBeLessThan(2000);
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`${kind}: a stop inside an epoch cancels between mini-batches`, async () => {
      const before = tf.memory().numTensors;
      let checks = 0;
      let epochs = 0;
      await expect(run({ onEpoch: () => epochs++, shouldStop: () => ++checks > 2 })).rejects.toThrow(CancelledError);
      // ALS has no mini-batches: its checkpoints come after each half-step, so the third ends its first epoch.
      expect(epochs).toBeLessThanOrEqual(1);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('checkpoint', () => {
  it('lets a timer (a message, in the worker) run within its interval, and throws once stopped', async () => {
    let stop = false;
    setTimeout(() => (stop = true), 0);
    const check = checkpoint(() => stop, 5);
    const t0 = performance.now();
    let spins = 0;
    const spin = async () => {
      for (;;) {
        await check();
        spins++;
        while (performance.now() - t0 < spins) {
          // busy, as a mini-batch is
        }
      }
    };
    await expect(spin()).rejects.toThrow(CancelledError);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('knows a cancellation copied across a worker boundary or from an AbortSignal', () => {
    expect(isCancellation({ name: 'Cancelled', message: 'cancelled' })).toBe(true);
    const aborted = new AbortController();
    aborted.abort();
    expect(
      isCancellation(
        (() => {
          try {
            aborted.signal.throwIfAborted();
          } catch (err) {
            return err;
          }
        })(),
      ),
    ).toBe(true);
    expect(isCancellation(new Error('cancelled'))).toBe(false);
    expect(isCancellation(undefined)).toBe(false);
  });
});
