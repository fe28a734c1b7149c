import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { runRecipe } from './engine';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const csv = 'customer,ts,amount\nA,2024-01-01,1e308\nA,2024-01-02,1e308\nB,2024-01-03,5\n';
const run = (steps: unknown[]) =>
  runRecipe(
    { version: 1, sources: [{ name: 'big', file: 'big.csv' }], steps },
    { db, files: { big: new Blob([csv]) } },
  );

describe('non-finite results', () => {
  it('refuses an aggregate that overflows, naming the step and the column', async () => {
    const r = await run([
      { id: 'r1', op: 'rfm', input: 'big', params: { customer: 'customer', time: 'ts', amount: 'amount' } },
    ]);
    expect(r.status).toBe('error');
    expect(r.error).toBe(
      "step 'r1': column 'monetary' of r1.rfm has 1 non-finite value (NaN or ±Infinity): a sum or product went past the largest number a double holds " +
        '(about 1.8e308), or divided zero by zero; check the input for extreme values (the outliers step can cap them)',
    );
  });

  it('checks every op, a SQL step included, and passes finite results', async () => {
    const bad = await run([
      {
        id: 'q',
        op: 'sql',
        params: { query: 'SELECT customer, sum(amount) * 2 AS doubled FROM big GROUP BY customer' },
      },
    ]);
    expect(bad.error).toMatch(/^step 'q': column 'doubled' of q\.data has 1 non-finite value/);
    const ok = await run([
      {
        id: 'q',
        op: 'sql',
        params: { query: 'SELECT customer, sum(amount / 1e10) AS scaled FROM big GROUP BY customer' },
      },
    ]);
    expect(ok.error).toBeUndefined();
  });
});
