/** The data workspace through the UI: roles, profile, cleaning with preview and undo, SQL console. */
import { test, expect } from './fixtures';
import { AppPage, editorValue } from './pages/app';

test.beforeEach(async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await app.waitIdle();
  await app.tableTab('events').click();
});

test('roles are guessed, confirmed into the recipe, and used as defaults', async ({ page }) => {
  const app = new AppPage(page);
  await app.view('Columns & roles').click();
  await expect(page.getByLabel('Role of customer_id')).toHaveValue('customer');
  await expect(page.getByLabel('Role of ts')).toHaveValue('time');
  await expect(page.getByLabel('Role of event_type')).toHaveValue('event');
  await page.getByLabel('Role of review_text').selectOption('text');
  await page.getByTestId('confirm-roles').click();
  await app.shot('6-columns-roles');
  await app.tab('Recipe & report');
  const recipe = JSON.parse(await editorValue(page.getByTestId('recipe-json')));
  expect(recipe.roles.events).toMatchObject({ customer_id: 'customer', ts: 'time', review_text: 'text' });
});

test('profile shows every column with its statistics, charts and correlations', async ({ page }) => {
  const app = new AppPage(page);
  await app.view('Profile').click();
  await page.getByTestId('run-profile').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('profile-summary')).toContainText(/[\d,]+ rows · 12 columns/);
  const cards = page.getByTestId('profile-cards').locator('article');
  await expect(cards).toHaveCount(12);
  await expect(cards.filter({ hasText: 'price' }).first().locator('svg[viewBox]')).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Correlation matrix' }).locator('svg[viewBox]').last()).toBeVisible();
  await app.shot('7-profile');
});

test('cleaning steps preview, apply as new tables, and undo', async ({ page }) => {
  const app = new AppPage(page);
  await app.view('Clean').click();
  await page.getByTestId('clean-where').fill(`event_type = 'purchase'`);
  await page.getByTestId('clean-preview').click();
  const preview = page.getByTestId('clean-preview-result');
  await expect(preview).toContainText(/79,563 rows → [\d,]+ rows/);
  const kept = Number((await preview.textContent())!.match(/→ ([\d,]+) rows/)![1]!.replace(/,/g, ''));
  await page.getByTestId('clean-apply').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('table-summary')).toContainText(`filter1.data: ${kept.toLocaleString('en')} rows`);

  // The next step reads the filtered table: a derived column.
  await app.view('Clean').click();
  await page.getByTestId('clean-op').selectOption('derive');
  await page.getByTestId('clean-column').fill('line_total');
  await page.getByTestId('clean-expression').fill('"quantity" * "price"');
  await page.getByTestId('clean-apply').click();
  await app.waitIdle();
  await expect(page.getByTestId('table-summary')).toContainText(
    `derive1.data: ${kept.toLocaleString('en')} rows × 13 columns`,
  );
  await app.view('Clean').click();
  await expect(page.getByTestId('clean-steps').locator('li')).toHaveCount(2);
  await app.shot('8-clean');

  // Undo: the filter is used by the derive step, so it must wait; the derive goes first.
  await page.getByRole('button', { name: 'Undo filter1' }).click();
  await expect(app.error()).toContainText("Step 'filter1' is used by 'derive1'");
  await page.getByRole('button', { name: 'Undo derive1' }).click();
  await expect(app.tableTab('derive1.data')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo filter1' }).click();
  await expect(app.tableTab('filter1.data')).toHaveCount(0);
  await expect(app.tableTab('events')).toContainText('79,563');

  // A bad predicate is explained and changes nothing.
  await app.tableTab('events').click();
  await app.view('Clean').click();
  await page.getByTestId('clean-op').selectOption('filter');
  await page.getByTestId('clean-where').fill('no_such_column > 1');
  await page.getByTestId('clean-apply').click();
  await app.waitIdle();
  await expect(app.error()).toContainText(/step 'filter1', field 'where': .*no_such_column/);
  await expect(app.tables()).toHaveCount(2);
});

test('SQL console: query, error inline, save as table, export', async ({ page }) => {
  const app = new AppPage(page);
  await app.tab('SQL');
  const sql = page.getByTestId('sql-input');
  await sql.fill(`SELECT event_type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC`);
  await page.getByTestId('sql-run').click();
  const result = page.getByTestId('sql-result');
  await expect(result).toContainText('4 rows × 2 columns');
  await expect(result.getByRole('row').nth(1)).toContainText('view');
  await app.shot('9-sql');

  await sql.fill('SELECT nope FROM events');
  await sql.press('Control+Enter');
  await expect(page.getByTestId('sql-error')).toContainText('nope');
  // The code editor marks the error where DuckDB points, and completes tables and their columns.
  await expect(page.locator('.cm-lintRange-error')).toHaveText('nope');
  await sql.fill('');
  await sql.pressSequentially('SELECT * FROM eve');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('events');
  await sql.press('Escape');
  await sql.pressSequentially('nts WHERE events.am');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('amount');
  await app.shot('9-sql-completion');

  await sql.fill(`SELECT customer_id, sum(amount) AS spend FROM events GROUP BY ALL`);
  await page.getByTestId('sql-run').click();
  await expect(result).toContainText('× 2 columns');
  const download = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toBe('query.csv');
  const parquet = page.waitForEvent('download');
  await result.getByRole('button', { name: 'Export Parquet' }).click();
  expect((await parquet).suggestedFilename()).toBe('query.parquet');
  await page.getByTestId('sql-save-name').fill('spend');
  await page.getByTestId('sql-save').click();
  await app.waitIdle();
  await app.tab('Data');
  await expect(app.tableTab('spend.data')).toBeVisible();
});

test('every cleaning op previews, applies and undoes through the UI', async ({ page }) => {
  const app = new AppPage(page);
  await app.addFile('dates.csv', 'day,amount\n03/02/2025, 1 \n17/02/2025,2\n,3\n');
  type Fill = (p: typeof page) => Promise<void>;
  const tick = (p: typeof page, column: string) =>
    p.getByTestId('clean-columns').getByLabel(column, { exact: true }).check();
  const cases: Array<[table: string, op: string, fill: Fill]> = [
    ['events', 'dedupe', async () => {}],
    ['events', 'drop-missing', (p) => tick(p, 'amount')],
    [
      'events',
      'impute',
      async (p) => {
        await p.getByTestId('clean-column').selectOption('rating');
        await p.getByTestId('clean-method').selectOption('median');
      },
    ],
    ['events', 'outliers', (p) => tick(p, 'price')],
    [
      'events',
      'cast',
      async (p) => {
        await p.getByTestId('clean-column').selectOption('rating');
        await p.getByTestId('clean-type').selectOption('DOUBLE');
      },
    ],
    [
      'events',
      'trim',
      async (p) => {
        await tick(p, 'review_text');
        await p.getByTestId('clean-case').selectOption('lower');
        // The ticked column reaches the step: the preview counts the values it would change there.
        await p.getByTestId('clean-preview').click();
        await expect(p.getByTestId('clean-preview-result').locator('code')).toHaveText(['review_text']);
      },
    ],
    [
      'dates',
      'parse-date',
      async (p) => {
        await p.getByTestId('clean-column').selectOption('day');
        await p.getByTestId('clean-format').fill('%d/%m/%Y');
      },
    ],
  ];
  for (const [table, op, fill] of cases) {
    await app.tableTab(table).click();
    await app.view('Clean').click();
    await page.getByTestId('clean-op').selectOption(op);
    await fill(page);
    await page.getByTestId('clean-preview').click();
    await expect(page.getByTestId('clean-preview-result'), op).toContainText('rows →');
    await page.getByTestId('clean-apply').click();
    await app.waitIdle();
    await expect(app.error(), op).toHaveCount(0);
    const id = `${op.replace('-', '_')}1`;
    await expect(app.tableTab(`${id}.data`), op).toBeVisible();
    await app.view('Clean').click();
    await page.getByRole('button', { name: `Undo ${id}` }).click();
    await expect(app.tableTab(`${id}.data`), op).toHaveCount(0);
  }
});

test('a long SQL query can be cancelled, and the console stays usable', async ({ page }) => {
  const app = new AppPage(page);
  await app.tab('SQL');
  const sql = page.getByTestId('sql-input');
  await sql.fill('SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b');
  await page.getByTestId('sql-run').click();
  await page.getByTestId('sql-cancel').click();
  await expect(page.getByTestId('sql-error')).toContainText(/interrupt|cancel/i, { timeout: 30_000 });
  await sql.fill('SELECT 42 AS answer');
  await page.getByTestId('sql-run').click();
  await expect(page.getByTestId('sql-result')).toContainText('1 rows × 1 columns');
});
