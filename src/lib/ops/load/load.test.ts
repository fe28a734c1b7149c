import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runRecipe } from '../../recipe/engine';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const load = (name: string, file: string, content: BlobPart) =>
  runRecipe({ version: 1, sources: [{ name, file }], steps: [] }, { db, files: { [name]: new Blob([content]) } });

describe('load', () => {
  it('reads CSV with a BOM, quotes, Chinese text and a ; delimiter', async () => {
    const r = await load('semi', 'semi.csv', '\ufeffcustomer;city;amount\nA;上海;1.5\nB;"Paris; FR";2\n');
    expect(r.error).toBeUndefined();
    expect(r.steps.semi!.tables.semi!.columns.map((c) => c.name)).toEqual(['customer', 'city', 'amount']);
    expect((await db.query('SELECT city FROM "semi" ORDER BY customer')).rows.map((x) => x.city)).toEqual([
      '上海',
      'Paris; FR',
    ]);
  });

  it('explains ragged rows with their line numbers and keeps the table that was there', async () => {
    await load('t', 't.csv', 'a,b\n1,2\n');
    const r = await load('t', 't.csv', 'a,b,c\n1,2,3\n4,5,6,7\n8,9\n');
    expect(r.error).toBe(
      "source 't' (t.csv): 2 rows do not match the header's columns (line 3: 4 fields, the header has 3; line 4: 2 fields, the header has 3). " +
        "Fix the file, or set the source's delimiter if it is not detected correctly.",
    );
    expect((await db.query('SELECT * FROM t')).rows).toEqual([{ a: 1, b: 2 }]);
  });

  it('refuses empty and binary files', async () => {
    expect((await load('e', 'e.csv', '')).error).toBe("source 'e' (e.csv): the file is empty");
    expect((await load('b', 'b.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 8, 0]))).error).toBe(
      "source 'b' (b.csv): this does not look like a CSV text file — it contains binary data (NUL bytes)",
    );
  });

  it('refuses spreadsheets and files too large for the tab, before reading them', async () => {
    expect((await load('x', 'sales.xlsx', 'PK')).error).toMatch(
      /^source 'x' \(sales\.xlsx\): spreadsheets are not read yet .* save the sheet as CSV/,
    );
    const huge = {
      size: 5 * 1024 ** 3,
      slice: () => {
        throw new Error('must not be read');
      },
    } as unknown as Blob;
    const recipe = { version: 1, sources: [{ name: 'big', file: 'big.csv' }], steps: [] };
    // DuckDB-WASM's connector sets no maxFileBytes: the 32-bit ceiling applies.
    const wasmLike = Object.create(db, { maxFileBytes: { value: undefined } }) as NodeDuckDB;
    const r = await runRecipe(recipe, { db: wasmLike, files: { big: huge } });
    expect(r.error).toMatch(/^source 'big' \(big\.csv\): 5\.0 GB is more than this browser tab can hold/);
    // Native DuckDB has no such ceiling: it goes on to read the file.
    const native = await runRecipe(recipe, { db, files: { big: huge } });
    expect(native.error).toMatch(/must not be read/);
  });

  it('gives duplicate and empty column names usable names', async () => {
    const r = await load('dup', 'dup.csv', 'id,id,,name\n1,2,3,x\n');
    expect(r.error).toBeUndefined();
    const names = r.steps.dup!.tables.dup!.columns.map((c) => c.name);
    expect(new Set(names).size).toBe(4);
    expect(names.every((n) => n.trim() !== '')).toBe(true);
  });

  it('loads JSON through the connector', async () => {
    const r = await load(
      'j',
      'j.json',
      JSON.stringify([
        { id: 1, city: '北京' },
        { id: 2, city: null },
      ]),
    );
    expect(r.error).toBeUndefined();
    expect(r.steps.j!.tables.j!.rows).toBe(2);
  });

  it('a cancel while the file is read and checked (no query to interrupt) ends the load cancelled, keeping the table that was there', async () => {
    await load('c', 'c.csv', 'a,b\n1,2\n');
    const controller = new AbortController();
    const r = await runRecipe(
      { version: 1, sources: [{ name: 'c', file: 'c.csv' }], steps: [] },
      {
        db,
        files: { c: new Blob(['a,b\n3,4\n5,6\n']) },
        signal: controller.signal,
        // The user presses Cancel as the progress line shows "reading c.csv".
        onProgress: (p) => {
          if (p.message.startsWith('reading')) controller.abort();
        },
      },
    );
    expect(r.status).toBe('cancelled');
    expect(r.error).toBeUndefined();
    expect(r.steps.c!.status).toBe('cancelled');
    expect(r.steps.c!.error).toEqual({ name: 'Cancelled', message: "source 'c': cancelled" });
    expect((await db.query('SELECT * FROM c')).rows).toEqual([{ a: 1, b: 2 }]);
  });
});
