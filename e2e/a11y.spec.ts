/**
 * Accessibility: axe-core scans every view once it has results (WCAG 2 A/AA rules), in the light
 * and the dark theme; no serious or critical violation is allowed.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AppPage, type View } from './pages/app';

async function serious(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

test('every stage view passes an axe-core scan in both themes', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?recipe=/samples/features.recipe.json&run=1');
  await expect(page.locator('body[data-report]')).toHaveAttribute('data-report', 'ok', { timeout: 170_000 });
  const views: View[] = [
    'Data',
    'SQL',
    'Explore',
    'RFM',
    'Lifetime value',
    'Customer',
    'Features',
    'Bundles',
    'Segments',
    'Recommend',
    'Model',
    'Compare recommenders',
    'Fairness',
    'Apply',
    'Monitor',
    'Recipe & report',
    'Privacy',
  ];
  const found: Record<string, string[]> = {};
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    for (const view of views) {
      await app.tab(view);
      await app.waitIdle();
      const v = await serious(page);
      if (v.length) found[`${theme} ${view}`] = v;
    }
  }
  await app.tab('Features');
  await app.shot('50-features-dark');
  expect(found).toEqual({});
});
