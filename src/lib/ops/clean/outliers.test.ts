import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewThenRun, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const col = (rows: Record<string, unknown>[], name: string) => rows.map((r) => r[name]);

describe('outliers: iqr-clip', () => {
  beforeAll(async () => {
    await table(
      db,
      't',
      `SELECT id, x::INTEGER AS x, x::DOUBLE AS y, 'k' || id AS label FROM (VALUES
        (1, -20), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (9, 9), (10, 100), (11, NULL)) AS v(id, x)`,
    );
  });

  it('clips to [Q1 − 1.5·IQR, Q3 + 1.5·IQR], rounding the fences inwards for integers', async () => {
    // Sorted: -20 2 3 4 5 6 7 8 9 100. Q1 at position 2.25 = 3.25, Q3 at 6.75 = 7.75, IQR 4.5,
    // fences -3.5 and 14.5 (integers: -3 and 14). NULL stays NULL.
    const { rows, types, preview, summary, entry } = await previewThenRun(db, {
      id: 'o',
      op: 'outliers',
      params: { columns: ['x', 'y'], method: 'iqr-clip' },
    });
    expect(col(rows, 'x')).toEqual([-3, 2, 3, 4, 5, 6, 7, 8, 9, 14, null]);
    expect(col(rows, 'y')).toEqual([-3.5, 2, 3, 4, 5, 6, 7, 8, 9, 14.5, null]);
    expect(types).toMatchObject({ x: 'INTEGER', y: 'DOUBLE' });
    expect(summary.bounds).toEqual({ x: { lower: -3, upper: 14 }, y: { lower: -3.5, upper: 14.5 } });
    expect(preview.changedValues).toEqual({ x: 2, y: 2 });
    expect(summary.changedValues).toEqual(preview.changedValues);
    expect([preview.rowsOut, entry.rowsOut]).toEqual([11, 11]);
  });

  it('takes k', async () => {
    // k = 1: fences 3.25 − 4.5 = -1.25 and 7.75 + 4.5 = 12.25.
    const { rows } = await previewThenRun(db, {
      id: 'o',
      op: 'outliers',
      params: { columns: ['y'], method: 'iqr-clip', k: 1 },
    });
    expect(col(rows, 'y')).toEqual([-1.25, 2, 3, 4, 5, 6, 7, 8, 9, 12.25, null]);
  });

  it('leaves a small type alone when a fence lies beyond its range', async () => {
    // 0 50 100 127: Q1 37.5, Q3 106.75, upper fence 210.6 > TINYINT's 127.
    await table(db, 's', `SELECT x::TINYINT AS x FROM (VALUES (0), (50), (100), (127)) AS v(x)`);
    const { rows, preview } = await previewThenRun(
      db,
      { id: 'o', op: 'outliers', input: 's', params: { columns: ['x'], method: 'iqr-clip' } },
      ['s'],
    );
    expect(col(rows, 'x')).toEqual([0, 50, 100, 127]);
    expect(preview.changedValues).toEqual({ x: 0 });
  });

  it('refuses text columns', async () => {
    expect(
      await runError(db, { id: 'o', op: 'outliers', params: { columns: ['x', 'label'], method: 'iqr-clip' } }),
    ).toBe("step 'o', field 'columns[1]': column 'label' is VARCHAR, not numeric (cast it first)");
  });
});

describe('outliers: zscore-remove', () => {
  beforeAll(async () => {
    await table(
      db,
      't',
      `SELECT id, x::BIGINT AS x FROM (VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (9, 9), (10, 100), (11, NULL)) AS v(id, x)`,
    );
  });

  it('drops rows with |z| > k using the population sd', async () => {
    // mean 14.5; population variance 10285/10 − 14.5² = 818.25, sd 28.605; z(100) = 85.5/28.605 = 2.989.
    // (The sample sd, 30.15, would give 2.836, under 2.9.)
    const { rows, preview, entry, summary } = await previewThenRun(db, {
      id: 'z',
      op: 'outliers',
      params: { columns: ['x'], method: 'zscore-remove', k: 2.9 },
    });
    expect(col(rows, 'id')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 11]);
    expect([preview.rowsOut, entry.rowsOut]).toEqual([10, 10]);
    expect(summary.outliers).toEqual({ x: 1 });
    expect(preview.notes).toEqual(["'x': 1 value with |z| > 2.9", '1 row removed']);
  });

  it('keeps everything at the default k = 3 here', async () => {
    const { rows } = await previewThenRun(db, {
      id: 'z',
      op: 'outliers',
      params: { columns: ['x'], method: 'zscore-remove' },
    });
    expect(rows).toHaveLength(11);
  });

  it('finds no outliers in a column without spread', async () => {
    await table(db, 'c', `SELECT 0.1::DOUBLE AS x FROM range(1000)`);
    const { rows, preview } = await previewThenRun(
      db,
      { id: 'z', op: 'outliers', input: 'c', params: { columns: ['x'], method: 'zscore-remove', k: 0.5 } },
      ['c'],
    );
    expect(rows).toHaveLength(1000);
    expect(preview.notes![0]).toBe("'x' has no values (or no spread) to judge outliers by");
  });
});
