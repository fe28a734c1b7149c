import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

test('a same-origin deep link loads and runs a recipe', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?recipe=/samples/demo.recipe.json&run=1');
  await expect(page.locator('body')).toHaveAttribute('data-report', 'ok', { timeout: 170_000 });
  await expect(page.getByTestId('auc')).toHaveText(/0\.\d{3}/);
  await app.tab('Recipe & report');
  await expect(page.getByTestId('report-steps').getByRole('row')).toHaveCount(5); // header + 2 sources + 2 steps
});

test('a deep link to another origin is refused without any request to it', async ({ page, egress }) => {
  const app = new AppPage(page);
  await app.open('?recipe=https://example.com/steal.recipe.json&run=1');
  await expect(app.error()).toContainText("must point to this app's own origin");
  expect(egress.requests.map((u) => new URL(u).hostname)).not.toContain('example.com');
});
