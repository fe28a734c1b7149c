import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewThenRun, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await table(
    db,
    't',
    `SELECT id, qty::BIGINT AS qty, price::DOUBLE AS price, dec::DECIMAL(6,2) AS dec, city, NULL::INTEGER AS empty FROM (VALUES
       (1, 1,    1.0,  1.00, 'a'),
       (2, 2,    NULL, 2.00, 'b'),
       (3, NULL, 2.0,  NULL, NULL),
       (4, 4,    4.0,  NULL, 'b'),
       (5, NULL, NULL, NULL, 'a'),
       (6, 4,    NULL, NULL, NULL)) AS v(id, qty, price, dec, city)`,
  );
});
afterAll(() => db.close());

const col = (rows: Record<string, unknown>[], name: string) => rows.map((r) => r[name]);

describe('impute', () => {
  it('fills with mean (rounded for integers), median and mode, keeping types', async () => {
    const { rows, types, preview, summary } = await previewThenRun(db, {
      id: 'i',
      op: 'impute',
      params: {
        columns: {
          qty: { method: 'mean' },
          price: { method: 'median' },
          city: { method: 'mode' },
          dec: { method: 'mean' },
        },
      },
    });
    // qty: mean of 1, 2, 4, 4 = 2.75 → 3 (BIGINT stays BIGINT).
    expect(col(rows, 'qty')).toEqual([1, 2, 3, 4, 3, 4]);
    // price: median of 1, 2, 4 = 2.
    expect(col(rows, 'price')).toEqual([1, 2, 2, 4, 2, 2]);
    // city: a and b both twice → the smaller, 'a'.
    expect(col(rows, 'city')).toEqual(['a', 'b', 'a', 'b', 'a', 'a']);
    // dec: mean of 1.00 and 2.00 = 1.50.
    expect(col(rows, 'dec')).toEqual([1, 2, 1.5, 1.5, 1.5, 1.5]);
    expect(types).toMatchObject({ qty: 'BIGINT', price: 'DOUBLE', city: 'VARCHAR', dec: 'DECIMAL(6,2)' });
    expect(preview.changedValues).toEqual({ qty: 2, price: 3, city: 2, dec: 4 });
    expect(summary.changedValues).toEqual(preview.changedValues);
    expect(summary.fill).toEqual({ qty: 3, price: 2, city: 'a', dec: 1.5 });
    expect(preview.rowsOut).toBe(6);
    expect(preview.notes![0]).toBe(
      "'qty': 2 missing values filled with '3' (mean, rounded to keep the column whole numbers)",
    );
  });

  it('fills with median and mode of an integer column, and the exact mean of a double', async () => {
    const { rows } = await previewThenRun(db, {
      id: 'i',
      op: 'impute',
      params: { columns: { qty: { method: 'median' }, price: { method: 'mean' } } },
    });
    expect(col(rows, 'qty')).toEqual([1, 2, 3, 4, 3, 4]); // median of 1, 2, 4, 4 = 3
    expect(col(rows, 'price')).toEqual([1, 7 / 3, 2, 4, 7 / 3, 7 / 3]);
    const mode = await previewThenRun(db, { id: 'i', op: 'impute', params: { columns: { qty: { method: 'mode' } } } });
    expect(col(mode.rows, 'qty')).toEqual([1, 2, 4, 4, 4, 4]);
  });

  it('fills with a constant of the column type', async () => {
    const { rows, preview } = await previewThenRun(db, {
      id: 'i',
      op: 'impute',
      params: {
        columns: {
          city: { method: 'constant', value: 'unknown' },
          qty: { method: 'constant', value: 0 },
          dec: { method: 'constant', value: '9.5' },
        },
      },
    });
    expect(col(rows, 'city')).toEqual(['a', 'b', 'unknown', 'b', 'a', 'unknown']);
    expect(col(rows, 'qty')).toEqual([1, 2, 0, 4, 0, 4]);
    expect(col(rows, 'dec')).toEqual([1, 2, 9.5, 9.5, 9.5, 9.5]);
    expect(preview.changedValues).toEqual({ city: 2, qty: 2, dec: 4 });
  });

  it('explains wrong methods, values and columns', async () => {
    expect(await runError(db, { id: 'i', op: 'impute', params: { columns: { city: { method: 'mean' } } } })).toBe(
      "step 'i', field 'columns.city.method': 'mean' needs a numeric column, and 'city' is VARCHAR (use 'mode' or 'constant', or cast the column first)",
    );
    expect(
      await runError(db, { id: 'i', op: 'impute', params: { columns: { qty: { method: 'constant', value: 'abc' } } } }),
    ).toBe("step 'i', field 'columns.qty.value': 'abc' is not a valid BIGINT for column 'qty'");
    expect(await runError(db, { id: 'i', op: 'impute', params: { columns: { qty: { method: 'constant' } } } })).toBe(
      "step 'i', field 'columns.qty.value': give `value` with method 'constant', and only then",
    );
    expect(await runError(db, { id: 'i', op: 'impute', params: { columns: { empty: { method: 'median' } } } })).toBe(
      "step 'i', field 'columns.empty': column 'empty' has no values to take the median of",
    );
    expect(await runError(db, { id: 'i', op: 'impute', params: { columns: { nope: { method: 'mode' } } } })).toBe(
      "step 'i', field 'columns.nope': column 'nope' not found in 't' (columns: id, qty, price, dec, city, empty)",
    );
    expect(await runError(db, { id: 'i', op: 'impute', params: { columns: {} } })).toBe(
      "step 'i', field 'columns': name at least one column",
    );
  });
});
