import { runOp } from '../../../test-support/run-op';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident } from '../../data/sql';
import { parseCsvObjects } from '../../../test-support/csv';
import { generateSamples, PLANTED } from '../../../samples/generate';
import { loadSource } from '../load';
import { activitySql, cohortsOp } from './';
import type { OpContext } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
});
afterAll(() => db.close());

async function load(name: string, csv: string) {
  await loadSource(ctx, { name, file: `${name}.csv` }, new Blob([csv]));
}

/** Run the op on `table` into schema `id`, as the engine would. */
async function cohorts(id: string, table: string, params: Record<string, unknown>) {
  const result = await runOp(db, cohortsOp, id, table, params, ctx);
  const read = (t: string) =>
    db
      .query(`SELECT * REPLACE (strftime(cohort, '%Y-%m-%d') AS cohort) FROM ${ident(id)}.${ident(t)} ORDER BY ALL`)
      .then((r) => r.rows);
  return { result, retention: () => read('retention'), revenue: () => read('revenue'), sizes: () => read('sizes') };
}

// Three customers over three months:
//   A buys in January (10), February (20) and March (5)        → cohort January
//   B buys in January (30) and March (40), and returns 30 in February (a 'return' row)
//   C buys twice in February (15, 5) and only views in March    → cohort February
//   D only views.
// The data ends on 2025-03-20 (C's view), so March is the last, incomplete, period.
const LOG = `customer,ts,amount,kind
A,2025-01-05 10:00:00,10,purchase
B,2025-01-20 12:00:00,30,purchase
C,2025-02-03 09:00:00,15,purchase
A,2025-02-10 10:00:00,20,purchase
B,2025-02-15 10:00:00,-30,return
C,2025-02-25 09:00:00,5,purchase
B,2025-03-01 00:00:00,40,purchase
A,2025-03-15 10:00:00,5,purchase
D,2025-03-02 10:00:00,,view
C,2025-03-20 18:00:00,,view
`;
const base = { customer: 'customer', time: 'ts', amount: 'amount', eventColumn: 'kind', purchaseValue: 'purchase' };

describe('cohorts op on a hand-checked log', () => {
  beforeAll(() => load('log', LOG));

  it('groups customers by their first month and measures retention and revenue by hand-checked values', async () => {
    const { retention, revenue, sizes, result } = await cohorts('c1', 'log', base);
    // January cohort {A, B}: January both, February A, March both.  February cohort {C}: February C, March nobody.
    expect(await retention()).toEqual([
      { cohort: '2025-01-01', period_index: 0, customers: 2, active: 2, retention: 1 },
      { cohort: '2025-01-01', period_index: 1, customers: 2, active: 1, retention: 0.5 },
      { cohort: '2025-01-01', period_index: 2, customers: 2, active: 2, retention: 1 },
      { cohort: '2025-02-01', period_index: 0, customers: 1, active: 1, retention: 1 },
      { cohort: '2025-02-01', period_index: 1, customers: 1, active: 0, retention: 0 },
    ]);
    // January: 10 + 30; February: A's 20; March: 5 + 40.  February cohort: 15 + 5, then nothing.
    expect(await revenue()).toEqual([
      { cohort: '2025-01-01', period_index: 0, revenue: 40, revenue_per_customer: 20 },
      { cohort: '2025-01-01', period_index: 1, revenue: 20, revenue_per_customer: 10 },
      { cohort: '2025-01-01', period_index: 2, revenue: 45, revenue_per_customer: 22.5 },
      { cohort: '2025-02-01', period_index: 0, revenue: 20, revenue_per_customer: 20 },
      { cohort: '2025-02-01', period_index: 1, revenue: 0, revenue_per_customer: 0 },
    ]);
    expect(await sizes()).toEqual([
      { cohort: '2025-01-01', customers: 2, first_period_revenue: 40 },
      { cohort: '2025-02-01', customers: 1, first_period_revenue: 20 },
    ]);
    expect(result.tables).toEqual(['retention', 'revenue', 'sizes']);
    // Mean retention at index 1 over both cohorts, weighted by size: (1 + 0) / (2 + 1); nobody reaches index 3.
    expect(result.summary).toEqual({
      cohorts: 2,
      customers: 3,
      period: 'month',
      maxPeriods: 12,
      purchaseRows: 7,
      revenue: 125,
      firstCohort: '2025-01-01',
      lastPeriod: '2025-03-01',
      lastPeriodComplete: false,
      meanRetention1: 1 / 3,
      meanRetention3: null,
    });
  });

  it('counts every row with an amount as a purchase when no event filter is given', async () => {
    const { retention, revenue } = await cohorts('c2', 'log', { customer: 'customer', time: 'ts', amount: 'amount' });
    // B's return now makes B active in February, and its −30 counts.
    expect((await retention()).map((r) => r.active)).toEqual([2, 2, 2, 1, 0]);
    expect((await revenue()).map((r) => r.revenue)).toEqual([40, -10, 45, 20, 0]);
  });

  it('honours maxPeriods and completePeriodsOnly', async () => {
    const short = await cohorts('c3', 'log', { ...base, maxPeriods: 1 });
    expect((await short.retention()).map((r) => [r.cohort, r.period_index])).toEqual([
      ['2025-01-01', 0],
      ['2025-01-01', 1],
      ['2025-02-01', 0],
      ['2025-02-01', 1],
    ]);
    // March is incomplete (the data ends on the 20th): leave it out.
    const complete = await cohorts('c4', 'log', { ...base, completePeriodsOnly: true });
    expect((await complete.retention()).map((r) => [r.cohort, r.period_index, r.retention])).toEqual([
      ['2025-01-01', 0, 1],
      ['2025-01-01', 1, 0.5],
      ['2025-02-01', 0, 1],
    ]);
    // dataEnd cuts the data: the end of February is a complete last period, and March's purchases are left out.
    const cut = await cohorts('c4b', 'log', { ...base, dataEnd: '2025-02-28' });
    expect((await cut.retention()).map((r) => [r.cohort, r.period_index, r.retention])).toEqual([
      ['2025-01-01', 0, 1],
      ['2025-01-01', 1, 0.5],
      ['2025-02-01', 0, 1],
    ]);
    expect(cut.result.summary).toMatchObject({
      purchaseRows: 5,
      revenue: 80,
      lastPeriod: '2025-02-01',
      lastPeriodComplete: true,
    });
  });

  it('cohorts by ISO week (Monday to Sunday), without an amount', async () => {
    // 2025-01-06 is a Monday. X buys Mon 6th and Sun 19th (week of the 13th); Y buys Sun 12th
    // (week of the 6th) and Mon 20th. Both are in the cohort of the week of 2025-01-06.
    await load(
      'weekly',
      'who,when\nX,2025-01-06 08:00:00\nY,2025-01-12 23:59:59\nX,2025-01-19 12:00:00\nY,2025-01-20 00:00:00\n',
    );
    const { retention, sizes, result } = await cohorts('c5', 'weekly', {
      customer: 'who',
      time: 'when',
      period: 'week',
    });
    expect((await retention()).map((r) => [r.cohort, r.period_index, r.active, r.retention])).toEqual([
      ['2025-01-06', 0, 2, 1],
      ['2025-01-06', 1, 1, 0.5],
      ['2025-01-06', 2, 1, 0.5],
    ]);
    expect(await sizes()).toEqual([{ cohort: '2025-01-06', customers: 2, first_period_revenue: null }]);
    expect(result.tables).toEqual(['retention', 'sizes']);
    expect(result.summary).toMatchObject({
      period: 'week',
      revenue: null,
      lastPeriod: '2025-01-20',
      lastPeriodComplete: false,
    });
  });

  it('validates params and says when nothing is a purchase', async () => {
    const ok = (p: Record<string, unknown>) => cohortsOp.params.safeParse({ customer: 'c', time: 't', ...p }).success;
    expect(ok({})).toBe(true);
    expect(ok({ quantity: 'q' })).toBe(false);
    expect(ok({ amount: 'a', quantity: 'q', price: 'p' })).toBe(false);
    expect(ok({ eventColumn: 'kind' })).toBe(false);
    expect(ok({ period: 'day' })).toBe(false);
    expect(ok({ maxPeriods: 0 })).toBe(false);
    await expect(cohorts('c6', 'log', { ...base, purchaseValue: 'Purchase' })).rejects.toThrow(
      "step 'c6', field 'customer': no purchases: no row has a customer, a time, a value and kind = 'Purchase'",
    );
  });
});

describe('cohorts op with hostile names', () => {
  it('quotes every identifier and value', async () => {
    // Customer column "select", time "order time", quantity "qty ""x""", event column "from" with a quoted value.
    const csv = LOG.replace('customer,ts,amount,kind', 'select,order time,"qty ""x""",from').replaceAll(
      ',purchase\n',
      ",it's bought\n",
    );
    await load('table', csv); // source names are plain names, but may be keywords
    await db.exec(`ALTER TABLE "table" ADD COLUMN "price" DOUBLE DEFAULT 2`);
    const { retention, revenue } = await cohorts('where', 'table', {
      customer: 'select',
      time: 'order time',
      quantity: 'qty "x"',
      price: 'price',
      eventColumn: 'from',
      purchaseValue: "it's bought",
    });
    expect((await retention()).map((r) => r.retention)).toEqual([1, 0.5, 1, 1, 0]);
    expect((await revenue()).map((r) => r.revenue)).toEqual([80, 40, 90, 40, 0]);
  });
});

describe('cohorts op on the generated sample shop', () => {
  const { events, customers } = generateSamples();
  const churned = new Set(
    parseCsvObjects(customers)
      .filter((c) => c.churned === '1')
      .map((c) => c.customer_id!),
  );
  // Independent reference: each customer's purchase months, parsed in JS.
  const months = new Map<string, Set<number>>();
  for (const e of parseCsvObjects(events)) {
    if (e.event_type !== 'purchase') continue;
    const m = Number(e.ts!.slice(5, 7)) - 1;
    const s = months.get(e.customer_id!) ?? new Set<number>();
    s.add(m);
    months.set(e.customer_id!, s);
  }
  /** retention[cohort month][index] for the customers `keep` selects. */
  function reference(keep: (customer: string) => boolean) {
    const size = new Array<number>(12).fill(0);
    const active = Array.from({ length: 12 }, () => new Array<number>(12).fill(0));
    for (const [customer, ms] of months) {
      if (!keep(customer)) continue;
      const first = Math.min(...ms);
      size[first]! += 1;
      for (const m of ms) active[first]![m - first]! += 1;
    }
    return { size, active };
  }

  beforeAll(async () => {
    await load('events', events);
    await load('customers', customers);
  });

  it('agrees with a JS computation over the CSV; index 0 is always 1', async () => {
    const { retention, sizes, result } = await cohorts('cs', 'events', {
      customer: 'customer_id',
      time: 'ts',
      amount: 'amount',
      eventColumn: 'event_type',
      purchaseValue: 'purchase',
      maxPeriods: 11,
    });
    const ref = reference(() => true);
    const rows = await retention();
    // 12 monthly cohorts; cohort m is seen for 12 − m months (the data runs to 2025-12-31).
    expect(rows).toHaveLength((12 * 13) / 2);
    for (const r of rows) {
      const m = Number(String(r.cohort).slice(5, 7)) - 1;
      expect(r.customers).toBe(ref.size[m]);
      expect(r.active, `${r.cohort} +${r.period_index}`).toBe(ref.active[m]![r.period_index as number]);
      if (r.period_index === 0) expect(r.retention).toBe(1);
    }
    expect((await sizes()).map((s) => s.customers)).toEqual(ref.size);
    expect(result.summary).toMatchObject({
      cohorts: 12,
      customers: months.size,
      lastPeriod: '2025-12-01',
      lastPeriodComplete: true,
      firstCohort: PLANTED.dateRange.first,
    });
  });

  it('shows churned customers dropping out: later retention declines, to nothing in December', async () => {
    await db.exec(
      `CREATE TABLE churned_events AS SELECT e.* FROM events e JOIN customers c USING (customer_id) WHERE c.churned = 1`,
    );
    await db.exec(
      `CREATE TABLE kept_events AS SELECT e.* FROM events e JOIN customers c USING (customer_id) WHERE c.churned = 0`,
    );
    // The filtered tables were still observed to the end of the year: say so, or the churners' table would end in November.
    const params = {
      customer: 'customer_id',
      time: 'ts',
      amount: 'amount',
      eventColumn: 'event_type',
      purchaseValue: 'purchase',
      dataEnd: PLANTED.dateRange.last,
    };
    const all = await (await cohorts('call', 'events', params)).retention();
    const goneRun = await cohorts('cgone', 'churned_events', params);
    const gone = await goneRun.retention();
    const kept = await (await cohorts('ckept', 'kept_events', params)).retention();
    expect(goneRun.result.summary).toMatchObject({ lastPeriod: '2025-12-01', lastPeriodComplete: true });
    const january = (rows: typeof all) =>
      rows.filter((r) => r.cohort === '2025-01-01').map((r) => r.retention as number);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // The January cohort (customers already active when the data starts), months 1–3 against 8–11.
    // Measured: everyone 0.33 → 0.30; churners 0.22 → 0.03; the others 0.36 → 0.39.
    const [allJan, goneJan, keptJan] = [january(all), january(gone), january(kept)];
    const early = (xs: number[]) => mean(xs.slice(1, 4));
    const late = (xs: number[]) => mean(xs.slice(8, 12));
    for (const xs of [allJan, goneJan, keptJan]) expect(xs).toHaveLength(12);
    expect(late(goneJan)).toBeLessThan(early(goneJan) / 3);
    expect(late(keptJan)).toBeGreaterThan(early(keptJan) - 0.05);
    expect(late(keptJan)).toBeGreaterThan(late(goneJan) * 5);
    expect(late(allJan)).toBeLessThan(early(allJan));
    expect(late(allJan)).toBeLessThan(late(keptJan) - 0.05);
    // Churned customers stop by 2025-11-15: no cohort of theirs is active in December.
    const december = gone.filter((r) => Number(String(r.cohort).slice(5, 7)) - 1 + (r.period_index as number) === 11);
    // One December cell per cohort: nobody who churned first bought in December.
    expect(december).toHaveLength(new Set(gone.map((r) => r.cohort)).size);
    expect(december.length).toBeGreaterThan(6);
    for (const r of december) expect(r.active).toBe(0);
    const goneCustomers = (await db.query('SELECT sum(customers)::DOUBLE AS n FROM cgone.sizes')).rows[0]!.n;
    expect(goneCustomers).toBe(reference((c) => churned.has(c)).size.reduce((a, b) => a + b, 0));
  });
});

describe('cohorts at scale', () => {
  it('does not materialize the dated purchases it reads twice (100M rows would not fit in the tab)', async () => {
    await db.exec(`CREATE OR REPLACE TABLE plan_input AS
      SELECT 'C' || (range % 10) AS c, TIMESTAMP '2025-01-01' + to_days(range) AS t, 1.5 AS a FROM range(100)`);
    const sql = activitySql('plan_input', cohortsOp.params.parse({ customer: 'c', time: 't', amount: 'a' }));
    const text = (await db.query(`EXPLAIN ${sql}`)).rows.map((r) => String(r.explain_value)).join('\n');
    expect(text).toMatch(/HASH_GROUP_BY/);
    expect(text).not.toMatch(/CTE Name:\s*dated/);
    expect(text).not.toMatch(/CTE_SCAN/);
  });
});
