/**
 * Journeys (`paths`) and KPI anomalies through the UI: on the planted sample files, then on
 * Online Retail (journeys over item categories derived in the SQL console, anomalies in daily
 * revenue by country). One page for the whole file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { clipped } from './pages/charts';

const DATA = [process.env.CUSTODIAN_DATA, resolve(process.cwd(), '../shared/data'), '/work/shared/data'].find(
  (d) => d && existsSync(d),
);
const RETAIL = DATA && resolve(DATA, 'retail/online_retail.csv');

/** Every customer whose id is a multiple of five, all their rows. */
function retailSubset(): Buffer {
  const lines = readFileSync(RETAIL!, 'utf8').split('\n');
  const kept = lines.slice(1).filter((l) => {
    const id = Number(l.split(',').at(-2));
    return l && id > 0 && id % 5 === 0;
  });
  return Buffer.from([lines[0], ...kept].join('\n') + '\n');
}

async function expectNoError(app: AppPage) {
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
}

// One page for the whole file: the sample data loads once, Online Retail is added to it.
test('journeys and anomalies on the planted samples, then on Online Retail', async ({ page }) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await test.step('journeys on the planted sample: the Sankey, a click on a step, drop-off and top paths', async () => {
    await app.open();
    await app.loadSamples();
    await app.addFile('journeys.csv', readFileSync('public/samples/journeys.csv'));
    await app.tab('Explore');
    const panel = page.getByTestId('paths-panel');
    await panel.getByTestId('paths-table').selectOption('journeys');
    await expect(panel.getByTestId('paths-event')).toHaveValue('page');
    await expect(panel.getByTestId('paths-unit')).toHaveValue('session');
    await panel.getByTestId('run-paths').click();
    await expectNoError(app);
    // PLANTED.md: 1,300 sessions over 8 planted paths; the longest two are cut at five steps.
    await expect(panel.getByTestId('paths-summary')).toContainText('1,300 journeys, 8 distinct paths');
    const rows = panel.getByTestId('paths-table-top').locator('tbody tr');
    await expect(rows.first()).toContainText('home → search → product');
    await expect(rows.first()).toContainText('310');
    const sankey = panel.getByTestId('paths-sankey');
    await expect(sankey.getByRole('button', { name: 'home, step 1: 1,080 journeys' })).toBeVisible();
    await panel.scrollIntoViewIfNeeded();
    await sankey.scrollIntoViewIfNeeded();
    await app.shot('paths-sample');

    // Through cart at step 3: home → product → cart → checkout (180) and landing → product → cart (150).
    await sankey.getByRole('button', { name: /^cart, step 3:/ }).click();
    await expect(panel.getByTestId('paths-through')).toContainText('“cart” at step 3 (330)');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('home → product → cart → checkout');
    await expect(sankey.getByRole('button', { name: 'landing, step 1: 150 journeys' })).toBeVisible();
    await app.shot('paths-sample-through-cart');
    await panel.getByTestId('paths-clear').click();
    await expect(rows).toHaveCount(8);
    const fit = await clipped(page);
    expect(fit.outside).toEqual([]);
  });

  await test.step('anomalies on the planted KPI log: the planted day, caused by the planted city', async () => {
    await app.tab('Data');
    await app.addFile('kpi.csv', readFileSync('public/samples/kpi.csv'));
    await app.tab('Monitor');
    const panel = page.getByTestId('anomalies-panel');
    await panel.getByTestId('anomalies-table').selectOption('kpi');
    await expect(panel.getByTestId('anomalies-metric')).toHaveValue('amount');
    const dims = panel.getByTestId('anomalies-dimensions');
    await expect(dims.getByLabel('city')).toBeChecked();
    await expect(dims.getByLabel('channel')).toBeChecked();
    await panel.getByTestId('run-anomalies').click();
    await expectNoError(app);
    // PLANTED.md: 181 full days, the half day after them left out, one anomaly on 2025-04-16 (Berlin × 4).
    await expect(panel.getByTestId('anomalies-summary')).toContainText('181 days checked: 1 anomaly.');
    await expect(panel.getByTestId('anomalies-summary')).toContainText('The last period (2025-07-01) is incomplete');
    const list = panel.getByTestId('anomalies-list').getByRole('button');
    await expect(list).toHaveCount(1);
    await expect(list.first()).toContainText('2025-04-16');
    // A click on the anomaly's dot in the chart picks it, as its button below does.
    await panel.locator('figure.chart svg g[aria-label="dot"] circle').first().click();
    await expect(list.first()).toHaveAttribute('aria-pressed', 'true');
    const causes = panel.getByTestId('anomalies-causes');
    await expect(causes).toContainText('On 2025-04-16 the KPI was');
    await expect(causes.locator('li').first()).toContainText(/^Berlin \(city\) explains \d+% of the gap/);
    await panel.scrollIntoViewIfNeeded();
    await causes.scrollIntoViewIfNeeded();
    await app.shot('anomalies-sample');
    expect((await clipped(page)).outside).toEqual([]);
  });

  if (!RETAIL || !existsSync(RETAIL)) {
    console.log(
      'paths-anomalies: no retail/online_retail.csv in the shared data sets (../shared/data or CUSTODIAN_DATA): skipped',
    );
    return;
  }
  await test.step('journeys on Online Retail: item categories per customer, from the first Christmas purchase', async () => {
    await app.tab('Data');
    await app.addFile('retail.csv', retailSubset());
    await app.tab('SQL');
    // A coarse category from the description's words: what customers bought, in order.
    await page.getByTestId('sql-input').fill(`SELECT "CustomerID", "InvoiceDate", "InvoiceNo", CASE
    WHEN "Description" ILIKE '%CHRISTMAS%' THEN 'Christmas'
    WHEN regexp_matches("Description", 'BAG|CASE|BOX|TIN') THEN 'Bags & storage'
    WHEN regexp_matches("Description", 'MUG|CUP|BOWL|PLATE|CAKE|TEA|SPOON|JAR') THEN 'Kitchen'
    WHEN regexp_matches("Description", 'CANDLE|HOLDER|LIGHT|LANTERN') THEN 'Candles & lights'
    WHEN regexp_matches("Description", 'SIGN|DECORATION|BUNTING|FRAME|HEART|GARLAND') THEN 'Decor'
    WHEN regexp_matches("Description", 'CARD|WRAP|PAPER|PEN|NOTEBOOK|STICKER') THEN 'Stationery'
    ELSE 'Other' END AS category
  FROM retail WHERE "CustomerID" IS NOT NULL AND NOT starts_with("InvoiceNo", 'C')`);
    await page.getByTestId('sql-run').click();
    await expect(page.getByTestId('sql-result')).toBeVisible();
    await page.getByTestId('sql-save-name').fill('kinds');
    await page.getByTestId('sql-save').click();
    await expectNoError(app);

    await app.tab('Explore');
    const panel = page.getByTestId('paths-panel');
    await panel.getByTestId('paths-table').selectOption('kinds.data');
    await panel.getByTestId('paths-event').selectOption('category');
    await panel.getByTestId('paths-unit').selectOption('customer');
    await panel.getByTestId('paths-mode').selectOption('start');
    await panel.getByTestId('paths-marker').fill('Christmas');
    await panel.getByTestId('paths-steps').fill('4');
    await panel.getByTestId('run-paths').click();
    await expectNoError(app);
    const summary = panel.getByTestId('paths-summary');
    await expect(summary).toContainText(/journeys, [\d,]+ distinct paths/);
    await expect(summary).toContainText('Journeys without a “Christmas” event are left out.');
    const rows = panel.getByTestId('paths-table-top').locator('tbody tr');
    await expect(rows).toHaveCount(15);
    await expect(rows.first()).toContainText(/^Christmas/);
    console.log(`paths on Online Retail: ${await summary.textContent()}`);
    console.log(`top paths: ${(await rows.allTextContents()).slice(0, 6).join(' | ')}`);
    const sankey = panel.getByTestId('paths-sankey');
    await sankey.scrollIntoViewIfNeeded();
    await app.shot('paths-online-retail');
  });

  await test.step('anomalies in the daily revenue of Online Retail by country', async () => {
    await app.tab('Monitor');
    const panel = page.getByTestId('anomalies-panel');
    await panel.getByTestId('anomalies-table').selectOption('retail');
    await expect(panel.getByTestId('anomalies-metric')).toHaveValue('__quantity_price');
    await expect(panel.getByTestId('anomalies-dimensions').getByLabel('Country')).toBeChecked();
    await panel.getByTestId('run-anomalies').click();
    await expectNoError(app);
    const summary = panel.getByTestId('anomalies-summary');
    await expect(summary).toContainText('The last period (2011-12-09) is incomplete');
    const list = panel.getByTestId('anomalies-list').getByRole('button');
    await expect(list).not.toHaveCount(0);
    console.log(`anomalies on Online Retail (one customer in five): ${await summary.textContent()}`);
    console.log(`anomalies: ${(await list.allTextContents()).join(' | ')}`);
    await list.first().click();
    const causes = panel.getByTestId('anomalies-causes');
    await expect(causes).toContainText('the KPI was');
    console.log(`causes: ${await causes.textContent()}`);
    await causes.scrollIntoViewIfNeeded();
    await app.shot('anomalies-online-retail');
  });
});
