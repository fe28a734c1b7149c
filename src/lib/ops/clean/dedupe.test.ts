import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewThenRun, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

describe('dedupe', () => {
  it('drops repeated rows on all columns, NULLs equal, keeping first occurrences in order', async () => {
    await table(
      db,
      't',
      `SELECT * FROM (VALUES ('x', 1), ('x', 1), ('y', NULL), ('y', NULL), ('x', 2), ('y', 1), ('x', 1)) AS v(a, b)`,
    );
    const { preview, entry, summary, rows } = await previewThenRun(db, { id: 'dd', op: 'dedupe' });
    expect(rows).toEqual([
      { a: 'x', b: 1 },
      { a: 'y', b: null },
      { a: 'x', b: 2 },
      { a: 'y', b: 1 },
    ]);
    expect([entry.rowsIn, entry.rowsOut, summary.rowsRemoved]).toEqual([7, 4, 3]);
    expect(summary.duplicateGroups).toBe(2); // (x,1) three times, (y,NULL) twice
    expect([preview.rowsIn, preview.rowsOut]).toEqual([7, 4]);
    expect(preview.sample).toEqual(rows);
    expect(preview.notes).toEqual(['4 distinct rows on all columns; 2 groups had duplicates']);
  });

  it('keeps the first row of each group on chosen columns', async () => {
    await table(
      db,
      't',
      `SELECT * FROM (VALUES (1, 'x'), (2, 'x'), (3, 'y'), (4, NULL), (5, NULL), (6, 'y')) AS v(id, a)`,
    );
    const { rows, preview } = await previewThenRun(db, { id: 'dd', op: 'dedupe', params: { columns: ['a'] } });
    expect(rows.map((r) => r.id)).toEqual([1, 3, 4]);
    expect(preview.rowsOut).toBe(3);
  });

  it('is deterministic by input order on a table big enough to run in parallel', async () => {
    await table(db, 't', `SELECT range AS i, range % 7 AS k FROM range(300000)`);
    const { rows } = await previewThenRun(db, { id: 'dd', op: 'dedupe', params: { columns: ['k'] } });
    // The first row with each k is i = k.
    expect(rows).toEqual([0, 1, 2, 3, 4, 5, 6].map((k) => ({ i: k, k })));
  });

  it('does not clash with a column named like its helper column', async () => {
    await table(db, 't', `SELECT * FROM (VALUES (1, 9), (1, 8)) AS v(__row, b)`);
    const { rows } = await previewThenRun(db, { id: 'dd', op: 'dedupe', params: { columns: ['__row'] } });
    expect(rows).toEqual([{ __row: 1, b: 9 }]);
  });

  it('names unknown and repeated columns', async () => {
    await table(db, 't', `SELECT 1 AS a`);
    expect(await runError(db, { id: 'dd', op: 'dedupe', params: { columns: ['nope'] } })).toBe(
      "step 'dd', field 'columns[0]': column 'nope' not found in 't' (columns: a)",
    );
    expect(await runError(db, { id: 'dd', op: 'dedupe', params: { columns: ['a', 'a'] } })).toBe(
      "step 'dd', field 'columns': column 'a' is named twice",
    );
  });
});
