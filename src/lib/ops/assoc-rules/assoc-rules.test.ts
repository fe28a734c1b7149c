import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runRecipe } from '../../recipe/engine';
import { parseCsvObjects } from '../../../test-support/csv';
import { sharedFile } from '../../../test-support/shared-data';
import { generateSamples, PLANTED } from '../../../samples/generate';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const toArules = (json: unknown) => `{${(JSON.parse(String(json)) as string[]).join(',')}}`;

describe('assoc-rules op', () => {
  it('leaves the infinite conviction of a rule that always holds empty, and says how many', async () => {
    // b is in every basket with a: a → b has confidence 1 (arules: conviction Inf).
    const csv = 'order,sku\n1,a\n1,b\n2,a\n2,b\n3,b\n4,c\n';
    const r = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'inf', file: 'inf.csv' }],
        steps: [
          {
            id: 'conv',
            op: 'assoc-rules',
            input: 'inf',
            params: { transaction: 'order', item: 'sku', minSupport: 0.5, minConfidence: 0.5 },
          },
        ],
      },
      { db, files: { inf: new Blob([csv]) } },
    );
    expect(r.error).toBeUndefined();
    const rules = (
      await db.query('SELECT antecedent, consequent, confidence, conviction FROM conv.rules ORDER BY antecedent')
    ).rows;
    // supp(a)=0.5, supp(b)=0.75, supp(ab)=0.5: a→b conf 1; b→a conf 2/3, conviction (1−0.5)/(1−2/3) = 1.5.
    expect(rules).toEqual([
      { antecedent: '["a"]', consequent: '["b"]', confidence: 1, conviction: null },
      {
        antecedent: '["b"]',
        consequent: '["a"]',
        confidence: expect.closeTo(2 / 3, 12),
        conviction: expect.closeTo(1.5, 12),
      },
    ]);
    expect(r.steps.conv!.summary!.notes).toEqual([
      '1 rule has confidence 1: its conviction is infinite and left empty',
    ]);
  });

  it('finds a hand-checked rule set on five baskets, with items as sorted JSON arrays', async () => {
    // Baskets: {a,b,c} {a,b} {a,c} {b,c} {a,b,c}; minSupport 0.6 → count ≥ 3.
    const csv = 'order,sku\n1,a\n1,b\n1,c\n2,a\n2,b\n3,a\n3,c\n4,b\n4,c\n5,a\n5,b\n5,c\n5,c\n';
    const r = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'b', file: 'b.csv' }],
        steps: [
          {
            id: 'ar',
            op: 'assoc-rules',
            input: 'b',
            params: { transaction: 'order', item: 'sku', minSupport: 0.6, minConfidence: 0.7 },
          },
        ],
      },
      { db, files: { b: new Blob([csv]) } },
    );
    expect(r.error).toBeUndefined();
    const sets = (await db.query('SELECT items, count FROM ar.itemsets ORDER BY items')).rows;
    // a:4 b:4 c:4, ab:3 ac:3 bc:3, abc:2 (below 3).
    expect(sets).toEqual([
      { items: '["a","b"]', count: 3 },
      { items: '["a","c"]', count: 3 },
      { items: '["a"]', count: 4 },
      { items: '["b","c"]', count: 3 },
      { items: '["b"]', count: 4 },
      { items: '["c"]', count: 4 },
    ]);
    // Every pair gives two rules of confidence 3/4 = 0.75 and lift 0.75 / 0.8.
    const rules = (await db.query('SELECT * FROM ar.rules')).rows;
    expect(rules).toHaveLength(6);
    for (const rule of rules) {
      expect(rule.confidence).toBeCloseTo(0.75, 12);
      expect(rule.lift).toBeCloseTo(0.75 / 0.8, 12);
    }
  });

  it('counts a basket whose items are all infrequent in every support (it holds none of the itemsets)', async () => {
    // Baskets {a,b} {a,b} {a} {z}; minSupport 0.5 → count ≥ 2, so z is infrequent, yet its basket is
    // one of the 4 that supports divide by (arules: support(a) = 3/4, not 3/3).
    const csv = 'order,sku\n1,a\n1,b\n2,b\n2,a\n3,a\n4,z\n';
    const r = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'bz', file: 'b.csv' }],
        steps: [
          {
            id: 'arz',
            op: 'assoc-rules',
            input: 'bz',
            params: { transaction: 'order', item: 'sku', minSupport: 0.5, minConfidence: 0.5 },
          },
        ],
      },
      { db, files: { bz: new Blob([csv]) } },
    );
    expect(r.error).toBeUndefined();
    expect(r.steps.arz!.summary).toMatchObject({ transactions: 4, items: 3, minCount: 2, itemsets: 3, rules: 2 });
    expect((await db.query('SELECT items, count, support FROM arz.itemsets ORDER BY items')).rows).toEqual([
      { items: '["a","b"]', count: 2, support: 0.5 },
      { items: '["a"]', count: 3, support: 0.75 },
      { items: '["b"]', count: 2, support: 0.5 },
    ]);
    // a → b: confidence 2/3, lift (2/3) / (1/2); b → a: confidence 1, lift 1 / (3/4).
    const rules = (await db.query('SELECT antecedent, confidence, lift FROM arz.rules ORDER BY antecedent')).rows;
    expect(rules.map((x) => [x.antecedent, x.confidence, x.lift])).toEqual([
      ['["a"]', expect.closeTo(2 / 3, 12), expect.closeTo(4 / 3, 12)],
      ['["b"]', 1, expect.closeTo(4 / 3, 12)],
    ]);
  });

  it('stops past maxRules with the thresholds in use and concrete suggestions, not a partial table', async () => {
    // The same five baskets at minSupport 0.4 (count ≥ 2): a b c ab ac bc abc, so 6 pair rules and
    // 3 triple rules {x,y} ⇒ {z}, all with confidence ≥ 0.5: 9 rules.
    const csv = 'order,sku\n1,a\n1,b\n1,c\n2,a\n2,b\n3,a\n3,c\n4,b\n4,c\n5,a\n5,b\n5,c\n';
    const recipe = (maxRules: number, id: string) => ({
      version: 1 as const,
      sources: [{ name: 'b9', file: 'b.csv' }],
      steps: [
        {
          id,
          op: 'assoc-rules',
          input: 'b9',
          params: { transaction: 'order', item: 'sku', minSupport: 0.4, minConfidence: 0.5, maxRules },
        },
      ],
    });
    const ok = await runRecipe(recipe(9, 'cap_ok'), { db, files: { b9: new Blob([csv]) } });
    expect(ok.error).toBeUndefined();
    expect(ok.steps.cap_ok!.summary).toMatchObject({ itemsets: 7, rules: 9 });
    const capped = await runRecipe(recipe(8, 'cap_hit'), { db, files: { b9: new Blob([csv]) } });
    expect(capped.steps.cap_hit!.status).toBe('error');
    // maxLength 2: 3 pairs give at most 3 × 2 = 6 ≤ 8 rules; with the triple, 6 + 3 = 9 > 8.
    // How many itemsets were done depends on the miner's discovery order, so only that is loose.
    const [head, tail] = capped.error!.split(/\(after \d of 7 frequent itemsets\)/);
    expect(head).toBe("step 'cap_hit', field 'maxRules': Stopped: more than 8 rules ");
    expect(tail).toBe(
      ' at minSupport 0.4, minConfidence 0.5. Raise minConfidence (e.g. to 0.7) or minSupport (e.g. to 0.8), ' +
        'or lower maxLength (to 2 the rules are sure to fit); or raise maxRules if this many rules are wanted.',
    );
    // The failed step leaves no half-written rules table behind.
    expect(
      (await db.query("SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = 'cap_hit'"))
        .rows[0]!.n,
    ).toBe(0);
  });

  it('recovers the bundles planted in the sample shop as the strongest rules', async () => {
    const { events } = generateSamples();
    const r = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'events', file: 'events.csv' }],
        steps: [
          {
            id: 'ar2',
            op: 'assoc-rules',
            input: 'events',
            params: { transaction: 'order_id', item: 'item_id', minSupport: 0.02, minConfidence: 0.3 },
          },
        ],
      },
      { db, files: { events: new Blob([events]) } },
    );
    expect(r.error).toBeUndefined();
    const top = (await db.query('SELECT antecedent, consequent FROM ar2.rules ORDER BY lift DESC LIMIT 6')).rows;
    const bundleItems = new Set(PLANTED.bundles.flatMap((b) => b.items as readonly string[]));
    for (const rule of top) {
      for (const item of [...JSON.parse(String(rule.antecedent)), ...JSON.parse(String(rule.consequent))])
        expect(bundleItems.has(item)).toBe(true);
    }
  });
});

const retail = sharedFile('retail/online_retail.csv');
const reference = sharedFile('reference/online-retail-arules-0.02/rules.csv');
describe.runIf(retail && reference)('assoc-rules op on Online Retail against R arules 1.7-10', () => {
  it('gives exactly the 251 itemsets and 30 rules of apriori(supp = 0.02, conf = 0.5)', async () => {
    const r = await runRecipe(
      {
        version: 1,
        sources: [{ name: 'retail', file: 'online_retail.csv' }],
        steps: [
          {
            id: 'clean',
            op: 'filter',
            input: 'retail',
            params: {
              where: `NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0`,
            },
          },
          {
            id: 'ar3',
            op: 'assoc-rules',
            input: 'clean',
            params: { transaction: 'InvoiceNo', item: 'StockCode', minSupport: 0.02, minConfidence: 0.5 },
          },
        ],
      },
      { db, files: { retail: new Blob([readFileSync(retail!)]) } },
    );
    expect(r.error).toBeUndefined();
    expect(r.steps.ar3!.summary).toMatchObject({
      transactions: 18_536,
      items: 3_665,
      minCount: 371,
      itemsets: 251,
      rules: 30,
      bySize: { 1: 209, 2: 41, 3: 1 },
    });
    const expected = parseCsvObjects(readFileSync(reference!, 'utf8'));
    const got = new Map(
      (await db.query('SELECT * FROM ar3.rules')).rows.map((x) => [
        `${toArules(x.antecedent)} => ${toArules(x.consequent)}`,
        x,
      ]),
    );
    expect(got.size).toBe(expected.length);
    for (const e of expected) {
      const rule = got.get(`${e.lhs} => ${e.rhs}`);
      expect(rule, `${e.lhs} => ${e.rhs}`).toBeDefined();
      expect(Number(rule!.count)).toBe(Number(e.count));
      expect(Number(rule!.confidence)).toBeCloseTo(Number(e.confidence), 12);
      expect(Number(rule!.lift)).toBeCloseTo(Number(e.lift), 10);
    }
  });
});
