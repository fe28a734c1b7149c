import { describe, it, expect } from 'vitest';
import { Rng } from '../util/rng';
import { silhouette, silhouetteSamples, sampleRows, adjustedRandIndex } from './metrics';
import { describeCluster, AVERAGE_DESCRIPTION } from './describe';

describe('silhouette', () => {
  it('matches a hand computation', () => {
    // 1-D: A = {0, 1}, B = {4, 6}.
    //   0: a = 1, b = (4 + 6)/2 = 5     → (5 − 1)/5     = 4/5
    //   1: a = 1, b = (3 + 5)/2 = 4     → (4 − 1)/4     = 3/4
    //   4: a = 2, b = (4 + 3)/2 = 3.5   → (3.5 − 2)/3.5 = 3/7
    //   6: a = 2, b = (6 + 5)/2 = 5.5   → (5.5 − 2)/5.5 = 7/11
    const x = Float64Array.from([0, 1, 4, 6]);
    const s = silhouetteSamples(x, 4, 1, [0, 0, 1, 1]);
    [4 / 5, 3 / 4, 3 / 7, 7 / 11].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 14));
    expect(silhouette(x, 4, 1, [0, 0, 1, 1])).toBeCloseTo((4 / 5 + 3 / 4 + 3 / 7 + 7 / 11) / 4, 14);
    // Labels are names, not numbers: any coding gives the same.
    expect(silhouette(x, 4, 1, [7, 7, -2, -2])).toBeCloseTo((4 / 5 + 3 / 4 + 3 / 7 + 7 / 11) / 4, 14);
  });

  it('scores a singleton 0 and uses Euclidean distance in 2-D', () => {
    // {0, 1} and the singleton {5}: s = 4/5, 3/4, 0.
    expect(silhouette(Float64Array.from([0, 1, 5]), 3, 1, [0, 0, 1])).toBeCloseTo((4 / 5 + 3 / 4) / 3, 14);
    // (0,0),(0,2) vs (3,4),(3,6): for (0,0): a = 2, b = (5 + √45)/2.
    const x = Float64Array.from([0, 0, 0, 2, 3, 4, 3, 6]);
    const b = (5 + Math.sqrt(45)) / 2;
    expect(silhouetteSamples(x, 4, 2, [0, 0, 1, 1])[0]).toBeCloseTo((b - 2) / b, 14);
  });

  it('is NaN with one cluster', () => {
    expect(silhouette(Float64Array.from([0, 1, 2]), 3, 1, [0, 0, 0])).toBeNaN();
  });

  it('samples rows above maxExact, reproducibly', () => {
    const rng = new Rng(4);
    const n = 400;
    const x = Float64Array.from({ length: n * 2 }, (_, i) => rng.normal(Math.floor(i / 2) % 2 === 0 ? 0 : 4, 1));
    const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
    const exact = silhouette(x, n, 2, labels);
    const sampled = silhouette(x, n, 2, labels, { maxExact: 100, sampleSize: 150, seed: 3 });
    expect(sampled).toBe(silhouette(x, n, 2, labels, { maxExact: 100, sampleSize: 150, seed: 3 }));
    expect(sampled).not.toBe(exact);
    expect(Math.abs(sampled - exact)).toBeLessThan(0.05);
    // It is the exact silhouette of the sampled rows.
    const rows = sampleRows(n, 150, 3);
    expect(new Set(rows).size).toBe(150);
    const sx = Float64Array.from(Array.from(rows).flatMap((r) => [x[2 * r]!, x[2 * r + 1]!]));
    const mean =
      silhouetteSamples(
        sx,
        150,
        2,
        Array.from(rows, (r) => labels[r]!),
      ).reduce((s, v) => s + v, 0) / 150;
    expect(sampled).toBeCloseTo(mean, 14);
  });
});

describe('adjustedRandIndex', () => {
  it('is 1 for identical partitions, whatever the label names', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [2, 2, 0, 0, 1])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1, 2], ['b', 'b', 'a', 'a', 'c'])).toBe(1);
    // Degenerate cases that are still perfect matches.
    expect(adjustedRandIndex([0, 0, 0], [5, 5, 5])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [2, 0, 1])).toBe(1);
  });

  it('matches hand-computed contingency tables', () => {
    // a = 000111, b = 001122. Contingency [[2,1,0],[0,1,2]]:
    //   Σ C(n_ij, 2) = 1 + 1 = 2; rows 3,3 → 3 + 3 = 6; columns 2,2,2 → 3; C(6, 2) = 15.
    //   expected = 6·3/15 = 1.2, max = (6 + 3)/2 = 4.5 → ARI = 0.8/3.3 = 8/33.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(8 / 33, 15);
    // scikit-learn's doc example: [0,0,1,1] vs [0,0,1,2] → (1 − 1/3)/(3/2 − 1/3) = 4/7.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 15);
    // Crossed: every pair together in one is apart in the other → (0 − 2/3)/(2 − 2/3) = −1/2.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 15);
    // Symmetric.
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 1])).toBeCloseTo(8 / 33, 15);
  });

  it('is near 0 for independent labelings', () => {
    const rng = new Rng(8);
    const a = Array.from({ length: 5000 }, () => rng.int(4));
    const b = Array.from({ length: 5000 }, () => rng.int(3));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.01);
  });

  it('rejects labelings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/differ in length/);
  });
});

describe('describeCluster', () => {
  const features = ['orders', 'spend', 'views_per_purchase', 'share_toys'];

  it('names the two most distinctive features with their level', () => {
    expect(describeCluster([0.7, -1.6, 0.2, 0.4], features).text).toBe('very low spend, high orders');
    expect(describeCluster([1.5, 0.1, -0.5, 0], features).text).toBe('very high orders, low views per purchase');
    const d = describeCluster([2, -3, 2.5, 0], features);
    expect(d.text).toBe('very low spend, very high views per purchase');
    expect(d.terms).toEqual([
      { feature: 'spend', z: -3, level: 'very low' },
      { feature: 'views_per_purchase', z: 2.5, level: 'very high' },
    ]);
  });

  it('keeps feature order on ties, drops |z| < 0.5 and says when nothing stands out', () => {
    expect(describeCluster([0.6, 0.6, 0.6, -0.6], features).text).toBe('high orders, high spend');
    expect(describeCluster([0.49, -0.49, 0, 0.2], features).text).toBe(AVERAGE_DESCRIPTION);
    expect(describeCluster([0.49, -0.8, 0, 0.2], features).text).toBe('low spend');
  });
});
