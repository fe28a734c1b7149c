/**
 * The statistics views on one page: the experiment readout on the sample A/B test (the planted lift
 * on B found, no sample-ratio mismatch), the same test with a tenth of B's units lost (flagged: the
 * readout cannot be trusted), and segment comparisons on the sample customers and on IBM's Telco churn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { expectFits } from './pages/charts';

const retail = resolve(process.env.CUSTODIAN_DATA ?? '../shared/data', 'retail/online_retail.csv');
const telco = resolve(process.env.CUSTODIAN_DATA ?? '../shared/data', 'churn/Telco-Customer-Churn.csv');
const experiment = readFileSync('public/samples/experiment.csv', 'utf8');
/** Every 10th unit of arm B gone, as a redirect bug would lose them. */
const lossy = experiment
  .split('\n')
  .filter((line) => !/^U\d{4}0,B,/.test(line))
  .join('\n');

/** axe-core's serious and critical WCAG 2 A/AA violations on the page as it is. */
async function serious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

test('experiment readout and segment comparison', async ({ page }) => {
  test.setTimeout(240_000);
  const app = new AppPage(page);
  await app.open();
  await app.addFile('experiment.csv', experiment);
  await app.addFile('lossy.csv', lossy);
  await app.addFile('customers.csv', readFileSync('public/samples/customers.csv'));
  if (existsSync(telco)) await app.addFile('telco.csv', readFileSync(telco));

  await test.step('A/B test: B wins, A does not, the split is as planned', async () => {
    await app.tab('Experiment');
    await page.getByTestId('abtest-table').selectOption('experiment');
    await expect(page.getByTestId('abtest-control')).toHaveValue('control');
    await expect(page.getByTestId('abtest-metric')).toHaveValue('converted');
    await page.getByTestId('run-abtest').click();
    await app.waitIdle();
    await expect(app.error()).toHaveCount(0);
    const arms = page.getByTestId('abtest-arms');
    // The scipy/statsmodels reference: B 11.81 % of 3,954, +20.7 % (p = 0.003); A +1.5 % (p = 0.823).
    await expect(arms.locator('tr[data-variant="B"]')).toContainText('3,954');
    await expect(arms.locator('tr[data-variant="B"]')).toContainText('+20.7%');
    await expect(arms.locator('tr[data-variant="B"] [data-testid="abtest-p"]')).toHaveText('0.003');
    await expect(arms.locator('tr[data-variant="A"] [data-testid="abtest-p"]')).toHaveText('0.823');
    await expect(page.getByTestId('abtest-sentence')).toHaveText(
      'B (+20.7%, p = 0.003) differs from control at α = 0.05; B is best with probability 99.5%.',
    );
    await expect(page.getByTestId('abtest-srm')).toContainText('Sample sizes match the planned split');
    await expect(page.getByTestId('abtest-mixed')).toContainText('40 units were seen in more than one arm');
    await expect(page.getByTestId('abtest-multiplicity')).toContainText('No multiplicity correction');
    await expectFits(page, 'experiment', 1);
    expect(await serious(page)).toEqual([]);
    await app.shot('stats-abtest');
  });

  await test.step('A/B test with CUPED on the pre-period spend', async () => {
    await page.getByTestId('abtest-metric').selectOption('revenue');
    await page.getByTestId('abtest-pre').selectOption('pre_revenue');
    await page.getByTestId('run-abtest').click();
    await app.waitIdle();
    await expect(page.getByTestId('abtest-cuped')).toContainText('variance reduced by 13.6%');
    await expect(page.getByTestId('abtest-arms').locator('tr[data-variant="B"]')).toContainText('+16.3%');
    await app.shot('stats-abtest-cuped');
  });

  await test.step('A/B test with units lost from B: sample-ratio mismatch, not to be trusted', async () => {
    await page.getByTestId('abtest-table').selectOption('lossy');
    await page.getByTestId('run-abtest').click();
    await app.waitIdle();
    await expect(page.getByTestId('abtest-srm')).toContainText('this readout cannot be trusted');
    await expect(page.getByTestId('abtest-arms')).toHaveClass(/void/);
    await app.shot('stats-abtest-srm');
  });

  await test.step('compare segments: churned vs everyone else on the sample customers', async () => {
    await app.tab('Compare segments');
    await page.getByTestId('compare-table').selectOption('customers');
    await expect(page.getByTestId('compare-group')).toHaveValue('churned');
    await expect(page.getByTestId('compare-a')).toHaveValue('1');
    await page.getByTestId('run-compare').click();
    await app.waitIdle();
    await expect(app.error()).toHaveCount(0);
    // PLANTED.md §4: churn comes from segment and age; scipy: V = 0.35, d = −0.51.
    await expect(page.getByTestId('compare-sentence')).toContainText(
      'churned = 1: 52.0% have planted_segment = window_browser, vs 21.3% for churned ≠ 1 — V = 0.35.',
    );
    const rows = page.getByTestId('compare-rows').locator('tbody tr');
    await expect(rows.nth(1)).toContainText('d = −0.51');
    await expect(page.getByTestId('compare-counts')).toContainText('4 features compared, 2 significant');
    await expectFits(page, 'compare-segments', 1);
    expect(await serious(page)).toEqual([]);
    await app.shot('stats-compare-sample');
  });

  await test.step('compare segments on IBM Telco churn (real data)', async () => {
    if (!existsSync(telco)) {
      test.info().annotations.push({ type: 'skipped', description: `needs ${telco} (the shared data sets)` });
      return;
    }
    await app.tab('Compare segments');
    await page.getByTestId('compare-table').selectOption('telco');
    await page.getByTestId('compare-entity').selectOption('customerID');
    await page.getByTestId('compare-group').selectOption('Churn');
    await page.getByTestId('compare-a').selectOption('true');
    await page.getByTestId('run-compare').click();
    await app.waitIdle();
    await expect(app.error()).toHaveCount(0);
    const rows = page.getByTestId('compare-rows').locator('tbody tr');
    await expect(rows.first()).toHaveAttribute('data-feature', 'Contract');
    await expect(rows.nth(1)).toHaveAttribute('data-feature', 'tenure');
    await expect(page.getByTestId('compare-sentence')).toContainText('Contract = Month-to-month');
    await app.shot('stats-compare-telco');
  });

  await test.step('compare RFM segments on Online Retail (real data): Champions vs everyone else', async () => {
    if (!existsSync(retail)) {
      test.info().annotations.push({ type: 'skipped', description: `needs ${retail} (the shared data sets)` });
      return;
    }
    // The first 20,000 lines: the RFM table of about 1,000 customers.
    await app.tab('Data');
    await app.addFile('online_retail.csv', readFileSync(retail, 'utf8').split('\n').slice(0, 20_000).join('\n') + '\n');
    await app.tab('RFM');
    await page.getByTestId('run-rfm').click();
    await app.waitIdle();
    await expect(app.error()).toHaveCount(0);
    await app.tab('Compare segments');
    await page.getByTestId('compare-table').selectOption('rfm1.rfm');
    await expect(page.getByTestId('compare-entity')).toHaveValue('customer');
    await expect(page.getByTestId('compare-group')).toHaveValue('segment');
    await page.getByTestId('compare-a').selectOption('Champions');
    await page.getByTestId('run-compare').click();
    await app.waitIdle();
    await expect(app.error()).toHaveCount(0);
    // Champions are the R = 5, F ≥ 4 cell: more recent (fewer days) and more frequent than the rest.
    const rows = page.getByTestId('compare-rows');
    await expect(rows.locator('tr[data-feature="recency_days"]')).toContainText('d = −');
    await expect(rows.locator('tr[data-feature="frequency"]')).toContainText('d = +');
    await app.shot('stats-compare-rfm-retail');
  });
});
