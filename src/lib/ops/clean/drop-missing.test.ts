import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewThenRun, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await table(
    db,
    't',
    `SELECT * FROM (VALUES (1, 'a', 1.0), (2, NULL, 2.0), (3, '', 3.0), (4, 'c', NULL), (5, '  ', 5.0), (6, 'd', 6.0))
     AS v(id, name, score)`,
  );
});
afterAll(() => db.close());

describe('drop-missing', () => {
  it("drops rows with NULL or '' in any column by default", async () => {
    const { rows, preview, entry, summary } = await previewThenRun(db, { id: 'm', op: 'drop-missing' });
    // Row 2: name NULL; row 3: name ''; row 4: score NULL. Row 5's '  ' is not empty.
    expect(rows.map((r) => r.id)).toEqual([1, 5, 6]);
    expect(summary.missingByColumn).toEqual({ id: 0, name: 2, score: 1 });
    expect([entry.rowsIn, entry.rowsOut, preview.rowsIn, preview.rowsOut]).toEqual([6, 3, 6, 3]);
    expect(preview.notes).toEqual(["3 rows with a missing value removed (missing per column: 'name' 2, 'score' 1)"]);
  });

  it("keeps '' when emptyIsMissing is false", async () => {
    const { rows } = await previewThenRun(db, { id: 'm', op: 'drop-missing', params: { emptyIsMissing: false } });
    expect(rows.map((r) => r.id)).toEqual([1, 3, 5, 6]);
  });

  it('looks only at the chosen columns', async () => {
    const { rows, preview } = await previewThenRun(db, { id: 'm', op: 'drop-missing', params: { columns: ['score'] } });
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 5, 6]);
    expect(preview.rowsOut).toBe(5);
  });

  it('names an unknown column', async () => {
    expect(await runError(db, { id: 'm', op: 'drop-missing', params: { columns: ['score', 'Score2'] } })).toBe(
      "step 'm', field 'columns[1]': column 'Score2' not found in 't' (columns: id, name, score)",
    );
  });
});
