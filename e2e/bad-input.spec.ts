import { test, expect } from './fixtures';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage, editorValue } from './pages/app';

test('bad files get clear messages and leave loaded tables intact', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.addFile('shop.csv', 'customer,ts,amount\nA,2025-01-01,10\nB,2025-01-02,20\n');
  await expect(app.tableTab('shop')).toContainText('2');

  await app.addFile('empty.csv', '');
  await expect(app.error()).toHaveText("source 'empty' (empty.csv): the file is empty");

  await app.addFile(
    'photo.csv',
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  );
  await expect(app.error()).toContainText("source 'photo' (photo.csv): this does not look like a CSV text file");

  await app.addFile('ragged.csv', 'a,b,c\n1,2,3\n4,5,6,7\n8,9\n');
  await expect(app.error()).toContainText(
    "source 'ragged' (ragged.csv): 2 rows do not match the header's columns (line 3: 4 fields, the header has 3; line 4: 2 fields, the header has 3)",
  );

  // Replacing a loaded table with a bad file keeps the good one.
  await app.addFile('shop.csv', 'customer,ts\nA,2025-01-01,10,extra\n');
  await expect(app.error()).toContainText("source 'shop' (shop.csv): 1 row does not match");
  await expect(app.tables()).toHaveCount(1);
  await expect(app.tableTab('shop')).toContainText('2');
  await expect(page.getByTestId('table-summary')).toContainText('shop: 2 rows × 3 columns');
  await app.shot('5-bad-input');
});

test('bad recipes name the step and field; nothing loaded is lost', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.addFile('shop.csv', 'customer,ts,amount\nA,2025-01-01,10\nB,2025-01-02,20\n');
  await app.tab('Recipe & report');
  const editor = page.getByTestId('recipe-json');
  const recipe = JSON.parse(await editorValue(editor));

  await editor.fill(JSON.stringify({ ...recipe, steps: [{ id: 'x1', op: 'frobnicate', input: 'shop', params: {} }] }));
  await page.getByTestId('run-recipe').click();
  await app.waitIdle();
  await expect(app.error()).toHaveText(/^step 'x1', field 'op': unknown op 'frobnicate' \(known ops: .*\brfm\b.*\)$/);

  await editor.fill(
    JSON.stringify({
      ...recipe,
      steps: [{ id: 'r1', op: 'rfm', input: 'shop', params: { customer: 'client', time: 'ts', amount: 'amount' } }],
    }),
  );
  await page.getByTestId('run-recipe').click();
  await app.waitIdle();
  await expect(app.error()).toHaveText(
    "step 'r1', field 'customer': column 'client' not found in 'shop' (columns: customer, ts, amount)",
  );

  await editor.fill('{ not json');
  await page.getByTestId('run-recipe').click();
  await expect(page.getByText(/^Not valid JSON/)).toBeVisible();

  await app.tab('Data');
  await expect(page.getByTestId('table-summary')).toContainText('shop: 2 rows × 3 columns');
});

test('a big load can be cancelled; tables already loaded stay', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.addFile('shop.csv', 'customer,ts,amount\nA,2025-01-01,10\nB,2025-01-02,20\n');
  // ≈ 3 million rows, ≈ 120 MB: a few seconds to load here.
  const block =
    Array.from(
      { length: 1000 },
      (_, i) => `C${i},2025-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,view,I${i % 97},${i % 13}.5`,
    ).join('\n') + '\n';
  const path = join(mkdtempSync(join(tmpdir(), 'big-')), 'big.csv');
  writeFileSync(path, 'customer,ts,event,item,amount\n' + block.repeat(3000));
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('progress')).toContainText('reading big.csv');
  await page.getByTestId('cancel').click();
  await app.waitIdle();
  // A cancel is neutral: a notice, not an error.
  await expect(page.getByTestId('notices').locator('[data-kind="cancelled"]')).toHaveText('Cancelled: big');
  await expect(app.error()).toHaveCount(0);
  await expect(app.tables()).toHaveCount(1);
  await expect(app.tableTab('shop')).toContainText('2');
});
