/**
 * The neural recommendation models through the UI on the sample shop: the GRU next-item model and
 * the Wide & Deep ranker (Recommend → Neural models) and NCF (Recommend's algorithm list), each
 * trained in the training worker with its loss curve drawn while it trains, then judged on
 * held-out data.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

test('sequence model, ranker and NCF train through the UI with live loss curves and held-out verdicts', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open();
  await app.loadSamplesWithItems();
  await app.tab('Recommend');
  await page.getByRole('tablist', { name: 'Recommendation steps' }).getByRole('tab', { name: 'Neural models' }).click();
  const panel = page.getByTestId('neural-panel');
  const curve = panel.getByRole('figure', { name: 'Neural model loss per epoch' });

  await page.getByTestId('neural-kind').selectOption('train-sequence');
  await page.getByTestId('neural-input').selectOption('events');
  await page.getByTestId('neural-epochs').fill('3');
  await page.getByTestId('run-neural').click();
  // The curve is there while the model still trains.
  await expect(curve.locator('svg[viewBox]')).toBeVisible();
  await expect(page.getByTestId('progress')).toBeVisible();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('neural-verdict')).toContainText('NDCG@10');
  const rows = page.getByTestId('neural-metrics').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('neural-metrics')).toContainText('itemcf-last-item');
  await app.shot('62-neural-sequence');

  await page.getByTestId('neural-kind').selectOption('train-ranker');
  await page.getByTestId('neural-epochs').fill('3');
  await page.getByTestId('run-neural').click();
  await expect(curve.locator('svg[viewBox]')).toBeVisible();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  expect(Number(await page.getByTestId('neural-auc').textContent())).toBeGreaterThan(0.55);
  await expect(page.getByTestId('neural-verdict')).toContainText(
    /Re-ranking ItemCF's top 50 by the ranker (raises|does not raise) NDCG@10/,
  );
  await app.shot('63-neural-ranker');

  await page.getByRole('tablist', { name: 'Recommendation steps' }).getByRole('tab', { name: 'Recommend' }).click();
  await page.getByTestId('recs-algorithm').selectOption('ncf');
  await page.getByTestId('run-recs').click();
  await expect(
    page.getByRole('figure', { name: 'Recommender training loss per epoch' }).locator('svg[viewBox]'),
  ).toBeVisible();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('recs-list').locator('tbody tr').first()).toContainText(/NCF/);
  await app.shot('64-recommend-ncf');
});
