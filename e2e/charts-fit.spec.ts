/**
 * Charts on real data: every tick label inside its SVG, every chart titled. Online Retail's axes
 * carry labels such as "200,000" and long product and country names, which fixed margins cut
 * ("0,000"). One page: a 1-in-20 subset of the file (27,096 rows over the whole year) loaded
 * through the file picker, then each view with charts in turn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { expectFits } from './pages/charts';

const retail = resolve(process.env.CUSTODIAN_DATA ?? '../shared/data', 'retail/online_retail.csv');

test.skip(!existsSync(retail), `needs ${retail} (the shared data sets)`);

test('Online Retail subset at 1280×720: every chart titled, every tick label inside its SVG', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open();
  const lines = readFileSync(retail, 'utf8').split('\n');
  const subset = [lines[0], ...lines.slice(1).filter((line, i) => line && i % 20 === 0)].join('\n');
  await app.addFile('online_retail.csv', subset);
  await expect(app.tableTab('online_retail')).toHaveCount(1);
  await expect(app.error()).toHaveCount(0);

  await app.view('Profile').click();
  await page.getByTestId('run-profile').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('profile-id-missing')).toContainText(/CustomerID is an id missing in 2\d\.\d% of rows/);
  await expectFits(page, 'Profile', 8);
  await page.getByTestId('profile-cards').scrollIntoViewIfNeeded();
  await app.shot('charts-profile-retail');

  await app.tab('Explore');
  await expect(page.getByRole('figure', { name: 'Breakdown by Country' }).locator('svg[viewBox]').last()).toBeVisible();
  // The blank CustomerID (a quarter of the rows) is no customer: the top one is a real id.
  await expect(page.getByTestId('top-customers').locator('tbody tr td').first()).toHaveText(/^\d{5}$/);
  await expectFits(page, 'Explore', 3);
  await app.shot('charts-explore-retail');
  await page.getByTestId('run-cohorts').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(
    page.getByRole('figure', { name: 'Retention by monthly cohort' }).locator('svg[viewBox]').last(),
  ).toBeVisible();
  // Activity, breakdown, distribution and retention (no amount column: no revenue charts).
  await expectFits(page, 'Explore with cohorts', 4);
  await page.getByRole('figure', { name: 'Retention by monthly cohort' }).scrollIntoViewIfNeeded();
  await app.shot('charts-cohorts-retail');

  await app.tab('RFM');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('rfm-warning')).toContainText(/purchase rows have a quantity or amount ≤ 0/);
  await expectFits(page, 'RFM', 2);
  await app.shot('charts-rfm-retail');
  await page.getByTestId('rfm-leave-out').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('rfm-warning')).toHaveCount(0);
  await expect(page.getByTestId('rfm-input')).toHaveValue(/^purchases\d*\.data$/);

  await app.tab('Segments');
  await page.getByTestId('run-kmeans').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expectFits(page, 'Segments', 3);
  await page.getByTestId('kmeans-result').scrollIntoViewIfNeeded();
  await app.shot('charts-segments-retail');

  await app.tab('Lifetime value');
  await page.getByTestId('clv-calibration').fill('2011-09-01');
  await page.getByTestId('run-clv').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expectFits(page, 'Lifetime value', 2);
  await page.getByTestId('clv-result').scrollIntoViewIfNeeded();
  await app.shot('charts-clv-retail');
});
