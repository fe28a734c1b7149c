/**
 * Properties of the loader on the DuckDB-WASM build the app ships (run in Node through its
 * node-blocking bindings): a generated CSV either loads with the rows, column sums and values an
 * independent reading of the same file gives, or is refused with one line naming the source; a
 * failed load never loses the table already there; CSV exports never hold a live formula.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { WasmNodeDuckDB } from '../../test-support/wasm-node-duckdb';
import { runRecipe } from '../recipe/engine';
import {
  PROPERTY_TIMEOUT,
  csvArb,
  fuzzParams,
  isLiveFormula,
  junkArb,
  parseCsv,
  type GeneratedCsv,
} from '../../test-support/fuzz';
import { ident } from './sql';

let db: WasmNodeDuckDB;
beforeAll(async () => {
  db = await WasmNodeDuckDB.create();
});

const load = (name: string, content: string | Uint8Array, file = `${name}.csv`) =>
  runRecipe(
    { version: 1, sources: [{ name, file }], steps: [] },
    { db, files: { [name]: new Blob([typeof content === 'string' ? content : new Uint8Array(content)]) } },
  );

/** One line that names the source: what every refusal must look like. */
function expectOneLineNaming(error: string | undefined, source: string): void {
  expect(error).toBeDefined();
  expect(error!.startsWith(`source '${source}'`), error).toBe(true);
  expect(error!.includes('\n'), error).toBe(false);
  expect(error!.length, error).toBeLessThan(600);
}

async function checkAgainstReference(name: string, csv: GeneratedCsv, warnings: string[]): Promise<void> {
  const table = ident(name);
  const { rows } = await db.query(`SELECT count(*)::DOUBLE AS n FROM ${table}`);
  expect(Number(rows[0]!.n)).toBe(csv.rows);
  const described = await db.query(`DESCRIBE ${table}`);
  // DuckDB trims the spaces around a header name (a name is still found by its visible text).
  expect(described.rows.map((r) => String(r.column_name))).toEqual(csv.columns.map((c) => c.name.trim()));
  for (const [i, col] of csv.columns.entries()) {
    const type = String(described.rows[i]!.column_type);
    const c = ident(col.name.trim());
    if (col.kind === 'money') {
      // Currency text is never summed as it stands: it stays text, and the load names it.
      expect(type, `${col.name} typed`).toBe('VARCHAR');
      expect(
        warnings.some((w) => w.includes(col.name.trim())),
        `${col.name} currency text unnamed: ${JSON.stringify(warnings)}`,
      ).toBe(true);
    } else if ((col.kind === 'int' || col.kind === 'decimal') && type === 'VARCHAR') {
      // Numbers that read two ways (`1.234`, `1,234`) may stay text, but never without a word.
      expect(
        warnings.some((w) => w.includes(col.name.trim())),
        `${col.name} left as text, unnamed: ${JSON.stringify(warnings)}`,
      ).toBe(true);
    } else if (col.kind === 'int' || col.kind === 'decimal') {
      expect(type, `${col.name} typed`).toMatch(/^(BIGINT|INTEGER|DOUBLE|DECIMAL|SMALLINT|TINYINT|HUGEINT)/);
      const res = await db.query(`SELECT sum(${c})::DOUBLE AS s, count(${c})::DOUBLE AS k FROM ${table}`);
      const present = col.values.filter((v): v is number => v !== null);
      const sum = present.reduce((a, b) => a + b, 0);
      expect(Number(res.rows[0]!.k), `${col.name} non-null`).toBe(present.length);
      expect(Math.abs(Number(res.rows[0]!.s ?? 0) - sum), `${col.name} sum`).toBeLessThan(
        1e-6 * Math.max(1, Math.abs(sum)),
      );
    } else {
      const res = await db.query(`SELECT CAST(${c} AS VARCHAR) AS v FROM ${table}`);
      expect(
        res.rows.map((r) => r.v),
        `${col.name} values`,
      ).toEqual(col.values);
    }
  }
}

describe('loader properties (DuckDB-WASM)', () => {
  it(
    'a generated CSV loads as an independent reading says, or is refused in one line',
    async () => {
      await fc.assert(
        fc.asyncProperty(csvArb, async (csv) => {
          const report = await load('gen', csv.bytes);
          const warnings = report.steps.gen?.summary?.warnings;
          if (report.status === 'ok')
            await checkAgainstReference('gen', csv, Array.isArray(warnings) ? warnings.map(String) : []);
          else expectOneLineNaming(report.error, 'gen');
        }),
        fuzzParams(100),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'bytes that are not a table are refused in one line, and the table already loaded stays',
    async () => {
      expect((await load('keep', 'a,b\n1,2\n3,4\n')).status).toBe('ok');
      await fc.assert(
        fc.asyncProperty(junkArb, async (bytes) => {
          const report = await load('keep', bytes);
          if (report.status === 'ok') {
            // It was a table after all: then it replaced the old one, which is what a load does.
            await load('keep', 'a,b\n1,2\n3,4\n');
            return;
          }
          expectOneLineNaming(report.error, 'keep');
          const kept = await db.query('SELECT a, b FROM keep ORDER BY a');
          expect(kept.rows).toEqual([
            { a: 1, b: 2 },
            { a: 3, b: 4 },
          ]);
        }),
        fuzzParams(80),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a CSV export never holds a live formula, whatever the cells and column names',
    async () => {
      const formulaish = fc.oneof(
        fc.constantFrom(
          '=1+1',
          '-1+1',
          "+cmd|' /C calc'!A0",
          '@SUM(1)',
          '=HYPERLINK("x")',
          '\t=1',
          '\r=1',
          '-12.5',
          '+44',
          'plain',
          '',
        ),
        fc.string({ maxLength: 8 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(formulaish, formulaish), { minLength: 1, maxLength: 12 }),
          formulaish,
          async (cells, header) => {
            await db.exec('DROP TABLE IF EXISTS f');
            const name = header === '' ? 'h' : header;
            await db.exec(`CREATE TABLE f (${ident(name)} VARCHAR, other VARCHAR)`);
            await db.exec(`INSERT INTO f VALUES ${cells.map(([a, b]) => `(${sqlText(a)}, ${sqlText(b)})`).join(', ')}`);
            const out = parseCsv(new TextDecoder().decode(await db.exportCsv('SELECT * FROM f')));
            for (const row of out)
              for (const cell of row) expect(isLiveFormula(cell), JSON.stringify(cell)).toBe(false);
          },
        ),
        fuzzParams(60),
      );
    },
    PROPERTY_TIMEOUT,
  );
});

function sqlText(s: string): string {
  return `'${s.replaceAll("'", "''").replaceAll('\0', '')}'`;
}

/** What the fuzzer found, kept as files: each loads with these columns and cells (as text). */
describe('loader regressions found by the fuzzer', () => {
  const dir = 'src/lib/data/fixtures/fuzz';
  const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8')) as Record<
    string,
    { columns: string[]; rows: string[][] }
  >;
  for (const [file, want] of Object.entries(expected)) {
    it(file, async () => {
      const report = await load('reg', readFileSync(`${dir}/${file}`), file);
      expect(report.error).toBeUndefined();
      const cols = want.columns.map((c) => `CAST(${ident(c)} AS VARCHAR)`).join(', ');
      const rows = (await db.query(`SELECT ${cols} FROM reg`)).rows.map((r) => Object.values(r));
      expect(rows).toEqual(want.rows);
    });
  }
});
