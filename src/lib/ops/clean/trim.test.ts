import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewThenRun, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  // chr(9) tab, chr(160) no-break space, chr(12288) ideographic space.
  await table(
    db,
    't',
    `SELECT * FROM (VALUES
      (1, '  Alice ',                      'ab'),
      (2, 'Bob',                           ' Ab '),
      (3, chr(9),                          ''),
      (4, NULL,                            'x'),
      (5, '张三' || chr(12288),             'X'),
      (6, 'ÄRGER' || chr(160) || chr(10),  'Mixed Case')) AS v(id, name, code)`,
  );
});
afterAll(() => db.close());

const col = (rows: Record<string, unknown>[], name: string) => rows.map((r) => r[name]);

describe('trim', () => {
  it('trims all kinds of whitespace in every text column and makes empty text NULL', async () => {
    const { rows, preview, summary } = await previewThenRun(db, { id: 'tr', op: 'trim' });
    expect(col(rows, 'name')).toEqual(['Alice', 'Bob', null, null, '张三', 'ÄRGER']);
    expect(col(rows, 'code')).toEqual(['ab', 'Ab', null, 'x', 'X', 'Mixed Case']);
    expect(col(rows, 'id')).toEqual([1, 2, 3, 4, 5, 6]);
    // name: rows 1, 3, 5, 6 change; code: rows 2 and 3.
    expect(preview.changedValues).toEqual({ name: 4, code: 2 });
    expect(summary.changedValues).toEqual(preview.changedValues);
    expect(summary.columns).toEqual(['name', 'code']);
  });

  it('folds case and can keep empty text', async () => {
    const { rows, preview } = await previewThenRun(db, {
      id: 'tr',
      op: 'trim',
      params: { columns: ['code', 'name'], case: 'lower', emptyToNull: false },
    });
    expect(col(rows, 'name')).toEqual(['alice', 'bob', '', null, '张三', 'ärger']);
    expect(col(rows, 'code')).toEqual(['ab', 'ab', '', 'x', 'x', 'mixed case']);
    // code: rows 2, 5, 6 change ('' stays ''); name: rows 1, 2, 3, 5, 6.
    expect(preview.changedValues).toEqual({ code: 3, name: 5 });
    const upper = await previewThenRun(db, { id: 'tr', op: 'trim', params: { columns: ['code'], case: 'upper' } });
    expect(col(upper.rows, 'code')).toEqual(['AB', 'AB', null, 'X', 'X', 'MIXED CASE']);
  });

  it('refuses non-text columns', async () => {
    expect(await runError(db, { id: 'tr', op: 'trim', params: { columns: ['id'] } })).toBe(
      "step 'tr', field 'columns[0]': column 'id' is INTEGER, not text (trim works on VARCHAR columns)",
    );
  });
});
