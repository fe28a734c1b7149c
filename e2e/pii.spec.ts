/**
 * Personal data as a user meets it: warnings with suggested actions on import,
 * pseudonymisation through the Data view (keyed hashes that still join across tables), exports
 * that leave personal columns out unless asked, and k-anonymity; then the same through the runner.
 */
import { test, expect } from './fixtures';
import { test as plain } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './pages/app';

// Card numbers are the schemes' published test numbers (all pass Luhn).
const PEOPLE = `customer_id,full_name,email,phone,card,age,city
C01,Emma Weber,emma@example.com,+44 20 7946 0958,4111 1111 1111 1111,34,Berlin
C02,Ada Lovelace,ada@example.co.uk,+49 30 1234567,5555 5555 5555 4444,36,Berlin
C03,Carlos Ruiz,carlos@example.es,(415) 555-2671,3782 822463 10005,41,Madrid
C04,Olivia Brown,olivia@example.com,020 7946 0001,6011 1111 1111 1117,45,London
C05,Wei Zhang,wei@example.cn,138 0013 8000,4012 8888 8888 1881,52,London
C06,Lucas Martin,lucas@example.fr,06 12 34 56 78,4242 4242 4242 4242,38,Berlin
C07,Sophie Bauer,sophie@example.de,+49 151 1234567,5105 1051 0510 5100,47,London
C08,James Miller,james@example.com,+1 212 555 0199,3530 1113 3330 0000,29,Madrid
`;
const ORDERS = `order_id,email,amount
O1,emma@example.com,20
O2,emma@example.com,35
O3,wei@example.cn,12
O4,nobody@example.org,8
`;
const HEX32 = /^[0-9a-f]{32}$/;

async function sql(app: AppPage, query: string) {
  const page = app.page;
  await app.tab('SQL');
  await page.getByTestId('sql-input').fill(query);
  await page.getByTestId('sql-run').click();
  await expect(page.getByTestId('sql-result')).toBeVisible();
}

test('personal data: warnings on import, pseudonymise in the UI, joins on hashes, exports without PII, k-anonymity', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open();
  await app.addFile('people.csv', PEOPLE);
  await expect(app.tableTab('people')).toHaveCount(1);

  // Warnings, each with a suggested action.
  await expect(page.getByTestId('pii-warning')).toContainText('5 columns of people look like personal data');
  const expected: Array<[string, RegExp, string]> = [
    ['full_name', /person names/, 'drop'],
    ['email', /e-mail addresses/, 'hash'],
    ['phone', /phone numbers/, 'mask:phone'],
    ['card', /payment card numbers/, 'mask:keep-last-4'],
    ['age', /ages.*quasi-identifier/, 'generalise:band10'],
  ];
  for (const [column, kind, action] of expected) {
    await expect(page.getByTestId(`pii-${column}`)).toContainText(kind);
    await expect(page.getByTestId(`pii-action-${column}`)).toHaveValue(action);
  }
  await expect(page.getByTestId('pii-customer_id')).toHaveCount(0);
  await expect(page.getByTestId('pii-city')).toHaveCount(0);
  await app.shot('pii-1-warnings');

  // Hash the e-mail, drop the name, generalise age (suggested); keep the phone as it is.
  await page.getByTestId('pii-action-phone').selectOption('keep');
  await page.getByTestId('pii-apply').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('pii-message')).toContainText('Wrote pseudo1.data: 4 columns treated');
  await app.tableTab('pseudo1.data').click();
  await expect(page.getByTestId('table-summary')).toContainText('8 rows × 6 columns');
  await expect(page.getByTestId('pii-treated')).toHaveText(
    'Pseudonymised: full_name (drop), email (hash), card (mask:keep-last-4), age (generalise:band10).',
  );
  // The phone was kept, so it is still flagged.
  await expect(page.getByTestId('pii-warning')).toContainText(/1 column of \S+ looks like personal data/);
  await expect(page.getByTestId('pii-phone')).toBeVisible();
  const grid = page.getByTestId('grid');
  await expect(grid).toContainText('30-39');
  await expect(grid).toContainText('**** **** **** 1111');
  await expect(grid).not.toContainText('emma@example.com');
  await expect(grid).not.toContainText('Emma Weber');
  await app.shot('pii-2-pseudonymised');

  // A second table with the same e-mails: its hashes match, so the join still works (emma ×2, wei ×1).
  await app.tab('Data');
  await app.addFile('orders.csv', ORDERS);
  await app.tableTab('orders').click();
  await expect(page.getByTestId('pii-warning')).toContainText(/1 column of \S+ looks like personal data/);
  await page.getByTestId('pii-apply').click();
  await app.waitIdle();
  await expect(page.getByTestId('pii-message')).toContainText('Wrote pseudo2.data');
  await sql(
    app,
    `SELECT o.order_id, p.customer_id, email FROM pseudo2.data o JOIN pseudo1.data p USING (email) ORDER BY order_id`,
  );
  const result = page.getByTestId('sql-result');
  await expect(result).toContainText('3 rows × 3 columns');
  const hashes = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="sql-result"] [role="row"]')].slice(1).map((r) => r.textContent ?? ''),
  );
  expect(hashes.join(' ')).toMatch(/O1.*C01.*[0-9a-f]{32}/);
  await app.shot('pii-3-join-on-hashes');

  // Exports leave personal columns out unless "include personal data" is ticked.
  await sql(app, 'SELECT * FROM people');
  const download = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('customer_id,age,city');
  expect(csv).not.toContain('example.com');
  await expect(page.getByText('Left out as personal data: full_name, email, phone, card')).toBeVisible();
  await page.getByTestId('sql-include-personal').check();
  const all = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Export CSV' }).click();
  expect(readFileSync((await (await all).path())!, 'utf8').split('\n')[0]).toBe(
    'customer_id,full_name,email,phone,card,age,city',
  );

  // k-anonymity of the pseudonymised table over age band and city, k = 2: by hand, the classes are
  // (30-39, Berlin) ×3, (40-49, London) ×2, and three singletons: C03, C05, C08 are at risk.
  await app.tab('Data');
  await app.tableTab('pseudo1.data').click();
  await page.getByText('k-anonymity check').click();
  const quasi = page.getByTestId('kanon-columns');
  await expect(quasi).toBeVisible();
  await quasi.getByRole('button', { name: 'Clear: Quasi-identifiers' }).click();
  await expect(quasi.getByRole('checkbox', { checked: true })).toHaveCount(0);
  await quasi.getByLabel('city', { exact: true }).check();
  await quasi.getByLabel('age', { exact: true }).check();
  await expect(quasi).toContainText('2 of 6 chosen');
  await page.getByTestId('kanon-k').fill('2');
  await page.getByTestId('kanon-run').click();
  await app.waitIdle();
  await expect(page.getByTestId('kanon-result')).toContainText(
    'Smallest group: 1 row · 3 rows (37.5%) in groups smaller than 2',
  );
  await expect(page.getByTestId('kanon-result')).toContainText('not 2-anonymous');
  await quasi.scrollIntoViewIfNeeded();
  await app.shot('pii-4-k-anonymity');
});

plain('runner: pseudonymise two tables and check k-anonymity; the hashes join', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'analyze-pii-'));
  writeFileSync(join(dir, 'people.csv'), PEOPLE);
  writeFileSync(join(dir, 'orders.csv'), ORDERS);
  writeFileSync(
    join(dir, 'recipe.json'),
    JSON.stringify({
      version: 1,
      sources: [
        { name: 'people', file: 'people.csv' },
        { name: 'orders', file: 'orders.csv' },
      ],
      steps: [
        {
          id: 'p1',
          op: 'pseudonymise',
          input: 'people',
          params: {
            hash: ['email'],
            drop: ['full_name'],
            mask: { card: 'keep-last-4' },
            generalise: { age: 'band10' },
          },
        },
        { id: 'p2', op: 'pseudonymise', input: 'orders', params: { hash: ['email'] } },
        { id: 'k1', op: 'k-anonymity', input: 'p1', params: { quasiIdentifiers: ['age', 'city'], k: 2 } },
      ],
    }),
  );
  const res = await new Promise<{ code: number; stderr: string }>((done) =>
    execFile(
      'node',
      ['scripts/analyze.mjs', join(dir, 'recipe.json'), '--out', join(dir, 'out')],
      { timeout: 170_000 },
      (err, _o, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    ),
  );
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);
  expect(report.steps.p1.summary.treated).toEqual([
    { column: 'full_name', action: 'drop' },
    { column: 'email', action: 'hash' },
    { column: 'card', action: 'mask:keep-last-4' },
    { column: 'age', action: 'generalise:band10' },
  ]);
  expect(report.steps.k1.summary).toMatchObject({
    k: 2,
    minClassSize: 1,
    classes: 5,
    classesAtRisk: 3,
    rowsAtRisk: 3,
    shareAtRisk: 0.375,
    rows: 8,
  });
  // The secret is not in the report.
  expect(JSON.stringify(report)).not.toMatch(/secret"?\s*:\s*"[0-9a-f]{64}/);

  const rows = (file: string) => {
    const [head, ...lines] = readFileSync(join(dir, 'out', file), 'utf8')
      .trim()
      .split('\n');
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [head!.split(',')[i]!, v])));
  };
  const people = rows('p1.data.csv');
  const orders = rows('p2.data.csv');
  expect(Object.keys(people[0]!)).toEqual(['customer_id', 'email', 'phone', 'card', 'age', 'city']);
  for (const r of [...people, ...orders]) expect(r.email).toMatch(HEX32);
  const emma = people.find((p) => p.customer_id === 'C01')!.email;
  expect(orders.filter((o) => o.email === emma).map((o) => o.order_id)).toEqual(['O1', 'O2']);
  expect(rows('k1.classes.csv').map((c) => `${c.age} ${c.city} ${c.size}`)).toEqual([
    '20-29 Madrid 1',
    '40-49 Madrid 1',
    '50-59 London 1',
  ]);
});
