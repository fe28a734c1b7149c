/**
 * The feature stage through the headless runner: build → standardise → select → PCA in the
 * browser, then the same transform replayed, unchanged, on a later cut of the data.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyze, readCsv } from './runner';

const csv = (path: string) => readCsv(path).rows;

test('runner: features → transform → select → pca, and the frozen transform replays on new data', async () => {
  const out = mkdtempSync(join(tmpdir(), 'analyze-features-'));
  const res = await analyze('public/samples/features.recipe.json', '--out', out);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.egress.offOrigin).toEqual([]);
  const steps = report.steps;
  expect(steps.features.summary.rows).toBe(2000);
  expect(steps.features.summary.features).toBeGreaterThan(60);
  expect(Object.keys(steps.features.summary.groups).sort()).toEqual(['behaviour', 'preferences', 'profile', 'text']);
  expect(steps.chosen.summary.selected).toHaveLength(20);
  // Recency of activity is the planted churn driver (PLANTED.md §4): it ranks in the top 3.
  expect(steps.chosen.summary.selected.slice(0, 3)).toContain('days_since_last_event');
  const ratio = steps.pcs.summary.explainedVarianceRatio as number[];
  expect(ratio.length).toBe(20);
  for (let i = 1; i < ratio.length; i++) expect(ratio[i]).toBeLessThanOrEqual(ratio[i - 1]!);
  expect(ratio.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 9);
  expect(csv(join(out, 'pcs.scores.csv'))).toHaveLength(2000);
  expect(readFileSync(join(out, 'features.catalog.csv'), 'utf8').split('\n')[0]).toBe(
    'name,group,kind,description,missing_pct,mean,min,max',
  );

  // Replay: features as of 2025-07-01 (half a year earlier), standardised with the full-year fit.
  const fitted = steps.scaled.summary.fitted;
  const recency = fitted.columns.find((c: { name: string }) => c.name === 'recency_days');
  const replay = JSON.parse(readFileSync('public/samples/features.recipe.json', 'utf8'));
  replay.sources = replay.sources.map((s: { file: string }) => ({ ...s, file: resolve('public/samples', s.file) }));
  replay.steps = [
    { ...replay.steps[0], params: { ...replay.steps[0].params, asOf: '2025-07-01' } },
    { ...replay.steps[1], params: { ...replay.steps[1].params, fitted } },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'analyze-replay-'));
  writeFileSync(join(dir, 'recipe.json'), JSON.stringify(replay));
  expect((await analyze(join(dir, 'recipe.json'), '--out', join(dir, 'out'), '--allow-absolute-paths')).code).toBe(0);
  const again = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
  expect(again.steps.scaled.summary.replayed).toBe(true);
  expect(again.steps.scaled.summary.fitted).toEqual(fitted);
  const raw = new Map(csv(join(dir, 'out', 'features.features.csv')).map((r) => [r.customer_id, r.recency_days]));
  const scaled = csv(join(dir, 'out', 'scaled.data.csv'));
  let checked = 0;
  for (const row of scaled) {
    const x = raw.get(row.customer_id);
    // Missing values were filled with the median of the ORIGINAL fit, then scaled with its mean and sd.
    const value = x === '' || x === undefined ? recency.impute : Number(x);
    expect(Number(row.recency_days)).toBeCloseTo((value - recency.mean) / recency.scale, 9);
    checked++;
  }
  expect(checked).toBeGreaterThan(1000);
});
