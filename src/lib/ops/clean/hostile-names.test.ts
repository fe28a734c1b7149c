/** Every cleaning op on columns named like SQL keywords, with dots, spaces, quotes and Chinese. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewThenRun, runError, table, type StepSpec } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await table(
    db,
    't',
    `SELECT * FROM (VALUES
      (1,    '10', ' 张三 ', '2020-01-02', 1.5),
      (2,    '10', '李四',   '2020-01-02', NULL),
      (NULL, '20', NULL,     '03/04/2020', 3.0),
      (2,    '10', '李四',   '2020-01-02', NULL),
      (100,  'x',  '王五',   NULL,         4.0)) AS v("select", "a.b", "客户 ID", "it's", "say ""hi""")`,
  );
});
afterAll(() => db.close());

const COLUMNS = ['select', 'a.b', '客户 ID', "it's", 'say "hi"'];
const col = (rows: Record<string, unknown>[], name: string) => rows.map((r) => r[name]);

async function check(step: StepSpec) {
  const out = await previewThenRun(db, step);
  expect(out.preview.rowsOut).toBe(out.entry.rowsOut);
  expect(out.preview.changedValues).toEqual(out.summary.changedValues);
  return out;
}

describe('hostile column names', () => {
  it('filter', async () => {
    const { rows, types } = await check({
      id: 's1',
      op: 'filter',
      params: { where: `"select" > 1 AND "客户 ID" <> 'x' AND "it's" LIKE '2020%'` },
    });
    expect(Object.keys(types)).toEqual(COLUMNS);
    expect(col(rows, 'select')).toEqual([2, 2]);
  });

  it('dedupe', async () => {
    const { rows } = await check({ id: 's1', op: 'dedupe', params: { columns: ['a.b', "it's"] } });
    expect(rows.map((r) => [r['a.b'], r["it's"]])).toEqual([
      ['10', '2020-01-02'],
      ['20', '03/04/2020'],
      ['x', null],
    ]);
    const all = await check({ id: 's1', op: 'dedupe' });
    expect(all.rows).toHaveLength(4);
  });

  it('drop-missing', async () => {
    const { rows } = await check({ id: 's1', op: 'drop-missing', params: { columns: ['客户 ID', 'say "hi"'] } });
    expect(col(rows, 'select')).toEqual([1, 100]);
  });

  it('impute', async () => {
    const { rows, preview } = await check({
      id: 's1',
      op: 'impute',
      params: {
        columns: {
          select: { method: 'median' },
          'say "hi"': { method: 'mean' },
          "it's": { method: 'constant', value: "it's unknown" },
        },
      },
    });
    // select: median of 1, 2, 2, 100 = 2; say "hi" (DECIMAL(2,1), from the literals): mean of
    // 1.5, 3, 4 = 2.833… → 2.8 in the column's own type.
    expect(col(rows, 'select')).toEqual([1, 2, 2, 2, 100]);
    expect(col(rows, 'say "hi"')).toEqual([1.5, 2.8, 3, 2.8, 4]);
    expect(col(rows, "it's")[4]).toBe("it's unknown");
    expect(preview.changedValues).toEqual({ select: 1, 'say "hi"': 2, "it's": 1 });
  });

  it('outliers', async () => {
    // select: 1 2 2 100 → Q1 1.75, Q3 26.5, IQR 24.75, upper fence 63.625 → 63.
    const { rows } = await check({
      id: 's1',
      op: 'outliers',
      params: { columns: ['select', 'say "hi"'], method: 'iqr-clip' },
    });
    expect(col(rows, 'select')).toEqual([1, 2, null, 2, 63]);
    expect(await runError(db, { id: 's1', op: 'outliers', params: { columns: ['客户 ID'], method: 'iqr-clip' } })).toBe(
      "step 's1', field 'columns[0]': column '客户 ID' is VARCHAR, not numeric (cast it first)",
    );
  });

  it('cast', async () => {
    expect(await runError(db, { id: 's1', op: 'cast', params: { columns: { 'a.b': 'BIGINT' } } })).toBe(
      "step 's1', field 'columns.a.b': 1 value of 'a.b' cannot be cast to BIGINT (e.g. 'x'); fix them, or set onError: 'null' to turn them into NULL",
    );
    const { rows, types } = await check({
      id: 's1',
      op: 'cast',
      params: { columns: { 'a.b': 'BIGINT', select: 'VARCHAR' }, onError: 'null' },
    });
    expect(col(rows, 'a.b')).toEqual([10, 10, 20, 10, null]);
    expect(types).toMatchObject({ 'a.b': 'BIGINT', select: 'VARCHAR' });
  });

  it('trim', async () => {
    const { rows, preview } = await check({ id: 's1', op: 'trim', params: { columns: ['客户 ID'] } });
    expect(col(rows, '客户 ID')).toEqual(['张三', '李四', null, '李四', '王五']);
    expect(preview.changedValues).toEqual({ '客户 ID': 1 });
  });

  it('parse-date', async () => {
    const { rows, preview } = await check({ id: 's1', op: 'parse-date', params: { column: "it's", into: '日期 "d"' } });
    // ISO reads three values, day-first only one: ISO wins and 03/04/2020 fails.
    expect(rows.map((r) => (r['日期 "d"'] === null ? null : String(r['日期 "d"']).slice(0, 10)))).toEqual([
      '2020-01-02',
      '2020-01-02',
      null,
      '2020-01-02',
      null,
    ]);
    expect(preview.changedValues).toEqual({ '日期 "d"': 1 });
  });

  it('derive', async () => {
    const { rows, preview } = await check({
      id: 's1',
      op: 'derive',
      params: { column: "总额 'x'", expression: `"select" * "say ""hi"""` },
    });
    expect(col(rows, "总额 'x'")).toEqual([1.5, null, null, null, 400]);
    expect(preview.addedColumns).toEqual(["总额 'x'"]);
    expect(await runError(db, { id: 's1', op: 'derive', params: { column: 'SELECT', expression: '1' } })).toBe(
      "step 's1', field 'column': column 'select' already exists; choose another name, or set replace: true",
    );
  });
});
