/** The Explore, customer, console and table readers against real DuckDB, on a hand-made shop. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { readActivity, readExploreCharts, readTextColumnStats, readTop } from './explore';
import { readCustomerIds, readCustomerProfile, type CustomerSpec } from './customer';
import { runConsole, CONSOLE_RESULT } from './console';
import { readColumnSamples, readPage } from './tables';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  // Customer ids as text with a blank and a missing one; the 'channel' column has a blank too.
  await db.exec(`CREATE TABLE "shop tx" ("cust" VARCHAR, sku VARCHAR, "when" DATE, "£" VARCHAR, channel VARCHAR);
    INSERT INTO "shop tx" VALUES
      ('c1', 'p', '2024-01-01', '10', 'web'), ('c1', 'q', '2024-01-31', '5', 'web'), ('c2', 'p', '2024-02-01', '7', 'shop'),
      ('50%_x', 'p', '2024-02-15', 'n/a', ''), ('  ', 'q', '2024-03-01', '100', 'web'), (NULL, 'q', '2024-03-02', '1', NULL);
    CREATE TABLE people (id VARCHAR, city VARCHAR); INSERT INTO people VALUES ('c1', 'Leeds'), ('c9', 'York');
    CREATE SCHEMA rfm1; CREATE TABLE rfm1.rfm (customer VARCHAR, segment VARCHAR); INSERT INTO rfm1.rfm VALUES ('c1', 'Champions')`);
});
afterAll(() => db.close());

const filter = { time: 'when', from: '', to: '', amount: '£' };

describe('explore charts', () => {
  it('buckets by month with inclusive date bounds, summing amounts that read as numbers', async () => {
    const all = await readActivity(db, 'shop tx', 'month', filter);
    expect(all.map((a) => [a.period.getMonth(), a.rows, a.revenue])).toEqual([
      [0, 2, 15],
      [1, 2, 7],
      [2, 2, 101],
    ]);
    const jan = await readActivity(db, 'shop tx', 'month', { ...filter, from: '2024-01-31', to: '2024-02-01' });
    expect(jan.map((a) => a.rows)).toEqual([1, 1]);
  });

  it('leaves blank and missing ids out of the top customers, and ranks by rows without an amount', async () => {
    const top = await readTop(db, 'shop tx', 'cust', 'customer', filter);
    expect(top.map((r) => r.customer)).toEqual(['c1', 'c2', '50%_x']);
    const byRows = await readTop(db, 'shop tx', 'sku', 'item', { ...filter, amount: undefined });
    expect(byRows.map((r) => [r.item, r.rows, r.revenue])).toEqual([
      ['p', 3, null],
      ['q', 3, null],
    ]);
  });

  it('counts distinct and blank values of text columns', async () => {
    expect(await readTextColumnStats(db, 'shop tx', ['channel', 'sku'])).toEqual([
      { name: 'channel', distinct: 3, missing: 2 },
      { name: 'sku', distinct: 2, missing: 0 },
    ]);
  });

  it('reads the charts it has columns for, and empty lists for the rest', async () => {
    const charts = await readExploreCharts(db, { ref: 'shop tx', grain: 'day', filter, distribution: '£' });
    expect(charts.activity).toHaveLength(6);
    expect(charts.parts).toEqual([]);
    expect(charts.histogram.reduce((n, b) => n + Number(b.n), 0)).toBe(5); // 'n/a' is no number
  });
});

describe('customer view', () => {
  const spec: CustomerSpec = {
    tx: 'shop tx',
    columns: { customer: 'cust', time: 'when', amount: '£', item: 'sku' },
    attrs: [{ ref: 'people', customer: 'id' }],
    rfmStep: 'rfm1',
  };

  it('finds ids in any table, with % and _ in the search taken literally', async () => {
    const tables = [
      { ref: 'shop tx', customer: 'cust' },
      { ref: 'people', customer: 'id' },
    ];
    expect(await readCustomerIds(db, tables, 'C')).toEqual(['c1', 'c2', 'c9']);
    expect(await readCustomerIds(db, tables, '%_')).toEqual(['50%_x']);
  });

  it("reads one customer's events newest first, attributes without the key, and their RFM row", async () => {
    const p = await readCustomerProfile(db, spec, 'c1');
    expect(p.events.map((e) => [e.item, e.amount])).toEqual([
      ['q', 5],
      ['p', 10],
    ]);
    expect(p.attrs).toEqual([{ table: 'people', pairs: [['city', 'Leeds']] }]);
    expect(p.rfm).toMatchObject({ segment: 'Champions' });
    expect(p.clv).toBeUndefined();
    expect((await readCustomerProfile(db, spec, 'c9')).events).toEqual([]);
  });
});

describe('SQL console and tables', () => {
  it('turns a query into the result table, and runs a statement as is', async () => {
    const entry = await runConsole(db, "SELECT 1 AS one, 'a' AS two UNION ALL SELECT 2, 'b'");
    expect(entry).toEqual({
      ref: CONSOLE_RESULT,
      rows: 2,
      columns: [
        { name: 'one', type: 'INTEGER' },
        { name: 'two', type: 'VARCHAR' },
      ],
    });
    expect(await runConsole(db, 'CREATE TABLE made AS SELECT 42 AS x')).toBeNull();
    expect((await db.query('SELECT x FROM made')).rows).toEqual([{ x: 42 }]);
  });

  it('reads pages in table order and samples by column (booleans as text)', async () => {
    await db.exec(`CREATE TABLE flags AS SELECT range AS i, range % 2 = 0 AS even FROM range(5)`);
    expect((await readPage(db, 'flags', 1, 2)).map((r) => r.i)).toEqual([2, 3]);
    const { samples, sampled } = await readColumnSamples(db, 'flags', 200);
    expect(sampled).toBe(5);
    expect(new Set(samples.even)).toEqual(new Set(['true', 'false']));
  });
});
