import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { preview, previewThenRun, rows, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await table(
    db,
    't',
    `SELECT * FROM (VALUES (1, '536365', 6), (2, 'C536379', -1), (3, '536366', 0), (4, '536367', NULL), (5, 'C1', 2), (6, '536368', 3))
     AS v(id, inv, qty)`,
  );
});
afterAll(() => db.close());

describe('filter', () => {
  it('keeps the rows where the predicate is true (NULL drops the row), in input order', async () => {
    const {
      preview,
      entry,
      summary,
      rows: out,
    } = await previewThenRun(db, {
      id: 'f',
      op: 'filter',
      params: { where: `NOT starts_with("inv", 'C') AND "qty" > 0` },
    });
    // 1 and 6 pass; 2 and 5 are cancellations, 3 has qty 0, 4 has qty NULL.
    expect(out.map((r) => r.id)).toEqual([1, 6]);
    expect(entry.rowsIn).toBe(6);
    expect(entry.rowsOut).toBe(2);
    expect(summary.rowsRemoved).toBe(4);
    expect(preview.rowsIn).toBe(6);
    expect(preview.rowsOut).toBe(2);
    expect(preview.sample!.map((r) => r.id)).toEqual([1, 6]);
    expect(preview.notes).toEqual(['keeps 2 rows of 6; 4 rows removed']);
    // The input is untouched.
    expect((await rows(db, 'SELECT count(*)::INTEGER AS n FROM t'))[0]!.n).toBe(6);
  });

  it('allows a trailing comment and string literals with parentheses', async () => {
    const { rows: out } = await previewThenRun(db, {
      id: 'f2',
      op: 'filter',
      params: { where: `"inv" <> ')(' AND "qty" >= 3 -- big ones` },
    });
    expect(out.map((r) => r.id)).toEqual([1, 6]);
  });

  it("reports DuckDB's first line against the where field", async () => {
    expect(await runError(db, { id: 'f', op: 'filter', params: { where: '"nope" > 1' } })).toBe(
      `step 'f', field 'where': Binder Error: Referenced column "nope" not found in FROM clause!`,
    );
    expect(await runError(db, { id: 'f', op: 'filter', params: { where: `"qty" > 'abc'` } })).toBe(
      `step 'f', field 'where': Conversion Error: Could not convert string 'abc' to INT32`,
    );
    await expect(preview(db, { id: 'f', op: 'filter', params: { where: '"qty" >' } })).rejects.toThrow(
      /^step 'f', field 'where': Parser Error: syntax error/,
    );
  });

  it('refuses ; and unbalanced parentheses before running anything', async () => {
    expect(await runError(db, { id: 'f', op: 'filter', params: { where: '1=1; DROP TABLE t' } })).toBe(
      "step 'f', field 'where': the predicate must be a single SQL expression without ';'",
    );
    expect(await runError(db, { id: 'f', op: 'filter', params: { where: '1=1) OR (1=1' } })).toBe(
      "step 'f', field 'where': the predicate has a ')' without a matching '('",
    );
    expect(await runError(db, { id: 'f', op: 'filter', params: { where: `"inv" = 'x` } })).toBe(
      "step 'f', field 'where': the predicate has an unterminated string",
    );
    expect((await rows(db, 'SELECT count(*)::INTEGER AS n FROM t'))[0]!.n).toBe(6);
  });

  it('validates its params', async () => {
    expect(await runError(db, { id: 'f', op: 'filter', params: {} })).toMatch(/^step 'f', field 'where': required/);
    expect(await runError(db, { id: 'f', op: 'filter', params: { where: 'TRUE', limit: 3 } })).toBe(
      "step 'f', field 'limit': unknown field",
    );
  });
});
