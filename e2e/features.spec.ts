/** Stage 3, features: build the customer matrix, transform it, select features and project it. */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

test('features: build the customer feature matrix from events, items, profiles and reviews', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.loadSamplesWithItems();
  await app.tab('Features');
  await expect(page.getByTestId('features-input')).toHaveValue('events');
  await expect(page.getByTestId('features-items')).toHaveValue('items');
  await expect(page.getByTestId('features-profile')).toHaveValue('customers');
  await expect(page.getByTestId('features-role-text')).toHaveValue('review_text');
  for (const g of ['behaviour', 'preferences', 'profile', 'text'])
    await expect(page.getByTestId(`features-group-${g}`)).toBeChecked();
  await expect(page.getByTestId('features-group-item')).toBeDisabled();
  await page.getByTestId('run-features').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('features-rows')).toHaveText('2,000');
  expect(Number(await page.getByTestId('features-count').textContent())).toBeGreaterThan(60);
  const catalog = page.getByTestId('catalog-table');
  for (const name of [
    'recency_days',
    'share_fashion',
    'category_entropy',
    'city_上海',
    'sentiment_mean',
    'tfidf_quality',
  ])
    await expect(catalog).toContainText(name);
  // churned is a label and never a feature unless asked for.
  await expect(catalog).not.toContainText('churned');
  await expect(
    page.getByRole('figure', { name: 'Missing values: the most incomplete features' }).locator('svg[viewBox]').last(),
  ).toBeVisible();
  await app.shot('20-features-build');
  await page.getByTestId('catalog-group').selectOption('text');
  await expect(catalog.locator('tbody tr').first()).toContainText('text');
  await page.getByTestId('features-result').scrollIntoViewIfNeeded();
  await app.shot('21-features-catalog');

  // Transform: standardise every numeric feature, then freeze the fitted means and sds.
  await page.getByRole('tab', { name: 'Transform' }).click();
  await expect(page.getByTestId('transform-input')).toHaveValue('features1.features');
  await page.getByTestId('transform-impute').selectOption('median');
  await page.getByTestId('run-transform').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  const fitted = page.getByTestId('transform-fitted');
  await expect(fitted).toContainText('recency_days');
  await expect(fitted).toContainText(/mean [\d.]+, scale [\d.]+/);
  await page.getByTestId('transform-freeze').click();
  await app.waitIdle();
  await expect(page.getByTestId('transform-frozen')).toBeVisible();
  await expect(page.getByTestId('run-transform')).toHaveText('Re-apply frozen transform');
  await app.shot('22-features-transform');

  // Select: rank against churn (joined from customers), then overrule one feature.
  await page.getByRole('tab', { name: 'Select' }).click();
  await expect(page.getByTestId('select-input')).toHaveValue('transform1.data');
  await expect(page.getByTestId('select-label-table')).toHaveValue('customers');
  await expect(page.getByTestId('select-label')).toHaveValue('churned');
  await page.getByTestId('run-select').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  // The planted churn driver, recency of activity, tops the ranking.
  await expect(page.getByTestId('select-table').locator('tbody tr').first()).toContainText(
    /days_since_last_event|recency_days|tenure_days|active_days/,
  );
  await expect(
    page.getByRole('figure', { name: 'Feature ranking against the label' }).locator('svg[viewBox]').last(),
  ).toBeVisible();
  const kept = Number(await page.getByTestId('select-kept').textContent());
  const dropped = page.getByTestId('select-table').locator('tbody tr.dropped').first();
  const feature = (await dropped.locator('code').textContent())!;
  await dropped.getByRole('combobox').selectOption('keep');
  await page.getByTestId('select-apply').click();
  await app.waitIdle();
  await expect(page.getByTestId('select-kept')).toHaveText(String(kept + 1));
  const row = page
    .getByTestId('select-table')
    .locator('tr')
    .filter({ has: page.locator('code', { hasText: new RegExp(`^${feature}$`) }) });
  await expect(row).toContainText('kept by you');
  await app.shot('23-features-select');

  // PCA of the selected features, coloured by the planted segment.
  await page.getByRole('tab', { name: 'Project (PCA)' }).click();
  await expect(page.getByTestId('pca-input')).toHaveValue('select1.data');
  await page.getByTestId('pca-colour').selectOption('customers::planted_segment');
  await page.getByTestId('run-pca').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('pca-pc1')).toHaveText(/\d+(\.\d)?%/);
  for (const name of [
    'Explained variance by component',
    'Customers on the first two components',
    'Loadings: what each component is made of',
  ]) {
    await expect(page.getByRole('figure', { name }).locator('svg[viewBox]').last()).toBeVisible();
  }
  await app.shot('24-features-pca');
});
