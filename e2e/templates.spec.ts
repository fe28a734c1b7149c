/** Each scenario template, end to end on the sample data through the UI (the start page's cards). */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

const CASES = [
  { id: 'ecommerce', view: 'Compare recommenders', check: 'eval-verdict', text: /NDCG@10/ },
  { id: 'similar-items', view: 'Similar items', check: 'answer', text: /also bought/ },
  { id: 'retention', view: 'At-risk customers', check: 'answer', text: /most worth winning back/ },
  { id: 'credit', view: 'Model', check: 'answer', text: /ROC-AUC/ },
] as const;

for (const c of CASES) {
  test(`template: ${c.id} runs on the sample data and lands on its results`, async ({ page }) => {
    const app = new AppPage(page);
    await app.open();
    await page.getByTestId(`template-run-${c.id}`).click();
    await expect(page.getByTestId('progress')).toBeVisible();
    await app.waitIdle();
    await expect(app.error()).toHaveCount(0);
    await expect(
      page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: c.view, exact: true }),
    ).toHaveAttribute('aria-selected', 'true');
    if (c.check) await expect(page.getByTestId(c.check)).toContainText(c.text!);
    // Every stage with steps in this template is done, none stale.
    await expect(page.getByTestId('stage-status')).not.toContainText('Stale');
    await app.shot(`60-template-${c.id}`);
  });
}
