/** The customer profile (画像) on the sample shop: search, attributes, RFM, timeline, spend, categories. */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { SEGMENT_RULES } from '../src/lib/rfm/segments';

const customerTab = (app: AppPage) => ({ click: () => app.tab('Customer') });

async function show(app: AppPage, id: string) {
  await app.page.getByTestId('customer-search').fill(id);
  await app.page.getByTestId('customer-show').click();
}

test.beforeEach(async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await app.waitIdle();
});

test('customer profile: search, attributes, RFM segment, behaviour timeline and favourite categories', async ({
  page,
}) => {
  const app = new AppPage(page);
  await customerTab(app).click();

  // Suggestions come from events and customers as the user types (C00001 has no events, only attributes).
  await page.getByTestId('customer-search').fill('c0000');
  await expect(page.locator('#customer-ids option')).toHaveCount(9);
  await expect(page.locator('#customer-ids option').first()).toHaveAttribute('value', 'C00001');

  // Before RFM: attributes, and a hint to run it.
  await show(app, 'C00001');
  const attributes = page.getByTestId('customer-attributes');
  await expect(attributes.locator('tr', { hasText: 'city' })).toContainText('Berlin');
  await expect(attributes.locator('tr', { hasText: 'age' })).toContainText('40');
  await expect(page.getByTestId('customer-rfm')).toContainText('No RFM yet');
  await expect(page.getByTestId('customer-profile')).toContainText('No rows for C00001 in events');

  // An id that is nowhere (quotes included: the id is a literal, not SQL).
  await show(app, "C0'1; DROP TABLE events; --");
  await expect(page.getByTestId('customer-empty')).toContainText('No customer');
  await expect(app.error()).toHaveCount(0);

  // No items table yet: the categories say where they would come from. Then load it.
  await show(app, 'C00003');
  await expect(page.getByTestId('customer-profile')).toContainText('No categories: load an items table with item_id');
  await app.tab('Data');
  await app.addFile('items.csv', readFileSync('public/samples/items.csv'));
  await expect(app.error()).toHaveCount(0);

  await app.tab('RFM');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await customerTab(app).click();

  // C00001 never bought, so RFM has no row for them; the page says so.
  await show(app, 'C00001');
  await expect(page.getByTestId('customer-rfm')).toContainText('Not scored by rfm1');

  // C00003 (London, 49, a loyal regular): the full profile.
  await show(app, 'C00003');
  await expect(attributes.locator('tr', { hasText: 'city' })).toContainText('London');
  await expect(attributes.locator('tr', { hasText: 'age' })).toContainText('49');
  const rfm = page.getByTestId('customer-rfm');
  await expect(rfm).toContainText(/R [1-5] · F [1-5] · M [1-5]/);
  const segment = (await rfm.locator('.badge').textContent())!.trim();
  expect(SEGMENT_RULES.map((s) => s.segment)).toContain(segment);
  await expect(page.getByTestId('customer-clv')).toContainText('Not fitted yet');
  for (const name of ['Customer event timeline', 'Spend per month', 'Events per category']) {
    await expect(page.getByRole('figure', { name }).locator('svg').last()).toBeVisible();
  }
  await expect(page.getByRole('figure', { name: 'Customer event timeline' }).locator('svg circle')).toHaveCount(113);
  await expect(page.getByTestId('customer-events').locator('tbody tr')).toHaveCount(50);
  await expect(page.getByTestId('customer-events')).toContainText('purchase');
  await page.setViewportSize({ width: 1280, height: 1200 });
  await app.shot('13-customer');
});

test('customer profile: lifetime value and k-means segment once those steps have run', async ({ page }) => {
  const app = new AppPage(page);
  await app.tab('RFM');
  await page.getByTestId('run-rfm').click();
  await app.waitIdle();
  await app.tab('Lifetime value');
  await page.getByTestId('run-clv').click();
  await app.waitIdle();
  await app.tab('Segments');
  await page.getByTestId('run-kmeans').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);

  await customerTab(app).click();
  await show(app, 'C00003');
  await expect(page.getByTestId('customer-clv').locator('tr', { hasText: 'P(alive)' })).toContainText(/\d+\.\d%/);
  await expect(
    page.getByTestId('customer-clv').locator('tr', { hasText: 'expected purchases (52 weeks)' }),
  ).toContainText(/\d+\.\d{2}/);
  await expect(page.getByTestId('customer-segment')).toContainText(/segment \d+ .*(high|low|average)/);
});
