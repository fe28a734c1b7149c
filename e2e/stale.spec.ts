/**
 * Steps on a file loaded through the picker stay current after they run: the file is read once,
 * and neither RFM nor k-means on it (nor RFM after mining rules) shows as stale. On the way, the
 * "Next:" hint follows what the recipe has and lacks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

const retail = resolve(process.env.CUSTODIAN_DATA ?? '../shared/data', 'retail/online_retail.csv');

test('RFM, k-means and rules on a picked file: read once, nothing stale after its own run', async ({ page }) => {
  test.skip(!existsSync(retail), `needs ${retail} (the shared data sets)`);
  // The first 20,000 lines of Online Retail: the size is not the point here.
  const csv = readFileSync(retail, 'utf8').split('\n').slice(0, 20_000).join('\n') + '\n';
  // Every "reading <file>" progress line the app shows, counted as it appears.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __reads: string[] }).__reads = seen;
    let showing = false;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="progress"]')?.textContent ?? '';
      const reading = /reading online_retail\.csv/.test(text);
      if (reading && !showing) seen.push(text.trim());
      showing = reading;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const reads = () => page.evaluate(() => (window as unknown as { __reads: string[] }).__reads.length);

  const app = new AppPage(page);
  await app.open();
  await app.addFile('online_retail.csv', csv);
  await expect(app.tableTab('online_retail')).toHaveCount(1);
  await expect.poll(reads).toBe(1);
  // The hint follows what the recipe has: a file is loaded, its roles are not confirmed yet.
  await expect(page.getByTestId('stage-hint')).toContainText('Next: check the column roles of online_retail');
  await app.shot('stale-hint-prepare');

  await app.tab('RFM');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('stage-explore')).toContainText('✓');
  await expect(page.getByTestId('stage-status')).toContainText('Done: rfm1.');

  await app.tab('Segments');
  await page.getByTestId('run-kmeans').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('stage-status')).toContainText('Done: segments1.');
  await app.shot('stale-after-kmeans');
  // Segments exist now: Train suggests bundles, and the hint's link opens the view.
  await expect(page.getByTestId('stage-hint')).toContainText('Next: mine product bundles.');
  await page.getByTestId('stage-hint-go').click();
  await expect(page.getByTestId('run-rules')).toBeVisible();

  await page.getByTestId('run-rules').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);

  for (const stage of ['prepare', 'explore', 'features', 'train'])
    await expect(page.getByTestId(`stage-${stage}`)).not.toContainText('stale');
  await app.tab('RFM');
  await expect(page.getByTestId('stage-status')).toContainText('Done: rfm1.');
  await expect(page.getByTestId('stage-status')).not.toContainText('Stale');
  expect(await reads()).toBe(1);
  await app.tab('Apply');
  await expect(page.getByTestId('stage-hint')).toContainText('Next: export segments, recommendations and predictions.');
});
