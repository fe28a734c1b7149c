/**
 * "Use with my data" on real files, through the UI only: a subset of Online Retail through the file
 * picker, the retention template mapped onto it (its churn label derived from the log), run, and the
 * at-risk list it lands on; then Telco's customer table, where the event-log steps are skipped.
 * SHOTS=1 also runs e-commerce and similar items on the subset and screenshots every landing view.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

const DATA = resolve(process.env.CUSTODIAN_DATA ?? '../shared/data');
const RETAIL = resolve(DATA, 'retail/online_retail.csv');
const TELCO = resolve(DATA, 'churn/Telco-Customer-Churn.csv');
test.skip(!existsSync(RETAIL) || !existsSync(TELCO), `needs ${RETAIL} and ${TELCO} (the shared data sets)`);

/** One customer in 27 (CustomerID, the second-last field), over the whole year: under 20,000 lines. */
function retailSubset(): Buffer {
  const lines = readFileSync(RETAIL, 'utf8').split('\n');
  const kept = lines.slice(1).filter((l) => {
    const id = Number(l.split(',').at(-2));
    return l && Number.isFinite(id) && id > 0 && id % 27 === 0;
  });
  return Buffer.from([lines[0], ...kept].join('\n'));
}

// One page for the whole journey: each part starts where the previous one landed.
test('use with my data: retention on Online Retail and on Telco', async ({ page }) => {
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const app = new AppPage(page);
  await app.open();

  await test.step('retention on a subset of Online Retail: map, run, land on the at-risk list', async () => {
    const subset = retailSubset();
    expect(subset.toString().split('\n').length).toBeLessThanOrEqual(20_000);
    await app.addFile('retail.csv', subset);
    await page.getByTestId('template-map-retention').click();
    const mapper = page.getByTestId('template-mapper');
    await expect(page.getByTestId('map-events')).toHaveValue('retail');
    await expect(page.getByTestId('map-events-customer')).toHaveValue('CustomerID');
    await expect(page.getByTestId('map-events-time')).toHaveValue('InvoiceDate');
    await expect(page.getByTestId('map-customers')).toHaveValue('');
    await expect(page.getByTestId('mapping-step-churn_label')).toContainText('added');
    await expect(mapper.getByTestId('mapping-problems')).toHaveCount(0);
    await app.shot('62-template-mapping-retention');
    await page.getByTestId('mapping-run').click();
    await app.waitIdle();
    await expect(app.error()).toHaveCount(0);
    await expect(
      page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'At-risk customers', exact: true }),
    ).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('answer')).toContainText('customers most worth winning back');
    const table = page.getByTestId('atrisk-table');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    // Sorted by value at risk, highest first; a click sorts by churn probability instead.
    const column = async (i: number) =>
      (await table.locator(`tbody tr td:nth-child(${i})`).allTextContents())
        .slice(0, 20)
        .map((s) => Number(s.replace(/[^\d.-]/g, '')));
    const atRisk = await column(4);
    expect(atRisk).toEqual([...atRisk].sort((a, b) => b - a));
    await page.getByTestId('atrisk-sort-churn_probability').click();
    await expect(page.getByTestId('atrisk-sort-churn_probability')).toContainText('▼');
    // The sorted rows come from a new query: the earlier ones stay on screen until it answers.
    const sortedDesc = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! >= x);
    await expect
      .poll(async () => sortedDesc(await column(2)), { message: 'rows sorted by churn probability' })
      .toBe(true);
    await expect(page.getByTestId('stage-status')).not.toContainText('Stale');
    await app.shot('63-template-retention-retail');
  });

  await test.step('retention on Telco: the event-log steps are shown as skipped, Churn is the label', async () => {
    await app.tab('Data');
    await app.addFile('telco.csv', readFileSync(TELCO));
    await page.getByTestId('template-map-retention').click();
    await expect(page.getByTestId('map-customers')).toHaveValue('telco');
    await page.getByTestId('map-events').selectOption('');
    await expect(page.getByTestId('map-customers-label')).toHaveValue('Churn');
    for (const id of ['rfm', 'cohorts', 'value', 'behaviour']) {
      await expect(page.getByTestId(`mapping-step-${id}`)).toContainText("skipped no table for 'events'");
    }
    await expect(page.getByTestId('mapping-step-churn')).toContainText('runs');
    await app.shot('64-template-mapping-telco');
    await page.getByTestId('mapping-run').click();
    await app.waitIdle();
    await expect(app.error()).toHaveCount(0);
    await expect(page.getByTestId('atrisk-table').locator('tbody tr')).toHaveCount(200);
    await expect(page.getByTestId('answer')).toContainText('7,043 scored customers');
  });

  // SHOTS=1: the other templates' landing views on the same subset, for screenshots.
  if (!process.env.SHOTS) return;
  test.setTimeout(1_800_000);
  for (const [id, view] of [
    ['ecommerce', 'Compare recommenders'],
    ['similar-items', 'Similar items'],
  ] as const) {
    await app.tab('Data');
    await page.getByTestId(`template-map-${id}`).click();
    await page.getByTestId('map-events').selectOption('retail');
    await page.getByTestId('mapping-run').click();
    // The neural models (NCF, the GRU) train in the browser: longer than a usual step.
    await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 600_000 });
    await expect(app.error()).toHaveCount(0);
    await expect(
      page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: view, exact: true }),
    ).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('answer')).toBeVisible();
    await app.shot(`65-template-${id}-retail`);
  }
});
