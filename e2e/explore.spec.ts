/** Lifetime value and bundles through the UI on the sample shop. */
import { test, expect } from './fixtures';
import { AppPage, editorValue } from './pages/app';

test.beforeEach(async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await app.waitIdle();
});

test('lifetime value: fit, parameters, matrices and the holdout check', async ({ page }) => {
  const app = new AppPage(page);
  await app.tab('Lifetime value');
  await expect(page.getByTestId('clv-customer')).toHaveValue('customer_id');
  await page.getByTestId('clv-calibration').fill('2025-09-30');
  await page.getByTestId('run-clv').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const result = page.getByTestId('clv-result');
  await expect(result).toContainText('predicted / actual purchases after 2025-09-30');
  await expect(page.getByTestId('clv-params')).toContainText(/r \d+\.\d{3}/);
  for (const name of [
    'Probability alive by frequency and recency',
    'Expected purchases by frequency and recency',
    'Predicted against actual purchases in the holdout period',
  ]) {
    await expect(result.getByRole('figure', { name }).locator('svg[viewBox]').last()).toBeVisible();
  }
  await app.shot('10-clv');
});

test('bundles: rules found, charted, filtered by item', async ({ page }) => {
  const app = new AppPage(page);
  await app.tab('Bundles');
  await expect(page.getByTestId('rules-basket')).toHaveValue('order_id');
  await expect(page.getByTestId('rules-item')).toHaveValue('item_id');
  await page.getByTestId('rules-support').fill('0.02');
  await page.getByTestId('run-rules').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const count = Number((await page.getByTestId('rules-count').textContent())!.replace(/,/g, ''));
  expect(count).toBeGreaterThan(0);
  await expect(
    page
      .getByRole('figure', { name: 'Rules: support against confidence, coloured by lift' })
      .locator('svg[viewBox]')
      .last(),
  ).toBeVisible();

  // The grouped matrix (arulesViz "grouped"): one circle per (antecedent group, consequent) cell.
  const matrix = page.getByRole('figure', { name: 'Grouped matrix: antecedent groups against consequents' });
  const svg = matrix.locator('svg[viewBox]').last();
  await expect(svg).toBeVisible();
  expect(await svg.locator('circle').count()).toBeGreaterThan(0);
  await expect(svg).toContainText(/\d+ rules?: /);
  // The planted bundle items are among the consequents (row labels).
  await expect(svg).toContainText('I008');
  await expect(page.getByTestId('rules-matrix-note')).toContainText(/rules by lift/);
  await matrix.scrollIntoViewIfNeeded();
  await app.shot('11b-rules-matrix');
  await page.getByTestId('rules-filter').scrollIntoViewIfNeeded();

  // The planted knife + cutting board bundle (I002, I008) is among the rules about I002.
  await page.getByTestId('rules-filter').fill('I002');
  await expect(page.getByTestId('rules-table')).toContainText('I008');
  await app.shot('11-bundles');

  // Find rules again with other params, as the same step: the rules are replaced (no "already
  // exists" error), and the table lists the new run's rules, not the first run's.
  await page.getByTestId('rules-filter').fill('');
  await expect(page.getByTestId('rules-table').locator('tbody tr')).toHaveCount(Math.min(count, 300));
  const minBaskets = async () =>
    Number(/≥ ([\d,]+) baskets/.exec((await page.getByTestId('rules-result').textContent())!)![1]!.replace(/,/g, ''));
  const before = await minBaskets();
  await page.getByTestId('rules-support').fill('0.01');
  await page.getByLabel('Max items').fill('2');
  await page.getByTestId('run-rules').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  expect(await minBaskets()).toBeLessThan(before);
  // Pairs only: the rules drawn from three-item sets are gone.
  const again = Number((await page.getByTestId('rules-count').textContent())!.replace(/,/g, ''));
  expect(again).toBeLessThan(count);
  await expect(page.getByTestId('rules-table').locator('tbody tr')).toHaveCount(again);

  // The co-purchase network, drawn by sigma.js (WebGL) with communities.
  await page.getByTestId('run-network').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('network-summary')).toContainText(/\d+ items, \d+ pairs .* \d+ communities/);
  await expect(page.getByTestId('network-canvas').locator('canvas').first()).toBeVisible();
  await page.getByTestId('network-canvas').scrollIntoViewIfNeeded();
  await app.shot('15-network');
});

test('segments: k-means on RFM features with k chosen by silhouette, profiles and descriptions', async ({ page }) => {
  const app = new AppPage(page);
  await app.tab('RFM');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await app.tab('Segments');
  await page.getByTestId('run-kmeans').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const result = page.getByTestId('kmeans-result');
  await expect(
    result.getByRole('figure', { name: 'Inertia and silhouette by k' }).locator('svg[viewBox]').last(),
  ).toBeVisible();
  await expect(
    result
      .getByRole('figure', { name: 'Segment profiles: mean of each feature in standard units' })
      .locator('svg[viewBox]')
      .last(),
  ).toBeVisible();
  const rows = page.getByTestId('segments-table').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  await expect(rows.first()).toContainText(/(high|low|average)/);
  await app.shot('12-segments');
});

test('segments: DBSCAN on RFM features with the k-distance curve, noise and profiles', async ({ page }) => {
  const app = new AppPage(page);
  await app.tab('RFM');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await app.tab('Segments');
  await page.getByTestId('dbscan-eps').fill('0.5');
  await page.getByTestId('dbscan-minpts').fill('8');
  await page.getByTestId('run-dbscan').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const panel = page.getByTestId('dbscan-panel');
  await expect(panel.getByTestId('dbscan-result')).toContainText('eps 0.5, minPts 8');
  // The sample's RFM features hold one dense mass and sparse outliers (big, frequent spenders).
  expect(Number(await panel.getByTestId('dbscan-k').textContent())).toBeGreaterThanOrEqual(1);
  const noise = Number((await panel.getByTestId('dbscan-noise').textContent())!.replace(/,/g, ''));
  expect(noise).toBeGreaterThan(0);
  await expect(panel.getByTestId('dbscan-table').locator('tbody tr').last()).toContainText('noise');
  for (const name of [
    "k-distance: each row's distance to its minPts-th nearest row",
    'DBSCAN cluster sizes, with noise',
    'DBSCAN profiles: mean of each feature in standard units',
  ]) {
    await expect(panel.getByRole('figure', { name }).locator('svg[viewBox]').last(), name).toBeVisible();
  }
  await panel.getByRole('figure', { name: 'DBSCAN cluster sizes, with noise' }).scrollIntoViewIfNeeded();
  await app.shot('17-dbscan');

  // The knee of the k-distance curve as eps: a second run of the same step, more noise or less.
  const knee = panel.getByTestId('dbscan-use-knee');
  await expect(knee).toHaveText(/^Use eps [\d.]+ \(knee\)$/);
  const eps = (await knee.textContent())!.match(/[\d.]+/)![0];
  await knee.click();
  await expect(panel.getByTestId('dbscan-eps')).toHaveValue(eps);
  await page.getByTestId('run-dbscan').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(panel.getByTestId('dbscan-result')).toContainText(`eps ${eps}, minPts 8`);
  await app.tab('Recipe & report');
  const recipe = JSON.parse(await editorValue(page.getByTestId('recipe-json')));
  expect(recipe.steps.filter((s: { op: string }) => s.op === 'dbscan')).toHaveLength(1);
});

test('explore: activity, breakdown, distribution and top customers follow the date filter; cohorts and funnel', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.tab('Explore');
  for (const name of ['Activity over time', 'Revenue over time', 'Breakdown by event_type', 'Distribution of amount']) {
    await expect(page.getByRole('figure', { name }).locator('svg[viewBox]').last(), name).toBeVisible();
  }
  const top = page.getByTestId('top-customers');
  await expect(top.locator('tbody tr')).toHaveCount(10);
  const before = await top.locator('tbody tr').first().textContent();
  await page.getByTestId('explore-from').fill('2025-12-01');
  await expect(top.locator('tbody tr').first()).not.toHaveText(before!);

  // Chart data export.
  const csv = page.waitForEvent('download');
  await page.getByRole('figure', { name: 'Activity over time' }).getByRole('button', { name: 'CSV' }).click();
  expect((await csv).suggestedFilename()).toBe('activity-over-time.csv');

  await page.getByTestId('run-cohorts').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(
    page.getByRole('figure', { name: 'Retention by monthly cohort' }).locator('svg[viewBox]').last(),
  ).toBeVisible();
  await page.getByTestId('run-funnel').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const funnel = page.getByRole('figure', { name: 'Funnel conversion' });
  await expect(funnel).toContainText('100.0%');
  // Split by the customers table's planted segment (picked by default): one line per segment.
  await expect(page.getByRole('figure', { name: 'Funnel by segment' })).toContainText('window_browser');
  await expect(
    page.getByRole('figure', { name: 'Cohort size and first-month revenue' }).locator('svg[viewBox]').last(),
  ).toBeVisible();
  await expect(page.getByTestId('top-items').locator('tbody tr')).toHaveCount(10);
  await page.getByTestId('run-sequences').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('patterns-table')).toContainText('view → cart → purchase');
  await expect(
    page.getByRole('figure', { name: 'What comes next: two-step paths' }).locator('svg[viewBox]').last(),
  ).toBeVisible();
  await app.shot('14-explore');
  await page.getByRole('figure', { name: 'What comes next: two-step paths' }).scrollIntoViewIfNeeded();
  await app.shot('14b-sequences');
});
