/**
 * Golden test on real data: UCI Online Retail against R arules 1.7-10 `apriori` output
 * (../shared/data/reference/online-retail-arules-0.02, protocol in ../shared/data/README.md).
 * Skips, naming what is missing, where the shared data is absent.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCsv, parseCsvObjects } from '../../test-support/csv';
import { SHARED_DATA, sharedFile } from '../../test-support/shared-data';
import { compareLabels, transactionsFromArrays, type Transactions } from './transactions';
import { fpGrowth } from './fpgrowth';
import { eclat } from './eclat';
import { associationRules } from './rules';
import { itemsetItems, minCountFor, type FrequentItemsets } from './itemsets';

const RETAIL = sharedFile('retail/online_retail.csv');
const REF_ITEMSETS = sharedFile('reference/online-retail-arules-0.02/itemsets.csv');
const REF_RULES = sharedFile('reference/online-retail-arules-0.02/rules.csv');
const present = RETAIL !== undefined && REF_ITEMSETS !== undefined && REF_RULES !== undefined;

/** arules' "{a,b}" → canonical key "a,b" (labels sorted as in transactions.ts). */
const arulesKey = (set: string) =>
  set
    .replace(/^\{|\}$/g, '')
    .split(',')
    .sort(compareLabels)
    .join(',');
const labelKey = (codes: ArrayLike<number>, labels: readonly string[]) =>
  Array.from(codes, (c) => labels[c]!)
    .sort(compareLabels)
    .join(',');
const relClose = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

function asMap(sets: FrequentItemsets, labels: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (let k = 0; k < sets.nItemsets; k++) map.set(labelKey(itemsetItems(sets, k), labels), sets.counts[k]!);
  return map;
}

const TITLE = present
  ? 'golden: Online Retail vs R arules (minSupport 0.02, minConfidence 0.5)'
  : `golden: Online Retail vs R arules — skipped, shared data not found under ${SHARED_DATA} (set CUSTODIAN_DATA)`;

describe.runIf(present)(TITLE, () => {
  let tx: Transactions;
  let nRows = 0;

  beforeAll(() => {
    // Cleaning protocol: drop cancellations (InvoiceNo starting with C), then rows without a
    // CustomerID, then Quantity ≤ 0. Basket = InvoiceNo, item = StockCode as written.
    const [header, ...rows] = parseCsv(readFileSync(RETAIL!, 'utf8').replace(/^\ufeff/, ''));
    const col = (name: string) => header!.indexOf(name);
    const [inv, code, qty, cust] = [col('InvoiceNo'), col('StockCode'), col('Quantity'), col('CustomerID')];
    const baskets: string[] = [];
    const items: string[] = [];
    for (const r of rows) {
      if (r.length < header!.length) continue; // trailing blank line
      if (r[inv]!.startsWith('C') || r[cust]!.trim() === '' || !(Number(r[qty]) > 0)) continue;
      baskets.push(r[inv]!);
      items.push(r[code]!);
    }
    nRows = baskets.length;
    tx = transactionsFromArrays(baskets, items);
  });

  it('cleans to 397,924 rows, 18,536 baskets and 3,665 items; threshold 371', () => {
    expect(nRows).toBe(397_924);
    expect(tx.nTransactions).toBe(18_536);
    expect(tx.nItems).toBe(3_665);
    expect(minCountFor(0.02, tx.nTransactions)).toBe(371);
  });

  it('finds exactly arules’ 251 itemsets (209/41/1 by size) with identical counts and supports', () => {
    const ref = parseCsvObjects(readFileSync(REF_ITEMSETS!, 'utf8'));
    expect(ref.length).toBe(251);
    for (const [name, sets] of [
      ['fpGrowth', fpGrowth(tx, { minSupport: 0.02 })],
      ['eclat', eclat(tx, { minSupport: 0.02 })],
    ] as const) {
      expect(sets.truncated, name).toBe(false);
      expect(sets.minCount).toBe(371);
      const got = asMap(sets, tx.itemLabels);
      expect(got.size, name).toBe(251);
      const bySize = [0, 0, 0, 0];
      for (let k = 0; k < sets.nItemsets; k++) bySize[itemsetItems(sets, k).length]!++;
      expect(bySize, name).toEqual([0, 209, 41, 1]);
      for (const row of ref) {
        const key = arulesKey(row.itemset!);
        expect(got.get(key), `${name} ${row.itemset}`).toBe(Number(row.count));
        expect(
          relClose(got.get(key)! / tx.nTransactions, Number(row.support)),
          `${name} support of ${row.itemset}`,
        ).toBe(true);
        expect(key.split(',').length).toBe(Number(row.size));
      }
    }
  });

  it('derives exactly arules’ 30 rules with identical support, confidence and lift', () => {
    const ref = parseCsvObjects(readFileSync(REF_RULES!, 'utf8'));
    expect(ref.length).toBe(30);
    const rules = associationRules(fpGrowth(tx, { minSupport: 0.02 }), tx.nTransactions, { minConfidence: 0.5 });
    expect(rules.length).toBe(30);
    const byKey = new Map(
      rules.map((r) => [`${labelKey(r.antecedent, tx.itemLabels)} => ${labelKey(r.consequent, tx.itemLabels)}`, r]),
    );
    for (const row of ref) {
      const name = `${row.lhs} => ${row.rhs}`;
      const rule = byKey.get(`${arulesKey(row.lhs!)} => ${arulesKey(row.rhs!)}`);
      expect(rule, name).toBeDefined();
      expect(rule!.count, name).toBe(Number(row.count));
      expect(rule!.antecedent.length, name).toBe(Number(row.lhs_size));
      for (const m of ['support', 'confidence', 'lift'] as const) {
        expect(relClose(rule![m], Number(row[m])), `${name} ${m}: ${rule![m]} vs ${row[m]}`).toBe(true);
      }
    }
  });

  it.each([0.01, 0.005])('agrees with the independent Eclat at the lower threshold %s', (minSupport) => {
    const fp = fpGrowth(tx, { minSupport });
    const ec = eclat(tx, { minSupport });
    expect(fp.truncated || ec.truncated).toBe(false);
    expect(fp.nItemsets).toBeGreaterThan(1000);
    expect(asMap(fp, tx.itemLabels)).toEqual(asMap(ec, tx.itemLabels));
  });
});
