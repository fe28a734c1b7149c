/**
 * Undo and redo of recipe edits (buttons and Ctrl+Z / Ctrl+Shift+Z): an undone edit shows its
 * step as stale until re-run; undone steps lose their tables; redone steps come back as "not run
 * yet" with a Run button. Loaded data is never undone.
 */
import { test, expect } from './fixtures';
import { AppPage, editorValue } from './pages/app';

test('undo and redo walk the recipe history; stale and not-yet-run steps can be run from the stage line', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open('?recipe=/samples/demo.recipe.json&run=1');
  await expect(page.locator('body[data-report]')).toHaveAttribute('data-report', 'ok', { timeout: 170_000 });
  const undo = page.getByTestId('undo');
  const redo = page.getByTestId('redo');
  const json = page.getByTestId('recipe-json');
  await expect(undo).toBeEnabled();
  await expect(redo).toBeDisabled();

  // An edit: 20 epochs instead of 60, run as a whole.
  await app.tab('Recipe & report');
  await json.fill((await editorValue(json)).replace('"epochs": 60', '"epochs": 20'));
  await page.getByTestId('run-recipe').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect.poll(() => editorValue(json)).toMatch(/"epochs": 20/);
  await app.shot('recipe-json-editor');
  await expect(undo).toHaveAttribute('title', /edit churn1/);

  // Undo: the recipe says 60 again, and churn1 (which ran with 20) is stale until re-run.
  await undo.click();
  await expect.poll(() => editorValue(json)).toMatch(/"epochs": 60/);
  await expect(redo).toHaveAttribute('title', /edit churn1/);
  await expect(page.getByTestId('stage-train')).toContainText('stale');
  await app.tab('Model');
  await expect(page.getByTestId('stage-status')).toContainText('Stale after an upstream change: churn1.');
  await page.getByTestId('rerun-stale').click();
  await app.waitIdle();
  await expect(page.getByTestId('stage-train')).not.toContainText('stale');
  await expect(page.getByTestId('stage-status')).toContainText('Done: churn1.');

  // Ctrl+Z again: back to before the deep link's steps; their tables go, the loaded data stays.
  await page.locator('body').press('Control+z');
  await expect(page.getByTestId('stage-status')).not.toContainText('churn1');
  await app.tab('Recipe & report');
  await expect.poll(() => editorValue(json)).toMatch(/"steps": \[\]/);
  await expect.poll(() => editorValue(json)).toMatch(/"events"/);
  const tables = await page.evaluate(async () => {
    const w = window as unknown as { __custodian: { exportCsv(ref: string): Promise<string> } };
    return Promise.all(
      ['events', 'rfm1.rfm'].map((ref) =>
        w.__custodian.exportCsv(ref).then(
          () => 'there',
          () => 'gone',
        ),
      ),
    );
  });
  expect(tables).toEqual(['there', 'gone']);
  await expect(undo).toBeDisabled();

  // Ctrl+Shift+Z: the steps are back, not run yet; one click runs them.
  await page.locator('body').press('Control+Shift+Z');
  await expect.poll(() => editorValue(json)).toMatch(/"id": "churn1"/);
  await app.tab('Model');
  await expect(page.getByTestId('stage-status')).toContainText('Not run yet: churn1.');
  await page.getByTestId('run-pending').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('stage-status')).toContainText('Done: churn1.');
  await expect(page.getByTestId('auc')).toBeVisible();
});
