import { runOp } from '../../../test-support/run-op';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident } from '../../data/sql';
import { adjustedRandIndex } from '../../cluster';
import { dbscanOp, type DbscanParams } from './';
import type { OpContext } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
});
afterAll(() => db.close());

/** Run the op on `table` into schema `id`, as the engine would. */
async function run(id: string, table: string, params: Partial<DbscanParams> & Record<string, unknown>) {
  const result = await runOp(db, dbscanOp, id, table, params, ctx);
  const read = async (t: string, order: string) =>
    (await db.query(`SELECT * FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`)).rows;
  return { result, read };
}

const ENTITY = 'cust "id"';
const SPEND = `sp"end'; DROP TABLE shop; --`;

describe('dbscan op on a hand-made table', () => {
  beforeAll(async () => {
    // Features (orders, spend), raw units, eps 1.5, minPts 3: the a's lie 1 apart on spend, so a1 and
    // a5 have 2 rows within eps (border points), a2..a4 have 3 (core); the b's likewise; z1 is noise;
    // n1 has no spend and is dropped.
    await db.exec(`CREATE TABLE shop (${ident(ENTITY)} VARCHAR, orders INTEGER, ${ident(SPEND)} DOUBLE, note VARCHAR)`);
    await db.exec(`INSERT INTO shop VALUES
      ('a1', 1, 10, 'x'), ('a2', 1, 11, 'x'), ('a3', 1, 12, 'y'), ('a4', 1, 13, 'x'), ('a5', 1, 14, 'x'),
      ('b1', 2, 50, 'z'), ('b2', 2, 51, 'z'), ('b3', 2, 52, 'y'), ('b4', 2, 53, 'z'),
      ('z1', 9, 500, 'y'), ('n1', 3, NULL, 'y')`);
  });

  it('clusters, marks noise and writes assignments, profile and kdistance', async () => {
    const { result, read } = await run('d_shop', 'shop', { entity: ENTITY, eps: 1.5, minPts: 3, standardize: false });
    expect(result.tables).toEqual(['assignments', 'profile', 'kdistance']);
    expect((await read('assignments', ident(ENTITY))).map((r) => [r[ENTITY], r.cluster])).toEqual([
      ['a1', 1],
      ['a2', 1],
      ['a3', 1],
      ['a4', 1],
      ['a5', 1],
      ['b1', 2],
      ['b2', 2],
      ['b3', 2],
      ['b4', 2],
      ['z1', -1],
    ]);
    expect(result.summary).toMatchObject({
      rows: { total: 11, used: 10, droppedMissing: 1 },
      features: ['orders', SPEND],
      standardize: false,
      k: 2,
      sizes: [5, 4],
      noise: 1,
      noiseShare: 0.1,
      corePoints: 5,
      silhouetteSample: null,
      eps: 1.5,
      minPts: 3,
    });
    expect(result.summary.silhouette as number).toBeGreaterThan(0.9);
    const clusters = result.summary.clusters as Array<Record<string, unknown>>;
    expect(clusters.map((c) => [c.cluster, c.size, c.share])).toEqual([
      [1, 5, 0.5],
      [2, 4, 0.4],
    ]);

    const profile = await read('profile', 'cluster, feature');
    expect(profile.map((r) => [r.cluster, r.feature, r.mean])).toEqual([
      [-1, 'orders', 9],
      [-1, SPEND, 500],
      [1, 'orders', 1],
      [1, SPEND, 12],
      [2, 'orders', 2],
      [2, SPEND, 51.5],
    ]);
    const spend = [10, 11, 12, 13, 14, 50, 51, 52, 53, 500];
    const mean = spend.reduce((s, v) => s + v, 0) / 10;
    const sd = Math.sqrt(spend.reduce((s, v) => s + (v - mean) ** 2, 0) / 10);
    const s1 = profile.find((r) => r.cluster === 1 && r.feature === SPEND)!;
    expect(s1.overall_mean as number).toBeCloseTo(mean, 12);
    expect(s1.z as number).toBeCloseTo((12 - mean) / sd, 12);

    // 3rd nearest row, itself the 1st: z1 → b3 at √(448² + 7²); a1, a5, b1, b4 → 2; the rest → 1.
    const kd = await read('kdistance', 'rank');
    expect(kd.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(kd[0]!.distance as number).toBeCloseTo(Math.hypot(448, 7), 12);
    expect(kd.slice(1).map((r) => r.distance)).toEqual([2, 2, 2, 2, 1, 1, 1, 1, 1]);

    const types = await db.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'd_shop' ORDER BY table_name, ordinal_position`,
    );
    expect(types.rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}`)).toEqual([
      `assignments.${ENTITY} VARCHAR`,
      'assignments.cluster INTEGER',
      'kdistance.rank INTEGER',
      'kdistance.distance DOUBLE',
      'profile.cluster INTEGER',
      'profile.feature VARCHAR',
      'profile.mean DOUBLE',
      'profile.overall_mean DOUBLE',
      'profile.z DOUBLE',
    ]);
    // The hostile name was quoted everywhere: the input table is still there.
    expect((await db.query('SELECT count(*)::INTEGER AS n FROM shop')).rows[0]!.n).toBe(11);
  });

  it('reports no silhouette with a single cluster, everything noise when minPts is out of reach', async () => {
    const one = await run('d_one', 'shop', { entity: ENTITY, eps: 1000, minPts: 3, standardize: false });
    expect(one.result.summary).toMatchObject({ k: 1, sizes: [10], noise: 0, silhouette: null });
    const none = await run('d_none', 'shop', { entity: ENTITY, eps: 0.5, minPts: 2, standardize: false });
    expect(none.result.summary).toMatchObject({
      k: 0,
      sizes: [],
      noise: 10,
      noiseShare: 1,
      silhouette: null,
      clusters: [],
    });
    expect((await none.read('profile', 'feature')).map((r) => r.cluster)).toEqual([-1, -1]);
  });

  it('explains bad input', async () => {
    await db.exec(`CREATE TABLE dup AS SELECT * FROM (VALUES ('a', 1), ('a', 2), ('b', 3)) AS t(id, v)`);
    await expect(run('d_dup', 'dup', { entity: 'id', eps: 1 })).rejects.toThrow(/'id' has 1 repeated values/);
    await expect(run('d_few', 'shop', { entity: ENTITY, eps: 1, minPts: 11 })).rejects.toThrow(
      /only 10 rows .* minPts = 11/,
    );
    await expect(run('d_self', 'shop', { entity: ENTITY, eps: 1, features: [ENTITY, 'orders'] })).rejects.toThrow(
      /cannot also be a feature/,
    );
    await db.exec(`CREATE TABLE big AS SELECT range AS id, range * 1.0 AS v FROM range(20001)`);
    await expect(run('d_big', 'big', { entity: 'id', eps: 1 })).rejects.toThrow(
      /20,001 rows .* limited to 20,000; use kmeans, or cluster a sample/,
    );
    expect(() => dbscanOp.params.parse({ entity: 'id' })).toThrow();
    expect(() => dbscanOp.params.parse({ entity: 'id', eps: 0 })).toThrow();
    expect(() => dbscanOp.params.parse({ entity: 'id', eps: 1, extra: 1 })).toThrow();
    expect(dbscanOp.params.parse({ entity: 'id', eps: 0.5 })).toEqual({
      entity: 'id',
      eps: 0.5,
      minPts: 5,
      standardize: true,
    });
  });
});

describe('dbscan op on non-spherical and larger tables', () => {
  it('separates two concentric rings in standard units', async () => {
    await db.exec(`CREATE TABLE rings AS SELECT range AS id, range // 200 AS ring,
      (1 + 2 * (range // 200)) * cos(2 * pi() * (range % 200) / 200) AS x,
      (1 + 2 * (range // 200)) * sin(2 * pi() * (range % 200) / 200) AS y FROM range(400)`);
    const { result } = await run('d_rings', 'rings', { entity: 'id', features: ['x', 'y'], eps: 0.3 });
    expect(result.summary).toMatchObject({ k: 2, sizes: [200, 200], noise: 0, standardize: true });
    const rows = (
      await db.query('SELECT a.cluster, r.ring FROM d_rings.assignments a JOIN rings r ON a.id = CAST(r.id AS VARCHAR)')
    ).rows;
    expect(rows.length).toBe(400);
    expect(
      adjustedRandIndex(
        rows.map((r) => Number(r.cluster)),
        rows.map((r) => Number(r.ring)),
      ),
    ).toBeCloseTo(1, 12);
  });

  it('samples the k-distance curve evenly to 2000 points, first and last included, and is deterministic', async () => {
    await db.exec(
      `CREATE TABLE cloud AS SELECT range AS id, sin(range * 12.9898) * 43758.5453 % 1 AS a, cos(range * 78.233) * 12345.678 % 1 AS b FROM range(2500)`,
    );
    const a = await run('d_cloud1', 'cloud', { entity: 'id', eps: 0.1, minPts: 4 });
    const b = await run('d_cloud2', 'cloud', { entity: 'id', eps: 0.1, minPts: 4 });
    const kd = await a.read('kdistance', 'rank');
    expect(kd.length).toBe(2000);
    expect(kd[0]!.rank).toBe(1);
    expect(kd[kd.length - 1]!.rank).toBe(2500);
    for (let i = 1; i < kd.length; i++)
      expect(kd[i]!.distance as number).toBeLessThanOrEqual(kd[i - 1]!.distance as number);
    expect(await b.read('assignments', 'id')).toEqual(await a.read('assignments', 'id'));
    expect(b.result.summary.sizes).toEqual(a.result.summary.sizes);
  });
});
