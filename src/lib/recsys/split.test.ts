import { describe, it, expect } from 'vitest';
import { splitLog, type EventLog } from './split';

/**
 * A hand-made log (basket codes follow basket-id order O1 < O2 < …):
 *   r0 c0 item0 O1 t1 · r1 c0 item1 O1 t2 · r2 c0 item2 O2 t5 · r3 c0 item0 O2 t5
 *   r4 c1 item1 O3 t3 (one basket: train-only)
 *   r5 c2 item0 O4 t4 · r6 c2 item2 O5 t4 (O4 and O5 start together: O5, the larger id, is last)
 *   r7 c2 item1 (no basket) t9: always trains under leave-last-basket
 */
const log: EventLog = {
  nCustomers: 3,
  nItems: 3,
  nBaskets: 5,
  customer: Int32Array.of(0, 0, 0, 0, 1, 2, 2, 2),
  item: Int32Array.of(0, 1, 2, 0, 1, 0, 2, 1),
  basket: Int32Array.of(0, 0, 1, 1, 2, 3, 4, -1),
  time: Float64Array.of(1, 2, 5, 5, 3, 4, 4, 9),
  weight: new Float32Array(8).fill(1),
};
const targets = (split: ReturnType<typeof splitLog>) =>
  Array.from(split.testUsers, (u) => [
    u,
    Array.from(split.target.index.subarray(split.target.ptr[u]!, split.target.ptr[u + 1]!)),
  ]);

describe('splits', () => {
  it('leave-last-basket: the last basket by (earliest row, basket id) of customers with ≥ 2 baskets', () => {
    const split = splitLog(log, { type: 'leave-last-basket' });
    expect(Array.from(split.train)).toEqual([1, 1, 0, 0, 1, 1, 0, 1]);
    expect(targets(split)).toEqual([
      [0, [0, 2]],
      [2, [2]],
    ]);
    expect(split.droppedRows).toBe(0);
  });

  it('leave-last-basket: a basket starts at its earliest row, not its latest', () => {
    // O1 spans t1..t9, O2 is a single row at t5: O2 started later, so O2 is the test basket.
    const spread: EventLog = {
      ...log,
      nCustomers: 1,
      nBaskets: 2,
      customer: Int32Array.of(0, 0, 0),
      item: Int32Array.of(0, 1, 2),
      basket: Int32Array.of(0, 0, 1),
      time: Float64Array.of(1, 9, 5),
      weight: new Float32Array(3).fill(1),
    };
    expect(Array.from(splitLog(spread, { type: 'leave-last-basket' }).train)).toEqual([1, 1, 0]);
  });

  it('temporal: rows before the cut-off train; customers without training history are not tested', () => {
    const split = splitLog(log, { type: 'temporal', cutoff: 4 });
    expect(Array.from(split.train)).toEqual([1, 1, 0, 0, 1, 0, 0, 0]);
    // c2's rows all fall at or after t4: they have no history, so their 3 rows are dropped.
    expect(targets(split)).toEqual([[0, [0, 2]]]);
    expect(split.droppedRows).toBe(3);
  });

  it('random-holdout: round(fraction · n) distinct items per customer with ≥ 2, all their rows, seeded', () => {
    const split = splitLog(log, { type: 'random-holdout', fraction: 0.5, seed: 1 });
    const t = targets(split);
    // c0 and c2 have 3 distinct items: round(1.5) = 2 held out, 1 kept; c1 has 1 item: train-only.
    expect(t.map(([u, items]) => [u, (items as number[]).length])).toEqual([
      [0, 2],
      [2, 2],
    ]);
    for (let r = 0; r < 8; r++) {
      const u = log.customer[r]!;
      const held = split.target.index.subarray(split.target.ptr[u]!, split.target.ptr[u + 1]!).includes(log.item[r]!);
      expect(split.train[r]).toBe(held ? 0 : 1);
    }
    expect(splitLog(log, { type: 'random-holdout', fraction: 0.5, seed: 1 })).toEqual(split);
    // Over seeds, each customer's kept item varies (a fixed choice would be a bug).
    const kept = new Set(
      Array.from({ length: 20 }, (_, seed) => {
        const s = splitLog(log, { type: 'random-holdout', fraction: 0.5, seed });
        return [0, 1, 2].find((i) => !s.target.index.subarray(s.target.ptr[0]!, s.target.ptr[1]!).includes(i));
      }),
    );
    expect(kept.size).toBe(3);
    // At least one item is always held out, and one always kept.
    const tiny = splitLog(log, { type: 'random-holdout', fraction: 0.01, seed: 3 });
    expect(targets(tiny).map(([u, items]) => [u, (items as number[]).length])).toEqual([
      [0, 1],
      [2, 1],
    ]);
    const most = splitLog(log, { type: 'random-holdout', fraction: 0.99, seed: 3 });
    expect(targets(most).map(([u, items]) => [u, (items as number[]).length])).toEqual([
      [0, 2],
      [2, 2],
    ]);
    expect(() => splitLog(log, { type: 'random-holdout', fraction: 1, seed: 3 })).toThrow(/fraction/);
  });
});
