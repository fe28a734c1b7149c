import { test, expect } from './fixtures';
import { AppPage, editorValue } from './pages/app';

test('the thin slice through the UI: sample data → preview → RFM → chart → train → AUC', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect(page.getByTestId('egress-badge')).toHaveText('0 off-origin requests');

  await page.getByRole('button', { name: 'Load sample data' }).click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(app.tableTab('events')).toBeVisible();
  await expect(app.tableTab('customers')).toBeVisible();
  await app.tableTab('events').click();
  await expect(page.getByTestId('table-summary')).toContainText(/events: [\d,]+ rows × 12 columns/);
  const grid = page.getByTestId('grid');
  await expect(grid.getByRole('columnheader', { name: /customer_id/ })).toContainText('VARCHAR');
  await expect(grid.getByRole('columnheader', { name: /^ts/ })).toContainText('TIMESTAMP');
  await expect(grid.getByRole('row').nth(1)).not.toContainText('…');
  // Virtualised: scrolling far down fetches that page, and only a window of rows is in the DOM.
  await grid.locator('.body').evaluate((el) => (el.scrollTop = 28 * 20_000));
  await expect(grid.getByRole('row').filter({ hasText: '20,001' })).toBeVisible();
  expect(await grid.getByRole('row').count()).toBeLessThan(80);
  await app.shot('1-data');

  await app.tab('RFM');
  await expect(page.getByTestId('rfm-customer')).toHaveValue('customer_id');
  await expect(page.getByTestId('rfm-time')).toHaveValue('ts');
  await expect(page.getByTestId('rfm-basket')).toHaveValue('order_id');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const result = page.getByTestId('rfm-result');
  await expect(result).toBeVisible();
  await expect(result.getByRole('figure', { name: 'Customers per RFM segment' }).locator('svg[viewBox]')).toBeVisible();
  await expect(
    result.getByRole('figure', { name: 'Customers by R and F score' }).locator('svg[viewBox]'),
  ).toBeVisible();
  await page.getByLabel('Segment to export').selectOption('Champions');
  const segmentCsv = page.waitForEvent('download');
  await page.getByTestId('export-segment').click();
  expect((await segmentCsv).suggestedFilename()).toBe('rfm1.rfm.champions.csv');
  await app.shot('2-rfm');

  await app.tab('Model');
  await expect(page.getByTestId('label-table')).toHaveValue('customers');
  await expect(page.getByTestId('label-column')).toHaveValue('churned');
  await page.getByTestId('train').click();
  // The main thread stays responsive while the training worker runs.
  await expect(page.getByTestId('progress')).toContainText(/epoch \d+/);
  const frameMs = await page.evaluate(async () => {
    const t0 = performance.now();
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return performance.now() - t0;
  });
  // Training on the main thread would hold a frame for the whole run (many seconds); 2 s leaves room
  // for a busy CI machine drawing the live loss curve.
  expect(frameMs).toBeLessThan(2000);
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const auc = Number(await page.getByTestId('auc').textContent());
  expect(auc).toBeGreaterThan(0.7);
  // SwiftShader here is a software GPU, so auto picks WASM and says why.
  await expect(page.getByTestId('trained-backend')).toHaveText(/trained on (wasm|webgpu|webgl)/);
  await expect(
    page.getByRole('figure', { name: 'Training and validation loss per epoch' }).locator('svg[viewBox]'),
  ).toBeVisible();
  await app.shot('3-model');

  // The same label described by if-then rules (CART).
  await page.getByTestId('run-rule-induction').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('rule-induction-result')).toContainText(/→ churned \d+% \(base \d+%\)/);
  await page.getByTestId('rule-induction-result').scrollIntoViewIfNeeded();
  await app.shot('16-rules');

  await app.tab('Recipe & report');
  const recipe = JSON.parse(await editorValue(page.getByTestId('recipe-json')));
  expect(recipe.steps.map((s: { op: string }) => s.op)).toEqual(['rfm', 'train-classifier', 'rule-induction']);
  await expect(page.getByTestId('report-steps')).toContainText('rfm1');
  await app.shot('4-recipe');
});
