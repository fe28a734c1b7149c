/**
 * The contract every frequent-itemset miner here must meet, run against each implementation
 * (FP-Growth, its time-sliced async driver, and the independent Eclat): hand-checked textbook
 * examples, and random small data sets checked against brute-force enumeration written here.
 */
import { describe, it, expect } from 'vitest';
import { Rng } from '../util/rng';
import { transactionsFromArrays, type Transactions } from './transactions';
import { fpGrowth, fpGrowthAsync } from './fpgrowth';
import { eclat } from './eclat';
import { itemsetItems, minCountFor, type FrequentItemsets, type MineOptions } from './itemsets';

type Miner = (tx: Transactions, opts: MineOptions) => FrequentItemsets | Promise<FrequentItemsets>;

const MINERS: [string, Miner][] = [
  ['fpGrowth', fpGrowth],
  // sliceMs 0: yield after every slice, so resuming mid-search is exercised too.
  ['fpGrowthAsync', (tx, opts) => fpGrowthAsync(tx, { ...opts, sliceMs: 0 })],
  ['eclat', eclat],
];

/** Baskets given as label lists → Transactions. */
function basketsToTx(baskets: string[][]): Transactions {
  const ids: number[] = [];
  const items: string[] = [];
  baskets.forEach((b, i) => b.forEach((item) => (ids.push(i), items.push(item))));
  return transactionsFromArrays(ids, items);
}

/** Result as Map "label,label" (labels sorted) → count; fails on duplicates or unsorted codes. */
function asMap(sets: FrequentItemsets, tx: Transactions): Map<string, number> {
  const map = new Map<string, number>();
  for (let k = 0; k < sets.nItemsets; k++) {
    const codes = Array.from(itemsetItems(sets, k));
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    const key = codes
      .map((c) => tx.itemLabels[c]!)
      .sort()
      .join(',');
    expect(map.has(key), `duplicate itemset ${key}`).toBe(false);
    map.set(key, sets.counts[k]!);
  }
  return map;
}

/** Brute force: every non-empty subset of the item universe, counted by scanning all baskets. */
function bruteForce(baskets: string[][], minCount: number, maxLength = Infinity): Map<string, number> {
  const universe = [...new Set(baskets.flat())].sort();
  expect(universe.length).toBeLessThanOrEqual(14);
  const masks = baskets.map((b) => b.reduce((m, item) => m | (1 << universe.indexOf(item)), 0));
  const out = new Map<string, number>();
  for (let subset = 1; subset < 1 << universe.length; subset++) {
    const members = universe.filter((_, i) => subset & (1 << i));
    if (members.length > maxLength) continue;
    const count = masks.filter((m) => (m & subset) === subset).length;
    if (count >= minCount) out.set(members.join(','), count);
  }
  return out;
}

/** Random baskets: skewed item popularity, repeated items, sometimes empty-ish baskets. */
function randomBaskets(rng: Rng, nBaskets: number, nItems: number): string[][] {
  const p = Array.from({ length: nItems }, () => 0.05 + 0.9 * rng.next() ** 2);
  const baskets: string[][] = [];
  for (let b = 0; b < nBaskets; b++) {
    const basket: string[] = [];
    for (let i = 0; i < nItems; i++) if (rng.next() < p[i]!) basket.push(`i${i}`);
    if (basket.length > 0 && rng.next() < 0.3) basket.push(rng.pick(basket)); // duplicate line
    if (basket.length === 0) basket.push(`i${rng.int(nItems)}`);
    baskets.push(rng.shuffle(basket));
  }
  return baskets;
}

// Tan, Steinbach & Kumar, "Introduction to Data Mining", table 6.1 (market basket example).
const TAN = [
  ['Bread', 'Milk'],
  ['Bread', 'Diapers', 'Beer', 'Eggs'],
  ['Milk', 'Diapers', 'Beer', 'Cola'],
  ['Bread', 'Milk', 'Diapers', 'Beer'],
  ['Bread', 'Milk', 'Diapers', 'Cola'],
];

// mlxtend's documentation example (note the repeated Onion in the last basket).
const MLXTEND = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];

describe('minCountFor', () => {
  it('is ceil(minSupport × n), robust to floating-point noise', () => {
    expect(minCountFor(0.02, 18536)).toBe(371); // 370.72 → 371
    expect(0.07 * 100).toBeGreaterThan(7); // 7.000000000000001 in binary floating point …
    expect(minCountFor(0.07, 100)).toBe(7); // … but the threshold is 7
    expect(minCountFor(0.07, 300)).toBe(21); // 21.000000000000004
    expect(minCountFor(0.01, 300)).toBe(3);
    expect(minCountFor(0.6, 5)).toBe(3);
    expect(minCountFor(0.5, 5)).toBe(3);
    expect(minCountFor(0, 10)).toBe(1); // an itemset must occur
    expect(minCountFor(1, 10)).toBe(10);
    expect(() => minCountFor(1.5, 10)).toThrow(RangeError);
    expect(() => minCountFor(NaN, 10)).toThrow(RangeError);
  });
});

describe.each(MINERS)('%s', (_name, mine) => {
  it('finds the textbook itemsets of Tan et al. at 60% support (4 items, 4 pairs, no triple)', async () => {
    const tx = basketsToTx(TAN);
    const result = await mine(tx, { minSupport: 0.6 });
    expect(result.minCount).toBe(3);
    expect(result.truncated).toBe(false);
    expect(asMap(result, tx)).toEqual(
      new Map([
        ['Bread', 4],
        ['Milk', 4],
        ['Diapers', 4],
        ['Beer', 3],
        ['Bread,Milk', 3],
        ['Bread,Diapers', 3],
        ['Diapers,Milk', 3],
        ['Beer,Diapers', 3],
      ]),
    );
  });

  it('finds mlxtend’s 11 itemsets at 60% support, counting a repeated item once', async () => {
    const tx = basketsToTx(MLXTEND);
    const result = await mine(tx, { minSupport: 0.6 });
    expect(asMap(result, tx)).toEqual(
      new Map([
        ['Eggs', 4],
        ['Kidney Beans', 5],
        ['Milk', 3],
        ['Onion', 3],
        ['Yogurt', 3],
        ['Eggs,Kidney Beans', 4],
        ['Eggs,Onion', 3],
        ['Kidney Beans,Milk', 3],
        ['Kidney Beans,Onion', 3],
        ['Kidney Beans,Yogurt', 3],
        ['Eggs,Kidney Beans,Onion', 3],
      ]),
    );
  });

  it('matches brute force on random data sets, thresholds set exactly at an itemset’s count', async () => {
    const rng = new Rng(20240611);
    for (let trial = 0; trial < 60; trial++) {
      const baskets = randomBaskets(rng, 1 + rng.int(60), 1 + rng.int(10));
      const tx = basketsToTx(baskets);
      const n = baskets.length;
      // Threshold = an existing itemset's count c, as the fraction c / n: c must be included.
      const all = bruteForce(baskets, 1);
      const c = rng.pick([...all.values()]);
      const result = await mine(tx, { minSupport: c / n });
      expect(result.minCount).toBe(c);
      const expected = bruteForce(baskets, c);
      expect([...expected.values()]).toContain(c);
      expect(asMap(result, tx)).toEqual(expected);
      expect(result.nItemsets).toBe(expected.size);
    }
  });

  it('includes an itemset whose count equals ceil(minSupport × n) under floating-point noise', async () => {
    // 100 baskets; item "rare" in exactly 7 of them; 0.07 × 100 = 7.000000000000001.
    const baskets = Array.from({ length: 100 }, (_, i) =>
      i < 7 ? ['common', 'rare'] : i < 13 ? ['also-rare'] : ['common'],
    );
    const tx = basketsToTx(baskets);
    const map = asMap(await mine(tx, { minSupport: 0.07 }), tx);
    expect(map.get('rare')).toBe(7);
    expect(map.get('common,rare')).toBe(7);
    expect(map.has('also-rare')).toBe(false);
  });

  it('respects maxLength', async () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 20; trial++) {
      const baskets = randomBaskets(rng, 10 + rng.int(40), 4 + rng.int(8));
      const tx = basketsToTx(baskets);
      const maxLength = 1 + rng.int(3);
      const result = await mine(tx, { minSupport: 0.1, maxLength });
      expect(asMap(result, tx)).toEqual(bruteForce(baskets, minCountFor(0.1, baskets.length), maxLength));
    }
  });

  it('stops at the maxItemsets cap with truncated and a hint, keeping only correct itemsets', async () => {
    const rng = new Rng(99);
    const baskets = randomBaskets(rng, 50, 10);
    const tx = basketsToTx(baskets);
    const expected = bruteForce(baskets, minCountFor(0.05, 50));
    expect(expected.size).toBeGreaterThan(20);

    const capped = await mine(tx, { minSupport: 0.05, maxItemsets: 20 });
    expect(capped.truncated).toBe(true);
    expect(capped.nItemsets).toBe(20);
    expect(capped.message).toMatch(/minSupport/);
    for (const [key, count] of asMap(capped, tx)) expect(expected.get(key)).toBe(count);

    const exact = await mine(tx, { minSupport: 0.05, maxItemsets: expected.size });
    expect(exact.truncated).toBe(false);
    expect(exact.message).toBeUndefined();
    expect(exact.nItemsets).toBe(expected.size);
  });

  it('also stops when the itemsets’ items outgrow their budget (16 per allowed itemset)', async () => {
    // Two identical 40-item baskets: 2^40 − 1 itemsets, most of them long.
    const basket = Array.from({ length: 40 }, (_, i) => `item${i}`);
    const tx = basketsToTx([basket, basket]);
    const result = await mine(tx, { minSupport: 1, maxItemsets: 100_000 });
    expect(result.truncated).toBe(true);
    expect(result.nItemsets).toBeLessThan(100_000);
    expect(result.items.length).toBeLessThanOrEqual(1_600_000);
    expect(result.message).toMatch(/items in all/);
    expect(Array.from(result.counts).every((c) => c === 2)).toBe(true);
  });

  it('returns nothing when nothing is frequent, and copes with no transactions', async () => {
    const tx = basketsToTx([['a'], ['b'], ['c']]);
    const none = await mine(tx, { minSupport: 0.5 });
    expect(none.nItemsets).toBe(0);
    expect(Array.from(none.offsets)).toEqual([0]);
    expect((await mine(basketsToTx([]), { minSupport: 0.1 })).nItemsets).toBe(0);
  });

  it('reports progress up to 1 and stops when the signal is aborted', async () => {
    const rng = new Rng(3);
    const tx = basketsToTx(randomBaskets(rng, 200, 12));
    const seen: number[] = [];
    await mine(tx, { minSupport: 0.02, onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const aborted = new AbortController();
    aborted.abort();
    await expect(async () => mine(tx, { minSupport: 0.02, signal: aborted.signal })).rejects.toThrow();

    // Aborting from inside the run (here from a progress callback) stops it too.
    const mid = new AbortController();
    const run = async () =>
      mine(tx, {
        minSupport: 0.001,
        signal: mid.signal,
        onProgress: (f) => f > 0 && f < 1 && mid.abort(new Error('user cancelled')),
      });
    await expect(run).rejects.toThrow('user cancelled');
  });
});
