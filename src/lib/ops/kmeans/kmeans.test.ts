import { runOp } from '../../../test-support/run-op';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident, literal } from '../../data/sql';
import { generateSamples, CATEGORIES } from '../../../samples/generate';
import { adjustedRandIndex } from '../../cluster';
import { kmeansOp, type KMeansParams } from './';
import type { OpContext } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
});
afterAll(() => db.close());

/** Run the op on `table` into schema `id`, as the engine would. */
async function run(id: string, table: string, params: Partial<KMeansParams> & Record<string, unknown>) {
  const result = await runOp(db, kmeansOp, id, table, params, ctx);
  const read = async (t: string, order: string) =>
    (await db.query(`SELECT * FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`)).rows;
  return { result, read };
}

describe('kmeans op on hand-made tables', () => {
  beforeAll(async () => {
    // Two obvious groups: small spenders (ids a*) and big spenders (ids b*); `note` is text.
    await db.exec(`CREATE TABLE shop (id VARCHAR, orders INTEGER, spend DOUBLE, note VARCHAR)`);
    await db.exec(`INSERT INTO shop VALUES
      ('a1', 1, 10, 'x'), ('a2', 2, 12, 'x'), ('a3', 1, 14, 'y'),
      ('b1', 9, 100, 'z'), ('b2', 10, 104, 'z'), ('b3', 11, 102, 'y'), ('b4', 10, 106, 'z'),
      ('c1', NULL, 50, 'y')`);
  });

  it('assigns the two groups exactly and reports centroids and profile in original units', async () => {
    const { result, read } = await run('k_shop', 'shop', { entity: 'id', k: 2, standardize: false });
    expect(result.tables).toEqual(['assignments', 'centroids', 'profile']);
    // Cluster 1 is the larger (the b's).
    expect((await read('assignments', 'id')).map((r) => [r.id, r.cluster])).toEqual([
      ['a1', 2],
      ['a2', 2],
      ['a3', 2],
      ['b1', 1],
      ['b2', 1],
      ['b3', 1],
      ['b4', 1],
    ]);
    expect(await read('centroids', 'cluster')).toEqual([
      { cluster: 1, size: 4, orders: 10, spend: 103 },
      { cluster: 2, size: 3, orders: 4 / 3, spend: 12 },
    ]);
    // Raw units: a's: orders Σ(v − 4/3)² = 2/3, spend 4 + 0 + 4 = 8; b's: orders 2, spend 9 + 1 + 1 + 9 = 20.
    expect(result.summary.inertia as number).toBeCloseTo(2 / 3 + 8 + 2 + 20, 12);
    expect(result.summary).toMatchObject({
      k: 2,
      chosenBy: 'given',
      sizes: [4, 3],
      features: ['orders', 'spend'],
      standardize: false,
      rows: { total: 8, used: 7, droppedMissing: 1 },
      selection: null,
      silhouetteSample: null,
    });
    // Profile: overall means over the 7 clustered rows; z in population sd.
    const orders = [1, 2, 1, 9, 10, 11, 10];
    const mean = orders.reduce((s, v) => s + v, 0) / 7;
    const sd = Math.sqrt(orders.reduce((s, v) => s + (v - mean) ** 2, 0) / 7);
    const profile = await read('profile', 'cluster, feature');
    expect(profile.map((r) => [r.cluster, r.feature])).toEqual([
      [1, 'orders'],
      [1, 'spend'],
      [2, 'orders'],
      [2, 'spend'],
    ]);
    expect(profile[0]!.mean).toBe(10);
    expect(profile[0]!.overall_mean as number).toBeCloseTo(mean, 12);
    expect(profile[0]!.z as number).toBeCloseTo((10 - mean) / sd, 12);
    const clusters = result.summary.clusters as Array<Record<string, unknown>>;
    // Spend separates the groups slightly more than orders (larger |z|), so it is named first.
    expect(clusters.map((c) => c.description)).toEqual(['high spend, high orders', 'low spend, low orders']);
    expect(clusters[0]).toMatchObject({ cluster: 1, size: 4, share: 4 / 7 });
    // Clusters are INTEGER columns; the entity is text.
    const types = await db.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'k_shop' AND table_name = 'assignments' ORDER BY ordinal_position`,
    );
    expect(types.rows.map((r) => [r.column_name, r.data_type])).toEqual([
      ['id', 'VARCHAR'],
      ['cluster', 'INTEGER'],
    ]);
  });

  it('standardises by default and gives the same split here', async () => {
    const { result, read } = await run('k_shop_z', 'shop', { entity: 'id', k: 2 });
    expect((await read('assignments', 'id')).map((r) => r.cluster)).toEqual([2, 2, 2, 1, 1, 1, 1]);
    expect(result.summary.silhouette as number).toBeGreaterThan(0.8);
    // The centroids table stays in original units.
    expect((await read('centroids', 'cluster'))[0]).toEqual({ cluster: 1, size: 4, orders: 10, spend: 103 });
  });

  it('chooses k by silhouette from kRange and reports every k', async () => {
    // Three tight groups on a line.
    await db.exec(
      `CREATE TABLE three AS SELECT 'r' || range AS id, (range % 3) * 10 + (range // 3) % 4 * 0.1 AS v, (range % 3) * -5.0 AS w FROM range(30)`,
    );
    const { result, read } = await run('k_three', 'three', { entity: 'id', kRange: [2, 5] });
    expect(result.summary.k).toBe(3);
    expect(result.summary.chosenBy).toBe('silhouette');
    expect(result.tables).toEqual(['assignments', 'centroids', 'profile', 'selection']);
    const selection = await read('selection', 'k');
    expect(selection.map((r) => r.k)).toEqual([2, 3, 4, 5]);
    const best = Math.max(...selection.map((r) => r.silhouette as number));
    expect(selection.find((r) => r.k === 3)!.silhouette).toBe(best);
    // Inertia falls as k grows.
    for (let i = 1; i < selection.length; i++)
      expect(selection[i]!.inertia as number).toBeLessThan(selection[i - 1]!.inertia as number);
    expect(result.summary.sizes).toEqual([10, 10, 10]);
  });

  it('is deterministic for a seed', async () => {
    await db.exec(
      `CREATE TABLE noisy AS SELECT range AS id, sin(range * 12.9898) * 43758.5453 % 1 AS a, cos(range * 78.233) * 12345.678 % 1 AS b FROM range(300)`,
    );
    const a = await run('k_noisy1', 'noisy', { entity: 'id', k: 4, seed: 3 });
    const b = await run('k_noisy2', 'noisy', { entity: 'id', k: 4, seed: 3 });
    expect(await b.read('assignments', 'id')).toEqual(await a.read('assignments', 'id'));
    expect(b.result.summary.inertia).toBe(a.result.summary.inertia);
  });

  it('explains bad input', async () => {
    await db.exec(`CREATE TABLE dup AS SELECT * FROM (VALUES ('a', 1), ('a', 2), ('b', 3)) AS t(id, v)`);
    await expect(run('k_dup', 'dup', { entity: 'id', k: 2 })).rejects.toThrow(/'id' has 1 repeated values/);
    await db.exec(`CREATE TABLE words AS SELECT * FROM (VALUES ('a', 'x'), ('b', 'y')) AS t(id, s)`);
    await expect(run('k_words', 'words', { entity: 'id', k: 2 })).rejects.toThrow(/no numeric columns besides 'id'/);
    await expect(run('k_few', 'shop', { entity: 'id', k: 7 })).rejects.toThrow(
      /only 7 rows have an id and every feature; 7 clusters need at least 8/,
    );
    await expect(run('k_self', 'shop', { entity: 'id', k: 2, features: ['id', 'spend'] })).rejects.toThrow(
      /cannot also be a feature/,
    );
    expect(() => kmeansOp.params.parse({ entity: 'id' })).toThrow(/either `k` or `kRange/);
    expect(() => kmeansOp.params.parse({ entity: 'id', k: 3, kRange: [2, 4] })).toThrow(/either `k` or `kRange/);
    expect(() => kmeansOp.params.parse({ entity: 'id', kRange: [5, 2] })).toThrow(/min ≤ max/);
    expect(() => kmeansOp.params.parse({ entity: 'id', k: 3, extra: 1 })).toThrow();
    expect(kmeansOp.columnParams!(kmeansOp.params.parse({ entity: 'id', k: 3, features: ['a', 'b'] }))).toEqual([
      ['entity', 'id'],
      ['features[0]', 'a'],
      ['features[1]', 'b'],
    ]);
  });
});

describe('kmeans op on constant and duplicate features', () => {
  it('refuses k = 3 on 20 identical customers with one line, writing nothing', async () => {
    await db.exec(`CREATE TABLE same AS SELECT 'c' || range AS id, 5.0 AS orders, 120.0 AS spend FROM range(20)`);
    const err = await run('k_same', 'same', { entity: 'id', k: 3 }).catch((e: Error) => e);
    expect(String((err as Error).message)).toBe(
      "step 'k_same', field 'k': only 1 distinct feature row among 20 rows, so k-means cannot make 3 non-empty clusters; every row has the same features: there is nothing to segment; pick features that differ between rows",
    );
    await expect(db.query('SELECT * FROM k_same.centroids')).rejects.toThrow();
  });

  it('refuses a k above the number of distinct rows, naming the largest k that works', async () => {
    // 12 customers, only two distinct (orders, spend) points.
    await db.exec(
      `CREATE TABLE twins AS SELECT 'c' || range AS id, (range % 2)::DOUBLE AS orders, 10.0 * (range % 2) AS spend FROM range(12)`,
    );
    await expect(run('k_twins', 'twins', { entity: 'id', k: 3 })).rejects.toThrow(
      /field 'k': only 2 distinct feature rows among 12 rows, so k-means cannot make 3 non-empty clusters; use k ≤ 2$/,
    );
  });

  it('leaves the k above the distinct rows out of a kRange: no empty cluster, every centroid finite', async () => {
    const { result, read } = await run('k_twins_range', 'twins', { entity: 'id', kRange: [2, 4] });
    expect(result.summary).toMatchObject({ k: 2, distinctRows: 2, kLeftOut: [3, 4], sizes: [6, 6] });
    expect((await read('selection', 'k')).map((r) => r.k)).toEqual([2]);
    const centroids = await read('centroids', 'cluster');
    expect(centroids.flatMap((r) => [r.orders, r.spend]).every((v) => Number.isFinite(v))).toBe(true);
    const words = result.summary.clusters as Array<{ size: number; description: string }>;
    expect(words.every((c) => c.size > 0 && c.description !== 'close to average on every feature')).toBe(true);
  });
});

/** Per-customer features as the brief lists them, from events joined to the item catalogue. */
const FEATURES_SQL = `SELECT customer_id,
    count(DISTINCT order_id) AS orders,
    coalesce(sum(amount), 0) AS spend,
    coalesce(sum(amount) / nullif(count(DISTINCT order_id), 0), 0) AS mean_order_value,
    coalesce(avg(e.price), 0) AS mean_unit_price,
    count(*) FILTER (event_type = 'view') / greatest(count(*) FILTER (event_type = 'purchase'), 1) AS views_per_purchase,
    ${CATEGORIES.map((c) => `count(*) FILTER (event_type = 'view' AND category = ${literal(c)}) / count(*) FILTER (event_type = 'view') AS share_${c.toLowerCase()}`).join(',\n    ')}
  FROM events e JOIN items i USING (item_id) GROUP BY customer_id`;

describe('kmeans op on the planted customer segments', () => {
  beforeAll(async () => {
    const samples = generateSamples();
    for (const name of ['events', 'customers', 'items'] as const) {
      const path = await db.registerFile(`${name}.csv`, new Blob([samples[name]]));
      await db.exec(`CREATE TABLE ${name} AS SELECT * FROM read_csv(${literal(path)}, header=true)`);
    }
    await db.exec(`CREATE TABLE customer_features AS ${FEATURES_SQL}`);
  });

  const ari = async (schema: string) => {
    const rows = (
      await db.query(
        `SELECT a.cluster, c.planted_segment FROM ${ident(schema)}.assignments a JOIN customers c USING (customer_id)`,
      )
    ).rows;
    return {
      n: rows.length,
      ari: adjustedRandIndex(
        rows.map((r) => Number(r.cluster)),
        rows.map((r) => String(r.planted_segment)),
      ),
    };
  };

  // At the default sample (seed 42) ARI = 0.775 on the 1828 customers with events. Other sample
  // seeds give 0.70–0.83 (seeds 1–5); log-scaled orders/spend plus viewed price and views per
  // session reach 0.83–0.91. Chance level is 0.
  it('recovers the four segments with k = 4 (ARI 0.775 at the defaults)', async () => {
    const { result } = await run('k_planted', 'customer_features', { entity: 'customer_id', k: 4 });
    // 172 of the 2000 customers have no events at all, so no features.
    expect(result.summary.rows).toMatchObject({ total: 1828, used: 1828 });
    expect((result.summary.features as string[]).length).toBe(11);
    const { n, ari: score } = await ari('k_planted');
    expect(n).toBe(1828);
    expect(score).toBeGreaterThan(0.75);
    // Premium shoppers are the cluster that pays the most per item; window browsers browse toys.
    const descriptions = (result.summary.clusters as Array<{ description: string }>).map((c) => c.description);
    expect(descriptions.some((d) => /very high mean unit price/.test(d))).toBe(true);
    expect(descriptions.some((d) => /high share toys/.test(d))).toBe(true);
    const dominant = (
      await db.query(
        `SELECT a.cluster, mode(c.planted_segment) AS segment FROM k_planted.assignments a JOIN customers c USING (customer_id) GROUP BY ALL ORDER BY ALL`,
      )
    ).rows;
    expect(dominant.map((r) => r.segment).sort()).toEqual([
      'bargain_hunter',
      'loyal_regular',
      'premium_shopper',
      'window_browser',
    ]);
  });

  // Silhouettes of k = 2..6 lie within 0.02 of each other here (0.247, 0.262, 0.265, 0.253, 0.256): the
  // best alone (k = 4) is not robust (sample seed 1 picks k = 3). The near-ties are shown and the
  // default is the smallest of them whose largest cluster holds at most 60%: k = 3.
  it('from kRange [2, 6] takes the smallest near-tie of the best silhouette with no cluster over 60%', async () => {
    const { result, read } = await run('k_planted_range', 'customer_features', {
      entity: 'customer_id',
      kRange: [2, 6],
    });
    const selection = await read('selection', 'k');
    expect(selection.map((r) => r.k)).toEqual([2, 3, 4, 5, 6]);
    expect(result.summary.nearTies).toEqual([2, 3, 4, 5, 6]);
    // k = 2 ties (0.247) but puts 61.9% in one cluster; k = 3 puts 59.5%.
    expect(selection[0]!.largest_share).toBeGreaterThan(0.6);
    expect(result.summary.k).toBe(3);
    expect(result.summary.kRule).toBe('balanced');
    const sizes = result.summary.sizes as number[];
    expect(Math.max(...sizes) / 1828).toBeLessThanOrEqual(0.6);
  });
});
