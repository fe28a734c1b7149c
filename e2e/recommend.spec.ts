/** Recommendations through the UI: lists with reasons, similar items, export, the comparison, lookalikes. */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { expectFits } from './pages/charts';

test('recommend: ItemCF lists with reasons, similar items, export; compare against popularity; lookalikes', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  await app.loadSamplesWithItems();
  await app.tab('Recommend');
  await expect(page.getByTestId('recs-input')).toHaveValue('events');
  await page.getByTestId('run-recs').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('recs-list').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('recs-list')).toContainText(/bought with I\d+/);
  await expect(page.getByTestId('recs-history').locator('tbody tr').first()).toBeVisible();
  // The planted knife + cutting board bundle: I008 is I002's nearest neighbour.
  await page.getByTestId('recs-item-search').fill('I002');
  await expect(page.getByTestId('recs-similar').locator('tbody tr').first()).toContainText('I008');
  const download = page.waitForEvent('download');
  await page.getByTestId('recs-export').click();
  expect((await download).suggestedFilename()).toBe('recs1.recommendations.csv');
  await app.shot('30-recommend');

  await app.tab('Compare recommenders');
  await page.getByTestId('run-eval').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const rows = page.getByTestId('eval-table').locator('tbody tr');
  await expect(rows).toHaveCount(4);
  // Sorted by NDCG: the first row is not the popularity baseline.
  await expect(rows.first()).not.toContainText('popularity');
  await expect(page.getByTestId('eval-verdict')).toContainText('NDCG@10');
  await expect(
    page.getByRole('figure', { name: 'Metrics by K for each algorithm' }).locator('svg[viewBox]').last(),
  ).toBeVisible();
  // Six facets, one per metric, across the chart's width (they were once squeezed into a sixth of it).
  await page.getByRole('figure', { name: 'Metrics by K for each algorithm' }).scrollIntoViewIfNeeded();
  await expectFits(page, 'Compare recommenders', 1);
  await app.shot('31-recommend-compare');

  // Lookalikes need a feature table.
  await app.tab('Features');
  await page.getByTestId('run-features').click();
  await app.waitIdle();
  await app.tab('Recommend');
  await page.getByRole('tab', { name: 'Lookalike' }).click();
  await expect(page.getByTestId('lookalike-input')).toHaveValue('features1.features');
  await page.getByTestId('lookalike-table').selectOption('customers');
  await page.getByTestId('lookalike-column').selectOption('planted_segment');
  await page.getByTestId('lookalike-value').selectOption('premium_shopper');
  await page.getByTestId('run-lookalike').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('lookalike-table-result').locator('tbody tr')).toHaveCount(15);
  await app.shot('32-recommend-lookalike');
});
