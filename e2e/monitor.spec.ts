/** Stage 7, monitor: features as of a training cut-off against today's, PSI per feature and the retrain signal. */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

test('monitor: drift between features at a training cut-off and now, with distributions and advice', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  await app.loadSamplesWithItems();
  await app.tab('Features');
  await page.getByTestId('run-features').click();
  await app.waitIdle();
  await app.tab('Monitor');
  await page.getByTestId('drift-cutoff').fill('2025-06-30');
  await page.getByTestId('drift-build-reference').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('drift-reference')).toHaveValue('features_asof1.features');
  await expect(page.getByTestId('drift-current')).toHaveValue('features1.features');
  await page.getByTestId('run-drift').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  // Half a year later, tenure and recency have moved for everyone: a significant shift.
  await expect(page.getByTestId('drift-advice')).toContainText('Retrain recommended');
  const table = page.getByTestId('drift-table');
  const row = (feature: string) =>
    table.locator('tr').filter({ has: page.locator('code', { hasText: new RegExp(`^${feature}$`) }) });
  await expect(row('tenure_days')).toContainText('significant shift');
  // Age is a profile attribute: the same customers, the same ages.
  await expect(row('age')).toContainText('stable');
  await page.getByTestId('drift-feature').selectOption('tenure_days');
  await expect(
    page
      .getByRole('figure', { name: 'Distribution of tenure_days: training against new data' })
      .locator('svg[viewBox]')
      .last(),
  ).toBeVisible();
  await app.shot('40-monitor-drift');
});
