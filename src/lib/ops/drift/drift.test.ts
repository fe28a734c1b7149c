import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runOp } from '../../../test-support/run-op';
import { driftOp } from './';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  // Reference: x = 0..99, city A/B alternating. Current: x shifted up by 50, cities unchanged, one missing x.
  await db.exec(`CREATE TABLE ref AS SELECT 'c' || range AS customer_id, range::DOUBLE AS x, CASE WHEN range % 2 = 0 THEN 'A' ELSE 'B' END AS city,
    (range % 3 = 0)::INTEGER AS label, (range % 3 = 0)::DOUBLE * 0.6 + (range % 10) / 25.0 AS score FROM range(100)`);
  await db.exec(`CREATE TABLE cur AS SELECT 'd' || range AS customer_id, CASE WHEN range = 0 THEN NULL ELSE range + 50.0 END AS x,
    CASE WHEN range % 2 = 0 THEN 'A' ELSE 'B' END AS city, (range % 3 = 0)::INTEGER AS label, (range % 10) / 10.0 AS score FROM range(100)`);
});
afterAll(() => db.close());

describe('drift op', () => {
  it('bins by reference deciles and computes PSI per feature, with a retrain signal', async () => {
    const result = await runOp(db, driftOp, 'd1', 'cur', { reference: 'ref', features: ['x', 'city'] });
    const psiRows = (await db.query(`SELECT * FROM d1.psi`)).rows;
    // city: identical halves → 0.
    expect(psiRows.find((r) => r.feature === 'city')).toMatchObject({ kind: 'categorical', psi: 0, status: 'stable' });
    // x: reference deciles at 9.9, 19.8, … 89.1 → 10 rows per bin. Current x = 51..149 (+1 missing):
    // bins 0–4 empty, bin 5 (49.5–59.4): 51..59 = 9, bins 6–8: 10 each, bin 9 (≥ 89.1): 90..149 = 60, missing 1.
    const bins = (await db.query(`SELECT * FROM d1.bins WHERE feature = 'x' ORDER BY bin`)).rows;
    expect(bins.map((b) => Math.round(Number(b.current_share) * 100))).toEqual([0, 0, 0, 0, 0, 9, 10, 10, 10, 60, 1]);
    expect(bins[10]).toMatchObject({ label: 'missing', reference_share: 0 });
    const e = [...Array(10).fill(0.1), 0];
    const a = [0, 0, 0, 0, 0, 9, 10, 10, 10, 60, 1].map((v) => v / 100);
    const expected = e.reduce((sum, ei, i) => {
      const [x, y] = [Math.max(1e-4, ei), Math.max(1e-4, a[i]!)];
      return sum + (y - x) * Math.log(y / x);
    }, 0);
    expect(Number(psiRows.find((r) => r.feature === 'x')!.psi)).toBeCloseTo(expected, 10);
    expect(result.summary).toMatchObject({ drifted: ['x'], retrainRecommended: true });
    expect(String(result.summary.advice)).toMatch(/^Retrain recommended: 1 feature shifted significantly: x \(PSI/);
  });

  it('compares AUC on labelled scorings and picks shared columns by default', async () => {
    const result = await runOp(db, driftOp, 'd2', 'cur', { reference: 'ref', label: 'label', score: 'score' });
    // Default features: x and city (customer_id is an id; label and score are the model's).
    expect((result.summary.features as Array<{ feature: string }>).map((f) => f.feature).sort()).toEqual(['city', 'x']);
    const auc = result.summary.auc as { reference: number; current: number };
    expect(auc.reference).toBe(1); // positives score ≥ 0.6, negatives ≤ 0.36 (hand-built)
    expect(auc.current).toBeCloseTo(0.5, 1);
    expect(String(result.summary.advice)).toContain('AUC fell from 1.000');
  });

  it('says which column is missing', async () => {
    await expect(runOp(db, driftOp, 'd3', 'cur', { reference: 'nope' })).rejects.toThrow(/table 'nope' does not exist/);
    await expect(runOp(db, driftOp, 'd4', 'cur', { reference: 'ref', features: ['x', 'zzz'] })).rejects.toThrow(
      /not found in|is not in the reference/,
    );
  });
});

describe('drift op defaults', () => {
  it('leaves out id-like text columns with more than 100 levels', async () => {
    await db.exec(`CREATE TABLE ref2 AS SELECT 'x' || range AS note, range::DOUBLE AS v FROM range(300)`);
    await db.exec(`CREATE TABLE cur2 AS SELECT 'y' || range AS note, range::DOUBLE AS v FROM range(300)`);
    const result = await runOp(db, driftOp, 'd5', 'cur2', { reference: 'ref2' });
    expect((result.summary.features as Array<{ feature: string }>).map((f) => f.feature)).toEqual(['v']);
  });

  it('gives no verdict when no feature can be compared (unrelated tables sharing only an id and a 300-level text)', async () => {
    await db.exec(`CREATE TABLE ref3 AS SELECT 'c' || range AS customer_id, 'x' || range AS region FROM range(300)`);
    await db.exec(
      `CREATE TABLE cur3 AS SELECT 'c' || range AS customer_id, 'y' || range AS region, range AS qty FROM range(300)`,
    );
    await expect(runOp(db, driftOp, 'd6', 'cur3', { reference: 'ref3' })).rejects.toThrow(
      /step 'd6', field 'features': no feature of the new data can be compared with 'ref3'/,
    );
    await expect(db.query('SELECT * FROM d6.psi')).rejects.toThrow();
  });
});
