/**
 * The whole sample flow run again and again in one tab: every run succeeds with the key figures
 * of the first (those a reopened project compares). `npm run soak` does the same 50 times and
 * checks that memory stays flat.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app';
import { diffMetrics, keyMetrics } from '../src/lib/report/metrics';
import type { Report } from '../src/lib/recipe/report';
import type { Recipe } from '../src/lib/recipe/schema';

const RECIPE = JSON.parse(readFileSync('public/samples/offline.recipe.json', 'utf8')) as Recipe;
type Hook = {
  __custodian: {
    ready: Promise<void>;
    run(r: Recipe): Promise<Report | undefined>;
    memory(): Promise<{ tensors: number }>;
  };
};

test('the full sample recipe runs three times in one tab with the same key figures', async ({ page }) => {
  test.setTimeout(360_000);
  const app = new AppPage(page);
  await app.open();
  await page.evaluate(() => (window as unknown as Hook).__custodian.ready);
  await page
    .getByTestId('runner-files')
    .setInputFiles(RECIPE.sources.map((s) => join(import.meta.dirname, '../public/samples', s.file)));
  const reports: Report[] = [];
  const tensors: number[] = [];
  for (let run = 1; run <= 3; run++) {
    const report = await page.evaluate((r) => (window as unknown as Hook).__custodian.run(r), RECIPE);
    expect(report?.status, `run ${run}: ${report?.error}`).toBe('ok');
    reports.push(report!);
    tensors.push((await page.evaluate(() => (window as unknown as Hook).__custodian.memory())).tensors);
  }
  // Every step and source has its figures (rows out at least), and none changes from run to run.
  expect(keyMetrics(reports[0]!).length).toBeGreaterThanOrEqual(RECIPE.sources.length + RECIPE.steps.length);
  for (const later of reports.slice(1)) expect(diffMetrics(reports[0]!, later).filter((c) => !c.same)).toEqual([]);
  // A run leaves no tensors behind in the training worker.
  expect(tensors[2]).toBe(tensors[1]);
  // The tables list shows each step's tables once, under the step's id; the run schemas stay hidden.
  await expect(app.tableTab('bundles.rules')).toHaveCount(1);
  await expect(app.tables().filter({ hasText: /^__/ })).toHaveCount(0);
  await expect(app.error()).toHaveCount(0);
});
