/**
 * Works offline: load the app once, let the service worker cache it, cut the network, reload
 * through the deep link and run the whole sample flow of public/samples/offline.recipe.json. Add a
 * step to that recipe and this test runs it too.
 */
import { test, expect } from './fixtures';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { AppPage } from './pages/app';

const RECIPE = JSON.parse(readFileSync('public/samples/offline.recipe.json', 'utf8')) as {
  sources: Array<{ name: string }>;
  steps: Array<{ id: string; op: string }>;
};

interface SwStatus {
  cached: number;
  expected: number;
  log: Array<{ at: string; url: string; method: string; servedBy: string }>;
}

function swStatus(page: Page): Promise<SwStatus> {
  return page.evaluate(
    () =>
      new Promise<SwStatus>((done) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => done(e.data as SwStatus);
        navigator.serviceWorker.controller!.postMessage({ type: 'custodian:sw-status' }, [channel.port2]);
      }),
  );
}

test('after one visit the whole sample flow runs with the network off, every file from the cache', async ({
  page,
  context,
}) => {
  test.setTimeout(420_000);
  const app = new AppPage(page);
  await app.open();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  const cached = await swStatus(page);
  expect(cached.cached).toBe(cached.expected);
  expect(cached.expected).toBeGreaterThan(20);

  // From here on nothing may reach the network: the browser is offline, and any request that
  // still got as far as the network layer would be recorded here and refused.
  const reachedNetwork: string[] = [];
  await context.route('**/*', (route) => {
    reachedNetwork.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await context.setOffline(true);
  const offlineAt = new Date().toISOString();

  await app.open('?recipe=/samples/offline.recipe.json&run=1');
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await expect(page.locator('body')).toHaveAttribute('data-report', 'ok', { timeout: 400_000 });

  await app.tab('Recipe & report');
  const rows = page.getByTestId('report-steps').getByRole('row');
  const ids = [...RECIPE.sources.map((s) => s.name), ...RECIPE.steps.map((s) => s.id)];
  await expect(rows).toHaveCount(1 + ids.length);
  for (const id of ids)
    await expect(rows.filter({ has: page.getByRole('cell', { name: id, exact: true }) }).first()).toContainText('ok');
  await page.getByTestId('report-steps').scrollIntoViewIfNeeded();
  await app.shot('offline-report');

  // Everything since going offline was answered by the service worker's cache.
  const after = (await swStatus(page)).log.filter((e) => e.at >= offlineAt);
  expect(after.length).toBeGreaterThan(10);
  expect(after.filter((e) => e.servedBy !== 'cache').map((e) => `${e.servedBy} ${e.method} ${e.url}`)).toEqual([]);
  expect(after.map((e) => new URL(e.url).pathname)).toEqual(
    expect.arrayContaining(['/samples/events.csv', '/samples/offline.recipe.json']),
  );
  expect(after.some((e) => /\/assets\/duckdb-eh-.*\.wasm$/.test(e.url))).toBe(true);
  expect(reachedNetwork).toEqual([]);
});
