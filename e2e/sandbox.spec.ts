/**
 * DuckDB-WASM closed from the inside (src/lib/privacy/sandbox.ts): the SQL console and a `sql`
 * step cannot reach the network or a file outside the app, and say so in one line; loading and
 * exports still work, and a CSV export of a Parquet BINARY column carries no live formula.
 * The fixtures assert that no request left the origin (the probe URL included).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

const PROBE = 'http://127.0.0.1:18765/probe.csv';

/** A Parquet file whose `cell` column is BINARY (not UTF8-annotated), as other tools write it. */
async function binaryParquet(): Promise<Buffer> {
  const path = join(mkdtempSync(join(tmpdir(), 'sandbox-')), 'bin.parquet');
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  await conn.run(`COPY (SELECT * FROM (VALUES (1, '=1+1'::BLOB), (2, '-1+1'::BLOB), (3, '@SUM(1)'::BLOB), (4, 'plain'::BLOB)) v(id, cell))
    TO '${path}' (FORMAT parquet)`);
  return readFileSync(path);
}

test('SQL console and sql steps cannot reach the network or other files; exports stay formula-safe', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  await app.addFile('bin.parquet', await binaryParquet(), 'application/vnd.apache.parquet');
  await expect(app.tableTab('bin')).toHaveCount(1);

  await app.tab('SQL');
  const sql = page.getByTestId('sql-input');
  const error = page.getByTestId('sql-error');
  await sql.fill(`SELECT * FROM read_csv('${PROBE}')`);
  await page.getByTestId('sql-run').click();
  await expect(error).toHaveText(
    `This query tried to reach the network (${PROBE}). Custodian never fetches data: load the file as a source instead.`,
  );
  await sql.fill("SELECT * FROM read_text('/etc/passwd')");
  await page.getByTestId('sql-run').click();
  await expect(error).toHaveText(
    'This query tried to reach a file outside the app (/etc/passwd). Only the files loaded as sources can be read: load it as a source instead.',
  );
  await sql.fill('SET enable_external_access = true');
  await page.getByTestId('sql-run').click();
  await expect(error).toContainText("This query tried to change DuckDB's locked settings");
  await app.shot('sandbox-sql-refused');

  // The loaded Parquet is readable, and its BINARY formulas leave as text.
  await sql.fill('SELECT * FROM bin ORDER BY id');
  await page.getByTestId('sql-run').click();
  const result = page.getByTestId('sql-result');
  await expect(result).toContainText('4 rows × 2 columns');
  // The PII detector reads a BLOB's bytes as a list of numbers and flags it; the user's choice here.
  await page.getByTestId('sql-include-personal').check();
  const download = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv.trim().split('\n')).toEqual(['id,cell', "1,'=1+1", "2,'-1+1", "3,'@SUM(1)", '4,plain']);
  const parquet = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Export Parquet' }).click();
  expect(
    readFileSync((await (await parquet).path())!)
      .subarray(0, 4)
      .toString(),
  ).toBe('PAR1');

  // The same refusal from a recipe step (the console's "save as table" adds a `sql` step).
  await sql.fill("SELECT * FROM read_text('/etc/passwd')");
  await page.getByTestId('sql-save-name').fill('peek');
  await page.getByTestId('sql-save').click();
  await app.waitIdle();
  await expect(app.error()).toContainText(
    "step 'peek', field 'query': this recipe tried to read or write a file outside the app (/etc/passwd); only the files loaded as sources can be read",
  );
  await app.tab('Data');
  await expect(app.tableTab('bin')).toHaveCount(1);
});
