import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runRecipe } from '../../recipe/engine';
import type { Source } from '../../data/source';
import { QuoteScanner } from '../../data/quotes';
import type { DbConnector } from '../../data/connector';
import { WasmNodeDuckDB } from '../../../test-support/wasm-node-duckdb';

// CSV reading runs on native DuckDB (1.4.4) and on the WASM build the app ships (1.4.3): their
// CSV sniffers could differ, and these cases must read the same on both.
const CONNECTORS: Array<[string, () => Promise<DbConnector & { close(): void }>]> = [
  ['native DuckDB', () => NodeDuckDB.create()],
  ['DuckDB-WASM', () => WasmNodeDuckDB.create()],
];

let db: DbConnector & { close(): void };

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'numbers', name));
const load = (source: Source, content: BlobPart) =>
  runRecipe({ version: 1, sources: [source], steps: [] }, { db, files: { [source.name]: new Blob([content]) } });
const rows = async (sql: string) => (await db.query(sql)).rows;

describe.each(CONNECTORS)('CSV on %s', (_, create) => {
  beforeAll(async () => {
    db = await create();
  }, 60_000);
  afterAll(() => db.close());

  describe('load: number formats', () => {
    it('reads decimal commas and thousands points per column; a column that reads both ways stays text, named', async () => {
      const r = await load({ name: 'eu', file: 'european.csv' }, fixture('european.csv'));
      expect(r.error).toBeUndefined();
      const types = Object.fromEntries(r.steps.eu!.tables.eu!.columns.map((c) => [c.name, c.type]));
      expect(types).toMatchObject({ amount: 'DOUBLE', weight: 'DOUBLE', qty: 'VARCHAR', code: 'VARCHAR' });
      expect((await rows('SELECT amount, weight, qty FROM eu')).map((x) => [x.amount, x.weight, x.qty])).toEqual([
        [12.5, 0.5, '1.234'],
        [1234.5, 1.25, '2.500'],
        [3, 2, '1.000'],
        [-7.25, 0.75, '12'],
      ]);
      const summary = r.steps.eu!.summary!;
      expect(summary.numberFormats).toEqual({
        amount: "decimal ',', thousands '.'",
        weight: "decimal ',', no thousands separator",
      });
      expect(summary.warnings).toEqual([
        `column 'qty' stays text: values such as '1.234' read both as decimals and as thousands; set the source's "decimal" ("," or ".") to read it as numbers`,
      ]);
      // Not recorded while a column is undecided: a rerun must read the file the same way.
      expect((r.recipe as { sources: Source[] }).sources[0]!.decimal).toBeUndefined();
    });

    it('reads the undecided column as the source says, and records the separators it found', async () => {
      const r = await load({ name: 'eu2', file: 'european.csv', decimal: ',' }, fixture('european.csv'));
      expect(r.error).toBeUndefined();
      expect((await rows('SELECT qty FROM eu2')).map((x) => x.qty)).toEqual([1234, 2500, 1000, 12]);
      expect(r.steps.eu2!.summary!.warnings).toBeUndefined();
      const plain = await load({ name: 'eu3', file: 'p.csv' }, 'id;price\n1;1.234,5\n2;0,5\n');
      expect((plain.recipe as { sources: Source[] }).sources[0]).toMatchObject({ decimal: ',', thousands: '.' });
    });

    it("leaves a '.'-decimal file as DuckDB reads it, 1.234 included", async () => {
      const r = await load({ name: 'us', file: 'us.csv' }, 'id,rate,total\n1,1.085,"1,234.50"\n2,1.250,12.00\n');
      expect(r.error).toBeUndefined();
      expect(await rows('SELECT rate, total FROM us')).toEqual([
        { rate: 1.085, total: 1234.5 },
        { rate: 1.25, total: 12 },
      ]);
    });

    it('keeps 1.234 text, named, in a file that shows no decimal point elsewhere (a fuzzer finding: read as 1.234 where 1234 was meant)', async () => {
      const r = await load({ name: 'amb', file: 'amb.csv' }, 'id,qty\n1,-782.833\n2,968.905\n');
      expect(r.error).toBeUndefined();
      expect(r.steps.amb!.tables.amb!.columns.find((c) => c.name === 'qty')!.type).toBe('VARCHAR');
      expect(r.steps.amb!.summary!.warnings).toEqual([
        `column 'qty' stays text: values such as '-782.833' read both as decimals and as thousands; set the source's "decimal" ("," or ".") to read it as numbers`,
      ]);
      const told = await load({ name: 'amb2', file: 'amb.csv', decimal: '.' }, 'id,qty\n1,-782.833\n2,968.905\n');
      expect(await rows('SELECT qty FROM amb2 ORDER BY id')).toEqual([{ qty: -782.833 }, { qty: 968.905 }]);
      expect(told.steps.amb2!.summary!.warnings).toBeUndefined();
    });

    it('keeps a column text, saying why, when a value past the sample does not read like the rest', async () => {
      const body = Array.from({ length: 6000 }, (_, i) => `${i};${i},5`).join('\n');
      const r = await load({ name: 'late', file: 'late.csv' }, `id;amount\n${body}\n6000;12.5.1\n`);
      expect(r.error).toBeUndefined();
      expect(r.steps.late!.tables.late!.columns.find((c) => c.name === 'amount')!.type).toBe('VARCHAR');
      expect(r.steps.late!.summary!.warnings).toEqual([
        "column 'amount' stays text: 1 value (e.g. '12.5.1') does not read as numbers with decimal ',', no thousands separator like the rest; fix them, then cast the column",
      ]);
    });

    it('names currency text and the cast that reads it', async () => {
      const r = await load({ name: 'cur', file: 'currency.csv' }, fixture('currency.csv'));
      expect(r.steps.cur!.summary!.warnings).toEqual([
        `column 'price' holds amounts as currency text (e.g. '$1,234.50'); convert it with a cast step (format "currency")`,
      ]);
    });
  });

  describe('load: non-finite numbers', () => {
    it('turns NaN, ±Infinity and overflowing literals into NULL, counted per column', async () => {
      const r = await load({ name: 'nf', file: 'non-finite.csv' }, fixture('non-finite.csv'));
      expect(r.error).toBeUndefined();
      expect((await rows('SELECT score FROM nf ORDER BY id')).map((x) => x.score)).toEqual([
        null,
        null,
        null,
        null,
        2.5,
        1e308,
        1e308,
      ]);
      expect(r.steps.nf!.summary!.nonFinite).toEqual({ score: 4 });
      expect(r.steps.nf!.summary!.warnings).toEqual([
        "non-finite numbers (NaN, Infinity or too large for a double) became missing: 4 in 'score'",
      ]);
    });
  });

  describe('load: a quote never closed', () => {
    it('warns with the line and the rows affected', async () => {
      const r = await load({ name: 'uq', file: 'unclosed-quote.csv' }, fixture('unclosed-quote.csv'));
      expect(r.error).toBeUndefined();
      expect(r.steps.uq!.summary!.unclosedQuote).toEqual({ line: 4, rows: 1 });
      expect(r.steps.uq!.summary!.warnings).toEqual([
        'the quote opened on line 4 is never closed, so quotes were read as text: 1 row keeps a quote inside its values; close the quote in the file',
      ]);
    });

    it('refuses when the source sets strictQuotes, keeping the table loaded before', async () => {
      await load({ name: 'uq', file: 'ok.csv' }, 'customer,event,amount\nA,purchase,1\n');
      const r = await load(
        { name: 'uq', file: 'unclosed-quote.csv', strictQuotes: true },
        fixture('unclosed-quote.csv'),
      );
      expect(r.error).toBe(
        "source 'uq' (unclosed-quote.csv): the quote opened on line 4 is never closed (1 row keeps a quote inside its values if read anyway); close the quote in the file",
      );
      expect(await rows('SELECT * FROM uq')).toEqual([{ customer: 'A', event: 'purchase', amount: 1 }]);
    });

    it('names the quote, not the column count, when the rows no longer split', async () => {
      const r = await load({ name: 'uq2', file: 'unclosed-quote-split.csv' }, fixture('unclosed-quote-split.csv'));
      expect(r.error).toBe(
        "source 'uq2' (unclosed-quote-split.csv): the quote opened on line 4 is never closed, so the rows after it do not split into the header's columns; close the quote in the file",
      );
    });

    it('is not fooled by escaped quotes, quoted line breaks or CRLF', async () => {
      const r = await load({ name: 'okq', file: 'okq.csv' }, 'a,b\r\n1,"say ""hi"""\r\n2,"two\r\nlines"\r\n');
      expect(r.error).toBeUndefined();
      expect(r.steps.okq!.summary!.warnings).toBeUndefined();
      const scan = (text: string) => {
        const s = new QuoteScanner(',');
        s.feed(text);
        return s.end();
      };
      expect(scan('a,b\r\n1,"x""y"\r2,"open\n3,4\n')).toEqual({ line: 3 });
      expect(scan('a,b\n1,x"y\n')).toBeUndefined();
      expect(scan('a,b\n1,"x" y\n')).toEqual({ line: 2 });
    });
  });
});

describe('load: non-finite numbers in Parquet (native DuckDB)', () => {
  // The Parquet file is written by DuckDB itself, into a folder its sandbox is told to allow.
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'nf-')));
  beforeAll(async () => {
    db = await NodeDuckDB.create({ allow: [dir] });
  });
  afterAll(() => db.close());

  it('does the same for Parquet sources', async () => {
    const path = join(dir, 'nf.parquet');
    await db.exec(
      `COPY (SELECT * FROM (VALUES (1, 1.5::DOUBLE), (2, 'nan'::DOUBLE), (3, '-inf'::DOUBLE), (4, 2::DOUBLE)) t(id, x)) TO '${path}' (FORMAT parquet)`,
    );
    const r = await load({ name: 'nfp', file: 'nf.parquet' }, readFileSync(path));
    expect(r.error).toBeUndefined();
    expect(r.steps.nfp!.summary!.nonFinite).toEqual({ x: 2 });
    expect((await rows('SELECT x FROM nfp ORDER BY id')).map((v) => v.x)).toEqual([1.5, null, null, 2]);
  });
});
