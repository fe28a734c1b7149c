import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runOp } from '../../../test-support/run-op';
import { runRecipe } from '../../recipe/engine';
import { SHARED_DATA, sharedFile } from '../../../test-support/shared-data';
import reference from '../../stats/fixtures/reference.json';
import { compareSegmentsOp } from '.';
import { readComparison, type Comparison } from './read';

const customers = fileURLToPath(new URL('../../../../public/samples/customers.csv', import.meta.url));
const telco = sharedFile('churn/Telco-Customer-Churn.csv');

/** |actual − expected| ≤ 1e-6 · max(1, |expected|). */
function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) return void expect(actual, what).toBeNull();
  const err = Math.abs(actual! - expected) / Math.max(1, Math.abs(expected));
  if (!(err <= 1e-6)) expect.fail(`${what}: ${actual} vs ${expected} (error ${err})`);
}

type Expected = Array<{ feature: string; kind: string; level: string | null } & Record<string, unknown>>;
function matches(rows: Comparison[], expected: Expected): void {
  expect(rows.map((r) => [r.feature, r.kind, r.level])).toEqual(expected.map((e) => [e.feature, e.kind, e.level]));
  rows.forEach((r, i) => {
    for (const k of ['a', 'b', 'difference', 'effect', 'p', 'q', 'strength'] as const)
      close(r[k], expected[i]![k] as number | null, `${r.feature}.${k}`);
  });
}

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create({ allow: [dirname(customers), SHARED_DATA] });
  await db.exec(`CREATE TABLE customers AS SELECT * FROM read_csv('${customers}', header = true)`);
});
afterAll(() => db.close());

describe('compare-segments against scipy', () => {
  it('churned vs everyone else on the sample customers: default features, Welch / chi-square, d / V, BH q', async () => {
    const r = await runOp(db, compareSegmentsOp, 'cmp1', 'customers', {
      entity: 'customer_id',
      group: 'churned',
      a: '1',
    });
    matches(await readComparison(db, 'cmp1'), reference.compareCustomers);
    // PLANTED.md §4: churn is drawn from segment and age only, so those two are significant and city and gender not.
    expect(r.summary).toMatchObject({ features: 4, significant: 2, aLabel: 'churned = 1', bLabel: 'churned ≠ 1' });
    expect(r.summary.skipped).toEqual([{ feature: 'signup_date', reason: 'DATE' }]);
    expect(String(r.summary.sentence)).toBe(
      'churned = 1: 52.0 % have planted_segment = window_browser vs 21.3 % for churned ≠ 1, V = 0.35.',
    );
  });

  it('b named: the same as everyone else when the group has two values; features as given', async () => {
    await runOp(db, compareSegmentsOp, 'cmp2', 'customers', {
      entity: 'customer_id',
      group: 'churned',
      a: '1',
      b: '0',
      features: ['age', 'gender', 'city', 'planted_segment'],
    });
    matches(await readComparison(db, 'cmp2'), reference.compareCustomers);
  });

  it('names what is wrong', async () => {
    const run = (p: Record<string, unknown>) =>
      runOp(db, compareSegmentsOp, 'cmpx', 'customers', { entity: 'customer_id', group: 'churned', a: '1', ...p });
    await expect(run({ b: '1' })).rejects.toThrow(/field 'b': '1' is group a too/);
    await expect(run({ a: 'yes' })).rejects.toThrow(/field 'a': 'yes' is not a value of 'churned' \(values: 0, 1\)/);
    await expect(run({ entity: 'city' })).rejects.toThrow(
      /field 'entity': \d+ rows repeat an 'city': .*one row per entity/,
    );
    await expect(run({ features: ['signup_date'] })).rejects.toThrow(/field 'features': 'signup_date' is DATE/);
    await expect(run({ features: ['customer_id'] })).rejects.toThrow(/'customer_id' has 2000 levels \(more than 20\)/);
  });
});

describe.runIf(telco)('compare-segments on IBM Telco churn (real data)', () => {
  it('churned vs retained customers equal scipy; month-to-month contracts and short tenure lead', async () => {
    // Loaded as the app loads a file (the load op's type detection), then compared.
    const report = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'telco', file: 'Telco-Customer-Churn.csv' }],
        steps: [
          {
            id: 'cmp3',
            op: 'compare-segments',
            input: 'telco',
            params: { entity: 'customerID', group: 'Churn', a: 'true' },
          },
        ],
      },
      { db, files: { telco: new Blob([readFileSync(telco!)]) } },
    );
    expect(report.error).toBeUndefined();
    const r = { summary: report.steps.cmp3!.summary! };
    const rows = await readComparison(db, 'cmp3');
    matches(rows, reference.compareTelco as Expected);
    expect(rows[0]).toMatchObject({ feature: 'Contract', level: 'Month-to-month' });
    expect(rows[1]!.feature).toBe('tenure');
    expect(rows[1]!.effect!).toBeLessThan(-0.8);
    expect(r.summary.skipped).toEqual([{ feature: 'TotalCharges', reason: '6531 levels (more than 20)' }]);
  });
});

const retail = sharedFile('retail/online_retail.csv');
describe.runIf(retail)('compare-segments of RFM segments on Online Retail (real data)', () => {
  it('Champions vs everyone else: recent, frequent, big spenders, by the segment rules', async () => {
    const report = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'retail', file: 'online_retail.csv' }],
        steps: [
          {
            id: 'rr',
            op: 'rfm',
            input: 'retail',
            params: {
              customer: 'CustomerID',
              time: 'InvoiceDate',
              quantity: 'Quantity',
              price: 'UnitPrice',
              basket: 'InvoiceNo',
            },
          },
          {
            id: 'champ',
            op: 'compare-segments',
            input: 'rr',
            params: { entity: 'customer', group: 'segment', a: 'Champions' },
          },
        ],
      },
      { db, files: { retail: new Blob([readFileSync(retail!)]) } },
    );
    expect(report.error).toBeUndefined();
    const rows = new Map((await readComparison(db, 'champ')).map((r) => [r.feature, r]));
    const direct = (
      await db.query(
        `SELECT avg(recency_days) FILTER (WHERE segment = 'Champions') AS ra, avg(recency_days) FILTER (WHERE segment <> 'Champions') AS rb,
           count(*) FILTER (WHERE segment = 'Champions') AS na FROM rr.rfm`,
      )
    ).rows[0]!;
    const recency = rows.get('recency_days')!;
    expect(recency.a).toBeCloseTo(Number(direct.ra), 9);
    expect(recency.b).toBeCloseTo(Number(direct.rb), 9);
    expect(recency.n_a).toBe(Number(direct.na));
    // Champions have R score 5 and F score 4–5: far more recent and more frequent than the rest.
    expect(recency.effect!).toBeLessThan(-0.5);
    expect(rows.get('frequency')!.effect!).toBeGreaterThan(0.5);
    expect(rows.get('r_score')!.q!).toBeLessThan(1e-10);
    expect(report.steps.champ!.summary!.sentence).toMatch(/^segment = Champions: /);
  });
});
