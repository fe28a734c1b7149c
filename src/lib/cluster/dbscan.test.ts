import { describe, it, expect } from 'vitest';
import { dbscan, kDistances, DBSCAN_MAX_ROWS } from './dbscan';
import { kmeans } from './kmeans';
import { adjustedRandIndex } from './metrics';

const m = (rows: number[][]) => Float64Array.from(rows.flat());

describe('dbscan on a hand-checked example', () => {
  // eps = 1.5. Line group L: (0,0) (1,0) (2,0) (3.4,0): neighbourhoods (self included) have 2, 3, 3, 2
  // rows, so with minPts = 3 only (1,0) and (2,0) are core; (0,0) and (3.4,0) are border points
  // reached from them. Square group S: 5 rows all within 1.5 of each other, all core. (50,50) is noise.
  // L is found first but S is larger, so S becomes cluster 0.
  const rows = [
    [0, 0],
    [1, 0],
    [2, 0],
    [3.4, 0],
    [10, 10],
    [10, 11],
    [11, 10],
    [11, 11],
    [10.5, 10.5],
    [50, 50],
  ];
  const x = m(rows);

  it('finds two clusters and one noise row, with border points joining', () => {
    const fit = dbscan(x, rows.length, 2, { eps: 1.5, minPts: 3 });
    expect(Array.from(fit.labels)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, -1]);
    expect(fit.k).toBe(2);
    expect(Array.from(fit.sizes)).toEqual([5, 4]);
    expect(fit.noise).toBe(1);
    expect(Array.from(fit.core)).toEqual([0, 1, 1, 0, 1, 1, 1, 1, 1, 0]);
  });

  it('counts the row itself towards minPts', () => {
    // With minPts = 4 no row of L has 4 rows within eps (the core rows had exactly 3, themselves included).
    const fit = dbscan(x, rows.length, 2, { eps: 1.5, minPts: 4 });
    expect(Array.from(fit.labels)).toEqual([-1, -1, -1, -1, 0, 0, 0, 0, 0, -1]);
    expect(fit.noise).toBe(5);
    // minPts = 1: every row is core, so the outlier is a cluster of its own.
    const all = dbscan(x, rows.length, 2, { eps: 1.5, minPts: 1 });
    expect(all.k).toBe(3);
    expect(all.noise).toBe(0);
    expect(Array.from(all.sizes)).toEqual([5, 4, 1]);
  });

  it('treats eps as inclusive', () => {
    const fit = dbscan(m([[0], [1], [2]]), 3, 1, { eps: 1, minPts: 3 });
    expect(Array.from(fit.labels)).toEqual([0, 0, 0]);
    expect(Array.from(fit.core)).toEqual([0, 1, 0]);
  });

  it('computes k-distances (self is the 1st neighbour), sorted descending', () => {
    const y = m([[0], [1], [3]]);
    expect(Array.from(kDistances(y, 3, 1, 1))).toEqual([0, 0, 0]);
    expect(Array.from(kDistances(y, 3, 1, 2))).toEqual([2, 1, 1]);
    expect(Array.from(kDistances(y, 3, 1, 3))).toEqual([3, 3, 2]);
    // A row is core exactly when its minPts-distance ≤ eps.
    const kd = kDistances(x, rows.length, 2, 3);
    expect(Array.from(kd).filter((v) => v <= 1.5).length).toBe(7);
    expect(() => kDistances(y, 3, 1, 4)).toThrow(/k must be an integer in 1..3/);
  });

  it('rejects bad options', () => {
    expect(() => dbscan(x, rows.length, 2, { eps: 0 })).toThrow(/eps must be a positive/);
    expect(() => dbscan(x, rows.length, 2, { eps: 1, minPts: 0 })).toThrow(/minPts must be an integer/);
    expect(() => dbscan(x, 3, 2, { eps: 1 })).toThrow(/expected 3 × 2/);
  });
});

/** Two concentric rings (radii 1 and 3), 200 rows each, with a small deterministic jitter. */
function rings(): { x: Float64Array; n: number; truth: number[] } {
  const per = 200;
  const x = new Float64Array(2 * per * 2);
  const truth: number[] = [];
  let i = 0;
  for (const [ring, r] of [
    [0, 1],
    [1, 3],
  ] as const) {
    for (let t = 0; t < per; t++) {
      const a = (2 * Math.PI * t) / per;
      const jitter = 0.05 * Math.sin(t * 12.9898 + ring * 78.233);
      x[i * 2] = (r + jitter) * Math.cos(a);
      x[i * 2 + 1] = (r + jitter) * Math.sin(a);
      truth.push(ring);
      i++;
    }
  }
  return { x, n: 2 * per, truth };
}

describe('dbscan on non-spherical clusters', () => {
  it('separates two concentric rings where k-means cannot', () => {
    const { x, n, truth } = rings();
    const fit = dbscan(x, n, 2, { eps: 0.5, minPts: 5 });
    expect(fit.k).toBe(2);
    expect(fit.noise).toBe(0);
    expect(adjustedRandIndex(fit.labels, truth)).toBeCloseTo(1, 12);
    // The outer ring is longer but has as many rows: ties keep discovery order (inner ring first).
    expect(Array.from(fit.sizes)).toEqual([200, 200]);
    const km = kmeans(x, n, 2, { k: 2, nInit: 10, seed: 42 });
    expect(adjustedRandIndex(km.labels, truth)).toBeLessThan(0.5);
  });

  it('is deterministic', () => {
    const { x, n } = rings();
    const a = dbscan(x, n, 2, { eps: 0.3, minPts: 8 });
    const b = dbscan(x, n, 2, { eps: 0.3, minPts: 8 });
    expect(b.labels).toEqual(a.labels);
    expect(b.sizes).toEqual(a.sizes);
  });
});

describe('dbscan size limit', () => {
  it('refuses more than DBSCAN_MAX_ROWS rows with a clear message', () => {
    const n = DBSCAN_MAX_ROWS + 1;
    const x = new Float64Array(n);
    expect(() => dbscan(x, n, 1, { eps: 1 })).toThrow(
      /limited to 20,000 rows \(got 20,001\); use k-means .* or cluster a sample/,
    );
    expect(() => kDistances(x, n, 1, 5)).toThrow(/limited to 20,000 rows/);
  });
});
