/**
 * Projects, re-runs and the HTML report through the UI: save → reload → reopen with identical key
 * figures; export → import in a fresh browser context (integrity-checked) → open; a wrong
 * passphrase loses nothing; re-run on a new month's file with the metric diff and drift; the
 * self-contained report opens offline with its charts.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

test('save, reload, reopen; export → import elsewhere; wrong passphrase; re-run on new data; offline HTML report', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open();
  await app.loadSamples();
  await app.tab('RFM');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);

  // Save, then reload: the project is listed with its size and last run, and reopening reproduces it.
  await app.tab('Data');
  const panel = page.getByTestId('projects-panel');
  await expect(panel.getByTestId('no-projects')).toBeVisible();
  await page.getByTestId('project-name').fill('Q3 churn');
  await page.getByTestId('project-save').click();
  await expect(page.getByTestId('projects-message')).toContainText("Saved 'Q3 churn'");
  await expect(page.getByTestId('project-row')).toHaveCount(1);
  await expect(page.getByTestId('project-size')).toContainText(/MiB|KiB/);
  await expect(page.getByTestId('project-last-run')).toContainText(/ok · \d+ steps/);
  await app.shot('70-projects');

  await page.reload();
  await expect(page.getByTestId('duckdb-status')).toContainText('DuckDB v', { timeout: 60_000 });
  await expect(app.tables()).toHaveCount(0);
  await expect(page.getByTestId('project-row')).toHaveCount(1);
  await page.getByTestId('project-open').click();
  await expect(page.getByTestId('projects-message')).toContainText(
    /Opened 'Q3 churn': all \d+ key figures match the saved run/,
    { timeout: 120_000 },
  );
  await expect(app.tableTab('rfm1.rfm')).toHaveCount(1);

  // An encrypted copy: the wrong passphrase says so and loses nothing.
  await page.getByTestId('project-name').fill('Q3 locked');
  await page.getByTestId('project-pass').fill('correct horse battery');
  await page.getByTestId('project-save').click();
  await expect(page.getByTestId('project-row')).toHaveCount(2);
  const locked = page.locator('[data-testid="project-row"][data-name="Q3 locked"]');
  await expect(locked).toContainText('encrypted');
  await locked.getByTestId('project-open').click();
  await page.getByTestId('project-unlock-pass').fill('wrong');
  await page.getByTestId('project-unlock-go').click();
  await expect(page.getByTestId('projects-message')).toContainText(/passphrase/i);
  await expect(page.getByTestId('project-row')).toHaveCount(2);
  await expect(app.tableTab('rfm1.rfm')).toHaveCount(1);

  // Export the plain project and import it in a fresh browser context (another machine).
  const plain = page.locator('[data-testid="project-row"][data-name="Q3 churn"]');
  const exported = page.waitForEvent('download');
  await plain.getByTestId('project-export').click();
  const file = await exported;
  expect(file.suggestedFilename()).toMatch(/\.custodian$/);
  const bytes = readFileSync(await file.path());
  const other = await browser.newContext({ baseURL, viewport: { width: 1280, height: 720 } });
  // The second "machine" is held to the same rule: nothing leaves its origin.
  const elsewhere: string[] = [];
  other.on('request', (r) => {
    if (!/^(data|blob):/.test(r.url()) && new URL(r.url()).origin !== new URL(baseURL!).origin) elsewhere.push(r.url());
  });
  const page2 = await other.newPage();
  const app2 = new AppPage(page2);
  await app2.open();
  await expect(page2.getByTestId('no-projects')).toBeVisible();
  // A tampered copy is refused.
  const tampered = Buffer.from(bytes);
  const at = Math.floor(tampered.length / 2);
  tampered[at] = tampered[at]! ^ 0xff;
  const picker = page2.getByTestId('project-import');
  await expect(picker).toHaveAccessibleName('Import a project file (.custodian)');
  await expect(picker).toHaveAccessibleDescription('no file chosen');
  await picker.setInputFiles({ name: 'tampered.custodian', mimeType: 'application/octet-stream', buffer: tampered });
  await expect(picker).toHaveAccessibleDescription('tampered.custodian');
  await expect(page2.getByTestId('projects-message')).toContainText(/SHA-256|damaged|integrity|does not match/i);
  await expect(page2.getByTestId('no-projects')).toBeVisible();
  await page2
    .getByTestId('project-import')
    .setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/octet-stream', buffer: bytes });
  await expect(page2.getByTestId('projects-message')).toContainText("Imported 'Q3 churn'");
  await page2.getByTestId('project-open').click();
  await expect(page2.getByTestId('projects-message')).toContainText(/all \d+ key figures match the saved run/, {
    timeout: 120_000,
  });
  await expect(app2.tableTab('rfm1.rfm')).toHaveCount(1);
  expect(elsewhere).toEqual([]);
  await other.close();

  // Re-run on "next month": a file with a third of the orders gone changes the key figures.
  const events = readFileSync('public/samples/events.csv', 'utf8').trim().split('\n');
  const fewer = [events[0], ...events.slice(1).filter((_, i) => i % 3 !== 0)].join('\n') + '\n';
  await app.tab('Monitor');
  await page
    .getByTestId('rerun-file-events')
    .setInputFiles({ name: 'events-2025-11.csv', mimeType: 'text/csv', buffer: Buffer.from(fewer) });
  await page.getByTestId('rerun-go').click();
  await expect(page.getByTestId('rerun-summary')).toContainText(/[1-9]\d* of \d+ key figures changed/, {
    timeout: 120_000,
  });
  await expect(page.getByTestId('rerun-diff')).toContainText('rfm1');
  await app.shot('71-rerun');

  // The HTML report: self-contained, charts inline, opens with the network off.
  await app.tab('Recipe & report');
  const report = page.waitForEvent('download');
  await page.getByTestId('report-html').click();
  const html = readFileSync(await (await report).path(), 'utf8');
  expect(html).toMatch(/^<!doctype html>/i);
  expect(html).toContain('<svg');
  expect(html).not.toMatch(/(src|href)=["']?https?:/i);
  expect(html).toContain('data-off-origin="0"');
  const offline = await browser.newContext({ offline: true, viewport: { width: 1280, height: 720 } });
  const viewer = await offline.newPage();
  const requests: string[] = [];
  viewer.on('request', (r) => requests.push(r.url()));
  await viewer.setContent(html);
  await expect(viewer.locator('figure svg').first()).toBeVisible();
  expect(requests).toEqual([]);
  await viewer.screenshot({ path: 'screens/72-report.png', fullPage: false });
  await offline.close();
});
