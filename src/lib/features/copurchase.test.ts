import { describe, it, expect } from 'vitest';
import { copurchaseDegree } from './copurchase';
import { Rng } from '../util/rng';

describe('copurchaseDegree', () => {
  it('counts distinct partners by hand', () => {
    // Baskets: 0 = {0, 1, 2}, 1 = {0, 1}, 2 = {3}. Item 0: {1, 2}; 1: {0, 2}; 2: {0, 1}; 3: none; 4: never bought.
    const basket = Int32Array.from([0, 0, 0, 1, 1, 2]);
    const item = Int32Array.from([0, 1, 2, 1, 0, 3]);
    expect(Array.from(copurchaseDegree(basket, item, 3, 5))).toEqual([2, 2, 2, 0, 0]);
  });
  it('equals a brute-force set count on random baskets', () => {
    const rng = new Rng(3);
    const pairs = new Set<string>();
    for (let b = 0; b < 300; b++) for (let k = rng.int(12); k >= 0; k--) pairs.add(`${b},${rng.int(80)}`);
    const rows = [...pairs].map((s) => s.split(',').map(Number) as [number, number]);
    const got = copurchaseDegree(
      Int32Array.from(rows, (r) => r[0]),
      Int32Array.from(rows, (r) => r[1]),
      300,
      80,
    );
    const partners = Array.from({ length: 80 }, () => new Set<number>());
    const byBasket = new Map<number, number[]>();
    for (const [b, i] of rows) byBasket.set(b, [...(byBasket.get(b) ?? []), i]);
    for (const items of byBasket.values())
      for (const x of items) for (const y of items) if (x !== y) partners[x]!.add(y);
    expect(Array.from(got)).toEqual(partners.map((s) => s.size));
  });
});
