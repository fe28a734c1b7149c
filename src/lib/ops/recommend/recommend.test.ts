import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident, literal } from '../../data/sql';
import { runOp } from '../../../test-support/run-op';
import { generateSamples } from '../../../samples/generate';
import type { FactorizeEpoch, FactorizeRequest } from '../../ml/models/factorization';
import { runKinds } from '../../../test-support/run-kinds';
import { recommendOp } from './';
import type { OpContext, Trainer } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
  // A: O1 (I1, I2), O2 (I1 again, I3). B: O3 (I1, I2). C: O4 (I2, I3) and views I4 (not a purchase). D: O5 (I4).
  // Purchases per item: I1 {A, B}, I2 {A, B, C}, I3 {A, C}, I4 {D}.
  await db.exec(
    `CREATE TABLE shop (customer_id VARCHAR, ts TIMESTAMP, event_type VARCHAR, item_id VARCHAR, order_id VARCHAR, quantity INTEGER)`,
  );
  await db.exec(`INSERT INTO shop VALUES
    ('A', '2025-01-01 10:00', 'purchase', 'I1', 'O1', 1), ('A', '2025-01-01 10:00', 'purchase', 'I2', 'O1', 1),
    ('A', '2025-01-05 10:00', 'purchase', 'I1', 'O2', 3), ('A', '2025-01-05 10:00', 'purchase', 'I3', 'O2', 1),
    ('B', '2025-01-02 10:00', 'purchase', 'I1', 'O3', 1), ('B', '2025-01-02 10:00', 'purchase', 'I2', 'O3', 1),
    ('C', '2025-01-03 09:00', 'view', 'I4', NULL, NULL),
    ('C', '2025-01-03 10:00', 'purchase', 'I2', 'O4', 1), ('C', '2025-01-03 10:00', 'purchase', 'I3', 'O4', 1),
    ('D', '2025-01-04 10:00', 'purchase', 'I4', 'O5', 1)`);
  await db.exec(
    `CREATE TABLE people AS SELECT * FROM (VALUES ('A', 'x'), ('B', 'x'), ('C', 'y'), ('D', 'y')) AS t(customer_id, tier)`,
  );
  await db.exec(
    `CREATE TABLE catalogue AS SELECT * FROM (VALUES ('I1', 'gift|kitchen', 'Kitchen'), ('I2', 'gift', 'Home'), ('I3', 'garden', 'Garden'), ('I4', 'garden', 'Garden')) AS t(item_id, tags, category)`,
  );
});
afterAll(() => db.close());

async function recommend(id: string, params: Record<string, unknown>, context = ctx, table = 'shop') {
  const result = await runOp(db, recommendOp, id, table, params, context);
  const read = async (t: string, order = 'customer, rank') =>
    (await db.query(`SELECT * FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`)).rows;
  return { result, read };
}
const listOf = (rows: Array<Record<string, unknown>>, customer: string) =>
  rows.filter((r) => r.customer === customer).map((r) => [r.item, Number((r.score as number).toFixed(5)), r.reason]);

describe('recommend op on a hand-made shop', () => {
  it('itemcf: top-k per customer with the history item behind each, and similar items', async () => {
    const { result, read } = await recommend('r_item', { algorithm: 'itemcf', k: 3 });
    expect(result.tables).toEqual(['recommendations', 'similar']);
    const rows = await read('recommendations');
    // Buyers: I1 2, I2 3, I3 2; cosine I1–I2 2/√6 = 0.81650, I1–I3 1/2, I2–I3 2/√6.
    // C {I2, I3}: I1 ← 0.81650 (I2) + 0.5 (I3) = 1.31650; I2 ← I3 0.81650; I3 ← I2 0.81650 (tie: I2 first).
    expect(listOf(rows, 'C')).toEqual([
      ['I1', 1.3165, 'bought with I2'],
      ['I2', 0.8165, 'bought with I3'],
      ['I3', 0.8165, 'bought with I2'],
    ]);
    // D bought only I4, which nobody else bought: the list is filled by popularity (I2 3 buyers; I1, I3 2 each).
    expect(listOf(rows, 'D')).toEqual([
      ['I2', 0, 'popular overall'],
      ['I1', 0, 'popular overall'],
      ['I3', 0, 'popular overall'],
    ]);
    expect(rows).toHaveLength(12);
    expect(result.summary).toMatchObject({
      algorithm: 'itemcf',
      similarity: 'cosine',
      neighbours: 50,
      rows: 9,
      customers: 4,
      items: 4,
      interactions: 8,
      ranked: 4,
      k: 3,
      filled: 3,
      events: ['purchase'],
      columns: { customer: 'customer_id', item: 'item_id', basket: 'order_id', time: 'ts', event: 'event_type' },
    });
    const similar = await read('similar', 'item, rank');
    expect(
      similar.filter((r) => r.item === 'I1').map((r) => [r.neighbour, Number((r.similarity as number).toFixed(5))]),
    ).toEqual([
      ['I2', 0.8165],
      ['I3', 0.5],
    ]);
    const types = await db.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'r_item' AND table_name = 'recommendations' ORDER BY ordinal_position`,
    );
    expect(types.rows.map((r) => [r.column_name, r.data_type])).toEqual([
      ['customer', 'VARCHAR'],
      ['rank', 'INTEGER'],
      ['item', 'VARCHAR'],
      ['score', 'DOUBLE'],
      ['reason', 'VARCHAR'],
    ]);
  });

  it('excludeSeen leaves out what the customer bought; customers picks a subset; fill: false keeps lists short', async () => {
    const { result, read } = await recommend('r_unseen', {
      algorithm: 'itemcf',
      k: 3,
      excludeSeen: true,
      customers: ['C', 'Z'],
    });
    // C without I2, I3: I1 from similarity, then I4 (the only popular item left).
    expect(listOf(await read('recommendations'), 'C')).toEqual([
      ['I1', 1.3165, 'bought with I2'],
      ['I4', 0, 'popular overall'],
    ]);
    expect(result.summary).toMatchObject({ ranked: 1, unknownCustomers: 1, filled: 1 });
    const short = await recommend('r_short', {
      algorithm: 'itemcf',
      k: 3,
      excludeSeen: true,
      fill: false,
      customers: ['C'],
    });
    expect(listOf(await short.read('recommendations'), 'C')).toEqual([['I1', 1.3165, 'bought with I2']]);
    await expect(recommend('r_none', { algorithm: 'itemcf', customers: ['Z'] })).rejects.toThrow(
      /field 'customers': none of these customers/,
    );
  });

  it('popularity by segment and tagcf read their attribute tables', async () => {
    const seg = await recommend('r_seg', {
      algorithm: 'popularity',
      by: 'segment',
      segmentTable: 'people',
      segmentColumn: 'tier',
      k: 2,
    });
    // Tier y = {C, D}: I2, I3, I4 one buyer each (ties by overall buyers: I2 3, I3 2, I4 1).
    expect(listOf(await seg.read('recommendations'), 'D').map((r) => [r[0], r[2]])).toEqual([
      ['I2', 'popular in your segment (y)'],
      ['I3', 'popular in your segment (y)'],
    ]);
    expect(seg.result.summary).toMatchObject({ name: 'popularity-segment', segmentsMatched: 4, segments: 2 });
    const tags = await recommend('r_tags', { algorithm: 'tagcf', itemTable: 'catalogue', k: 1, excludeSeen: true });
    // D bought I4 (garden): the other garden item, I3, matches best.
    expect(listOf(await tags.read('recommendations'), 'D')).toEqual([
      ['I3', 1, "tagged 'garden', like what you bought"],
    ]);
    expect(tags.result.summary).toMatchObject({ tagsFrom: 'tags', tags: 3 });
    await expect(
      recommend('r_seg_bad', { algorithm: 'popularity', by: 'segment', segmentTable: 'people', segmentColumn: 'nope' }),
    ).rejects.toThrow(/field 'segmentColumn': column 'nope' not found in 'people'/);
  });

  it('session: the last basket, with the similar-items table', async () => {
    const { result, read } = await recommend('r_session', { algorithm: 'session', k: 2 });
    expect(result.tables).toEqual(['recommendations', 'similar']);
    // Baskets as sessions: O1 {I1,I2}, O2 {I1,I3}, O3 {I1,I2}, O4 {I2,I3}: n I1 3, I2 3, I3 2;
    // cosine I1–I2 2/3, I1–I3 1/√6 = 0.40825, I2–I3 0.40825. A's last basket O2 {I1, I3}:
    // I2 ← I1 0.66667 + I3 0.40825 = 1.07491; I3 ← I1 0.40825; I1 ← I3 0.40825 (tie: I1 first).
    expect(listOf(await read('recommendations'), 'A')).toEqual([
      ['I2', 1.07491, 'goes with I1 from your last visit'],
      ['I1', 0.40825, 'goes with I3 from your last visit'],
    ]);
    expect(result.summary).toMatchObject({ sessions: 5, decay: 0.7 });
  });

  it('als and bpr call the trainer with one entry per distinct pair and rank by x_u · y_j', async () => {
    let seen: FactorizeRequest | undefined;
    const factorize = async (request: FactorizeRequest, onEpoch: (log: FactorizeEpoch) => void) => {
      seen = request;
      onEpoch({ epoch: 1, loss: 0.5 });
      // 2 factors. Users A..D: (1, 0), (0, 1), (1, 1), (−1, 0); items I1..I4: (3, 0), (0, 2), (1, 1), (2, 5).
      return {
        userFactors: Float32Array.of(1, 0, 0, 1, 1, 1, -1, 0),
        itemFactors: Float32Array.of(3, 0, 0, 2, 1, 1, 2, 5),
        losses: [0.5],
        backend: 'cpu' as const,
        backendReasons: ['webgpu: no adapter'],
        msPerEpoch: 3,
        tensors: { before: 4, after: 4 },
        ms: 10,
      };
    };
    const trainer: Trainer = {
      train: () => Promise.reject(new Error('not used')),
      run: runKinds({ als: factorize, bpr: factorize }),
    };
    const { result, read } = await recommend(
      'r_als',
      { algorithm: 'als', factors: 2, epochs: 1, confidence: 10 },
      { ...ctx, trainer },
    );
    // Distinct (customer, item) pairs, weights = purchase rows: A–I1 bought twice.
    expect(seen).toMatchObject({
      algorithm: 'als',
      nUsers: 4,
      nItems: 4,
      factors: 2,
      epochs: 1,
      alpha: 10,
      regularization: 0.01,
      seed: 42,
      backend: 'auto',
    });
    expect(Array.from(seen!.users)).toEqual([0, 0, 0, 1, 1, 2, 2, 3]);
    expect(Array.from(seen!.items)).toEqual([0, 1, 2, 0, 1, 1, 2, 3]);
    expect(Array.from(seen!.weights)).toEqual([2, 1, 1, 1, 1, 1, 1, 1]);
    // A (1, 0): I1 3, I4 2, I3 1, I2 0.  D (−1, 0): I2 0, I3 −1, I4 −2, I1 −3.
    const rows = await read('recommendations');
    expect(listOf(rows, 'A').slice(0, 3)).toEqual([
      ['I1', 3, 'matches your taste profile'],
      ['I4', 2, 'matches your taste profile'],
      ['I3', 1, 'matches your taste profile'],
    ]);
    expect(listOf(rows, 'D').map((r) => r[0])).toEqual(['I2', 'I3', 'I4', 'I1']);
    expect(result.backend).toEqual({ name: 'cpu', reasons: ['webgpu: no adapter'] });
    expect(result.summary).toMatchObject({
      algorithm: 'als',
      confidence: 10,
      losses: [0.5],
      msPerEpoch: 3,
      tensorsLeaked: 0,
    });
    // With weights from a column: A–I1 = 1 + 3.
    await recommend(
      'r_bpr',
      { algorithm: 'bpr', factors: 2, weight: 'quantity', learningRate: 0.05 },
      { ...ctx, trainer },
    );
    expect(seen).toMatchObject({ algorithm: 'bpr', learningRate: 0.05 });
    expect(seen!.weights[0]).toBe(4);
    await expect(recommend('r_no_trainer', { algorithm: 'als' })).rejects.toThrow(
      /field 'algorithm': als trains in the training worker/,
    );
  });

  it('explains bad params', async () => {
    const parse = (p: Record<string, unknown>) => recommendOp.params.safeParse(p).error?.issues[0];
    expect(parse({ algorithm: 'popularity', similarity: 'jaccard' })).toMatchObject({
      path: ['similarity'],
      message: "'similarity' is an option of itemcf, session, not of popularity",
    });
    expect(parse({ algorithm: 'itemcf', alpha: 0.3 })).toMatchObject({
      path: ['alpha'],
      message: "'alpha' damps popularity in similarity 'conditional' only",
    });
    expect(parse({ algorithm: 'itemcf', seedTable: 'people' })).toMatchObject({ path: ['seedTable'] });
    expect(parse({ algorithm: 'lookalike' })).toMatchObject({ path: ['seedTable'] });
    expect(parse({ algorithm: 'lookalike', seedTable: 't', seedColumn: 'c' })).toMatchObject({
      path: ['seedValue'],
      message: 'give seedColumn and seedValue together',
    });
    expect(parse({ algorithm: 'itemcf', k: 0 })).toMatchObject({ path: ['k'] });
    await expect(recommend('r_events', { algorithm: 'popularity', events: ['buy'] })).rejects.toThrow(
      /field 'events': no row has event_type in \(buy\) \(values: purchase, view\)/,
    );
    await expect(recommend('r_tagless', { algorithm: 'tagcf', category: null, tags: null })).rejects.toThrow(
      /field 'tags': tagcf needs a tags column/,
    );
  });
});

describe('recommend op on the sample shop', () => {
  beforeAll(async () => {
    const samples = generateSamples();
    for (const name of ['events', 'customers', 'items'] as const) {
      const path = await db.registerFile(`${name}.csv`, new Blob([samples[name]]));
      await db.exec(`CREATE TABLE ${name} AS SELECT * FROM read_csv(${literal(path)}, header=true)`);
    }
  });

  it("the planted bundles come out as each other's nearest ItemCF neighbours (PLANTED.md §1)", async () => {
    const { result } = await recommend('r_planted', { algorithm: 'itemcf', k: 2 }, ctx, 'events');
    expect(result.summary).toMatchObject({ rows: 10201, customers: 1538, items: 120 });
    const top = async (item: string, n: number) =>
      (
        await db.query(
          `SELECT neighbour FROM r_planted.similar WHERE item = ${literal(item)} AND rank <= ${n} ORDER BY rank`,
        )
      ).rows
        .map((r) => r.neighbour)
        .sort();
    expect(await top('I002', 1)).toEqual(['I008']);
    expect(await top('I008', 1)).toEqual(['I002']);
    expect(await top('I003', 1)).toEqual(['I009']);
    expect(await top('I009', 1)).toEqual(['I003']);
    for (const [item, partners] of [
      ['I005', ['I011', 'I017']],
      ['I011', ['I005', 'I017']],
      ['I017', ['I005', 'I011']],
      ['I001', ['I023', 'I029']],
      ['I029', ['I001', 'I023']],
      ['I023', ['I001', 'I029']],
    ] as const) {
      expect(await top(item, 2)).toEqual(partners);
    }
  });

  it('lookalike: customers like half of the premium shoppers are mostly the other half', async () => {
    // Seed: every other premium shopper (by id). Features: spend, orders, price level, category shares.
    await db.exec(
      `CREATE TABLE seed AS SELECT customer_id FROM (SELECT customer_id, row_number() OVER (ORDER BY customer_id) AS n FROM customers WHERE planted_segment = 'premium_shopper') WHERE n % 2 = 0`,
    );
    await db.exec(`CREATE TABLE behaviour AS SELECT e.customer_id, count(DISTINCT order_id) AS orders, coalesce(sum(amount), 0) AS spend,
        avg(i.price) AS mean_viewed_price, avg(CASE WHEN i.category = 'Fashion' THEN 1.0 ELSE 0.0 END) AS share_fashion,
        avg(CASE WHEN i.category = 'Toys' THEN 1.0 ELSE 0.0 END) AS share_toys
      FROM events e JOIN items i USING (item_id) GROUP BY 1`);
    const { result, read } = await recommend(
      'r_look',
      { algorithm: 'lookalike', seedTable: 'seed', audience: 100 },
      ctx,
      'behaviour',
    );
    expect(result.tables).toEqual(['lookalikes']);
    const rows = await read('lookalikes', 'rank');
    expect(rows).toHaveLength(100);
    expect(rows[0]).toMatchObject({ rank: 1 });
    const premium = new Set(
      (await db.query(`SELECT customer_id FROM customers WHERE planted_segment = 'premium_shopper'`)).rows.map(
        (r) => r.customer_id,
      ),
    );
    const seeds = result.summary.seeds as { given: number; found: number };
    const hits = rows.filter((r) => premium.has(r.customer as string)).length;
    // Base rate among the non-seeds: (premium with events − seeds found) / (customers − seeds found).
    const n = result.summary.customers as number;
    const base =
      (((
        await db.query(
          `SELECT count(*)::DOUBLE AS n FROM behaviour JOIN customers USING (customer_id) WHERE planted_segment = 'premium_shopper'`,
        )
      ).rows[0]!.n as number) -
        seeds.found) /
      (n - seeds.found);
    // Measured at the sample defaults: 94 of the top 100 are premium shoppers, against a base rate of 8.3 %.
    expect(base).toBeLessThan(0.12);
    expect(hits / 100).toBeGreaterThan(0.8);
    // The seed stands out by price level (premium shoppers pay the most per item, PLANTED.md §2).
    expect((result.summary.distinctive as Array<{ feature: string }>)[0]!.feature).toBe('mean_viewed_price');
    // From a k-means-style assignments table: cluster = value.
    await db.exec(
      `CREATE TABLE assignments AS SELECT customer_id, CASE WHEN planted_segment = 'premium_shopper' THEN 3 ELSE 1 END AS cluster FROM customers`,
    );
    const cluster = await recommend(
      'r_look2',
      { algorithm: 'lookalike', seedTable: 'assignments', seedColumn: 'cluster', seedValue: 3 },
      ctx,
      'behaviour',
    );
    expect(cluster.result.summary.ranked).toBe(n - (cluster.result.summary.seeds as { found: number }).found);
    await expect(
      recommend(
        'r_look3',
        { algorithm: 'lookalike', seedTable: 'assignments', seedColumn: 'cluster', seedValue: 9 },
        ctx,
        'behaviour',
      ),
    ).rejects.toThrow(/field 'seedValue': no row of 'assignments' has cluster = '9' \(values: 1, 3\)/);
    await expect(recommend('r_look4', { algorithm: 'lookalike', seedTable: 'seed' }, ctx, 'events')).rejects.toThrow(
      /field 'input': 'customer_id' repeats/,
    );
    // A feature that encodes the seed column (the features op's one-hot of it) is not used by default.
    await db.exec(`CREATE TABLE behaviour2 AS SELECT b.*, (c.planted_segment = 'premium_shopper')::INTEGER AS planted_segment_premium_shopper
      FROM behaviour b JOIN customers c USING (customer_id)`);
    const leak = await recommend(
      'r_look5',
      { algorithm: 'lookalike', seedTable: 'customers', seedColumn: 'planted_segment', seedValue: 'premium_shopper' },
      ctx,
      'behaviour2',
    );
    expect(leak.result.summary.features).not.toContain('planted_segment_premium_shopper');
    expect(leak.result.summary.features).toContain('share_fashion');
  });
});
