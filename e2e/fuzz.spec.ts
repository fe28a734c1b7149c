/**
 * The loader's properties in the real browser, through the file picker: generated CSVs (random
 * dialects, quoting, Unicode, formula-like cells and names) and junk bytes either load with the
 * generated row count or show one line naming the file; the CSV export of what loaded holds no
 * live formula; and (the fixture's check) not one request leaves the origin. The wider runs are
 * Node's (`src/lib/data/loader.property.test.ts`, `npm run fuzz`).
 */
import fc from 'fast-check';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { csvArb, isLiveFormula, junkArb, parseCsv } from '../src/test-support/fuzz';

test('generated files load or are refused in one line, and their exports hold no live formula', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  const files = [
    ...fc
      .sample(csvArb, { numRuns: 16, seed: 20261207 })
      .map((csv) => ({ bytes: Buffer.from(csv.bytes), rows: csv.rows })),
    ...fc
      .sample(junkArb, { numRuns: 6, seed: 20261207 })
      .map((bytes) => ({ bytes: Buffer.from(bytes), rows: undefined })),
  ];
  let loaded = 0;
  for (const [i, file] of files.entries()) {
    const name = `fuzz${i}`;
    await app.addFile(`${name}.csv`, file.bytes);
    const error = (await app.error().count()) ? ((await app.error().textContent())?.trim() ?? '') : '';
    if (error.startsWith(`source '${name}'`)) {
      expect(error.includes('\n')).toBe(false);
      continue;
    }
    expect(error, `file ${i}`).toBe('');
    loaded++;
    if (file.rows !== undefined) await expect(app.tableTab(name)).toContainText(String(file.rows));
    const csv = await page.evaluate(
      (ref) =>
        (window as unknown as { __custodian: { exportCsv(r: string): Promise<string> } }).__custodian.exportCsv(ref),
      name,
    );
    for (const row of parseCsv(csv))
      for (const cell of row) expect(isLiveFormula(cell), `${name}: ${JSON.stringify(cell)}`).toBe(false);
  }
  // Most generated files are well-formed: a run where none loaded would test nothing.
  expect(loaded).toBeGreaterThanOrEqual(14);
});
