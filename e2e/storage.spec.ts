/**
 * A source on disk: the recipe puts a real file (Online Retail, 47 MB) into DuckDB's database file
 * in OPFS, an RFM step reads it there, a reload reuses the table instead of reading the file
 * again (and so does reopening a saved project), the Data view says where it is stored and why, and
 * "Forget everything" closes DuckDB and deletes the file. One page throughout: each part builds on the one before.
 */
import { test, expect } from './fixtures';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { AppPage } from './pages/app';

const RETAIL = join(import.meta.dirname, '../../shared/data/retail/online_retail.csv');
const RETAIL_PARQUET = join(import.meta.dirname, '../../shared/data/retail/online_retail.parquet');

const RECIPE = {
  version: 2,
  sources: [
    { name: 'retail', file: 'online_retail.csv', storage: 'opfs' },
    // Parquet and JSON reach DuckDB through another door (decoded to Arrow, then inserted).
    { name: 'retail_pq', file: 'online_retail.parquet', storage: 'opfs' },
  ],
  steps: [
    {
      id: 'rfm1',
      op: 'rfm',
      input: 'retail',
      params: { customer: 'CustomerID', time: 'InvoiceDate', amount: 'UnitPrice' },
    },
  ],
};

type StepReport = {
  status: string;
  ms: number;
  summary: Record<string, unknown>;
  tables: Record<string, { rows: number }>;
};
type Report = { status: string; error?: string; steps: Record<string, StepReport> };

async function run(page: Page): Promise<Report> {
  await page.getByTestId('runner-files').setInputFiles([RETAIL, RETAIL_PARQUET]);
  return page.evaluate(
    (r) => (window as unknown as { __custodian: { run(r: unknown): Promise<Report> } }).__custodian.run(r),
    RECIPE,
  );
}

/** The app's files in OPFS, with their sizes. */
function opfsFiles(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const out: Record<string, number> = {};
    type Entries = { entries(): AsyncIterable<[string, FileSystemHandle]> };
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, handle] of (dir as unknown as Entries).entries()) {
        if (handle.kind === 'file') out[prefix + name] = (await (handle as FileSystemFileHandle).getFile()).size;
        else await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
      }
    };
    await walk(await navigator.storage.getDirectory(), '');
    return out;
  });
}

test('a source stored on disk in OPFS: loaded, kept through a DuckDB crash, reused after a reload, shown, and deleted by Forget everything', async ({
  page,
}) => {
  test.skip(
    !existsSync(RETAIL) || !existsSync(RETAIL_PARQUET),
    'the Online Retail files are absent (see /work/shared/data/README.md)',
  );
  const app = new AppPage(page);
  await app.open();
  expect(await opfsFiles(page), 'a visit that keeps nothing on disk makes no file').toEqual({});

  const first = await run(page);
  expect(first.error).toBeUndefined();
  const load = first.steps.retail!;
  expect(load.summary).toMatchObject({ storage: 'opfs', storageReason: 'the recipe asks for disk', rows: 541909 });
  expect(load.summary.reused).toBeUndefined();
  expect(first.steps.retail_pq!.summary).toMatchObject({ storage: 'opfs', rows: 541909 });
  const customers = first.steps.rfm1!.tables['rfm1.rfm']!.rows;
  expect(customers).toBe(4372); // distinct CustomerIDs in Online Retail
  const files = await opfsFiles(page);
  // The tables live in the database file: far more than the empty file DuckDB starts.
  expect(files['custodian/disk.duckdb']).toBeGreaterThan(5e6);
  test.info().annotations.push({
    type: 'figures',
    description: `first load ${Math.round(load.ms)} ms (CSV), database file ${(files['custodian/disk.duckdb']! / 1e6).toFixed(1)} MB`,
  });

  // A WebAssembly abort: DuckDB restarts on its database file, and the tables stored there survive it.
  const crashed = await page.evaluate(() =>
    (window as unknown as { __custodian: { crashDuckDB(): Promise<string> } }).__custodian.crashDuckDB(),
  );
  expect(crashed).toContain('was restarted');
  const afterCrash = await run(page);
  expect(afterCrash.error).toBeUndefined();
  expect(afterCrash.steps.retail!.summary).toMatchObject({ storage: 'opfs', reused: true, rows: 541909 });
  expect(afterCrash.steps.rfm1!.tables['rfm1.rfm']!.rows).toBe(customers);

  await page.reload();
  await expect(page.getByTestId('duckdb-status')).toContainText('DuckDB v', { timeout: 60_000 });
  const second = await run(page);
  expect(second.error).toBeUndefined();
  expect(second.steps.retail!.summary).toMatchObject({ storage: 'opfs', reused: true, rows: 541909 });
  expect(second.steps.retail_pq!.summary).toMatchObject({ storage: 'opfs', reused: true, rows: 541909 });
  // Not read again: no pass over 47 MB of CSV, only a lookup in the database file.
  expect(second.steps.retail!.ms).toBeLessThan(load.ms / 3);
  expect(second.steps.rfm1!.tables['rfm1.rfm']!.rows).toBe(customers);
  test
    .info()
    .annotations.push({ type: 'figures', description: `reused load ${Math.round(second.steps.retail!.ms)} ms` });

  await app.tab('Data');
  await app.tableTab('retail').click();
  const stored = page.getByTestId('load-storage');
  await expect(stored).toHaveAttribute('data-storage', 'opfs');
  await expect(stored).toContainText('Stored on disk');
  await expect(stored).toContainText('the recipe asks for disk');
  await expect(stored).toContainText('the same file was not read again');
  await stored.scrollIntoViewIfNeeded();
  await app.shot('storage-on-disk');

  // Saved as a project, reopened after a reload: its stored files match the tables on disk, which are reused.
  await page.getByTestId('project-name').fill('Retail on disk');
  await page.getByTestId('project-save').click();
  await expect(page.getByTestId('projects-message')).toContainText("Saved 'Retail on disk'");
  await page.reload();
  await expect(page.getByTestId('duckdb-status')).toContainText('DuckDB v', { timeout: 60_000 });
  await page.getByTestId('project-open').click();
  await expect(page.getByTestId('projects-message')).toContainText(
    /Opened 'Retail on disk': all \d+ key figures match the saved run/,
    { timeout: 120_000 },
  );
  await app.tableTab('retail').click();
  await expect(page.getByTestId('load-storage')).toContainText('the same file was not read again');

  await app.tab('Privacy');
  await expect(page.getByTestId('storage-opfs')).toContainText('custodian/');
  await expect(page.getByTestId('storage-disk')).toBeVisible();
  // The two sources are marked as on disk; the RFM table, in memory, is not.
  await expect(page.getByTestId('storage-duckdb').getByTestId('table-on-disk')).toHaveCount(2);
  await page.getByTestId('storage-opfs').scrollIntoViewIfNeeded();
  await app.shot('storage-privacy');
  await page.getByTestId('forget').click();
  await page.getByTestId('forget-confirm').click();
  await expect(page.getByTestId('forget-disk')).toContainText('database file deleted');
  await expect(page.getByTestId('storage-opfs')).toContainText('No files.');
  await expect(page.getByTestId('storage-duckdb')).toContainText('No tables.');
  expect(await opfsFiles(page)).toEqual({});
  // DuckDB goes on, in memory, and makes no new file on its own.
  await page.reload();
  await expect(page.getByTestId('duckdb-status')).toContainText('DuckDB v', { timeout: 60_000 });
  expect(await opfsFiles(page)).toEqual({});
});
