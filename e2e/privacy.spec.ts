/**
 * Privacy you can audit: the browser enforces the policy, the Privacy view shows every
 * request and where data lives, "Forget everything" leaves nothing behind, and the audit report
 * carries the evidence. The fixture also asserts zero off-origin requests and no CSP violation.
 */
import { test, expect } from './fixtures';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { AppPage } from './pages/app';

const DEMO = JSON.parse(readFileSync('public/samples/demo.recipe.json', 'utf8'));
const VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version;

/** Wait until the service worker has cached the app and controls this page. */
async function serviceWorkerControls(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
}

test('headers and meta policy: no eval, powerful features off, isolated opener, installable', async ({
  page,
  context,
}) => {
  const app = new AppPage(page);
  const response = await page.goto('/');
  const headers = response!.headers();
  const csp = headers['content-security-policy']!;
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  // The meta policy is the header's minus frame-ancestors, which only a header can carry.
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toBe(
    csp
      .split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; '),
  );
  await expect(page.getByTestId('duckdb-status')).toContainText('DuckDB v', { timeout: 60_000 });

  // Permissions-Policy as the page sees it (Chromium's document.featurePolicy).
  const allowed = await page.evaluate(() =>
    [
      'camera',
      'microphone',
      'geolocation',
      'payment',
      'usb',
      'serial',
      'hid',
      'midi',
      'display-capture',
      'clipboard-read',
      'browsing-topics',
      'interest-cohort',
    ].filter((f) =>
      (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy.allowsFeature(f),
    ),
  );
  expect(allowed).toEqual([]);
  expect(await page.evaluate(() => window.opener)).toBeNull();

  // Installable: a manifest with icons, and a service worker. Playwright's contexts are
  // incognito-like, which Chromium reports as the one reason it would not offer to install.
  await serviceWorkerControls(page);
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.errors).toEqual([]);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  const icons = JSON.parse(manifest.data!).icons as Array<{ src: string; sizes: string }>;
  expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of icons) expect((await page.request.get(icon.src)).status(), icon.src).toBe(200);
  await app.tab('Privacy');
  await expect(page.getByTestId('csp-policy')).toContainText("script-src 'self' 'wasm-unsafe-eval'");
});

test('after a run the Privacy view reads 0 off-origin, logs the workers through the service worker, and exports the audit report', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open();
  await serviceWorkerControls(page);
  // Now controlled from the first request: the workers' fetches go through the service worker too.
  await app.open('?recipe=/samples/demo.recipe.json&run=1');
  await expect(page.locator('body')).toHaveAttribute('data-report', 'ok', { timeout: 170_000 });

  await app.tab('Privacy');
  await expect(page.getByTestId('privacy-off-origin')).toHaveText('0');
  await expect(page.getByTestId('csp-violations')).toHaveText('0 CSP violations');
  await expect(page.getByTestId('offline-ready')).toContainText(/offline: (\d+) of \1 app files cached/);
  const log = page.getByTestId('network-log');
  // DuckDB's WebAssembly is fetched by its nested worker: only the service worker sees that.
  await expect(
    log
      .getByRole('row')
      .filter({ hasText: 'service worker' })
      .filter({ hasText: /\/assets\/duckdb-eh-.*\.wasm/ }),
  ).not.toHaveCount(0);
  await expect(log.getByRole('row').filter({ hasText: '/samples/events.csv' })).not.toHaveCount(0);
  await expect(log.getByText('OFF-ORIGIN')).toHaveCount(0);
  await expect(page.getByTestId('storage-duckdb')).toContainText('rfm1.rfm');
  await app.shot('privacy-view');

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-json').click()]);
  const audit = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'));
  expect(audit.kind).toBe('custodian-audit');
  expect(audit.app).toEqual({ name: 'custodian', version: VERSION });
  expect(audit.recipe.name).toBe(DEMO.name);
  // Fingerprints, checked against Node's own SHA-256 of the files on disk.
  const expected = DEMO.sources.map((s: { name: string; file: string }) => {
    const path = `public/samples/${s.file}`;
    return {
      source: s.name,
      name: `/samples/${s.file}`,
      bytes: statSync(path).size,
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    };
  });
  expect(
    audit.inputs.map(({ source, name, bytes, sha256 }: Record<string, unknown>) => ({ source, name, bytes, sha256 })),
  ).toEqual(expected);
  expect(audit.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual([
    'events:ok',
    'customers:ok',
    'rfm1:ok',
    'churn1:ok',
  ]);
  const churn = audit.steps.find((s: { id: string }) => s.id === 'churn1');
  expect(churn.backend).toMatch(/^(webgpu|webgl|wasm|cpu)$/);
  expect(churn.rowsIn).toBe(audit.steps.find((s: { id: string }) => s.id === 'rfm1').rowsOut);
  expect(audit.personalData).toEqual([]);
  expect(audit.outputs.map((o: { name: string }) => o.name)).toEqual(
    expect.arrayContaining(['events', 'rfm1.rfm', 'churn1.history']),
  );
  expect(audit.network.offOriginCount).toBe(0);
  expect(audit.network.log.length).toBeGreaterThan(10);

  const [htmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-html').click()]);
  const html = readFileSync((await htmlDownload.path())!, 'utf8');
  expect(html).not.toMatch(/<script|<link|<img/i);
  // The first download is now listed among the outputs.
  expect(html).toContain(jsonDownload.suggestedFilename());
  // Look at it the way a reviewer would, in a context of its own (nothing to fetch, so nothing logged).
  const viewer = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const reader = await viewer.newPage();
  const requests: string[] = [];
  reader.on('request', (r) => requests.push(r.url()));
  await reader.setContent(html);
  await expect(reader.locator('[data-off-origin]')).toHaveText('0');
  await expect(reader.getByRole('heading', { name: 'Input files' })).toBeVisible();
  await reader.screenshot({ path: 'screens/privacy-audit-html.png' });
  await reader.screenshot({ path: 'screens/privacy-audit-html-full.png', fullPage: true });
  expect(requests).toEqual([]);
  await viewer.close();
});

test('Forget everything deletes tables, IndexedDB, OPFS and local storage; a reload finds nothing, the app shell stays', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  await serviceWorkerControls(page);
  await app.loadSamples();
  // Something saved the way projects and models are: an IndexedDB record (raw API: the page has no
  // module specifier for idb), a private file and the SQL console's history.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = indexedDB.open('custodian-e2e-projects', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('projects', { keyPath: 'id' });
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    await new Promise((done) => {
      const tx = db.transaction('projects', 'readwrite');
      tx.objectStore('projects').put({ id: 'p1', name: 'Q3 churn', customers: ['C0001', 'C0002'] });
      tx.oncomplete = done;
    });
    db.close();
    const root = await navigator.storage.getDirectory();
    const file = await (await root.getFileHandle('e2e-model.bin', { create: true })).createWritable();
    await file.write(new Uint8Array(4096));
    await file.close();
    localStorage.setItem('custodian.sql-history', JSON.stringify(['SELECT * FROM events']));
  });

  await app.tab('Privacy');
  await expect(page.getByTestId('storage-indexeddb')).toContainText('custodian-e2e-projects');
  await expect(page.getByTestId('storage-opfs')).toContainText('e2e-model.bin');
  await expect(page.getByTestId('storage-duckdb')).toContainText('events');
  await expect(page.getByTestId('storage-local')).toContainText('custodian.sql-history');
  await expect(page.getByTestId('storage-caches')).toContainText('the app itself, not your data');
  await page.getByTestId('forget').click();
  await app.shot('privacy-forget-confirm');
  await page.getByTestId('forget-confirm').click();
  await expect(page.getByTestId('forget-result')).toContainText(
    '1 IndexedDB databases, 1 OPFS entries, 1 local-storage keys',
  );
  await expect(page.getByTestId('storage-duckdb')).toContainText('No tables.');

  await page.reload();
  await expect(page.getByTestId('duckdb-status')).toContainText('DuckDB v', { timeout: 60_000 });
  const left = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const opfs: string[] = [];
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) opfs.push(name);
    return {
      databases: (await indexedDB.databases()).map((d) => d.name),
      opfs,
      localStorage: localStorage.length,
      caches: await caches.keys(),
    };
  });
  expect(left.databases).toEqual([]);
  expect(left.opfs).toEqual([]);
  expect(left.localStorage).toBe(0);
  // The app shell is not user data: it stays, so the app still opens offline.
  expect(left.caches).toEqual([expect.stringMatching(/^custodian-shell-/)]);
  await expect(app.tables()).toHaveCount(0);
  await app.tab('Privacy');
  await expect(page.getByTestId('storage-indexeddb')).toContainText('No databases.');
  await expect(page.getByTestId('storage-opfs')).toContainText('No files.');
  await expect(page.getByTestId('storage-duckdb')).toContainText('No tables.');
  await page.getByTestId('storage-duckdb').scrollIntoViewIfNeeded();
  await app.shot('privacy-after-forget');
});
