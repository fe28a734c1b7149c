import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { previewThenRun, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

/** Timestamps come back as ISO text; compare the first 16 characters (to the minute). */
const when = (rows: Record<string, unknown>[], name: string) =>
  rows.map((r) => (r[name] === null ? null : String(r[name]).slice(0, 16)));

describe('parse-date', () => {
  beforeAll(async () => {
    await table(
      db,
      't',
      `SELECT * FROM (VALUES (1, '03/04/2020'), (2, ' 13/04/2020 '), (3, '31/12/2021 10:30'), (4, ''), (5, NULL), (6, 'garbage'))
       AS v(id, d)`,
    );
  });

  it("'auto' picks the one format that reads most values (day-first here) and counts the rest", async () => {
    // Day-first reads 3 values; month-first only 03/04/2020.
    const { rows, types, preview, summary } = await previewThenRun(db, {
      id: 'p',
      op: 'parse-date',
      params: { column: 'd' },
    });
    expect(when(rows, 'd')).toEqual(['2020-04-03T00:00', '2020-04-13T00:00', '2021-12-31T10:30', null, null, null]);
    expect(types.d).toBe('TIMESTAMP');
    expect(summary.format).toBe('%d/%m/%Y');
    // '' is missing, not unparseable; 'garbage' is the one failure.
    expect(preview.changedValues).toEqual({ d: 1 });
    expect(summary.changedValues).toEqual({ d: 1 });
    expect(preview.notes).toEqual([
      "format 'auto' chose %d/%m/%Y (parses 3 of 4 non-empty values)",
      "3 values parsed; 1 value could not be parsed and became NULL (e.g. 'garbage')",
    ]);
    expect(preview.addedColumns).toBeUndefined();
  });

  it('writes into a new column with an explicit format', async () => {
    const { rows, preview } = await previewThenRun(db, {
      id: 'p',
      op: 'parse-date',
      params: { column: 'd', format: '%m/%d/%Y', into: 'when' },
    });
    expect(rows.map((r) => r.d)).toEqual(['03/04/2020', ' 13/04/2020 ', '31/12/2021 10:30', '', null, 'garbage']);
    expect(when(rows, 'when')).toEqual(['2020-03-04T00:00', null, null, null, null, null]);
    expect(preview.addedColumns).toEqual(['when']);
    expect(preview.changedValues).toEqual({ when: 3 });
  });

  it('says when day-first and month-first read the dates equally well', async () => {
    await table(db, 'a', `SELECT * FROM (VALUES ('01/02/2020'), ('03/04/2020 08:15')) AS v(d)`);
    const { rows, preview } = await previewThenRun(
      db,
      { id: 'p', op: 'parse-date', input: 'a', params: { column: 'd' } },
      ['a'],
    );
    expect(when(rows, 'd')).toEqual(['2020-02-01T00:00', '2020-04-03T08:15']);
    expect(preview.notes).toContain(
      'the dates read as well month-first (%m/%d/%Y) as day-first: give `format` to be sure',
    );
  });

  it('recognises ISO, %Y%m%d (also in a number column) and %d.%m.%Y', async () => {
    await table(
      db,
      'b',
      `SELECT * FROM (VALUES ('2020-01-02', 20200102, '2.1.2020'), ('2020-01-02T10:00:00', 20211231, '31.12.2021 23:59')) AS v(iso, num, de)`,
    );
    const { rows, summary } = await previewThenRun(
      db,
      { id: 'p', op: 'parse-date', input: 'b', params: { column: 'iso' } },
      ['b'],
    );
    expect(when(rows, 'iso')).toEqual(['2020-01-02T00:00', '2020-01-02T10:00']);
    expect(summary.format).toBe('ISO 8601');
    const num = await previewThenRun(db, { id: 'p', op: 'parse-date', input: 'b', params: { column: 'num' } }, ['b']);
    expect(when(num.rows, 'num')).toEqual(['2020-01-02T00:00', '2021-12-31T00:00']);
    const de = await previewThenRun(db, { id: 'p', op: 'parse-date', input: 'b', params: { column: 'de' } }, ['b']);
    expect(when(de.rows, 'de')).toEqual(['2020-01-02T00:00', '2021-12-31T23:59']);
  });

  it('warns about two-digit years read with %Y', async () => {
    await table(db, 'y', `SELECT * FROM (VALUES ('01/02/20')) AS v(d)`);
    const { preview } = await previewThenRun(
      db,
      { id: 'p', op: 'parse-date', input: 'y', params: { column: 'd', format: '%d/%m/%Y' } },
      ['y'],
    );
    expect(preview.notes).toContain('1 value parsed to a year before 100: two-digit years need %y, not %Y');
  });

  it('explains bad formats, unreadable columns and name clashes', async () => {
    expect(await runError(db, { id: 'p', op: 'parse-date', params: { column: 'd', format: '%Q' } })).toBe(
      "step 'p', field 'format': Invalid Input Error: Failed to parse format specifier %Q: Unrecognized format for strftime/strptime: %Q",
    );
    await table(db, 'g', `SELECT * FROM (VALUES (NULL), ('soon'), ('later')) AS v(d)`);
    expect(await runError(db, { id: 'p', op: 'parse-date', input: 'g', params: { column: 'd' } }, ['g'])).toBe(
      "step 'p', field 'format': no common date format fits column values such as 'soon': give a strptime `format`, e.g. '%d/%m/%Y %H:%M'",
    );
    expect(await runError(db, { id: 'p', op: 'parse-date', params: { column: 'd', into: 'ID' } })).toBe(
      "step 'p', field 'into': column 'id' already exists; choose another name",
    );
    expect(await runError(db, { id: 'p', op: 'parse-date', params: { column: 'date' } })).toBe(
      "step 'p', field 'column': column 'date' not found in 't' (columns: id, d)",
    );
  });
});
