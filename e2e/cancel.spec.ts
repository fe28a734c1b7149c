/**
 * Cancel stops neural training: the GRU next-item model on the sample shop, cancelled after its
 * first epoch, ends as a neutral "cancelled" (a notice, the stage line and the panel; no error)
 * within 10 s, and the next training run in the same tab succeeds.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';

test('a GRU training cancelled mid-run shows a neutral "cancelled" quickly, and a new run then succeeds', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const app = new AppPage(page);
  await app.open();
  await app.loadSamples();
  await app.tab('Recommend');
  await page.getByRole('tablist', { name: 'Recommendation steps' }).getByRole('tab', { name: 'Neural models' }).click();
  await page.getByTestId('neural-kind').selectOption('train-sequence');
  await page.getByTestId('neural-input').selectOption('events');
  await page.getByTestId('neural-epochs').fill('200');
  await page.getByTestId('run-neural').click();
  await expect(page.getByTestId('progress')).toContainText(/GRU: epoch \d+ of 200/, { timeout: 120_000 });

  const clicked = Date.now();
  await page.getByTestId('cancel').click();
  const notice = page.getByTestId('notices').locator('[data-kind="cancelled"]');
  await expect(notice).toHaveText(/^Cancelled: next_item/, { timeout: 10_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 10_000 });
  expect(Date.now() - clicked).toBeLessThan(10_000);
  // Neutral: no error line, nothing in the error colour, and the stage shows no failure mark.
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('stage-cancelled')).toContainText('Cancelled: next_item');
  const note = page.getByTestId('step-cancelled');
  await expect(note).toContainText(/^next_item\d*: cancelled/);
  const colours = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--bad)';
    document.body.append(probe);
    const bad = getComputedStyle(probe).color;
    probe.remove();
    const of = (id: string) => getComputedStyle(document.querySelector(`[data-testid="${id}"]`)!).color;
    return { bad, note: of('step-cancelled'), stage: of('stage-cancelled') };
  });
  expect(colours.note).not.toBe(colours.bad);
  expect(colours.stage).not.toBe(colours.bad);
  await expect(notice).not.toHaveClass(/\bbad\b/);
  await expect(page.getByTestId('stage-train').locator('.mark.failed')).toHaveCount(0);
  await app.shot('65-neural-cancelled');

  // The training worker takes the next job: a short run to the end.
  await page.getByTestId('neural-epochs').fill('2');
  await page.getByTestId('run-neural').click();
  await app.waitIdle();
  await expect(app.error()).toHaveCount(0);
  await expect(page.getByTestId('neural-verdict')).toContainText('NDCG@10');
  await expect(note).toHaveCount(0);
  await expect(page.getByTestId('stage-cancelled')).toHaveCount(0);
});
