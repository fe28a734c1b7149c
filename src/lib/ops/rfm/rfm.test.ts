import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runRecipe } from '../../recipe/engine';
import { parseCsvObjects } from '../../../test-support/csv';
import { sharedFile } from '../../../test-support/shared-data';
import { quintileScore, segmentOf, SEGMENT_RULES } from '../../rfm/segments';
import { rfmSql } from './index';

// Five customers, worked out by hand (see the comments for each expected value).
const EVENTS = `customer,ts,amount,order_id,qty,unit_price,kind
A,2025-01-01 10:00:00,10,o1,2,5,purchase
A,2025-03-01 09:00:00,20,o2,4,5,purchase
A,2025-03-01 09:00:00,5,o2,1,5,purchase
A,2025-03-11 09:00:00,,,,,view
B,2025-02-15 12:00:00,100,o3,10,10,purchase
C,2025-03-10 08:00:00,7,o4,7,1,purchase
C,2025-03-10 18:00:00,3,o5,3,1,purchase
C,2025-03-09 18:00:00,3,o6,3,1,purchase
D,2025-01-20 00:00:00,50,o7,5,10,purchase
E,2025-03-10 23:59:59,1,o8,1,1,purchase
`;

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

async function rfm(params: Record<string, unknown>) {
  const report = await runRecipe(
    {
      version: 1,
      sources: [{ name: 'events', file: 'events.csv' }],
      steps: [{ id: 'r', op: 'rfm', input: 'events', params }],
    },
    { db, files: { events: new Blob([EVENTS]) } },
  );
  expect(report.error).toBeUndefined();
  const res = await db.query('SELECT * FROM r.rfm ORDER BY customer');
  return { report, rows: res.rows };
}

describe('rfm op', () => {
  it('computes recency, frequency, monetary, quintile scores and segments by hand-checked values', async () => {
    const { rows, report } = await rfm({ customer: 'customer', time: 'ts', amount: 'amount', basket: 'order_id' });
    // Last purchase 2025-03-10 (the view on 03-11 has no amount) → asOf 2025-03-11.
    expect(report.steps.r!.summary!.asOf).toBe('2025-03-11');
    expect(rows.map((r) => [r.customer, r.recency_days, r.frequency, r.monetary])).toEqual([
      ['A', 10, 2, 35],
      ['B', 24, 1, 100],
      ['C', 1, 3, 13],
      ['D', 50, 1, 50],
      ['E', 1, 1, 1],
    ]);
    // R ranks by recency desc: D1 B2 A3 C4 E4 (tie) → scores = ranks since n = 5.
    // F ranks by frequency asc: B, D, E tie at 1; A 4; C 5.  M ranks: E1 C2 A3 D4 B5.
    expect(rows.map((r) => [r.customer, r.r_score, r.f_score, r.m_score, r.segment])).toEqual([
      ['A', 3, 4, 3, 'Loyal'],
      ['B', 2, 1, 5, 'Hibernating'],
      ['C', 4, 5, 2, 'Loyal'],
      ['D', 1, 1, 4, 'Hibernating'],
      ['E', 4, 1, 1, 'Promising'],
    ]);
    expect(report.steps.r!.rowsOut).toBe(5);
  });

  it('takes quantity × price, counts rows without a basket, and honours asOf and an event filter', async () => {
    const { rows } = await rfm({
      customer: 'customer',
      time: 'ts',
      quantity: 'qty',
      price: 'unit_price',
      asOf: '2025-04-01',
      eventColumn: 'kind',
      purchaseValue: 'purchase',
    });
    expect(rows.map((r) => [r.customer, r.recency_days, r.frequency, r.monetary, r.f_score])).toEqual([
      ['A', 31, 3, 35, 4],
      ['B', 45, 1, 100, 1],
      ['C', 22, 3, 13, 4],
      ['D', 71, 1, 50, 1],
      ['E', 22, 1, 1, 1],
    ]);
  });

  it('names the step and field when a column is missing, and keeps loaded tables', async () => {
    const report = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'events', file: 'e.csv' }],
        steps: [{ id: 'r2', op: 'rfm', input: 'events', params: { customer: 'cust', time: 'ts', amount: 'amount' } }],
      },
      { db, files: { events: new Blob([EVENTS]) } },
    );
    expect(report.status).toBe('error');
    expect(report.error).toBe(
      "step 'r2', field 'customer': column 'cust' not found in 'events' (columns: customer, ts, amount, order_id, qty, unit_price, kind)",
    );
    expect(report.steps.events!.status).toBe('ok');
    expect((await db.query('SELECT count(*) AS n FROM events')).rows[0]!.n).toBe(10);
  });
});

describe('segment map', () => {
  it('assigns every R×F cell to exactly one segment', () => {
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) {
        const matches = SEGMENT_RULES.filter((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1]);
        expect(matches, `R${r} F${f}`).toHaveLength(1);
      }
    }
  });
});

// Customer X buys 74,215 units and cancels them the same day (as customer 12346 in Online Retail).
const WITH_CANCELLATION = `customer,ts,invoice,qty,price
X,2011-01-18 10:01:00,541431,74215,1.04
X,2011-01-18 10:17:00,C541433,-74215,1.04
Y,2011-01-20 09:00:00,541500,2,3.5
Y,2011-02-01 09:00:00,541600,0,3.5
`;

describe('rfm op and cancellations', () => {
  const params = { customer: 'customer', time: 'ts', quantity: 'qty', price: 'price', basket: 'invoice' };
  const run = (steps: unknown[]) =>
    runRecipe(
      { version: 1, sources: [{ name: 'sales', file: 'sales.csv' }], steps } as Parameters<typeof runRecipe>[0],
      { db, files: { sales: new Blob([WITH_CANCELLATION]) } },
    );

  it('warns when purchases include rows with quantity or amount ≤ 0, naming the filter that drops them', async () => {
    const report = await run([{ id: 'rc', op: 'rfm', input: 'sales', params }]);
    expect(report.error).toBeUndefined();
    const x = (await db.query(`SELECT * FROM rc.rfm WHERE customer = 'X'`)).rows[0]!;
    expect(x).toMatchObject({ frequency: 2, monetary: 0 }); // the cancellation counted: what the warning is about
    const summary = report.steps.rc!.summary!;
    expect(summary.nonPositiveRows).toBe(2); // X's cancellation and Y's zero-quantity row
    expect(summary.warnings).toEqual([
      expect.stringMatching(
        /^2 purchase rows of 2 customers have a quantity or amount ≤ 0 \(cancellations or returns\).*add a filter step before this one: /,
      ),
    ]);
  });

  it('the offered filter, as a step before RFM, leaves the cancellations out and the warning goes', async () => {
    const first = await run([{ id: 'rc2', op: 'rfm', input: 'sales', params }]);
    const where = String(first.steps.rc2!.summary!.positiveFilter);
    const report = await run([
      { id: 'purchases', op: 'filter', input: 'sales', params: { where } },
      { id: 'rc3', op: 'rfm', input: 'purchases.data', params },
    ]);
    expect(report.error).toBeUndefined();
    const rows = (await db.query(`SELECT customer, frequency, monetary FROM rc3.rfm ORDER BY customer`)).rows;
    expect(rows).toEqual([
      { customer: 'X', frequency: 1, monetary: 74215 * 1.04 },
      { customer: 'Y', frequency: 1, monetary: 7 },
    ]);
    expect(report.steps.rc3!.summary!.warnings).toEqual([]);
  });
});

const retail = sharedFile('retail/online_retail.csv');
describe.runIf(retail)('rfm on Online Retail against an independent JavaScript computation', () => {
  it('agrees for every customer', async () => {
    const text = readFileSync(retail!, 'utf8');
    // Independent reference: parse the CSV in JS and aggregate by hand.
    const per = new Map<string, { last: string; invoices: Set<string>; monetary: number }>();
    let lastDate = '';
    for (const row of parseCsvObjects(text)) {
      if (row.CustomerID === '') continue;
      const date = row.InvoiceDate!.slice(0, 10);
      const c = per.get(row.CustomerID!) ?? { last: '', invoices: new Set<string>(), monetary: 0 };
      if (date > c.last) c.last = date;
      c.invoices.add(row.InvoiceNo!);
      c.monetary += Number(row.Quantity) * Number(row.UnitPrice);
      per.set(row.CustomerID!, c);
      if (date > lastDate) lastDate = date;
    }
    const asOf = Date.parse(lastDate) + 86_400_000;
    const ref = [...per.entries()].map(([customer, c]) => ({
      customer,
      recency: Math.round((asOf - Date.parse(c.last)) / 86_400_000),
      frequency: c.invoices.size,
      monetary: c.monetary,
    }));
    const rankOf = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return values.map((v) => sorted.indexOf(v) + 1); // min rank of ties
    };
    const n = ref.length;
    const rRank = rankOf(ref.map((r) => -r.recency));
    const fRank = rankOf(ref.map((r) => r.frequency));

    const report = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'retail', file: 'online_retail.csv' }],
        steps: [
          {
            id: 'rr',
            op: 'rfm',
            input: 'retail',
            params: {
              customer: 'CustomerID',
              time: 'InvoiceDate',
              quantity: 'Quantity',
              price: 'UnitPrice',
              basket: 'InvoiceNo',
            },
          },
        ],
      },
      { db, files: { retail: new Blob([text]) } },
    );
    expect(report.error).toBeUndefined();
    expect(report.steps.retail!.rowsOut ?? report.steps.retail!.tables.retail!.rows).toBe(541_909);
    const got = new Map((await db.query('SELECT * FROM rr.rfm')).rows.map((r) => [String(r.customer), r]));
    expect(got.size).toBe(n);
    expect(n).toBe(4372);
    ref.forEach((r, i) => {
      const row = got.get(r.customer)!;
      expect(row.recency_days).toBe(r.recency);
      expect(row.frequency).toBe(r.frequency);
      expect(Number(row.monetary)).toBeCloseTo(r.monetary, 4);
      expect(row.r_score).toBe(quintileScore(rRank[i]!, n));
      expect(row.f_score).toBe(quintileScore(fRank[i]!, n));
      expect(row.segment).toBe(segmentOf(row.r_score as number, row.f_score as number));
    });
  });
});

describe('rfm at scale', () => {
  it('reads the purchases once: DuckDB does not materialize them (100M rows would not fit in the tab)', async () => {
    await db.exec(`CREATE OR REPLACE TABLE plan_input AS
      SELECT 'C' || (range % 10) AS c, range // 3 AS b, TIMESTAMP '2025-01-01' + to_seconds(range) AS t, 1.5 AS a FROM range(100)`);
    const plan = async (sql: string) =>
      (await db.query(`EXPLAIN ${sql}`)).rows.map((r) => String(r.explain_value)).join('\n');
    const text = await plan(rfmSql('plan_input', { customer: 'c', time: 't', amount: 'a', basket: 'b' }));
    // A materialized CTE shows as a CTE node with its name; the per-customer one (1 row a customer) may stay.
    expect(text).toMatch(/HASH_GROUP_BY/);
    expect(text).not.toMatch(/CTE Name:\s*purchases/);
  });
});
