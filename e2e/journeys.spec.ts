/**
 * An analyst on real files, through the UI only (file picker, forms, buttons, the SQL console).
 * Online Retail, one customer in ten over the whole year (36,378 rows, so customers have
 * histories): roles → profile → Explore → RFM → cohorts → CLV → rules at two supports → network →
 * k-means at two k → recommend → evaluate → a classifier on a churn label derived in the SQL console
 * (its training cancelled once) → save → reload → reopen with the same key figures. Then the whole
 * file (541,909 rows) through the picker, its load cancelled once, then read once for RFM; and UCI
 * credit through the credit template's "Use with my data". After every step: no error, and nothing
 * stale after its own run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { expectFits } from './pages/charts';

const DATA = [process.env.CUSTODIAN_DATA, resolve(process.cwd(), '../shared/data'), '/work/shared/data'].find(
  (d) => d && existsSync(d),
);
const RETAIL = DATA && resolve(DATA, 'retail/online_retail.csv');
const CREDIT = DATA && resolve(DATA, 'churn/UCI_Credit_Card.csv');
test.skip(
  !RETAIL || !existsSync(RETAIL),
  'needs retail/online_retail.csv from the shared data sets (../shared/data or CUSTODIAN_DATA)',
);

/** Every customer whose id is a multiple of ten, all their rows (cancellations included). */
function retailSubset(): Buffer {
  const lines = readFileSync(RETAIL!, 'utf8').split('\n');
  const kept = lines.slice(1).filter((l) => {
    const id = Number(l.split(',').at(-2));
    return l && id > 0 && id % 10 === 0;
  });
  return Buffer.from([lines[0], ...kept].join('\n') + '\n');
}

/** Counts each "reading <file>" progress line as it appears: a file read again shows up here. */
async function watchReads(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __reads: string[] }).__reads = seen;
    let showing = '';
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="progress"]')?.textContent ?? '';
      const file = /reading (\S+)/.exec(text)?.[1] ?? '';
      if (file && file !== showing) seen.push(file);
      showing = file;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return (file: string) =>
    page.evaluate((f) => (window as unknown as { __reads: string[] }).__reads.filter((x) => x === f).length, file);
}

/** A step ran to the end: no error line, no failed or stale stage, nothing left to run. */
async function expectClean(app: AppPage, what: string) {
  await app.waitIdle();
  await expect(app.error(), `${what}: error`).toHaveCount(0);
  const nav = app.page.getByRole('navigation', { name: 'Stages' });
  await expect(nav.locator('.mark.stale'), `${what}: a stale stage`).toHaveCount(0);
  await expect(nav.locator('.mark.failed'), `${what}: a failed stage`).toHaveCount(0);
  await expect(app.page.getByTestId('rerun-stale'), `${what}: stale steps`).toHaveCount(0);
  await expect(app.page.getByTestId('stage-cancelled'), `${what}: cancelled steps`).toHaveCount(0);
}

/** Click Cancel on what runs now: the neutral "cancelled" notice must land within 10 s. Returns the ms it took. */
async function cancelNow(app: AppPage, what: string): Promise<number> {
  const clicked = Date.now();
  await app.page.getByTestId('cancel').click();
  await expect(
    app.page.getByTestId('notices').locator('[data-kind="cancelled"]').last(),
    `${what}: cancelled notice`,
  ).toContainText('Cancelled', { timeout: 10_000 });
  const ms = Date.now() - clicked;
  await expect(app.page.getByTestId('progress')).toHaveCount(0, { timeout: 10_000 });
  await expect(app.error(), `${what}: a cancel is no error`).toHaveCount(0);
  console.log(`journeys: ${what} cancelled in ${ms} ms`);
  expect(ms).toBeLessThan(10_000);
  return ms;
}

test('Online Retail subset: roles → profile → explore → RFM → cohorts → CLV → rules → network → k-means → recommend → evaluate → churn model → save → reopen', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const reads = await watchReads(page);
  const app = new AppPage(page);
  await app.open();
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'retail_sample.csv', mimeType: 'text/csv', buffer: retailSubset() });
  await expectClean(app, 'load');
  await expect(app.tableTab('retail_sample')).toContainText('36,378');

  await test.step('roles', async () => {
    await app.view('Columns & roles').click();
    const role = (column: string) => page.getByRole('combobox', { name: `Role of ${column}` });
    for (const [column, r] of [
      ['CustomerID', 'customer'],
      ['InvoiceDate', 'time'],
      ['StockCode', 'item'],
      ['InvoiceNo', 'basket'],
      ['Quantity', 'quantity'],
      ['UnitPrice', 'price'],
    ] as const) {
      await expect(role(column), column).toHaveValue(r);
    }
    await page.getByTestId('confirm-roles').click();
    await expect(page.getByTestId('columns-table').getByText('set', { exact: true })).not.toHaveCount(0);
  });

  await test.step('profile', async () => {
    await app.view('Profile').click();
    await page.getByTestId('run-profile').click();
    await expectClean(app, 'profile');
    await expect(page.getByTestId('profile-summary')).toContainText('36,378');
    await expectFits(page, 'Profile', 8);
  });

  await test.step('explore and cohorts', async () => {
    await app.tab('Explore');
    await expect(page.getByTestId('top-customers').locator('tbody tr td').first()).toHaveText(/^\d{4}0$/);
    await expectFits(page, 'Explore', 3);
    await page.getByTestId('run-cohorts').click();
    await expectClean(app, 'cohorts');
    await expect(
      page.getByRole('figure', { name: 'Retention by monthly cohort' }).locator('svg[viewBox]').last(),
    ).toBeVisible();
    await expectFits(page, 'Explore with cohorts', 4);
    await page.getByRole('figure', { name: 'Retention by monthly cohort' }).scrollIntoViewIfNeeded();
    await app.shot('journey-cohorts');
  });

  await test.step('RFM', async () => {
    await app.tab('RFM');
    await expect(page.getByTestId('rfm-input')).toHaveValue('retail_sample');
    await page.getByTestId('run-rfm').click();
    await expectClean(app, 'RFM');
    await expect(page.getByTestId('stage-status')).toContainText(/Done: .*rfm1/);
    await expectFits(page, 'RFM', 2);
  });

  await test.step('lifetime value', async () => {
    await app.tab('Lifetime value');
    await page.getByTestId('clv-calibration').fill('2011-09-01');
    await page.getByTestId('run-clv').click();
    await expectClean(app, 'CLV');
    await expect(page.getByTestId('clv-params')).toBeVisible();
    await expectFits(page, 'Lifetime value', 2);
  });

  await test.step('rules at two supports, then the network', async () => {
    await app.tab('Bundles');
    await expect(page.getByTestId('rules-basket')).toHaveValue('InvoiceNo');
    await expect(page.getByTestId('rules-item')).toHaveValue('StockCode');
    await page.getByTestId('rules-support').fill('0.02');
    await page.getByTestId('run-rules').click();
    await expectClean(app, 'rules at 0.02');
    const count = async () => Number((await page.getByTestId('rules-count').textContent())!.replace(/\D/g, ''));
    const supports = async () =>
      (await page.getByTestId('rules-table').locator('tbody tr td:nth-child(3)').allTextContents()).map(Number);
    const first = await count();
    expect(first).toBeGreaterThan(0);
    expect(Math.min(...(await supports()))).toBeGreaterThanOrEqual(0.02);
    // The same step again at a lower support: more rules, and the table lists the new run's.
    await page.getByTestId('rules-support').fill('0.01');
    await page.getByTestId('run-rules').click();
    await expectClean(app, 'rules at 0.01');
    await expect.poll(count).toBeGreaterThan(first);
    await expect.poll(async () => Math.min(...(await supports()))).toBeLessThan(0.02);
    await expect(page.getByTestId('stage-status')).toContainText('rules1');
    await expect(page.getByTestId('stage-status')).not.toContainText('rules2');

    await page.getByTestId('run-network').click();
    await expectClean(app, 'network');
    await expect(page.getByTestId('network-summary')).toContainText(/\d/);
    await expect(page.getByTestId('network-canvas').locator('canvas').first()).toBeVisible();
    await page.getByTestId('network-canvas').scrollIntoViewIfNeeded();
    await app.shot('journey-network');
  });

  await test.step('k-means at k = 3, then k = 5', async () => {
    await app.tab('Segments');
    for (const k of ['3', '5']) {
      await page.getByLabel('k from').fill(k);
      await page.getByLabel('to', { exact: true }).fill(k);
      await page.getByTestId('run-kmeans').click();
      await expectClean(app, `k-means k=${k}`);
      await expect(page.getByTestId('kmeans-result').locator('.metric').first()).toHaveText(k);
    }
    await expectFits(page, 'Segments', 1);
  });

  await test.step('recommend and evaluate', async () => {
    await app.tab('Recommend');
    await expect(page.getByTestId('recs-input')).toHaveValue('retail_sample');
    await page.getByTestId('run-recs').click();
    await expectClean(app, 'recommend');
    await expect(page.getByTestId('recs-list').locator('tbody tr')).not.toHaveCount(0);
    await app.tab('Compare recommenders');
    await page.getByTestId('run-eval').click();
    await expectClean(app, 'evaluate');
    await expect(page.getByTestId('eval-verdict')).not.toBeEmpty();
    await expect(page.getByTestId('eval-table').locator('tbody tr')).not.toHaveCount(0);
  });

  await test.step('a churn label in the SQL console, a classifier on it (cancelled once)', async () => {
    await app.tab('SQL');
    // Churned = no purchase in the last 90 days of the log; features from the log before them.
    await page.getByTestId('sql-input').fill(`WITH log AS (
  SELECT CAST("CustomerID" AS VARCHAR) AS customer, CAST("InvoiceDate" AS TIMESTAMP) AS ts, "InvoiceNo" AS invoice, "Quantity" * "UnitPrice" AS spent
  FROM retail_sample WHERE "CustomerID" IS NOT NULL),
cut AS (SELECT CAST(max(ts) AS DATE) + 1 - INTERVAL 90 DAY AS cutoff FROM log)
SELECT customer,
  count(DISTINCT invoice) FILTER (WHERE ts < cutoff) AS orders,
  sum(spent) FILTER (WHERE ts < cutoff) AS revenue,
  date_diff('day', max(ts) FILTER (WHERE ts < cutoff), cutoff) AS days_quiet,
  date_diff('day', min(ts), cutoff) AS tenure_days,
  CASE WHEN count(*) FILTER (WHERE ts >= cutoff) = 0 THEN 1 ELSE 0 END AS churned
FROM log, cut GROUP BY customer, cutoff HAVING count(*) FILTER (WHERE ts < cutoff) > 0`);
    await page.getByTestId('sql-run').click();
    await expect(page.getByTestId('sql-result')).toBeVisible();
    await expect(page.getByTestId('sql-error')).toHaveCount(0);
    await page.getByTestId('sql-save-name').fill('churn90');
    await page.getByTestId('sql-save').click();
    await expectClean(app, 'churn label');

    await app.tab('Model');
    await page.getByTestId('model-input').selectOption('churn90.data');
    await expect(page.getByTestId('label-table')).toHaveValue('churn90.data');
    await expect(page.getByTestId('label-column')).toHaveValue('churned');
    // Long enough to be cancelled for sure: one row per step, and epochs that early stopping does not end.
    await page.getByTestId('model-epochs').fill('300');
    await page.getByLabel('Batch', { exact: true }).fill('1');
    await page.getByTestId('train').click();
    await expect(page.getByTestId('progress')).toContainText(/epoch \d+/, { timeout: 60_000 });
    await cancelNow(app, 'classifier training');
    await expect(page.getByTestId('stage-train').locator('.mark.failed')).toHaveCount(0);

    // The choices made before the cancel still hold: the run trains on the churn table, not on a fresh guess.
    await expect(page.getByTestId('model-input')).toHaveValue('churn90.data');
    await expect(page.getByRole('group', { name: 'Features (4 of 4)' })).toContainText('days_quiet');
    await page.getByTestId('model-epochs').fill('30');
    await page.getByLabel('Batch', { exact: true }).fill('64');
    await page.getByTestId('train').click();
    await expectClean(app, 'classifier');
    await expect(page.getByTestId('model-input')).toHaveValue('churn90.data');
    const auc = Number(await page.getByTestId('auc').textContent());
    // Quiet days and order counts say something about who stops buying: better than a coin.
    expect(auc).toBeGreaterThan(0.6);
    expect(auc).toBeLessThan(1);
    await app.shot('journey-model');
  });

  await test.step('save, reload, reopen: the same key figures', async () => {
    // Every step so far read the loaded table: the file was read once.
    expect(await reads('retail_sample.csv')).toBe(1);
    await app.tab('Data');
    await page.getByTestId('project-name').fill('retail journey');
    await page.getByTestId('project-save').click();
    await expect(page.getByTestId('projects-message')).toContainText("Saved 'retail journey'");
    await page.reload();
    await expect(page.getByTestId('duckdb-status')).toContainText('DuckDB v', { timeout: 60_000 });
    await expect(app.tables()).toHaveCount(0);
    await page.locator('[data-testid="project-row"][data-name="retail journey"]').getByTestId('project-open').click();
    await expect(page.getByTestId('projects-message')).toContainText(
      /Opened 'retail journey': all \d+ key figures match the saved run/,
      { timeout: 170_000 },
    );
    await expectClean(app, 'reopen');
  });
});

test('the whole Online Retail file: a load cancelled once, then read once for RFM; UCI credit through its template', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const reads = await watchReads(page);
  const app = new AppPage(page);
  await app.open();
  const input = page.getByTestId('file-input');

  await test.step('the load cancelled mid-read, then read to the end', async () => {
    await input.setInputFiles(RETAIL!);
    await expect(page.getByTestId('progress')).toContainText('reading online_retail.csv', { timeout: 30_000 });
    await cancelNow(app, 'the 47 MB load');
    await expect(app.tableTab('online_retail')).toHaveCount(0);
    await input.setInputFiles([]);
    await input.setInputFiles(RETAIL!);
    await expectClean(app, 'full load');
    await expect(app.tableTab('online_retail')).toContainText('541,909');
  });
  // The cancelled read and the one to the end.
  const readsAfterLoad = await reads('online_retail.csv');
  expect(readsAfterLoad).toBe(2);

  await test.step('RFM on all of it, without reading the file again', async () => {
    await app.tab('RFM');
    await page.getByTestId('run-rfm').click();
    await expectClean(app, 'full RFM');
    await expect(page.getByTestId('rfm-warning')).toContainText(/quantity or amount ≤ 0/);
    await app.shot('journey-full-rfm');
    // 4,372 customers have an id in the file.
    await app.tab('Data');
    await expect(app.tableTab('rfm1.rfm')).toContainText('4,372');
    expect(await reads('online_retail.csv')).toBe(readsAfterLoad);
  });

  await test.step('UCI credit: the credit template on my data', async () => {
    test.skip(!CREDIT || !existsSync(CREDIT), 'needs churn/UCI_Credit_Card.csv');
    await app.tab('Data');
    await app.addFile('uci_credit.csv', readFileSync(CREDIT!));
    await page.getByTestId('template-map-credit').click();
    // The mapper offers the loaded tables; the whole retail log is loaded too.
    await page.getByTestId('map-credit').selectOption('uci_credit');
    await expect(page.getByTestId('map-credit-label')).toHaveValue('Y');
    await expect(page.getByTestId('template-mapper').getByTestId('mapping-problems')).toHaveCount(0);
    await page.getByTestId('mapping-run').click();
    await expectClean(app, 'credit template');
    await expect(
      page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: 'Model', exact: true }),
    ).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('answer')).toContainText('ROC-AUC');
    expect(await reads('online_retail.csv')).toBe(readsAfterLoad);
  });
});
