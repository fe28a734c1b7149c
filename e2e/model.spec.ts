/**
 * The churn classifier through the UI: an MLP trains in the training worker with a live loss
 * curve, can be paused and resumed, is read through the threshold slider and the confusion
 * matrix, is saved to IndexedDB, exported as files, deleted, imported again, and scores a table
 * with the same predictions before and after the round trip.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

test('train an MLP with live curves, pause/resume, threshold, save, score, export → import → identical scores', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  await app.loadSamples();

  await app.tab('RFM');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await app.tab('Model');
  await expect(page.getByTestId('model-input')).toHaveValue('rfm1.rfm');
  await expect(page.getByTestId('label-column')).toHaveValue('churned');
  await page.getByTestId('model-kind').selectOption('mlp');
  await page.getByTestId('model-epochs').fill('40');
  await page.getByTestId('train').click();
  // Live curve: the chart grows while training runs; pause holds it, resume finishes it.
  await expect(page.getByTestId('progress')).toContainText(/epoch \d+/);
  await expect(
    page.getByRole('figure', { name: 'Training and validation loss per epoch' }).locator('svg[viewBox]'),
  ).toBeVisible();
  await page.getByTestId('pause-training').click();
  await expect(page.getByTestId('paused')).toBeVisible();
  await page.getByTestId('resume-training').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(
    page.getByRole('figure', { name: 'Training and validation loss per epoch' }).locator('svg[viewBox]'),
  ).toBeVisible();
  for (const name of [
    'ROC curve (test)',
    'Precision–recall curve (test)',
    'Calibration (test)',
    'Permutation importance (drop in test ROC-AUC)',
  ]) {
    await expect(page.getByRole('figure', { name }).locator('svg[viewBox]'), name).toBeVisible();
  }
  const auc = Number(await page.getByTestId('auc').textContent());
  expect(auc).toBeGreaterThan(0.7);

  // The threshold slider moves the confusion matrix: a low cut predicts more positives than a high one.
  const predicted = async () =>
    Number(await page.getByTestId('tp').textContent()) + Number(await page.getByTestId('fp').textContent());
  const total = async () =>
    (await predicted()) +
    Number(await page.getByTestId('tn').textContent()) +
    Number(await page.getByTestId('fn').textContent());
  await page.getByTestId('threshold').fill('0.1');
  const low = await predicted();
  const rows = await total();
  await page.getByTestId('threshold').fill('0.9');
  const high = await predicted();
  expect(low).toBeGreaterThan(high);
  expect(await total()).toBe(rows);
  await page.getByTestId('threshold').fill('0.5');
  await app.shot('60-model-evaluation');

  await page.getByTestId('save-name').fill('churn mlp');
  await page.getByTestId('save-model').click();
  await expect(page.getByTestId('model-saved')).toContainText('churn mlp');
  await expect(page.getByTestId('model-row')).toHaveCount(1);

  // Score the RFM table with the saved model.
  await page.getByTestId('score-input').selectOption('rfm1.rfm');
  await page.getByTestId('run-score').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('score-result')).toContainText(/\d+ scored with “churn mlp”/);
  const firstCsv = page.waitForEvent('download');
  await page.getByTestId('export-scores').click();
  const before = readFileSync(await (await firstCsv).path(), 'utf8');
  expect(before.split('\n')[0]).toMatch(/score/);
  expect(before.trim().split('\n').length).toBeGreaterThan(100);

  // Export the model as files, delete it, import the files again.
  const files: Array<{ name: string; buffer: Buffer }> = [];
  page.on('download', async (d) => files.push({ name: d.suggestedFilename(), buffer: readFileSync(await d.path()) }));
  await page.getByTestId('export-model').click();
  await expect.poll(() => files.length).toBe(3);
  expect(files.map((f) => f.name).sort()).toEqual(['custodian.json', 'model.json', 'weights.bin']);
  await page.getByTestId('delete-model').click();
  await expect(page.getByTestId('no-models')).toBeVisible();
  await page.getByTestId('import-model').setInputFiles(
    files.map((f) => ({
      name: f.name,
      mimeType: f.name.endsWith('.bin') ? 'application/octet-stream' : 'application/json',
      buffer: f.buffer,
    })),
  );
  await expect(page.getByTestId('model-row')).toHaveCount(1);
  await expect(page.getByTestId('model-row')).toContainText('churn mlp');

  await page.getByTestId('score-input').selectOption('rfm1.rfm');
  await page.getByTestId('run-score').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const secondCsv = page.waitForEvent('download');
  await page.getByTestId('export-scores').click();
  const after = readFileSync(await (await secondCsv).path(), 'utf8');
  expect(after).toBe(before);
  await page.getByTestId('model-registry').scrollIntoViewIfNeeded();
  await app.shot('61-model-registry');
});
