import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident } from '../../data/sql';
import { runOp } from '../../../test-support/run-op';
import { IRIS } from '../../../test-support/iris';
import type { FittedPca } from '../../features/pca';
import { pcaOp, type PcaParams } from './';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  // Ids sort in row order: the op reads rows ordered by id.
  await db.exec(
    `CREATE TABLE iris (id VARCHAR, sepal_length DOUBLE, sepal_width DOUBLE, petal_length DOUBLE, petal_width DOUBLE, species INTEGER)`,
  );
  await db.exec(
    `INSERT INTO iris VALUES ${IRIS.map((r, i) => `('f${String(i).padStart(3, '0')}', ${r.join(', ')})`).join(', ')}`,
  );
});
afterAll(() => db.close());

let runs = 0;
async function run(table: string, params: Partial<PcaParams> & Record<string, unknown>) {
  const id = `p${++runs}`;
  const result = await runOp(db, pcaOp, id, table, params);
  const read = async (t: string, order: string) =>
    (await db.query(`SELECT * FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`)).rows;
  return { id, result, summary: result.summary, fitted: result.summary.fitted as unknown as FittedPca, read };
}
const near = (actual: unknown[], expected: number[], digits = 7) =>
  expected.forEach((e, i) => expect(actual[i] as number).toBeCloseTo(e, digits));
const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

describe('pca op on iris (scikit-learn figures)', () => {
  it('unstandardised: scores, loadings and the variance of every component', async () => {
    const { result, summary, read } = await run('iris', { entity: 'id', features: FEATURES, standardize: false });
    expect(result.tables).toEqual(['scores', 'loadings', 'variance']);
    // PCA().fit(load_iris().data): explained_variance_, explained_variance_ratio_, components_[:2], transform()[:3].
    // PC2's sign follows scikit-learn ≥ 1.5 (largest |loading| positive), as the figures below do.
    near(summary.explainedVariance as number[], [4.22824171, 0.24267075, 0.0782095, 0.02383509]);
    near(summary.explainedVarianceRatio as number[], [0.92461872, 0.05306648, 0.01710261, 0.00521218]);
    expect(summary).toMatchObject({
      components: 2,
      features: FEATURES,
      standardize: false,
      rows: { total: 150, used: 150, dropped: 0 },
      replayed: false,
    });
    const scores = await read('scores', 'id');
    expect(scores).toHaveLength(150);
    expect(Object.keys(scores[0]!)).toEqual(['id', 'pc1', 'pc2']);
    near(
      scores.slice(0, 3).flatMap((r) => [r.pc1 as number, r.pc2 as number]),
      [-2.68412563, 0.31939725, -2.71414169, -0.17700123, -2.88899057, -0.14494943],
    );
    const loadings = await read('loadings', 'feature');
    const byFeature = Object.fromEntries(loadings.map((r) => [r.feature, [r.pc1, r.pc2]]));
    near(
      FEATURES.map((f) => byFeature[f]![0]),
      [0.36138659, -0.08452251, 0.85667061, 0.3582892],
    );
    near(
      FEATURES.map((f) => byFeature[f]![1]),
      [0.65658877, 0.73016143, -0.17337266, -0.07548102],
    );
    const variance = await read('variance', 'component');
    expect(variance.map((r) => r.component)).toEqual([1, 2, 3, 4]);
    near(
      variance.map((r) => r.eigenvalue),
      [4.22824171, 0.24267075, 0.0782095, 0.02383509],
    );
    near(
      variance.map((r) => r.cumulative),
      [0.92461872, 0.9776852, 0.99478781, 1],
    );
    const types = await db.query(
      `SELECT data_type FROM information_schema.columns WHERE table_schema = 'p1' AND table_name = 'variance' AND column_name = 'component'`,
    );
    expect(types.rows[0]!.data_type).toBe('INTEGER');
  });

  it('standardises by default (StandardScaler, then PCA)', async () => {
    // make_pipeline(StandardScaler(), PCA()) on iris: explained_variance_ratio_.
    const { summary, fitted } = await run('iris', { entity: 'id', features: FEATURES, components: 3 });
    near(summary.explainedVarianceRatio as number[], [0.72962445, 0.22850762, 0.03668922, 0.00517871]);
    expect(summary.standardize).toBe(true);
    expect(fitted.components).toHaveLength(3);
    expect(fitted.explainedVariance).toHaveLength(4);
  });

  it('replays a fit on new rows without refitting', async () => {
    const fit = await run('iris', { entity: 'id', features: FEATURES, standardize: false });
    // New customers: the iris mean (sklearn's mean_), and the mean plus components_[0] (a unit step along PC1).
    const mean = [5.84333333, 3.05733333, 3.758, 1.19933333];
    const pc1 = [0.36138659, -0.08452251, 0.85667061, 0.3582892];
    await db.exec(
      `CREATE TABLE iris_new AS SELECT * FROM (VALUES ('m', ${mean.join(', ')}), ('u', ${mean.map((m, f) => m + pc1[f]!).join(', ')})) t(id, sepal_length, sepal_width, petal_length, petal_width)`,
    );
    const replay = await run('iris_new', { entity: 'id', fitted: fit.fitted });
    const scores = await replay.read('scores', 'id');
    near(
      scores.map((r) => r.pc1),
      [0, 1],
      6,
    );
    near(
      scores.map((r) => r.pc2),
      [0, 0],
      6,
    );
    expect(replay.summary).toMatchObject({ replayed: true, components: 2, standardize: false, features: FEATURES });
    expect(replay.summary.explainedVariance).toEqual(fit.summary.explainedVariance);
    expect(replay.fitted).toEqual(fit.fitted);
  });
});

describe('pca op: rows, defaults and errors', () => {
  beforeAll(async () => {
    await db.exec(`CREATE TABLE line AS SELECT * FROM (VALUES ('a', 6.0, 17.0, 'x'), ('b', 11, 17, 'y'), ('c', 10, 20, 'x'), ('d', 13, 21, 'y'), ('e', 10, 25, 'x'),
      ('f', NULL, 1, 'x'), ('g', 'nan'::DOUBLE, 2, 'y')) t(id, a, b, note)`);
  });

  it('drops rows with a missing or non-finite feature and defaults to the numeric columns', async () => {
    // The five complete rows lie on y = 2x around (10, 20) with perpendicular offsets: ratio 5/7 exactly.
    const { summary, read } = await run('line', { entity: 'id', standardize: false });
    expect(summary.rows).toEqual({ total: 7, used: 5, dropped: 2 });
    expect(summary.features).toEqual(['a', 'b']);
    near(summary.explainedVarianceRatio as number[], [5 / 7, 2 / 7], 12);
    near(
      (await read('loadings', 'feature')).map((r) => r.pc1),
      [1 / Math.sqrt(5), 2 / Math.sqrt(5)],
      12,
    );
    expect((await read('scores', 'id')).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('explains bad input', async () => {
    await expect(run('line', { entity: 'id', components: 3 })).rejects.toThrow(
      /field 'components': 3 components need at least 3 features, and there are 2 \(a, b\)/,
    );
    await expect(run('line', { entity: 'id', features: ['a', 'note'] })).rejects.toThrow(
      /field 'features\[1\]': PCA needs numeric features, and 'note' is VARCHAR/,
    );
    await db.exec(
      `CREATE TABLE flat AS SELECT * FROM (VALUES ('a', 1.0, 2.0), ('b', 1.0, 2.0), ('c', 1.0, 2.0)) t(id, u, v)`,
    );
    await expect(run('flat', { entity: 'id' })).rejects.toThrow(/every feature is constant over the 3 rows used/);
    await db.exec(`CREATE TABLE one_row AS SELECT 'a' AS id, 1.0 AS u, 2.0 AS v`);
    await expect(run('one_row', { entity: 'id' })).rejects.toThrow(
      /only 1 row has an id and every feature; 2 components need at least 2/,
    );
    const fit = await run('line', { entity: 'id' });
    await expect(run('iris', { entity: 'id', fitted: fit.fitted })).rejects.toThrow(
      /field 'fitted.features.0': column 'a' not found/,
    );
    await expect(run('line', { entity: 'id', standardize: false, fitted: fit.fitted })).rejects.toThrow(
      /field 'standardize': the fitted PCA was fitted with standardize true/,
    );
    await expect(
      run('line', { entity: 'id', components: 2, features: ['b', 'a'], fitted: fit.fitted }),
    ).rejects.toThrow(/field 'features': the fitted PCA uses a, b, in that order/);
    await expect(
      run('line', {
        entity: 'id',
        components: 1,
        fitted: { ...fit.fitted, components: fit.fitted.components.slice(0, 1) },
      }),
    ).resolves.toBeDefined();
    await expect(
      run('line', {
        entity: 'id',
        components: 2,
        fitted: { ...fit.fitted, components: fit.fitted.components.slice(0, 1) },
      }),
    ).rejects.toThrow(/the fitted PCA has 1 component, not 2/);
    await db.exec(`CREATE TABLE pc_id AS SELECT * FROM (VALUES ('a', 1.0, 2.0), ('b', 2.0, 1.0)) t(pc1, u, v)`);
    await expect(run('pc_id', { entity: 'pc1' })).rejects.toThrow(/would clash with the score columns/);
    expect(pcaOp.params.safeParse({ entity: 'id', components: 0 }).success).toBe(false);
    expect(pcaOp.columnParams!(pcaOp.params.parse({ entity: 'id', features: ['a'], fitted: fit.fitted }))).toEqual([
      ['entity', 'id'],
      ['features[0]', 'a'],
      ['fitted.features.0', 'a'],
      ['fitted.features.1', 'b'],
    ]);
  });
});

describe('pca op defaults', () => {
  it('leaves a label column out of the default features', async () => {
    const db = await NodeDuckDB.create();
    await db.exec(
      `CREATE TABLE t AS SELECT 'c' || range AS id, range * 1.0 AS a, (range % 7) * 1.0 AS b, (range % 2) AS churned FROM range(40)`,
    );
    const result = await runOp(db, pcaOp, 'p_label', 't', { entity: 'id' });
    expect(result.summary.features).toEqual(['a', 'b']);
    db.close();
  });
});
