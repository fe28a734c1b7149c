import { describe, it, expect } from 'vitest';
import { Rng } from '../util/rng';
import { transactionsFromArrays, type Transactions } from './transactions';
import { fpGrowth } from './fpgrowth';
import { associationRules, makeRule, RuleLimitError } from './rules';
import { itemsArules, itemsJson, itemsetRows, ruleArules, ruleRows, toCsv } from './format';

function basketsToTx(baskets: string[][]): Transactions {
  const ids: number[] = [];
  const items: string[] = [];
  baskets.forEach((b, i) => b.forEach((item) => (ids.push(i), items.push(item))));
  return transactionsFromArrays(ids, items);
}

// Tan, Steinbach & Kumar, table 6.1.
const TAN = [
  ['Bread', 'Milk'],
  ['Bread', 'Diapers', 'Beer', 'Eggs'],
  ['Milk', 'Diapers', 'Beer', 'Cola'],
  ['Bread', 'Milk', 'Diapers', 'Beer'],
  ['Bread', 'Milk', 'Diapers', 'Cola'],
];

describe('associationRules', () => {
  const tx = basketsToTx(TAN);
  const sets = fpGrowth(tx, { minSupport: 0.4 }); // count ≥ 2: 5 items, 8 pairs, 4 triples
  const byName = (rules: ReturnType<typeof associationRules>) =>
    new Map(rules.map((r) => [ruleArules(r, tx.itemLabels), r]));

  it('computes the textbook measures of {Milk,Diapers} ⇒ {Beer} and {Beer} ⇒ {Diapers}', () => {
    expect(sets.nItemsets).toBe(17);
    const rules = byName(associationRules(sets, tx.nTransactions, { minConfidence: 0.5 }));
    const mdb = rules.get('{Diapers,Milk} => {Beer}')!;
    expect(mdb.count).toBe(2);
    expect(mdb.support).toBeCloseTo(0.4, 15);
    expect(mdb.confidence).toBeCloseTo(2 / 3, 15);
    expect(mdb.lift).toBeCloseTo(2 / 3 / 0.6, 15);
    expect(mdb.leverage).toBeCloseTo(0.4 - 0.6 * 0.6, 15);
    expect(mdb.conviction).toBeCloseTo(0.4 / (1 / 3), 12);
    const bd = rules.get('{Beer} => {Diapers}')!;
    expect(bd.confidence).toBe(1);
    expect(bd.lift).toBeCloseTo(1.25, 15);
    expect(bd.leverage).toBeCloseTo(0.6 - 0.6 * 0.8, 15);
    expect(bd.conviction).toBe(Infinity);
  });

  it('keeps single-item consequents and no empty antecedents by default, as arules', () => {
    const rules = associationRules(sets, tx.nTransactions, { minConfidence: 1 });
    expect(rules.map((r) => ruleArules(r, tx.itemLabels)).sort()).toEqual([
      '{Beer,Bread} => {Diapers}',
      '{Beer,Milk} => {Diapers}',
      '{Beer} => {Diapers}',
      '{Cola,Diapers} => {Milk}',
      '{Cola,Milk} => {Diapers}',
      '{Cola} => {Diapers}',
      '{Cola} => {Milk}',
    ]);
    for (const r of rules) {
      expect(r.consequent.length).toBe(1);
      expect(r.antecedent.length).toBeGreaterThan(0);
    }
  });

  it('allows larger consequents with maxConsequent, and filters by minLift', () => {
    const two = associationRules(sets, tx.nTransactions, { minConfidence: 1, maxConsequent: 2 });
    expect(two.map((r) => ruleArules(r, tx.itemLabels))).toContain('{Cola} => {Diapers,Milk}');
    expect(two.length).toBe(8);
    const lifted = associationRules(sets, tx.nTransactions, { minConfidence: 0, minLift: 1.2 });
    expect(lifted.length).toBeGreaterThan(0);
    for (const r of lifted) expect(r.lift).toBeGreaterThanOrEqual(1.2);
  });

  it('sorts by lift descending and checks its inputs', () => {
    const rules = associationRules(sets, tx.nTransactions, { minConfidence: 0 });
    for (let i = 1; i < rules.length; i++) expect(rules[i]!.lift).toBeLessThanOrEqual(rules[i - 1]!.lift);
    expect(() => associationRules(sets, 6, { minConfidence: 0.5 })).toThrow(/5 transactions/);
    expect(() => associationRules(sets, 5, { minConfidence: 2 })).toThrow(RangeError);
  });

  it('stops with RuleLimitError past maxRules, and returns every rule when exactly at it', () => {
    // minConfidence 0: every split of the 12 itemsets of size ≥ 2 into A ⇒ {b}:
    // 8 pairs × 2 + 4 triples × 3 = 28 rules.
    const all = associationRules(sets, tx.nTransactions, { minConfidence: 0 });
    expect(all).toHaveLength(28);
    expect(associationRules(sets, tx.nTransactions, { minConfidence: 0, maxRules: 28 })).toEqual(all);
    let caught: unknown;
    try {
      associationRules(sets, tx.nTransactions, { minConfidence: 0, maxRules: 27 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RuleLimitError);
    const limit = caught as RuleLimitError;
    expect(limit.maxRules).toBe(27);
    expect(limit.nItemsets).toBe(17);
    expect(limit.itemsetsDone).toBeLessThan(17);
    expect(limit.message).toMatch(
      /^more than 27 rules at minConfidence 0 \(stopped after \d+ of 17 frequent itemsets\): raise minConfidence/,
    );
    // The cap counts rules that pass the filters, not candidates: 7 rules have confidence 1.
    expect(associationRules(sets, tx.nTransactions, { minConfidence: 1, maxRules: 7 })).toHaveLength(7);
    expect(() => associationRules(sets, tx.nTransactions, { minConfidence: 1, maxRules: 6 })).toThrow(RuleLimitError);
    expect(() => associationRules(sets, tx.nTransactions, { minConfidence: 0, maxRules: -1 })).toThrow(
      /maxRules must be ≥ 0/,
    );
  });

  it('matches brute-force rules on random data, consequents up to 2 items', () => {
    const rng = new Rng(42);
    for (let trial = 0; trial < 15; trial++) {
      const n = 20 + rng.int(40);
      const baskets = Array.from({ length: n }, () => ['a', 'b', 'c', 'd', 'e', 'f'].filter(() => rng.next() < 0.5));
      const rtx = basketsToTx(baskets.map((b) => (b.length ? b : ['a'])));
      const rsets = fpGrowth(rtx, { minSupport: 0.1 });
      const got = associationRules(rsets, rtx.nTransactions, { minConfidence: 0.3, maxConsequent: 2 });
      // Reference: every frequent itemset, every split with |B| ≤ 2, measures from scanned counts.
      const has = (t: number, codes: number[]) =>
        codes.every((c) => rtx.items.subarray(rtx.offsets[t]!, rtx.offsets[t + 1]!).includes(c));
      const countOf = (codes: number[]) =>
        Array.from({ length: rtx.nTransactions }, (_, t) => has(t, codes)).filter(Boolean).length;
      const expected = new Map<string, number>();
      for (let k = 0; k < rsets.nItemsets; k++) {
        const items = Array.from(rsets.items.subarray(rsets.offsets[k]!, rsets.offsets[k + 1]!));
        for (let mask = 1; mask < (1 << items.length) - 1; mask++) {
          const b = items.filter((_, i) => mask & (1 << i));
          const a = items.filter((_, i) => !(mask & (1 << i)));
          if (b.length > 2) continue;
          const rule = makeRule(
            Int32Array.from(a),
            Int32Array.from(b),
            countOf(items),
            countOf(a),
            countOf(b),
            rtx.nTransactions,
          );
          if (rule.confidence >= 0.3) expected.set(ruleArules(rule, rtx.itemLabels), rule.confidence);
        }
      }
      expect(new Map(got.map((r) => [ruleArules(r, rtx.itemLabels), r.confidence]))).toEqual(expected);
    }
  });
});

describe('format', () => {
  const labels = ['85123A', '22423', 'a "quoted", label'];

  it('writes items as sorted JSON label arrays and as arules sets', () => {
    expect(itemsJson([0, 1], labels)).toBe('["22423","85123A"]');
    expect(itemsArules([0, 1], labels)).toBe('{22423,85123A}');
    expect(JSON.parse(itemsJson([2], labels))).toEqual(['a "quoted", label']);
  });

  it('makes CSV rows for itemsets and rules, quoting as RFC 4180', () => {
    const tx = basketsToTx(TAN);
    const sets = fpGrowth(tx, { minSupport: 0.6 });
    const rows = itemsetRows(sets, tx.itemLabels);
    expect(rows[0]).toEqual({ items: '["Bread"]', size: 1, count: 4, support: 0.8 });
    expect(rows.at(-1)!.size).toBe(2);
    const rules = associationRules(sets, tx.nTransactions, { minConfidence: 1 });
    const csv = toCsv(ruleRows(rules, tx.itemLabels));
    expect(csv.split('\n')[0]).toBe('antecedent,consequent,support,confidence,lift,leverage,conviction,count');
    expect(csv).toContain('"[""Beer""]","[""Diapers""]",0.6,1,1.25,');
    expect(csv).toContain(',Infinity,3\n');
    expect(toCsv([{ a: 'x,y', b: 2 }])).toBe('a,b\n"x,y",2\n');
    // Item labels come from the data: a label that is a formula cannot run; a negative number stays one.
    expect(toCsv([{ '@x': '=1+1', b: -2 }])).toBe("'@x,b\n'=1+1,-2\n");
  });
});
