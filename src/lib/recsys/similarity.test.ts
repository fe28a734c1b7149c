import { describe, it, expect } from 'vitest';
import { buildInteractions } from './interactions';
import { neighbours, type NeighbourOptions } from './similarity';
import { itemNeighbours } from './itemcf';
import { userNeighbours } from './usercf';

/**
 * Users × items (A = 0, B = 1, C = 2), weights in brackets:
 *   u0: A[2] B[1]   u1: A[1] B[1] C[3]   u2: B[1] C[1]   u3: C[2]
 * Buyers: A {u0,u1} (n = 2), B {u0,u1,u2} (3), C {u1,u2,u3} (3); co-counts AB 2, AC 1, BC 2.
 */
const shop = buildInteractions(
  Int32Array.of(0, 0, 1, 1, 1, 2, 2, 3),
  Int32Array.of(0, 1, 0, 1, 2, 1, 2, 2),
  [2, 1, 1, 1, 3, 1, 1, 2],
  4,
  3,
);

const table = (opts: Partial<NeighbourOptions>) => {
  const nb = itemNeighbours(shop, { similarity: 'cosine', neighbours: 10, ...opts });
  return Array.from({ length: nb.n }, (_, a) =>
    Array.from(nb.index.subarray(nb.ptr[a]!, nb.ptr[a + 1]!), (b, p) => [
      b,
      Number(nb.sim[nb.ptr[a]! + p]!.toFixed(5)),
    ]),
  );
};

describe('item–item similarity on a hand-computed shop', () => {
  it('cosine on binary vectors: c_ab / √(n_a n_b)', () => {
    // AB 2/√6 = 0.81650, AC 1/√6 = 0.40825, BC 2/√9 = 0.66667 (= sklearn cosine_similarity of the 0/1 columns).
    expect(table({})).toEqual([
      [
        [1, 0.8165],
        [2, 0.40825],
      ],
      [
        [0, 0.8165],
        [2, 0.66667],
      ],
      [
        [1, 0.66667],
        [0, 0.40825],
      ],
    ]);
  });

  it('cosine on weights: Σ w_a w_b / (‖w_a‖ ‖w_b‖)', () => {
    // Columns over (u0..u3): A (2,1,0,0), B (1,1,1,0), C (0,3,1,2); A·B = 3, A·C = 3, B·C = 4,
    // ‖A‖ = √5, ‖B‖ = √3, ‖C‖ = √14: AB 3/√15 = 0.77460, AC 3/√70 = 0.35857, BC 4/√42 = 0.61721
    // (sklearn cosine_similarity gives 0.77459667, 0.35856858, 0.6172134).
    expect(table({ weighted: true })).toEqual([
      [
        [1, 0.7746],
        [2, 0.35857],
      ],
      [
        [0, 0.7746],
        [2, 0.61721],
      ],
      [
        [1, 0.61721],
        [0, 0.35857],
      ],
    ]);
  });

  it('Jaccard: c_ab / (n_a + n_b − c_ab)', () => {
    // AB 2/3, AC 1/4, BC 2/4.
    expect(table({ similarity: 'jaccard' })).toEqual([
      [
        [1, 0.66667],
        [2, 0.25],
      ],
      [
        [0, 0.66667],
        [2, 0.5],
      ],
      [
        [1, 0.5],
        [0, 0.25],
      ],
    ]);
  });

  it('conditional probability with popularity damping is asymmetric: c_ab / (n_a · n_b^α)', () => {
    // α = 0.5: A→B 2/(2√3) = 0.57735, A→C 1/(2√3) = 0.28868, B→A 2/(3√2) = 0.47140,
    // B→C 2/(3√3) = 0.38490, C→B 2/(3√3) = 0.38490, C→A 1/(3√2) = 0.23570.
    expect(table({ similarity: 'conditional', alpha: 0.5 })).toEqual([
      [
        [1, 0.57735],
        [2, 0.28868],
      ],
      [
        [0, 0.4714],
        [2, 0.3849],
      ],
      [
        [1, 0.3849],
        [0, 0.2357],
      ],
    ]);
    // α = 0 is plain P(b | a): B→A = 2/3, B→C = 2/3 — a tie, so A (the smaller code) first.
    expect(table({ similarity: 'conditional', alpha: 0 })[1]).toEqual([
      [0, 0.66667],
      [2, 0.66667],
    ]);
    expect(() => table({ similarity: 'conditional', alpha: 2 })).toThrow(/alpha must lie in \[0, 1\]/);
  });

  it('keeps only the top N, ties to the smaller code, and nothing for items with no co-buyer', () => {
    // One user buys P, Q, R (all pairwise cosine 1); S is bought alone by another.
    const m = buildInteractions(Int32Array.of(0, 0, 0, 1), Int32Array.of(0, 1, 2, 3), [1, 1, 1, 1], 2, 4);
    const nb = itemNeighbours(m, { similarity: 'cosine', neighbours: 1 });
    expect(Array.from(nb.ptr)).toEqual([0, 1, 2, 3, 3]);
    expect(Array.from(nb.index)).toEqual([1, 0, 0]);
    expect(Array.from(nb.sim)).toEqual([1, 1, 1]);
    expect(neighbours(m.byItem, m.byUser, { similarity: 'jaccard', neighbours: 0 }).index.length).toBe(0);
    expect(() => neighbours(m.byItem, m.byItem, { similarity: 'cosine', neighbours: 1 })).toThrow(/transpose/);
  });
});

describe('user–user similarity', () => {
  it('cosine over the items each bought', () => {
    // u0 {A,B}, u1 {A,B,C}, u2 {B,C}, u3 {C}: u0u1 2/√6, u0u2 1/2, u1u2 2/√6, u1u3 1/√3, u2u3 1/√2; u0u3 share nothing.
    const nb = userNeighbours(shop, { neighbours: 2 });
    const row = (u: number) =>
      Array.from(nb.index.subarray(nb.ptr[u]!, nb.ptr[u + 1]!), (v, p) => [
        v,
        Number(nb.sim[nb.ptr[u]! + p]!.toFixed(5)),
      ]);
    expect(row(0)).toEqual([
      [1, 0.8165],
      [2, 0.5],
    ]);
    // u1's best two: u0 and u2 tie at 2/√6 (u3 at 0.57735 is cut by N = 2).
    expect(row(1)).toEqual([
      [0, 0.8165],
      [2, 0.8165],
    ]);
    expect(row(3)).toEqual([
      [2, 0.70711],
      [1, 0.57735],
    ]);
  });
});
