import { describe, it, expect } from 'vitest';
import { buildInteractions, contains, rowCounts, transpose } from './interactions';
import { TopK } from './topk';
import { mulberry32 } from '../util/rng';

describe('buildInteractions', () => {
  it('merges repeated pairs by summing weights and orders both ways', () => {
    // Rows (user, item, weight): (1,2,1) (0,1,2) (1,2,3) (0,0,1) (1,0,1) → u0 {0:1, 1:2}, u1 {0:1, 2:4}.
    const m = buildInteractions(Int32Array.of(1, 0, 1, 0, 1), Int32Array.of(2, 1, 2, 0, 0), [1, 2, 3, 1, 1], 3, 3);
    expect(Array.from(m.byUser.ptr)).toEqual([0, 2, 4, 4]);
    expect(Array.from(m.byUser.index)).toEqual([0, 1, 0, 2]);
    expect(Array.from(m.byUser.value)).toEqual([1, 2, 1, 4]);
    // Item 0 ← u0 (1), u1 (1); item 1 ← u0 (2); item 2 ← u1 (4).
    expect(Array.from(m.byItem.ptr)).toEqual([0, 2, 3, 4]);
    expect(Array.from(m.byItem.index)).toEqual([0, 1, 0, 1]);
    expect(Array.from(m.byItem.value)).toEqual([1, 1, 2, 4]);
    expect(Array.from(rowCounts(m.byUser))).toEqual([2, 2, 0]);
    expect(contains(m.byUser, 1, 2)).toBe(true);
    expect(contains(m.byUser, 1, 1)).toBe(false);
    expect(contains(m.byUser, 2, 0)).toBe(false);
    expect(transpose(m.byItem)).toEqual(m.byUser);
  });

  it('drops pairs whose total weight is not positive, and rejects codes out of range', () => {
    const m = buildInteractions(Int32Array.of(0, 0, 1), Int32Array.of(0, 0, 1), [2, -2, 1], 2, 2);
    expect(Array.from(m.byUser.index)).toEqual([1]);
    expect(Array.from(m.byUser.ptr)).toEqual([0, 0, 1]);
    expect(() => buildInteractions(Int32Array.of(2), Int32Array.of(0), [1], 2, 2)).toThrow(/outside/);
  });
});

describe('TopK', () => {
  it('keeps the k best, higher score first, ties to the smaller id', () => {
    const top = new TopK(3);
    for (const [id, s] of [
      [5, 1],
      [2, 3],
      [9, 3],
      [1, 0.5],
      [4, 3],
      [7, 2],
    ] as const)
      top.push(id, s, id * 10);
    const out = top.drain();
    // Score 3 three times: ids 2, 4, 9 → the top 3 are exactly those, ascending id.
    expect(Array.from(out.ids)).toEqual([2, 4, 9]);
    expect(Array.from(out.scores)).toEqual([3, 3, 3]);
    expect(Array.from(out.because)).toEqual([20, 40, 90]);
    expect(top.length).toBe(0);
  });

  it('returns fewer than k when fewer are offered, and matches a full sort on random input', () => {
    const top = new TopK(10);
    top.push(3, 1);
    top.push(1, 2);
    expect(Array.from(top.drain().ids)).toEqual([1, 3]);
    const random = mulberry32(7);
    for (let trial = 0; trial < 20; trial++) {
      const scores = Array.from({ length: 200 }, () => Math.floor(random() * 30));
      top.reset();
      scores.forEach((s, id) => top.push(id, s));
      const expected = scores
        .map((s, id) => [s, id] as const)
        .sort((a, b) => b[0] - a[0] || a[1] - b[1])
        .slice(0, 10)
        .map(([, id]) => id);
      expect(Array.from(top.drain().ids)).toEqual(expected);
    }
    expect(() => new TopK(0)).toThrow(/k ≥ 1/);
  });
});
