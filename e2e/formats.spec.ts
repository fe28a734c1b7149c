import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('Parquet and JSON load with no extension download; TSV and ; delimiters and UTF-8 text too', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'formats-'));
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  await conn.run(
    // Several row groups: the app streams them in one at a time.
    `COPY (SELECT range AS id, 'C' || range AS customer, range * 1.5 AS amount FROM range(10000)) TO '${dir}/orders.parquet' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
  );
  const app = new AppPage(page);
  await app.open();
  await app.addFile('orders.parquet', readFileSync(join(dir, 'orders.parquet')), 'application/octet-stream');
  await expect(app.error()).toHaveCount(0);
  await expect(app.tableTab('orders')).toContainText('10,000');

  await app.addFile(
    'people.json',
    JSON.stringify([
      { id: 1, city: '上海' },
      { id: 2, city: '北京' },
    ]),
    'application/json',
  );
  await expect(app.error()).toHaveCount(0);
  await expect(app.tableTab('people')).toContainText('2');

  await app.addFile('semi.csv', '\ufeffcustomer;city;amount\nA;上海;1,5\nB;"Paris; FR";2\n');
  await expect(app.error()).toHaveCount(0);
  await app.tableTab('semi').click();
  await expect(page.getByTestId('table-summary')).toContainText('semi: 2 rows × 3 columns');
  await expect(page.getByTestId('grid')).toContainText('上海');
  await expect(page.getByTestId('grid')).toContainText('Paris; FR');

  await app.addFile('tabs.tsv', 'a\tb\n1\t2\n');
  await expect(app.tableTab('tabs')).toContainText('1');
});

test('a malformed Parquet file and a CSV with the wrong extension get clear messages', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.addFile('broken.parquet', 'this is not parquet at all', 'application/octet-stream');
  await expect(app.error()).toContainText("source 'broken' (broken.parquet): could not be read as PARQUET");
  await app.addFile('sheet.xlsx', 'PK\u0003\u0004', 'application/octet-stream');
  await expect(app.error()).toContainText('spreadsheets are not read yet');
  await expect(app.tables()).toHaveCount(0);
});
