import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { preview, previewThenRun, runError, table } from './test-support';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await table(
    db,
    't',
    `SELECT * FROM (VALUES
      (1, '1',   '2020-01-02',          'yes', 1.5),
      (2, '2.5', '2020-01-02 10:30:00', 'no',  2.5),
      (3, 'abc', '02/01/2020',          't',   NULL),
      (4, NULL,  NULL,                  NULL,  4.0),
      (5, ' 7 ', '2021-13-01',          '1',   5.25),
      (6, '',    '2020-02-29',          'maybe', 6.0)) AS v(id, s, d, b, x)`,
  );
});
afterAll(() => db.close());

const col = (rows: Record<string, unknown>[], name: string) => rows.map((r) => r[name]);

describe('cast', () => {
  it('fails by default, naming the column with the count of bad values and the first one', async () => {
    // 'abc' and '' do not convert; NULL stays NULL and is not a failure.
    const expected =
      "step 'c', field 'columns.s': 2 values of 's' cannot be cast to INTEGER (e.g. 'abc'); fix them, or set onError: 'null' to turn them into NULL";
    expect(await runError(db, { id: 'c', op: 'cast', params: { columns: { s: 'INTEGER' } } })).toBe(expected);
    await expect(preview(db, { id: 'c', op: 'cast', params: { columns: { s: 'INTEGER' } } })).rejects.toThrow(expected);
  });

  it("turns failures into NULL with onError: 'null', counting them and DuckDB's rounding", async () => {
    const { rows, types, preview, summary } = await previewThenRun(db, {
      id: 'c',
      op: 'cast',
      params: { columns: { s: 'integer', d: 'DATE', x: 'decimal( 5 , 1 )' }, onError: 'null' },
    });
    // Text '2.5' → 3 (half away from zero); ' 7 ' → 7 (spaces allowed).
    expect(col(rows, 's')).toEqual([1, 3, null, null, 7, null]);
    // Text dates with a time lose it; 02/01/2020 and month 13 do not convert.
    expect(col(rows, 'd').map((v) => (v === null ? null : String(v).slice(0, 10)))).toEqual([
      '2020-01-02',
      '2020-01-02',
      null,
      null,
      null,
      '2020-02-29',
    ]);
    expect(col(rows, 'x')).toEqual([1.5, 2.5, null, 4, 5.3, 6]); // 5.25 → 5.3
    expect(types).toMatchObject({ s: 'INTEGER', d: 'DATE', x: 'DECIMAL(5,1)', b: 'VARCHAR' });
    expect(summary.types).toEqual({ s: 'INTEGER', d: 'DATE', x: 'DECIMAL(5,1)' });
    expect(preview.changedValues).toEqual({ s: 2, d: 2, x: 0 });
    expect(summary.changedValues).toEqual(preview.changedValues);
    expect(summary.rounded).toEqual({ s: 1, d: 0, x: 1 });
    expect(preview.notes![0]).toBe(
      "'s': VARCHAR → INTEGER; 2 values could not be converted and became NULL; 1 value rounded",
    );
  });

  it("reads DuckDB's booleans: yes/no, t/f, 1/0", async () => {
    const { rows, preview } = await previewThenRun(db, {
      id: 'c',
      op: 'cast',
      params: { columns: { b: 'BOOLEAN' }, onError: 'null' },
    });
    expect(col(rows, 'b')).toEqual([true, false, true, null, true, null]);
    expect(preview.changedValues).toEqual({ b: 1 });
  });

  it('allows only listed types', async () => {
    expect(await runError(db, { id: 'c', op: 'cast', params: { columns: { s: 'TEXT' } } })).toBe(
      "step 'c', field 'columns.s': must be one of BIGINT, INTEGER, DOUBLE, VARCHAR, BOOLEAN, DATE, TIMESTAMP, DECIMAL(p,s)",
    );
    expect(await runError(db, { id: 'c', op: 'cast', params: { columns: { s: 'DECIMAL(5,7)' } } })).toBe(
      "step 'c', field 'columns.s': DECIMAL(p,s) needs 1 ≤ p ≤ 38 and s ≤ p",
    );
    expect(
      await runError(db, { id: 'c', op: 'cast', params: { columns: { s: 'INTEGER); DROP TABLE t; --' } } }),
    ).toMatch(/must be one of/);
    expect(await runError(db, { id: 'c', op: 'cast', params: { columns: { S2: 'INTEGER' } } })).toBe(
      "step 'c', field 'columns.S2': column 'S2' not found in 't' (columns: id, s, d, b, x)",
    );
  });
});

describe("cast with format 'currency'", () => {
  beforeAll(async () => {
    await table(
      db,
      'm',
      `SELECT * FROM (VALUES
        (1, '$1,234.50', '1.234,50 €', '€1.234'),
        (2, '$3.00',     '€ 12,50',    '€2.500'),
        (3, '($12.00)',  'EUR 0,99',   NULL),
        (4, NULL,        '-7,25 €',    '€7')) AS v(id, usd, eur, odd)`,
    );
  });

  it('previews and reads amounts with their symbols stripped and separators detected per column', async () => {
    const step = {
      id: 'cur',
      op: 'cast',
      input: 'm',
      params: { columns: { usd: 'DOUBLE', eur: 'DECIMAL(10,2)' }, format: 'currency' },
    };
    const { rows, types, preview, summary } = await previewThenRun(db, step, ['m']);
    expect(col(rows, 'usd')).toEqual([1234.5, 3, -12, null]);
    expect(col(rows, 'eur').map(Number)).toEqual([1234.5, 12.5, 0.99, -7.25]);
    expect(types).toMatchObject({ usd: 'DOUBLE', eur: 'DECIMAL(10,2)' });
    expect(preview.notes).toEqual(
      expect.arrayContaining([
        "'usd': currency text read with decimal '.', thousands ',', symbols and codes stripped",
        "'eur': currency text read with decimal ',', thousands '.', symbols and codes stripped",
      ]),
    );
    expect(summary.separators).toEqual({ usd: "decimal '.', thousands ','", eur: "decimal ',', thousands '.'" });
  });

  it('asks for the decimal separator when the values read both ways, and reads them once given', async () => {
    const step = { id: 'cur', op: 'cast', input: 'm', params: { columns: { odd: 'DOUBLE' }, format: 'currency' } };
    expect(await runError(db, step, ['m'])).toBe(
      "step 'cur', field 'decimal': values of 'odd' such as '€1.234' read both as decimals and as thousands: give decimal ('.' or ',')",
    );
    const given = await previewThenRun(db, { ...step, params: { ...step.params, decimal: ',' } }, ['m']);
    expect(col(given.rows, 'odd')).toEqual([1234, 2500, null, 7]);
  });

  it('casts only to numbers', async () => {
    expect(
      await runError(
        db,
        { id: 'cur', op: 'cast', input: 'm', params: { columns: { usd: 'VARCHAR' }, format: 'currency' } },
        ['m'],
      ),
    ).toBe(
      "step 'cur', field 'columns.usd': format 'currency' casts to a number type (DOUBLE, DECIMAL(p,s), BIGINT, INTEGER), not VARCHAR",
    );
  });
});
