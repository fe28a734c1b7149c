import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runRecipe } from '../../recipe/engine';
import type { Step } from '../../recipe/schema';
import type { Source } from '../../data/source';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'numbers', name));
const run = (
  source: Source,
  content: BlobPart,
  steps: Array<Omit<Step, 'params'> & { params: Record<string, unknown> }>,
) => runRecipe({ version: 1, sources: [source], steps }, { db, files: { [source.name]: new Blob([content]) } });
const rfm = (input: string, params: Record<string, unknown> = {}) => ({
  id: 'r1',
  op: 'rfm',
  input,
  params: { customer: 'customer', time: 'ts', amount: 'amount', asOf: '2024-04-01', ...params },
});

describe('ops on messy numbers and times', () => {
  it('RFM on a European CSV sums the decimal-comma amounts', async () => {
    const r = await run({ name: 'eu', file: 'european.csv' }, fixture('european.csv'), [
      rfm('eu', { eventColumn: 'event', purchaseValue: 'purchase' }),
    ]);
    expect(r.error).toBeUndefined();
    const rows = (await db.query('SELECT customer, monetary FROM r1.rfm ORDER BY customer')).rows;
    expect(rows).toEqual([
      { customer: 'A', monetary: 12.5 },
      { customer: 'B', monetary: 1234.5 },
      { customer: 'C', monetary: 3 },
    ]);
  });

  it('refuses no purchases with a reason instead of an empty result', async () => {
    const r = await run({ name: 'eu', file: 'european.csv' }, fixture('european.csv'), [
      rfm('eu', { eventColumn: 'event', purchaseValue: 'Purchase' }),
    ]);
    expect(r.status).toBe('error');
    expect(r.error).toBe(
      "step 'r1', field 'customer': no purchases: no row has a customer, a time and an amount and event = 'Purchase'; check the columns and the purchase value",
    );
  });

  it('refuses an amount held as currency text, naming the column and the cast; the cast makes it run', async () => {
    const source = { name: 'cur', file: 'currency.csv' };
    const r = await run(source, fixture('currency.csv'), [rfm('cur', { amount: 'price' })]);
    expect(r.error).toBe(
      "step 'r1', field 'amount': column 'price' is text, not numbers (3 values such as '$1,234.50'): convert it first with a cast step, " +
        '{ "op": "cast", "params": { "columns": { "price": "DOUBLE" }, "format": "currency" } }',
    );
    const fixed = await run(source, fixture('currency.csv'), [
      { id: 'c1', op: 'cast', input: 'cur', params: { columns: { price: 'DOUBLE' }, format: 'currency' } },
      rfm('c1', { amount: 'price' }),
    ]);
    expect(fixed.error).toBeUndefined();
    expect((await db.query('SELECT sum(monetary) AS s FROM r1.rfm')).rows[0]!.s).toBe(1249.5);
  });

  it('cohorts and clv refuse the same text amounts', async () => {
    const source = { name: 'cur', file: 'currency.csv' };
    const cohorts = await run(source, fixture('currency.csv'), [
      { id: 'co', op: 'cohorts', input: 'cur', params: { customer: 'customer', time: 'ts', amount: 'price' } },
    ]);
    expect(cohorts.error).toMatch(
      /^step 'co', field 'amount': column 'price' is text, not numbers \(3 values such as '\$1,234\.50'\)/,
    );
    const clv = await run(source, fixture('currency.csv'), [
      { id: 'cl', op: 'clv', input: 'cur', params: { customer: 'customer', time: 'ts', amount: 'price' } },
    ]);
    expect(clv.error).toMatch(/^step 'cl', field 'amount': column 'price' is text, not numbers/);
  });

  it('names a time column DuckDB does not read, the formats it fits and parse-date', async () => {
    // Mixed with a time of day, so that DuckDB's sniffer leaves the column as text.
    const csv = 'customer,ts,amount\nA,05/01/2024,10\nB,06/01/2024 10:30,20\n';
    const r = await run({ name: 'dm', file: 'dm.csv' }, csv, [rfm('dm')]);
    expect(r.error).toBe(
      "step 'r1', field 'time': column 'ts' holds 2 times DuckDB does not read, such as '05/01/2024' (format %d/%m/%Y or %m/%d/%Y); " +
        'add a parse-date step before this one, e.g. { "op": "parse-date", "params": { "column": "ts", "format": "%d/%m/%Y" } }',
    );
    const funnel = await run({ name: 'dm', file: 'dm.csv' }, 'customer,ts,event\nA,13.01.2024 10:00,view\n', [
      {
        id: 'f1',
        op: 'funnel',
        input: 'dm',
        params: { customer: 'customer', time: 'ts', event: 'event', stages: ['view', 'cart'] },
      },
    ]);
    expect(funnel.error).toMatch(
      /^step 'f1', field 'time': column 'ts' holds 1 time DuckDB does not read, such as '13\.01\.2024 10:00' \(format %d\.%m\.%Y\); add a parse-date step/,
    );
    const parsed = await run({ name: 'dm', file: 'dm.csv' }, csv, [
      { id: 'p1', op: 'parse-date', input: 'dm', params: { column: 'ts' } },
      rfm('p1'),
    ]);
    expect(parsed.error).toBeUndefined();
  });
});
