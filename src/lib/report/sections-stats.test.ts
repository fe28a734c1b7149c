import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { NodeDuckDB } from '../data/node-duckdb';
import { runRecipe } from '../recipe/engine';
import type { Recipe } from '../recipe/schema';
import { gatherReportData } from './gather';
import { reportHtml } from './html';

const sample = (name: string) => new Blob([readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url))]);
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

async function html(recipe: Recipe, files: Record<string, Blob>): Promise<string> {
  const report = await runRecipe(recipe, { db, files });
  expect(report.error).toBeUndefined();
  const data = await gatherReportData(db, {
    recipe: report.recipe as Recipe,
    report,
    audit: null,
    generatedAt: 'now',
    app: { name: 'custodian', version: '0' },
  });
  return textOf(reportHtml(data));
}

describe('statistics sections of the report', () => {
  it('the experiment readout: arms, lift, SRM and the multiplicity note', async () => {
    const text = await html(
      {
        version: 1,
        sources: [{ name: 'experiment', file: 'experiment.csv' }],
        steps: [
          {
            id: 'test',
            op: 'ab-test',
            input: 'experiment',
            params: { unit: 'user_id', variant: 'variant', control: 'control', metric: 'converted' },
          },
        ],
      },
      { experiment: sample('experiment.csv') },
    );
    expect(text).toContain('test: converted by arm');
    expect(text).toMatch(/Sample sizes match the planned split \(sample-ratio chi-square p = 0\.192\)/);
    // Control 9.78 % of 4,079; B 11.81 % (+20.7 %), as the scipy reference has them.
    expect(text).toMatch(/control \(control\) 4,079 9\.8%/);
    expect(text).toMatch(/B 3,954 11\.8% [\d.]+% – [\d.]+% \+20\.7%/);
    expect(text).toContain('No multiplicity correction');
    expect(text).toContain('No segment comparison (compare-segments) ran in this analysis.');
  });

  it('the segment comparison: the sentence, the ranked features with d / V, p and q', async () => {
    const text = await html(
      {
        version: 1,
        sources: [{ name: 'customers', file: 'customers.csv' }],
        steps: [
          {
            id: 'contrast',
            op: 'compare-segments',
            input: 'customers',
            params: { entity: 'customer_id', group: 'churned', a: '1' },
          },
        ],
      },
      { customers: sample('customers.csv') },
    );
    expect(text).toContain('contrast: churned = 1 vs churned ≠ 1');
    expect(text).toContain('4 features compared, 2 with q &lt; 0.05');
    // The scipy reference: planted_segment first (V = 0.353, window_browser 52.0 % vs 21.3 %), then age (d = −0.511).
    expect(text).toMatch(/planted_segment category window_browser 52\.0% 21\.3% \+30\.7% V = 0\.353/);
    expect(text).toMatch(/age number 36\.319 42\.528 -6\.209 d = -0\.511/);
    expect(text).toContain('No experiment readout (ab-test) ran in this analysis (Test stage).');
  });
});
