import { describe, it, expect } from 'vitest';
import { Rng } from '../util/rng';
import { kmeans, inertiaOf, orderBySize } from './kmeans';
import { columnStats, standardize, unstandardize } from '../util/scale';

/** Two obvious blobs: unit squares at (0,0) and (10,10). */
const BLOBS = Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1, 10, 10, 10, 11, 11, 10, 11, 11]);

/** `sizes[j]` normal points (sd `sd`) around `centres[j]` in 2-D, shuffled. */
function gaussianBlobs(
  centres: Array<[number, number]>,
  sizes: number[],
  sd: number,
  seed: number,
): { x: Float64Array; n: number; truth: Int32Array } {
  const rng = new Rng(seed);
  const rows: Array<[number, number, number]> = [];
  centres.forEach(([cx, cy], j) => {
    for (let i = 0; i < sizes[j]!; i++) rows.push([rng.normal(cx, sd), rng.normal(cy, sd), j]);
  });
  rng.shuffle(rows);
  return {
    x: Float64Array.from(rows.flatMap(([a, b]) => [a, b])),
    n: rows.length,
    truth: Int32Array.from(rows, (r) => r[2]),
  };
}

describe('kmeans', () => {
  it('splits two obvious blobs exactly, with the inertia computed by hand', () => {
    const fit = orderBySize(kmeans(BLOBS, 8, 2, { k: 2, seed: 1 }));
    expect(Array.from(fit.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(fit.centroids)).toEqual([0.5, 0.5, 10.5, 10.5]);
    expect(Array.from(fit.sizes)).toEqual([4, 4]);
    // Every corner of a unit square is 0.5² + 0.5² = 0.5 from its centre: 8 × 0.5 = 4.
    expect(fit.inertia).toBe(4);
    expect(fit.converged).toBe(true);
    expect(inertiaOf(BLOBS, 8, 2, fit.centroids, 2)).toBe(4);
    // One cluster: the grand mean (5.5, 5.5).
    const one = kmeans(BLOBS, 8, 2, { k: 1 });
    expect(Array.from(one.centroids)).toEqual([5.5, 5.5]);
    // Per axis the values are 0,0,1,1,10,10,11,11: Σ (v − 5.5)² = 4·5.5² + 4·4.5² = 202; two axes: 404.
    expect(one.inertia).toBe(404);
  });

  it('accepts Float32Array input and explicit starting centroids', () => {
    const fit = kmeans(Float32Array.from(BLOBS), 8, 2, { k: 2, init: [11, 11, 0, 0] });
    expect(Array.from(fit.labels)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(fit.runInertias).toHaveLength(1);
    expect(fit.inertia).toBe(4);
  });

  it('is deterministic for a seed', () => {
    const { x, n } = gaussianBlobs(
      [
        [0, 0],
        [3, 0],
        [0, 3],
        [3, 3],
      ],
      [50, 80, 60, 40],
      1,
      7,
    );
    const a = kmeans(x, n, 2, { k: 4, seed: 9 });
    const b = kmeans(x, n, 2, { k: 4, seed: 9 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    expect(a.inertia).toBe(b.inertia);
    expect(Array.from(a.runInertias)).toEqual(Array.from(b.runInertias));
    // The kept run is the best of the restarts.
    expect(a.inertia).toBe(Math.min(...a.runInertias));
  });

  it('recovers well-separated gaussian blobs', () => {
    const { x, n, truth } = gaussianBlobs(
      [
        [0, 0],
        [8, 0],
        [0, 8],
      ],
      [100, 150, 50],
      1,
      3,
    );
    const fit = kmeans(x, n, 2, { k: 3, seed: 42 });
    // Same partition as the truth: every true group maps onto one cluster.
    const map = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const seen = map.get(truth[i]!);
      if (seen === undefined) map.set(truth[i]!, fit.labels[i]!);
      else expect(fit.labels[i]).toBe(seen);
    }
    expect(new Set(map.values()).size).toBe(3);
    expect(Array.from(fit.sizes).sort((a, b) => a - b)).toEqual([50, 100, 150]);
  });

  it('k-means++ is never worse than bad initialisations on average', () => {
    // 8 blobs of unequal size: uniform (Forgy) starts often put two centres in one blob.
    const centres: Array<[number, number]> = [
      [0, 0],
      [10, 0],
      [20, 0],
      [30, 0],
      [0, 10],
      [10, 10],
      [20, 10],
      [30, 10],
    ];
    const { x, n } = gaussianBlobs(centres, [200, 20, 20, 100, 20, 150, 20, 40], 1, 11);
    const runs = 30;
    let plusPlus = 0;
    let random = 0;
    for (let seed = 1; seed <= runs; seed++) {
      plusPlus += kmeans(x, n, 2, { k: 8, nInit: 1, seed, init: 'k-means++' }).inertia / runs;
      random += kmeans(x, n, 2, { k: 8, nInit: 1, seed, init: 'random' }).inertia / runs;
    }
    expect(plusPlus).toBeLessThanOrEqual(random);
    // All eight centres started in the first blob: a poor local optimum.
    const crowded = Float64Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 0.1 * i : 0));
    const bad = kmeans(x, n, 2, { k: 8, init: crowded }).inertia;
    expect(plusPlus).toBeLessThanOrEqual(bad);
    // k-means++ with restarts finds the planted optimum: about n × 2 × sd² of within-blob scatter.
    const best = kmeans(x, n, 2, { k: 8, nInit: 10, seed: 1 }).inertia;
    expect(best / (n * 2)).toBeGreaterThan(0.8);
    expect(best / (n * 2)).toBeLessThan(1.2);
  });

  it('follows plain Lloyd iterations exactly (the bounds only skip work)', () => {
    const { x, n } = gaussianBlobs(
      [
        [0, 0],
        [2, 0],
        [0, 2],
        [2, 2],
      ],
      [300, 200, 250, 250],
      1,
      5,
    );
    const k = 6;
    const init = Float64Array.from(x.subarray(0, k * 2)); // the first 6 rows
    // Reference: full assignment of every row, then means, until no label changes.
    const nearest = (c: Float64Array) =>
      Int32Array.from({ length: n }, (_, i) => {
        let best = 0;
        let bestD = Infinity;
        for (let j = 0; j < k; j++) {
          const dd = (x[2 * i]! - c[2 * j]!) ** 2 + (x[2 * i + 1]! - c[2 * j + 1]!) ** 2;
          if (dd < bestD) [best, bestD] = [j, dd];
        }
        return best;
      });
    let centroids = init;
    let labels = nearest(centroids);
    let iterations = 0;
    for (;;) {
      iterations++;
      const sums = new Float64Array(2 * k);
      const sizes = new Int32Array(k);
      labels.forEach((l, i) => {
        sums[2 * l]! += x[2 * i]!;
        sums[2 * l + 1]! += x[2 * i + 1]!;
        sizes[l]!++;
      });
      centroids = sums.map((s, j) => s / sizes[j >> 1]!);
      const next = nearest(centroids);
      const same = next.every((l, i) => l === labels[i]);
      labels = next;
      if (same) break;
    }
    expect(iterations).toBeGreaterThan(10);
    const fit = kmeans(x, n, 2, { k, init, tol: 0 });
    expect(fit.iterations).toBe(iterations);
    expect(Array.from(fit.labels)).toEqual(Array.from(labels));
    fit.centroids.forEach((v, j) => expect(v).toBeCloseTo(centroids[j]!, 12));
  });

  it('refills a cluster that loses all its rows', () => {
    // The third starting centre is far from every row, so it is empty after the first assignment.
    const fit = kmeans(BLOBS, 8, 2, { k: 3, init: [0, 0, 1, 1, 1000, 1000] });
    expect(Array.from(fit.sizes).every((s) => s > 0)).toBe(true);
    expect(fit.sizes.reduce((s, v) => s + v, 0)).toBe(8);
    expect(new Set(fit.labels).size).toBe(3);
    expect(fit.inertia).toBeCloseTo(inertiaOf(BLOBS, 8, 2, fit.centroids, 3), 12);
    expect(fit.inertia).toBeLessThan(4);
  });

  it('copes with fewer distinct points than clusters', () => {
    const same = new Float64Array(10).fill(3); // 5 identical rows in 2-D
    const fit = kmeans(same, 5, 2, { k: 3, seed: 5 });
    expect(fit.inertia).toBe(0);
    expect(fit.sizes.reduce((s, v) => s + v, 0)).toBe(5);
    expect(Array.from(fit.centroids)).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('stops at maxIter and reports it', () => {
    const { x, n } = gaussianBlobs(
      [
        [0, 0],
        [1.5, 0],
        [0, 1.5],
      ],
      [100, 100, 100],
      1,
      2,
    );
    const fit = kmeans(x, n, 2, { k: 3, nInit: 1, maxIter: 1, tol: 0, init: 'random', seed: 3 });
    expect(fit.iterations).toBe(1);
    expect(fit.converged).toBe(false);
    const full = kmeans(x, n, 2, { k: 3, nInit: 1, tol: 0, init: 'random', seed: 3 });
    expect(full.converged).toBe(true);
    expect(full.inertia).toBeLessThanOrEqual(fit.inertia);
  });

  it('rejects bad input', () => {
    expect(() => kmeans(BLOBS, 8, 2, { k: 9 })).toThrow(/more than the 8 rows/);
    expect(() => kmeans(BLOBS, 8, 2, { k: 0 })).toThrow(/positive integer/);
    expect(() => kmeans(BLOBS, 7, 2, { k: 2 })).toThrow(/expected 7 × 2/);
    expect(() => kmeans(Float64Array.from([0, Number.NaN, 1, 1]), 2, 2, { k: 1 })).toThrow(/x\[0, 1\]/);
    expect(() => kmeans(BLOBS, 8, 2, { k: 2, init: [0, 0] })).toThrow(/init centroids/);
  });

  it('orderBySize numbers clusters largest first', () => {
    const x = Float64Array.from([0, 10, 11, 12, 0.5]); // 1-D: {0, 0.5} and {10, 11, 12}
    const fit = orderBySize(kmeans(x, 5, 1, { k: 2, seed: 1 }));
    expect(Array.from(fit.labels)).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(fit.sizes)).toEqual([3, 2]);
    expect(Array.from(fit.centroids)).toEqual([11, 0.25]);
  });
});

describe('standardisation', () => {
  it('z-scores with the population sd and leaves constant columns at 0', () => {
    // Columns: 1,2,3,4 (mean 2.5, population variance 1.25) and a constant 7.
    const x = Float64Array.from([1, 7, 2, 7, 3, 7, 4, 7]);
    const stats = columnStats(x, 4, 2);
    expect(Array.from(stats.mean)).toEqual([2.5, 7]);
    expect(stats.sd[0]).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(stats.sd[1]).toBe(0);
    const z = standardize(x, 4, 2, stats);
    expect(z[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 15);
    expect([z[1], z[3], z[5], z[7]]).toEqual([0, 0, 0, 0]);
    const back = unstandardize(z, 4, 2, stats);
    back.forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 12));
  });
});
