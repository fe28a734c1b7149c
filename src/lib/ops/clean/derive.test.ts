import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewThenRun, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await table(
    db,
    't',
    `SELECT * FROM (VALUES (2, 1.5::DOUBLE, 'a'), (3, NULL, 'b'), (-1, 2.0, 'c')) AS v("Quantity", "UnitPrice", name)`,
  );
});
afterAll(() => db.close());

describe('derive', () => {
  it('adds a column from an expression', async () => {
    const { rows, types, preview, summary } = await previewThenRun(db, {
      id: 'd',
      op: 'derive',
      params: { column: 'amount', expression: '"Quantity" * "UnitPrice"' },
    });
    expect(rows.map((r) => r.amount)).toEqual([3, null, -2]);
    expect(Object.keys(types)).toEqual(['Quantity', 'UnitPrice', 'name', 'amount']);
    expect(types.amount).toBe('DOUBLE');
    expect(preview.addedColumns).toEqual(['amount']);
    expect(summary.addedColumns).toEqual(['amount']);
    expect(summary.nullValues).toBe(1);
    expect(preview.notes).toEqual(["adds 'amount' (DOUBLE); 1 row gives NULL"]);
    expect([preview.rowsOut, summary.rowsOut]).toEqual([3, 3]);
  });

  it('refuses an existing name (case-insensitively) unless replace is set, then replaces in place', async () => {
    expect(await runError(db, { id: 'd', op: 'derive', params: { column: 'quantity', expression: '1' } })).toBe(
      "step 'd', field 'column': column 'Quantity' already exists; choose another name, or set replace: true",
    );
    const { rows, types, preview } = await previewThenRun(db, {
      id: 'd',
      op: 'derive',
      params: { column: 'quantity', expression: '"Quantity" * 10', replace: true },
    });
    expect(Object.keys(types)).toEqual(['Quantity', 'UnitPrice', 'name']);
    expect(rows.map((r) => r.Quantity)).toEqual([20, 30, -10]);
    expect(preview.addedColumns).toBeUndefined();
  });

  it('allows window functions', async () => {
    const { rows } = await previewThenRun(db, {
      id: 'd',
      op: 'derive',
      params: { column: 'share', expression: '"Quantity" / sum("Quantity") OVER ()' },
    });
    expect(rows.map((r) => r.share)).toEqual([0.5, 0.75, -0.25]);
  });

  it("reports DuckDB's first line against the expression field", async () => {
    expect(await runError(db, { id: 'd', op: 'derive', params: { column: 'x', expression: '"nope" + 1' } })).toBe(
      `step 'd', field 'expression': Binder Error: Referenced column "nope" not found in FROM clause!`,
    );
    // A conversion that fails only on some row is found by evaluating the whole column first.
    expect(
      await runError(db, { id: 'd', op: 'derive', params: { column: 'x', expression: `CAST("name" AS INTEGER)` } }),
    ).toBe(
      "step 'd', field 'expression': Conversion Error: Could not convert string 'a' to INT32 when casting from source column name",
    );
    expect(
      await runError(db, { id: 'd', op: 'derive', params: { column: 'x', expression: 'sum("Quantity")' } }),
    ).toMatch(/^step 'd', field 'expression': Binder Error: column "Quantity" must appear in the GROUP BY clause/);
    expect(await runError(db, { id: 'd', op: 'derive', params: { column: 'x', expression: '1) AS y, (2' } })).toBe(
      "step 'd', field 'expression': the expression has a ')' without a matching '('",
    );
    expect(await runError(db, { id: 'd', op: 'derive', params: { column: 'x', expression: '1; SELECT 2' } })).toBe(
      "step 'd', field 'expression': the expression must be a single SQL expression without ';'",
    );
  });
});
