import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { runRecipe } from '../recipe/engine';
import type { Recipe } from '../recipe/schema';
import { generateJourneys } from '../../samples/journeys';
import { generateKpi, PLANTED_ANOMALY } from '../../samples/kpi';
import { gatherReportData } from './gather';
import { reportHtml } from './html';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the journeys section of the report', () => {
  it('lists the top planted paths and the drop-off per step', async () => {
    const recipe: Recipe = {
      version: 1,
      sources: [{ name: 'journeys', file: 'journeys.csv' }],
      steps: [
        {
          id: 'j',
          op: 'paths',
          input: 'journeys',
          params: { customer: 'customer_id', time: 'ts', event: 'page', session: 'session_id' },
        },
      ],
    };
    const report = await runRecipe(recipe, { db, files: { journeys: new Blob([generateJourneys()]) } });
    expect(report.error).toBeUndefined();
    const data = await gatherReportData(db, {
      recipe,
      report,
      audit: null,
      generatedAt: 'now',
      app: { name: 'custodian', version: '0' },
    });
    const text = textOf(reportHtml(data));
    const start = text.indexOf('j: journeys in journeys by page');
    expect(start).toBeGreaterThan(0);
    const section = text.slice(start, text.indexOf('Rules', start));
    expect(section).toContain('1,300 journeys (one per session), 8 distinct paths of at most 5 steps');
    expect(section).toContain('home → search → product 310 23.8%');
    // Step 1: 200 of 1,300 saw only the home page; step 2: nobody stops; step 3: 310 + 150 + 60 of 1,100.
    expect(section).toContain('1 1,300 200 15.4%');
    expect(section).toContain('2 1,100 0 0.0%');
    expect(section).toContain('3 1,100 520 47.3%');
  });

  it('lists the planted anomaly with its city in the anomalies section', async () => {
    const recipe: Recipe = {
      version: 1,
      sources: [{ name: 'kpi', file: 'kpi.csv' }],
      steps: [
        {
          id: 'k',
          op: 'anomalies',
          input: 'kpi',
          params: { time: 'ts', metric: 'amount', dimensions: ['city'] },
        },
      ],
    };
    const report = await runRecipe(recipe, { db, files: { kpi: new Blob([generateKpi()]) } });
    expect(report.error).toBeUndefined();
    const data = await gatherReportData(db, {
      recipe,
      report,
      audit: null,
      generatedAt: 'now',
      app: { name: 'custodian', version: '0' },
    });
    const text = textOf(reportHtml(data));
    const start = text.indexOf('k: amount per day in kpi');
    expect(start).toBeGreaterThan(0);
    const section = text.slice(start, text.indexOf('Audit summary', start));
    expect(section).toContain('181 periods from 2025-01-01 to 2025-06-30 (the incomplete 2025-07-01 left out)');
    expect(section).toContain('1 found.');
    expect(section).toMatch(
      new RegExp(
        `${PLANTED_ANOMALY.day} [\\d,.]+ [\\d,.]+ \\+[\\d.]+% [\\d.]+ ${PLANTED_ANOMALY.city} \\(city\\) 10\\d\\.\\d%`,
      ),
    );
  });
});
