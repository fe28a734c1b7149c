/**
 * k-means against scikit-learn on the same inputs: Fisher's iris exactly as `load_iris()` ships it
 * (src/test-support/iris.ts). The expected figures are scikit-learn's own published outputs
 * (KMeans(n_clusters=k, n_init=10).inertia_, silhouette_score, adjusted_rand_score vs species,
 * StandardScaler().mean_/.scale_), not values produced by this code. The issue asks for the best
 * inertia over restarts within 1% of scikit-learn's; where the partition is the same global optimum
 * the inertia, silhouette and ARI are equal up to floating-point summation order (1e-9).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { irisMatrix, IRIS, IRIS_COLUMNS } from '../../test-support/iris';
import { NodeDuckDB } from '../data/node-duckdb';
import { runOp } from '../../test-support/run-op';
import { kmeansOp } from '../ops/kmeans';
import { kmeans, silhouette, adjustedRandIndex } from '.';
import { columnStats, standardize } from '../util/scale';

const { x, n, d, species } = irisMatrix();
const fit = (data: Float64Array, k: number) => kmeans(data, n, d, { k, nInit: 10, seed: 42 });
const within = (ours: number, theirs: number, rel: number) =>
  expect(Math.abs(ours - theirs) / theirs).toBeLessThanOrEqual(rel);

// scikit-learn, KMeans(n_clusters=k, n_init=10).fit(load_iris().data).inertia_ for k = 1..4.
// k = 4 has several local optima close together; runs of scikit-learn publish 57.2285, 57.2560
// and 57.3509, so ours must be no worse than the best of them + 1%.
const SKLEARN_RAW_INERTIA: Record<number, number> = {
  1: 681.3706,
  2: 152.3479517603579,
  3: 78.85144142614601,
  4: 57.22847321428571,
};

describe('k-means on iris against scikit-learn KMeans(n_init=10)', () => {
  it('raw iris, k = 3: inertia 78.8514…, silhouette 0.55282, the same partition (50/62/38)', () => {
    const f = fit(x, 3);
    expect(f.inertia).toBeCloseTo(78.85144142614601, 9);
    expect(silhouette(x, n, d, f.labels)).toBeCloseTo(0.5528190123564095, 9);
    // ARI of sklearn's k = 3 partition against species (widely published): the same partition.
    expect(adjustedRandIndex(f.labels, species)).toBeCloseTo(0.7302382722834697, 9);
    expect(Array.from(f.sizes).sort((a, b) => a - b)).toEqual([38, 50, 62]);
  });

  it('raw iris, the elbow k = 1..4: every best inertia within 1% of scikit-learn (k ≤ 3 equal)', () => {
    for (const [k, theirs] of Object.entries(SKLEARN_RAW_INERTIA).map(([k, v]) => [Number(k), v] as const)) {
      const ours = fit(x, k).inertia;
      if (k <= 3) expect(ours, `k = ${k}`).toBeCloseTo(theirs, 9);
      else expect(ours, `k = ${k}`).toBeLessThanOrEqual(theirs * 1.01);
      within(ours, theirs, 0.01);
    }
  });

  it('StandardScaler iris, k = 3: inertia 139.8205, silhouette 0.45995, ARI 0.62014', () => {
    // StandardScaler divides by the population sd (ddof 0), as columnStats does.
    const stats = columnStats(x, n, d);
    // StandardScaler().fit(load_iris().data).mean_ and .scale_, as printed (8 decimals).
    const sklearnMean = [5.84333333, 3.05733333, 3.758, 1.19933333];
    const sklearnScale = [0.82530129, 0.43441097, 1.75940407, 0.75969263];
    for (let f = 0; f < d; f++) {
      expect(stats.mean[f]).toBeCloseTo(sklearnMean[f]!, 7);
      expect(stats.sd[f]).toBeCloseTo(sklearnScale[f]!, 7);
    }
    const z = standardize(x, n, d, stats);
    const f = fit(z, 3);
    expect(f.inertia).toBeCloseTo(139.82049635974974, 9);
    expect(silhouette(z, n, d, f.labels)).toBeCloseTo(0.45994823920518646, 9);
    expect(adjustedRandIndex(f.labels, species)).toBeCloseTo(0.6201351808870379, 9);
  });

  it('does not depend on the seed: five seeds give the same best inertia at k = 3', () => {
    for (const seed of [1, 2, 3, 4, 5])
      expect(kmeans(x, n, d, { k: 3, nInit: 10, seed }).inertia).toBeCloseTo(78.85144142614601, 9);
  });
});

describe('the kmeans op with standardize: true equals StandardScaler + KMeans', () => {
  let db: NodeDuckDB;
  beforeAll(async () => {
    db = await NodeDuckDB.create();
    const rows = IRIS.map((r, i) => `('f${String(i).padStart(3, '0')}', ${r.slice(0, 4).join(', ')}, ${r[4]})`).join(
      ',\n',
    );
    await db.exec(
      `CREATE TABLE iris (flower VARCHAR, ${IRIS_COLUMNS.map((c) => `${c} DOUBLE`).join(', ')}, species INTEGER)`,
    );
    await db.exec(`INSERT INTO iris VALUES ${rows}`);
  });
  afterAll(() => db.close());

  it('reports inertia 139.8205 and silhouette 0.45995 at k = 3, and assignments with ARI 0.62014', async () => {
    const result = await runOp(db, kmeansOp, 'iris_k', 'iris', {
      entity: 'flower',
      features: [...IRIS_COLUMNS],
      k: 3,
      standardize: true,
    });
    expect(result.summary.inertia).toBeCloseTo(139.82049635974974, 9);
    expect(result.summary.silhouette).toBeCloseTo(0.45994823920518646, 9);
    const rows = (
      await db.query('SELECT a.cluster, i.species FROM iris_k.assignments a JOIN iris i USING (flower) ORDER BY flower')
    ).rows;
    expect(rows).toHaveLength(150);
    expect(
      adjustedRandIndex(
        rows.map((r) => Number(r.cluster)),
        rows.map((r) => Number(r.species)),
      ),
    ).toBeCloseTo(0.6201351808870379, 9);
  });

  it('with standardize: false reproduces raw KMeans: inertia 78.8514', async () => {
    const result = await runOp(db, kmeansOp, 'iris_raw', 'iris', {
      entity: 'flower',
      features: [...IRIS_COLUMNS],
      k: 3,
      standardize: false,
    });
    expect(result.summary.inertia).toBeCloseTo(78.85144142614601, 9);
    expect(result.summary.silhouette).toBeCloseTo(0.5528190123564095, 9);
  });
});
