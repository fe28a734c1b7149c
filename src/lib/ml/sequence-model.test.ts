import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  lastSteps,
  leaveLastOut,
  orderedSequences,
  sequenceBatchSize,
  subsetSequences,
  trainSequenceModel,
  windowsOf,
} from './sequence-model';
import { Rng } from '../util/rng';
import type { SequenceRequest } from './models/sequence';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cpu = { name: 'cpu' as const, reasons: [] };
const quiet = { onEpoch: () => {} };
const P = 9; // padding code in the layout tests

describe('sequence layouts', () => {
  it('orders each customer by time, then symbol, and collapses immediate repeats', () => {
    // User 1: t=5 symbol 2, t=1 symbol 4, t=1 symbol 3 (same time: 3 before 4), t=7 symbol 2 (a repeat of t=5).
    // User 0: t=2 symbol 0, t=3 symbol 0, t=4 symbol 1. User 2: nothing.
    const seq = orderedSequences(
      Int32Array.of(1, 0, 1, 1, 0, 1, 0),
      Int32Array.of(2, 0, 4, 3, 0, 2, 1),
      Float64Array.of(5, 2, 1, 1, 3, 7, 4),
      3,
      true,
    );
    expect(Array.from(seq.ptr)).toEqual([0, 2, 5, 5]);
    expect(Array.from(seq.symbols)).toEqual([0, 1, 3, 4, 2]);
    const kept = orderedSequences(
      Int32Array.of(1, 0, 1, 1, 0, 1, 0),
      Int32Array.of(2, 0, 4, 3, 0, 2, 1),
      Float64Array.of(5, 2, 1, 1, 3, 7, 4),
      3,
      false,
    );
    expect(Array.from(kept.symbols)).toEqual([0, 0, 1, 3, 4, 2, 2]);
  });

  it("holds out each sequence's last step (leave-last-out); a single step stays in training", () => {
    const { train, target } = leaveLastOut({
      ptr: Int32Array.of(0, 3, 4, 4, 6),
      symbols: Int32Array.of(5, 6, 7, 8, 1, 2),
    });
    expect(Array.from(target)).toEqual([7, -1, -1, 2]);
    expect(Array.from(train.ptr)).toEqual([0, 2, 3, 3, 4]);
    expect(Array.from(train.symbols)).toEqual([5, 6, 8, 1]);
    expect(subsetSequences(train, [3, 0])).toEqual({ ptr: Int32Array.of(0, 1, 3), symbols: Int32Array.of(1, 5, 6) });
  });

  it('cuts sequences into next-step windows from the end, left-padded', () => {
    // [0 1 2 3 4] has 4 steps (0→1 … 3→4); windows of 2 from the end: (2 3 → 3 4), (0 1 → 1 2).
    // [5 6] has one step, padded to the left; [7] has none.
    const w = windowsOf(Int32Array.of(0, 5, 7, 8), Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7), 2, P);
    expect(w.n).toBe(3);
    expect(Array.from(w.inputs)).toEqual([2, 3, 0, 1, P, 5]);
    expect(Array.from(w.targets)).toEqual([3, 4, 1, 2, P, 6]);
    expect(Array.from(w.mask)).toEqual([1, 1, 1, 1, 0, 1]);
    // An odd number of steps leaves the oldest window short: [0 1 2 3] in windows of 2 → (1 2 → 2 3), (0 → 1).
    expect(Array.from(windowsOf(Int32Array.of(0, 4), Int32Array.of(0, 1, 2, 3), 2, P).inputs)).toEqual([1, 2, P, 0]);
    // Prediction inputs: the last L symbols.
    const last = lastSteps(Int32Array.of(0, 5, 7, 7), Int32Array.of(0, 1, 2, 3, 4, 5, 6), 3, P);
    expect(Array.from(last.inputs)).toEqual([2, 3, 4, P, 5, 6, P, P, P]);
    expect(Array.from(last.mask)).toEqual([1, 1, 1, 0, 1, 1, 0, 0, 0]);
  });

  it('sizes batches to keep the logits near 4M floats', () => {
    expect(sequenceBatchSize(20, 120)).toBe(256);
    expect(sequenceBatchSize(20, 3665)).toBe(57);
    expect(sequenceBatchSize(50, 100_000)).toBe(8);
  });
});

/**
 * Two planted routines over 12 symbols: customers of kind A walk 0 → 1 → … → 5 → 0 …, kind B
 * walk 6 → 7 → … → 11 → 6 …, each starting anywhere, 8–14 steps long, with a 10% chance per
 * step of a random symbol instead. After "… 3", the next step is 4 with probability ≈ 0.9.
 */
function routines(seed: number, customers = 60) {
  const rng = new Rng(seed);
  const ptr = [0];
  const symbols: number[] = [];
  for (let c = 0; c < customers; c++) {
    const base = c % 2 === 0 ? 0 : 6;
    let s = base + rng.int(6);
    const n = 8 + rng.int(7);
    for (let j = 0; j < n; j++) {
      symbols.push(rng.next() < 0.1 ? rng.int(12) : s);
      s = base + ((s - base + 1) % 6);
    }
    ptr.push(symbols.length);
  }
  const request = (over: Partial<SequenceRequest> = {}): SequenceRequest => ({
    nSymbols: 12,
    ptr: Int32Array.from(ptr),
    symbols: Int32Array.from(symbols),
    factors: 16,
    maxLength: 6,
    batchSize: 32,
    epochs: 40,
    learningRate: 0.02,
    seed: 3,
    backend: 'cpu',
    // Contexts: "… 2 3" (kind A) and "… 8 9" (kind B), and an empty one.
    contexts: [{ ptr: Int32Array.of(0, 2, 4, 4), symbols: Int32Array.of(2, 3, 8, 9), excludeOwn: false }],
    k: 3,
    candidates: new Uint8Array(12).fill(1),
    ...over,
  });
  return { request };
}

describe('trainSequenceModel on planted routines', () => {
  const data = routines(1);

  it('learns the next step: loss falls, "2 3" is followed by 4 and "8 9" by 10, no tensor leaks', async () => {
    const losses: number[] = [];
    const res = await trainSequenceModel(tf, data.request(), cpu, { onEpoch: (l) => losses.push(l.loss) });
    expect(res.losses).toEqual(losses);
    // Uniform guessing over 12 symbols costs ln 12 ≈ 2.48 per step; a routine is ≈ 90% predictable.
    expect(res.losses[0]!).toBeGreaterThan(2);
    expect(res.losses.at(-1)!).toBeLessThan(1.2);
    expect(res.tensors.after).toBe(res.tensors.before);
    const top = res.top[0]!;
    expect(top.k).toBe(3);
    expect(top.items[0]).toBe(4);
    expect(top.items[3]).toBe(10);
    // Scores are log-probabilities, best first, and P(4 | … 2 3) is high.
    expect(Math.exp(top.scores[0]!)).toBeGreaterThan(0.5);
    expect(top.scores[0]!).toBeGreaterThanOrEqual(top.scores[1]!);
    // The empty context still gets a list (from the output bias alone).
    expect(Array.from(top.items.subarray(6, 9)).every((i) => i >= 0)).toBe(true);
    // Windows: each customer of n steps gives n − 1 transitions in ⌈(n − 1)/6⌉ windows.
    expect(res.positions).toBe(
      Array.from({ length: 60 }, (_, c) => data.request().ptr[c + 1]! - data.request().ptr[c]! - 1).reduce(
        (a, v) => a + v,
        0,
      ),
    );
    // Embedding 13·16, input and recurrent kernels 2 · 16·48, biases 2 · 48, output bias 12.
    expect(res.parameters).toBe(13 * 16 + 2 * 16 * 48 + 2 * 48 + 12);
  });

  it("leaves out non-candidates and, when asked, the context's own symbols", async () => {
    const candidates = new Uint8Array(12).fill(1);
    candidates[4] = 0;
    const res = await trainSequenceModel(
      tf,
      data.request({
        epochs: 25,
        candidates,
        contexts: [
          { ptr: Int32Array.of(0, 2), symbols: Int32Array.of(2, 3), excludeOwn: false },
          { ptr: Int32Array.of(0, 5), symbols: Int32Array.of(0, 1, 2, 3, 5), excludeOwn: true },
        ],
      }),
      cpu,
      quiet,
    );
    expect(Array.from(res.top[0]!.items)).not.toContain(4);
    const own = Array.from(res.top[1]!.items);
    for (const s of [0, 1, 2, 3, 4, 5]) expect(own).not.toContain(s);
  });

  it('is deterministic for a seed on CPU, and WASM agrees', async () => {
    const run = (seed: number) => trainSequenceModel(tf, data.request({ epochs: 3, seed }), cpu, quiet);
    const [a, b, c] = [await run(4), await run(4), await run(5)];
    expect(b.losses).toEqual(a.losses);
    expect(b.top[0]!.scores).toEqual(a.top[0]!.scores);
    expect(c.losses).not.toEqual(a.losses);
    await tf.setBackend('wasm');
    try {
      const w = await trainSequenceModel(
        tf,
        data.request({ epochs: 3, seed: 4, backend: 'wasm' }),
        { name: 'wasm', reasons: [] },
        quiet,
      );
      expect(w.tensors.after).toBe(w.tensors.before);
      w.losses.forEach((l, k) =>
        expect(Math.abs(l - a.losses[k]!) / a.losses[k]!, `epoch ${k + 1}`).toBeLessThan(1e-4),
      );
      expect(Array.from(w.top[0]!.items)).toEqual(Array.from(a.top[0]!.items));
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('refuses bad requests naming the field', async () => {
    const before = tf.memory().numTensors;
    const bad = (over: Partial<SequenceRequest>) => trainSequenceModel(tf, data.request(over), cpu, quiet);
    await expect(bad({ symbols: Int32Array.from(data.request().symbols).fill(12, 0, 1) })).rejects.toThrow(
      'sequence: symbols: symbol 0 is 12, outside 0…11',
    );
    await expect(bad({ ptr: Int32Array.of(0, 5) })).rejects.toThrow(
      /sequence: symbols: ptr must run from 0 to the number of symbols/,
    );
    await expect(bad({ candidates: new Uint8Array(3) })).rejects.toThrow(
      'sequence: candidates: needs one flag per symbol (12), got 3',
    );
    await expect(bad({ maxLength: 0 })).rejects.toThrow(
      'sequence: maxLength: must be an integer from 1 to 1000, got 0',
    );
    await expect(bad({ ptr: Int32Array.of(0, 1, 2), symbols: Int32Array.of(0, 1) })).rejects.toThrow(
      'sequence: symbols: no sequence has two steps',
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
