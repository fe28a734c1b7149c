import { runOp } from '../../../test-support/run-op';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { generateSamples, PLANTED } from '../../../samples/generate';
import { graphOp } from './';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const run = (id: string, table: string, params: Record<string, unknown>) => runOp(db, graphOp, id, table, params);

describe('graph op', () => {
  it('counts pairs and lift by hand on four baskets', async () => {
    // Baskets: {a,b} {a,b} {a,c} {b,c}: a–b twice, a–c once, b–c once; supp(a) = supp(b) = 3/4.
    await db.exec(
      `CREATE TABLE baskets AS SELECT * FROM (VALUES (1,'a'),(1,'b'),(2,'a'),(2,'b'),(3,'a'),(3,'c'),(4,'b'),(4,'c')) t("order", "select")`,
    );
    const r = await run('g1', 'baskets', { transaction: 'order', item: 'select', minCount: 1 });
    const edges = (await db.query('SELECT * FROM g1.edges ORDER BY source, target')).rows;
    expect(edges.map((e) => [e.source, e.target, e.count])).toEqual([
      ['a', 'b', 2],
      ['a', 'c', 1],
      ['b', 'c', 1],
    ]);
    // lift(a,b) = (2/4) / (3/4 · 3/4) = 8/9
    expect(Number(edges[0]!.lift)).toBeCloseTo(8 / 9, 12);
    expect(r.summary.nodes).toBe(3);
  });

  it('takes the basket and item columns from their roles when not named', async () => {
    await db.exec(`CREATE TABLE named AS SELECT "order" AS order_id, "select" AS item_id FROM baskets`);
    const r = await run('g_roles', 'named', { minCount: 1 });
    expect(r.summary).toMatchObject({ nodes: 3, edges: 3 });
    await db.exec(`CREATE TABLE unnamed AS SELECT "order" AS x, "select" AS y FROM baskets`);
    await expect(run('g_none', 'unnamed', { minCount: 1 })).rejects.toThrow(
      /field 'transaction': no basket \(order\) column: name one \(columns: x, y\)/,
    );
  });

  it('puts each planted bundle of the sample shop in one community', async () => {
    const { events } = generateSamples();
    const path = await db.registerFile('events.csv', new Blob([events]));
    await db.exec(`CREATE TABLE events AS SELECT * FROM read_csv('${path}', header = true)`);
    const r = await run('g2', 'events', { transaction: 'order_id', item: 'item_id', minCount: 10, weight: 'lift' });
    expect(r.summary.communities).toBeGreaterThan(1);
    const community = new Map(
      (await db.query('SELECT item, community FROM g2.nodes')).rows.map((n) => [String(n.item), n.community]),
    );
    for (const bundle of PLANTED.bundles) {
      const found = new Set((bundle.items as readonly string[]).map((item) => community.get(item)));
      expect(found.size, bundle.name).toBe(1);
      expect(found.has(undefined), bundle.name).toBe(false);
    }
  });
});
