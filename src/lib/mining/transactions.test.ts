import { describe, it, expect } from 'vitest';
import { transactionsFromArrays, transactionsFromCodes, type Transactions } from './transactions';

/** Each transaction as its sorted labels. */
function asLabels(tx: Transactions): string[][] {
  const out: string[][] = [];
  for (let t = 0; t < tx.nTransactions; t++) {
    out.push(Array.from(tx.items.subarray(tx.offsets[t]!, tx.offsets[t + 1]!), (c) => tx.itemLabels[c]!));
  }
  return out;
}

describe('transactionsFromArrays', () => {
  it('collapses repeated items, sorts items by label and keeps baskets in first-seen order', () => {
    const tx = transactionsFromArrays(
      ['b2', 'b1', 'b2', 'b2', 'b1', 'b3'],
      ['85123A', 'X', '22423', '85123A', 'X', '22423'],
    );
    expect(tx.nTransactions).toBe(3);
    expect(tx.nItems).toBe(3);
    expect(tx.itemLabels).toEqual(['22423', '85123A', 'X']);
    expect(asLabels(tx)).toEqual([['22423', '85123A'], ['X'], ['22423']]);
    expect(Array.from(tx.offsets)).toEqual([0, 2, 3, 4]);
    expect(tx.items).toBeInstanceOf(Int32Array);
  });

  it('treats numbers and their string form as one value and drops rows with a missing value', () => {
    const tx = transactionsFromArrays([1, '1', 2, null, 3], [10, '10', 9, 4, undefined]);
    expect(tx.nTransactions).toBe(2);
    expect(tx.itemLabels).toEqual(['10', '9']); // code-unit order, as R's C locale
    expect(asLabels(tx)).toEqual([['10'], ['9']]);
  });

  it('handles empty input and rejects columns of different lengths', () => {
    const tx = transactionsFromArrays([], []);
    expect(tx.nTransactions).toBe(0);
    expect(tx.nItems).toBe(0);
    expect(Array.from(tx.offsets)).toEqual([0]);
    expect(() => transactionsFromArrays(['a'], [])).toThrow(RangeError);
  });
});

describe('transactionsFromCodes', () => {
  it('reads dictionary codes directly: drops unused codes and negative (null) rows, relabels by label order', () => {
    // Dictionary as DuckDB/Arrow might hand it over: unsorted, with an entry no row uses.
    const labels = ['zebra', 'apple', 'unused', 'mango'];
    const basketCodes = Int32Array.from([7, 7, 2, 2, 2, -1, 7, 5]);
    const itemCodes = Int32Array.from([0, 1, 3, 3, 1, 0, 0, -1]);
    const tx = transactionsFromCodes(basketCodes, itemCodes, labels);
    expect(tx.itemLabels).toEqual(['apple', 'mango', 'zebra']);
    expect(tx.nTransactions).toBe(2); // baskets 2 and 7; basket 5 only has a null item
    expect(asLabels(tx)).toEqual([
      ['apple', 'mango'],
      ['apple', 'zebra'],
    ]);
  });

  it('merges duplicate dictionary labels and accepts sparse basket codes', () => {
    const tx = transactionsFromCodes(Float64Array.from([1e9, 1e9, 5, 2e9]), Uint8Array.from([0, 1, 1, 2]), [
      'a',
      'a',
      'b',
    ]);
    expect(tx.itemLabels).toEqual(['a', 'b']);
    expect(asLabels(tx)).toEqual([['a'], ['a'], ['b']]); // basket 5, 1e9 (a twice → once), 2e9
  });

  it('rejects codes out of range or not integers', () => {
    expect(() => transactionsFromCodes([0], [3], ['a'])).toThrow(/item code 3/);
    expect(() => transactionsFromCodes([0.5], [0], ['a'])).toThrow(RangeError);
    expect(() => transactionsFromCodes([0, 1], [0], ['a'])).toThrow(RangeError);
  });

  it('keeps every transaction a sorted set on random input', () => {
    let seed = 12345;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const n = 5000;
    const baskets = Int32Array.from({ length: n }, () => rand(300));
    const items = Int32Array.from({ length: n }, () => rand(50));
    const labels = Array.from({ length: 50 }, (_, i) => `item-${i}`);
    const tx = transactionsFromCodes(baskets, items, labels);
    const expected = new Map<number, Set<string>>();
    for (let r = 0; r < n; r++) {
      if (!expected.has(baskets[r]!)) expected.set(baskets[r]!, new Set());
      expected.get(baskets[r]!)!.add(labels[items[r]!]!);
    }
    const sortedKeys = [...expected.keys()].sort((a, b) => a - b);
    expect(asLabels(tx)).toEqual(sortedKeys.map((k) => [...expected.get(k)!].sort((a, b) => (a < b ? -1 : 1))));
    for (let t = 0; t < tx.nTransactions; t++) {
      for (let k = tx.offsets[t]! + 1; k < tx.offsets[t + 1]!; k++)
        expect(tx.items[k]!).toBeGreaterThan(tx.items[k - 1]!);
    }
  });
});
