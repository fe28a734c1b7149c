import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runRecipe } from '../../recipe/engine';
import { cdnowCsv, sharedFile } from '../../../test-support/shared-data';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const sample = sharedFile('cdnow/CDNOW_sample.txt');
describe.runIf(sample)('clv op on the CDNOW 1/10 sample (Fader, Hardie & Lee 2005)', () => {
  it('fits the published BG/NBD and Gamma-Gamma parameters within 1% and predicts the holdout', async () => {
    const csv = cdnowCsv(sample!);
    const r = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'cdnow', file: 'cdnow.csv' }],
        steps: [
          {
            id: 'v',
            op: 'clv',
            input: 'cdnow',
            params: {
              customer: 'customer',
              time: 'day',
              amount: 'dollars',
              calibrationEnd: '1997-09-30',
              unit: 'week',
              horizon: 39,
            },
          },
        ],
      },
      { db, files: { cdnow: new Blob([csv]) } },
    );
    expect(r.error).toBeUndefined();
    const s = r.steps.v!.summary as Record<string, Record<string, number>> & {
      customers: number;
      repeatCustomers: number;
    };
    expect(s.customers).toBe(2357);
    expect(s.repeatCustomers).toBe(946);
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [k, v] of Object.entries(published)) expect(Math.abs(s.bgnbd![k]! / v - 1), k).toBeLessThan(0.01);
    const gg = { p: 6.25, q: 3.74, v: 15.44 };
    for (const [k, v] of Object.entries(gg)) expect(Math.abs(s.gammaGamma![k]! / v - 1), k).toBeLessThan(0.01);

    // The paper's worked example is customer 00004: x = 2, t_x = 30.43, T = 38.86 → 1.226 purchases in 39 weeks.
    // (DuckDB keeps the ids' leading zeros: the column is read as text.)
    const row = (await db.query(`SELECT * FROM v.clv WHERE customer = '00004'`)).rows[0]!;
    expect(row.frequency).toBe(2);
    expect(Number(row.recency)).toBeCloseTo(30.43, 2);
    expect(Number(row.T)).toBeCloseTo(38.86, 2);
    expect(Number(row.expected_purchases)).toBeCloseTo(1.226, 2);
    expect(Number(row.p_alive)).toBeGreaterThan(0);
    expect(Number(row.p_alive)).toBeLessThanOrEqual(1);

    // Holdout (weeks 40–78): predicted and actual repeat purchases of the cohort.
    const holdout = s.holdout as unknown as { predicted: number; actual: number; length: number };
    expect(holdout.length).toBeCloseTo(39, 0);
    expect(Math.abs(holdout.predicted / holdout.actual - 1)).toBeLessThan(0.15);
  });
});

describe('clv op', () => {
  it('explains data too thin to fit', async () => {
    const csv = 'c,d,v\nA,2025-01-01,10\nB,2025-01-02,5\n';
    const r = await runRecipe(
      {
        version: 1,
        sources: [{ name: 't', file: 't.csv' }],
        steps: [{ id: 'v2', op: 'clv', input: 't', params: { customer: 'c', time: 'd', amount: 'v' } }],
      },
      { db, files: { t: new Blob([csv]) } },
    );
    expect(r.error).toBe(
      "step 'v2', field 'customer': only 2 customers have purchases in the calibration period; at least 10 are needed",
    );
  });

  it('refuses a calibration end after the last purchase, naming the last day', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `C${i % 12},2025-0${1 + (i % 4)}-1${i % 9},${5 + i}`);
    const r = await runRecipe(
      {
        version: 2,
        sources: [{ name: 't', file: 't.csv' }],
        steps: [
          {
            id: 'v',
            op: 'clv',
            input: 't',
            params: { customer: 'c', time: 'd', amount: 'v', calibrationEnd: '2025-09-30' },
          },
        ],
      },
      { db, files: { t: new Blob([`c,d,v\n${lines.join('\n')}\n`]) } },
    );
    expect(r.error).toBe(
      "step 'v', field 'calibrationEnd': 2025-09-30 is after the last purchase in the data (2025-04-18): the days " +
        'between would count as days without purchases; set it on or before 2025-04-18, or leave it out to use the last day',
    );
  });
});
