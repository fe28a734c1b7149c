/** Cleaning steps chained through a recipe: each step's `input` names the step before it. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewStep, runRecipe } from '../../recipe/engine';
import { sharedFile } from '../../../test-support/shared-data';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const WHERE = `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`;

const pipeline = (source: string, file: string) => ({
  version: 1,
  sources: [{ name: source, file }],
  steps: [
    { id: 'f', op: 'filter', input: source, params: { where: WHERE } as Record<string, unknown> },
    { id: 'dd', op: 'dedupe', input: 'f', params: {} as Record<string, unknown> },
    { id: 'd', op: 'derive', input: 'dd', params: { column: 'amount', expression: '"Quantity" * "UnitPrice"' } },
  ],
});

const SALES = `InvoiceNo,StockCode,Quantity,UnitPrice,CustomerID
536365,A,6,2.5,17850
536365,A,6,2.5,17850
C536379,D,-1,27.5,14527
536366,B,0,1.0,17850
536367,C,2,3.0,
536368,E,3,1.25,13047
`;

describe('load → filter → dedupe → derive', () => {
  it('chains steps by id and leaves every table before it intact', async () => {
    const report = await runRecipe(pipeline('sales', 'sales.csv'), { db, files: { sales: new Blob([SALES]) } });
    expect(report.error).toBeUndefined();
    // Filter: the cancellation, the zero quantity and the row without a customer go → 3 rows.
    expect([report.steps.f!.rowsIn, report.steps.f!.rowsOut]).toEqual([6, 3]);
    // Dedupe: the repeated 536365 line goes → 2 rows.
    expect([report.steps.dd!.rowsIn, report.steps.dd!.rowsOut]).toEqual([3, 2]);
    expect([report.steps.d!.rowsIn, report.steps.d!.rowsOut]).toEqual([2, 2]);
    const out = await db.query('SELECT "InvoiceNo", amount FROM d.data');
    expect(out.rows).toEqual([
      { InvoiceNo: '536365', amount: 15 },
      { InvoiceNo: '536368', amount: 3.75 },
    ]);
    expect(Object.keys(report.steps.d!.tables)).toEqual(['d.data']);
    for (const [table, n] of [
      ['sales', 6],
      ['f.data', 3],
      ['dd.data', 2],
    ] as const) {
      expect((await db.query(`SELECT count(*)::INTEGER AS n FROM ${table}`)).rows[0]!.n).toBe(n);
    }
    // Previewing a step whose input exists agrees with what the run produced.
    const p = await previewStep(pipeline('sales', 'sales.csv'), 'dd', { db });
    expect([p.rowsIn, p.rowsOut]).toEqual([3, 2]);
  });

  it('stops at the failing step and skips the rest', async () => {
    const recipe = pipeline('sales', 'sales.csv');
    recipe.steps[1]!.params = { columns: ['Customer'] };
    const report = await runRecipe(recipe, { db, files: { sales: new Blob([SALES]) } });
    expect(report.error).toBe(
      "step 'dd', field 'columns[0]': column 'Customer' not found in 'f.data' (columns: InvoiceNo, StockCode, Quantity, UnitPrice, CustomerID)",
    );
    expect(report.steps.f!.status).toBe('ok');
    expect(report.steps.d!.status).toBe('skipped');
  });
});

const retail = sharedFile('retail/online_retail.csv');
describe.runIf(retail)('on the Online Retail log', () => {
  it('filters to the published 397,924 rows and dedupes to the plain-SQL distinct count', async () => {
    const report = await runRecipe(pipeline('retail', 'online_retail.csv'), {
      db,
      files: { retail: new Blob([readFileSync(retail!)]) },
    });
    expect(report.error).toBeUndefined();
    expect(report.steps.f!.rowsOut).toBe(397_924);
    const p = await previewStep(pipeline('retail', 'online_retail.csv'), 'f', { db });
    expect([p.rowsIn, p.rowsOut]).toEqual([541_909, 397_924]);
    // Independent: plain SQL over the loaded source.
    const distinct = await db.query(
      `SELECT count(*)::DOUBLE AS n, sum("Quantity" * "UnitPrice")::DOUBLE AS revenue FROM (SELECT DISTINCT * FROM retail WHERE ${WHERE})`,
    );
    expect(report.steps.dd!.rowsOut).toBe(distinct.rows[0]!.n);
    expect(report.steps.d!.rowsOut).toBe(distinct.rows[0]!.n);
    const revenue = await db.query('SELECT sum(amount)::DOUBLE AS r FROM d.data');
    expect(revenue.rows[0]!.r as number).toBeCloseTo(distinct.rows[0]!.revenue as number, 2);
  });
});
