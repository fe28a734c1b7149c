import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runOp } from '../../../test-support/run-op';
import { fairnessOp } from './';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  // The hand-checked case of src/lib/ml/fairness.test.ts, as a predictions table, plus one train row that must be ignored.
  await db.exec(`CREATE TABLE predictions AS SELECT * FROM (VALUES
    ('c1', 1, 0.9, 'test'), ('c2', 1, 0.4, 'test'), ('c3', 0, 0.6, 'test'), ('c4', 0, 0.1, 'test'),
    ('c5', 1, 0.8, 'test'), ('c6', 0, 0.2, 'test'), ('c7', 0, 0.99, 'train')) AS t(customer_id, label, score, split)`);
  await db.exec(
    `CREATE TABLE people AS SELECT * FROM (VALUES ('c1', 'a', 20), ('c2', 'a', 30), ('c3', 'a', 40), ('c4', 'a', 50), ('c5', 'b', 60), ('c6', 'b', 70), ('c7', 'b', 80)) AS t(customer_id, sex, age)`,
  );
});
afterAll(() => db.close());

describe('fairness op', () => {
  it('joins the attribute, keeps the test split, and reports the group measures', async () => {
    const r = await runOp(db, fairnessOp, 'fair1', 'predictions', { attribute: 'sex', attributeTable: 'people' });
    const groups = (await db.query(`SELECT * FROM fair1.groups ORDER BY "group"`)).rows;
    expect(groups.map((g) => [g.group, g.count, g.selection_rate, g.tpr, g.fpr])).toEqual([
      ['a', 4, 0.5, 0.5, 0.5],
      ['b', 2, 0.5, 1, 0],
    ]);
    expect(r.summary).toMatchObject({
      rows: 6,
      disparateImpact: 1,
      equalOpportunityDifference: 0.5,
      flagged: false,
      split: 'test',
    });
  });

  it('cuts a numeric attribute into quantile bands labelled by their range', async () => {
    await runOp(db, fairnessOp, 'fair2', 'predictions', { attribute: 'age', attributeTable: 'people', bins: 2 });
    const groups = (await db.query(`SELECT "group", count FROM fair2.groups ORDER BY "group"`)).rows;
    // Test rows' ages 20, 30, 40 | 50, 60, 70.
    expect(groups).toEqual([
      { group: '20–40', count: 3 },
      { group: '50–70', count: 3 },
    ]);
  });

  it('says what is missing', async () => {
    await expect(
      runOp(db, fairnessOp, 'fair3', 'predictions', { attribute: 'nope', attributeTable: 'people' }),
    ).rejects.toThrow(/column 'nope' not found in 'people'/);
  });
});
