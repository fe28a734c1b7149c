import { runOp } from '../../../test-support/run-op';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident, literal } from '../../data/sql';
import { SHARED_DATA, sharedFile } from '../../../test-support/shared-data';
import { ruleInductionOp, type RuleInductionParams } from './';
import type { OpContext } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create({ allow: [SHARED_DATA] });
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
});
afterAll(() => db.close());

async function run(id: string, table: string, params: Partial<RuleInductionParams> & Record<string, unknown>) {
  const result = await runOp(db, ruleInductionOp, id, table, params, ctx);
  const read = async (t: string, order: string) =>
    (await db.query(`SELECT * FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`)).rows;
  return { result, read };
}

describe('rule-induction op on planted data', () => {
  beforeAll(async () => {
    // label = yes iff x1 > 5 AND c = 'a' (≈ 1/6 of rows), flipped for ~5% of rows; x2 is noise.
    await db.exec(`CREATE TABLE planted AS
      SELECT id, x1, x2, c, CASE WHEN (x1 > 5 AND c = 'a') <> (flip < 5) THEN 'yes' ELSE 'no' END AS bought
      FROM (SELECT range AS id, (hash(range * 3 + 1) % 10000) / 1000.0 AS x1, (hash(range * 3 + 2) % 10000) / 100.0 AS x2,
                   ['a', 'b', 'c'][(hash(range * 5 + 7) % 3)::INTEGER + 1] AS c, hash(range * 7 + 3) % 100 AS flip
            FROM range(3000))`);
  });

  it('recovers the planted rule as the top rule', async () => {
    const { result, read } = await run('ri_planted', 'planted', {
      features: ['x1', 'x2', 'c'],
      label: 'bought',
      maxDepth: 3,
    });
    expect(result.tables).toEqual(['rules', 'tree']);
    const rules = await read('rules', 'rank');
    const top = rules[0]!;
    expect(top.outcome).toBe('bought = yes');
    // Depth 3 may cut the planted region once more on noise (here at x1 < 9.37): both halves stay positive.
    expect(top.conditions).toMatch(/c = a/);
    const lower = Number(/x1 >= ([\d.]+)/.exec(top.conditions as string)?.[1]);
    expect(lower).toBeGreaterThan(4.8);
    expect(lower).toBeLessThan(5.2);
    expect(
      rules
        .filter((r) => r.outcome === 'bought = yes')
        .every((r) => /c = a/.test(r.conditions as string) && /x1 >= /.test(r.conditions as string)),
    ).toBe(true);
    expect(top.confidence as number).toBeGreaterThan(0.8);
    expect(top.lift as number).toBeGreaterThan(3);
    expect(rules.reduce((s, r) => s + (r.coverage as number), 0)).toBeCloseTo(1, 12);
    expect(rules.reduce((s, r) => s + Number(r.count), 0)).toBe(2250);
    expect(result.summary).toMatchObject({
      rows: { total: 3000, used: 3000, droppedMissing: 0 },
      split: { train: 2250, test: 750 },
      minLeaf: 45,
      positiveValue: 'yes',
    });
    expect(result.summary.testAccuracy as number).toBeGreaterThan(0.9);
    expect((result.summary.sentences as string[])[0]).toMatch(/^.*c = a.* → bought \d+% \(base \d+%\), \d+% of rows$/);
    // The tree table: root first, children point at parents, positive rates in [0, 1].
    const tree = await read('tree', 'node');
    expect(tree[0]).toMatchObject({ node: 0, depth: 0, parent: null, condition: '(all rows)', samples: 2250 });
    for (const row of tree.slice(1)) expect(row.parent as number).toBeLessThan(row.node as number);
    const types = await db.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'ri_planted' ORDER BY table_name, ordinal_position`,
    );
    expect(types.rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}`)).toEqual([
      'rules.conditions VARCHAR',
      'rules.outcome VARCHAR',
      'rules.coverage DOUBLE',
      'rules.confidence DOUBLE',
      'rules.lift DOUBLE',
      'rules.count BIGINT',
      'rules.rank INTEGER',
      'tree.node INTEGER',
      'tree.depth INTEGER',
      'tree.parent INTEGER',
      'tree.condition VARCHAR',
      'tree.samples BIGINT',
      'tree.positive_rate DOUBLE',
    ]);
    // Same seed, same result.
    const again = await run('ri_planted2', 'planted', { features: ['x1', 'x2', 'c'], label: 'bought', maxDepth: 3 });
    expect(await again.read('rules', 'rank')).toEqual(rules);
  });

  it('respects maxDepth and minLeaf and joins a label table', async () => {
    await db.exec(`CREATE TABLE planted_x AS SELECT id, x1, c FROM planted`);
    await db.exec(
      `CREATE TABLE planted_y AS SELECT CAST(id AS VARCHAR) AS customer, bought = 'yes' AS flag FROM planted`,
    );
    const { result, read } = await run('ri_join', 'planted_x', {
      features: ['x1', 'c'],
      label: 'flag',
      labelTable: 'planted_y',
      key: 'id',
      labelKey: 'customer',
      maxDepth: 2,
      minLeaf: 300,
      criterion: 'entropy',
    });
    const tree = await read('tree', 'node');
    expect(Math.max(...tree.map((r) => r.depth as number))).toBeLessThanOrEqual(2);
    const rules = await read('rules', 'rank');
    for (const r of rules) expect(Number(r.count)).toBeGreaterThanOrEqual(300);
    expect(result.summary).toMatchObject({ positiveValue: 'true', minLeaf: 300, criterion: 'entropy' });
  });

  it('explains bad input', async () => {
    await db.exec(`CREATE TABLE three AS SELECT range AS x, ['a', 'b', 'c'][range % 3 + 1] AS lab FROM range(30)`);
    await expect(run('ri_bad', 'three', { features: ['x'], label: 'lab' })).rejects.toThrow(/must be binary .* found/);
    await expect(run('ri_bad2', 'planted', { features: ['nope'], label: 'bought' })).rejects.toThrow(
      /column 'nope' not found/,
    );
    await expect(run('ri_bad3', 'planted', { features: ['id'], label: 'bought' })).resolves.toBeDefined();
    await expect(run('ri_bad4', 'planted', { features: ['bought'], label: 'bought' })).rejects.toThrow(
      /cannot also be a feature/,
    );
    expect(() => ruleInductionOp.params.parse({ features: ['x'], label: 'y', labelTable: 't' })).toThrow(/go together/);
    expect(ruleInductionOp.params.parse({ features: ['x'], label: 'y' })).toMatchObject({
      maxDepth: 3,
      criterion: 'gini',
      classWeight: 'balanced',
      testFraction: 0.25,
      seed: 42,
    });
  });
});

const telco = sharedFile('churn/Telco-Customer-Churn.csv');

describe.runIf(telco)('rule-induction op on the IBM Telco churn data', () => {
  it('finds month-to-month / short-tenure churn rules with lift > 1.5', async () => {
    await db.exec(`CREATE TABLE telco AS SELECT * FROM read_csv(${literal(telco!)}, header=true)`);
    const { result, read } = await run('ri_telco', 'telco', {
      features: ['tenure', 'Contract', 'InternetService', 'MonthlyCharges'],
      label: 'Churn',
    });
    const rules = await read('rules', 'rank');
    const top = rules[0]!;
    console.log(
      'telco rules:\n' +
        rules
          .map(
            (r) =>
              `  ${r.rank}. ${r.conditions} → ${r.outcome}: conf ${(r.confidence as number).toFixed(3)}, lift ${(r.lift as number).toFixed(2)}, cover ${(r.coverage as number).toFixed(3)}`,
          )
          .join('\n'),
    );
    console.log(
      'telco sentences:',
      result.summary.sentences,
      'test:',
      result.summary.test,
      'base rate:',
      result.summary.baseRate,
    );
    // DuckDB's CSV sniffer reads Yes/No as BOOLEAN, so the positive value is 'true'.
    expect(top.outcome).toMatch(/^Churn = (Yes|true)$/);
    expect(top.conditions).toMatch(/Contract = Month-to-month|tenure < \d+/);
    expect(top.lift as number).toBeGreaterThan(1.5);
    expect(result.summary.rows).toMatchObject({ total: 7043, used: 7043 });
    expect(result.summary.baseRate as number).toBeCloseTo(0.265, 2);
    expect(result.summary.testAccuracy as number).toBeGreaterThan(0.65);
  });
});
