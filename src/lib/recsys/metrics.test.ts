import { describe, it, expect } from 'vitest';
import { buildInteractions } from './interactions';
import { topKMetrics } from './metrics';

// Catalogue a..f = 0..5. Customer 0: list [a, b, c, d], target {b, d, e}.
// Customer 1: list [c], target {f} (never recommended: every metric 0 for them).
const target = buildInteractions(
  Int32Array.of(0, 0, 0, 1),
  Int32Array.of(1, 3, 4, 5),
  new Float32Array(4).fill(1),
  2,
  6,
).byUser;
const lists = { users: [0, 1], ptr: [0, 4, 5], items: [0, 1, 2, 3, 2] };
// Training buyers per item.
const popularity = [10, 6, 4, 2, 0, 1];
const round = (m: Record<string, number>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number(v.toFixed(5))]));

describe('top-K metrics', () => {
  it('one customer, hand-computed at K = 2, 4 and 10 (K beyond the list and the catalogue)', () => {
    const [k2, k4, k10] = topKMetrics(
      { users: [0], ptr: [0, 4], items: [0, 1, 2, 3] },
      target,
      [2, 4, 10],
      popularity,
      6,
    );
    // K = 2: hit b at rank 2. DCG = 1/log2(3) = 0.63093; IDCG = 1 + 0.63093 → NDCG 0.38685
    // (sklearn ndcg_score(k=2) gives 0.3868528). AP = (1/2) / min(3, 2) = 0.25. RR = 1/2.
    expect(round({ ...k2! })).toEqual({
      k: 2,
      hr: 1,
      precision: 0.5,
      recall: 0.33333,
      ndcg: 0.38685,
      map: 0.25,
      mrr: 0.5,
      coverage: 0.33333,
      avgPopularity: 8,
      customers: 1,
    });
    // K = 4: hits b@2, d@4. DCG = 0.63093 + 1/log2(5) = 1.06161; IDCG = 1 + 0.63093 + 0.5 = 2.13093 → 0.49819
    // (sklearn: 0.4981893). AP = (1/2 + 2/4) / 3 = 1/3. Popularity (10 + 6 + 4 + 2) / 4 = 5.5.
    expect(round({ ...k4! })).toEqual({
      k: 4,
      hr: 1,
      precision: 0.5,
      recall: 0.66667,
      ndcg: 0.49819,
      map: 0.33333,
      mrr: 0.5,
      coverage: 0.66667,
      avgPopularity: 5.5,
      customers: 1,
    });
    // K = 10 > list length 4: precision divides by K (2/10); IDCG over min(3, 10) = 3 ranks, as at K = 4.
    expect(round({ ...k10! })).toEqual({
      k: 10,
      hr: 1,
      precision: 0.2,
      recall: 0.66667,
      ndcg: 0.49819,
      map: 0.33333,
      mrr: 0.5,
      coverage: 0.66667,
      avgPopularity: 5.5,
      customers: 1,
    });
  });

  it('averages over customers, counting a customer whose test items are never recommended as 0', () => {
    const [k2] = topKMetrics(lists, target, [2], popularity, 6);
    // Customer 1 adds zeros; coverage: {a, b} ∪ {c} = 3 of 6; popularity: mean(8, 4) = 6.
    expect(round({ ...k2! })).toEqual({
      k: 2,
      hr: 0.5,
      precision: 0.25,
      recall: 0.16667,
      ndcg: 0.19343,
      map: 0.125,
      mrr: 0.25,
      coverage: 0.5,
      avgPopularity: 6,
      customers: 2,
    });
  });

  it('an empty list scores 0 and is left out of the popularity mean; a first hit at rank 1 gives RR 1', () => {
    const [m] = topKMetrics({ users: [0, 1], ptr: [0, 1, 1], items: [1] }, target, [5], popularity, 6);
    // Customer 0: [b] hits at rank 1: P 1/5, R 1/3, NDCG 1 / (1 + 1/log2 3 + 1/2) = 0.46928, AP (1/1) / 3.
    expect(round({ ...m! })).toEqual({
      k: 5,
      hr: 0.5,
      precision: 0.1,
      recall: 0.16667,
      ndcg: 0.23464,
      map: 0.16667,
      mrr: 0.5,
      coverage: 0.16667,
      avgPopularity: 6,
      customers: 2,
    });
    expect(topKMetrics({ users: [], ptr: [0], items: [] }, target, [5], popularity, 6)[0]).toMatchObject({
      hr: 0,
      ndcg: 0,
      customers: 0,
    });
    expect(() =>
      topKMetrics(
        { users: [1], ptr: [0, 0], items: [] },
        buildInteractions(new Int32Array(0), new Int32Array(0), [], 2, 6).byUser,
        [5],
        popularity,
        6,
      ),
    ).toThrow(/no test items/);
  });

  it('counts ties in the list as ranked (no tie credit): a hit at rank r is worth 1/log2(r + 1)', () => {
    // The list order is the recommender's tie-break; metrics take it as given. Target {e} at rank 3 of [a, b, e].
    const t = buildInteractions(Int32Array.of(0), Int32Array.of(4), [1], 1, 6).byUser;
    const [m] = topKMetrics({ users: [0], ptr: [0, 3], items: [0, 1, 4] }, t, [3], popularity, 6);
    expect(m!.ndcg).toBeCloseTo(1 / Math.log2(4), 12);
    expect(m!.mrr).toBeCloseTo(1 / 3, 12);
    expect(m!.map).toBeCloseTo(1 / 3, 12);
  });
});
