import { describe as group, it, expect } from 'vitest';
import { compareCategory, compareNumber, describe, rank } from './compare';
import { moments } from './tests';

group('compare core', () => {
  it('a level seen in one group only still counts; the largest share gap is the telling level', () => {
    // a: x 8, y 2; b: y 5, z 5 → gaps x +0.8, y −0.3, z −0.5.
    const r = compareCategory(
      'colour',
      new Map([
        ['x', [8, 0]],
        ['y', [2, 5]],
        ['z', [0, 5]],
      ]),
    );
    expect(r).toMatchObject({ level: 'x', a: 0.8, b: 0, n_a: 10, n_b: 10 });
    expect(r.difference).toBeCloseTo(0.8, 12);
    expect(r.effect).toBeGreaterThan(0.8);
  });

  it('too few values give no test (NaN), ranked last; q only over finite p', () => {
    const tiny = compareNumber('tiny', moments([1]), moments([2, 3]));
    expect(Number.isNaN(tiny.p)).toBe(true);
    const big = compareNumber('big', moments([1, 2, 3, 4]), moments([10, 11, 12, 13]));
    const mid = compareNumber('mid', moments([1, 2, 3, 4]), moments([2, 3, 4, 5]));
    const ranked = rank([tiny, mid, big]);
    expect(ranked.map((r) => r.feature)).toEqual(['big', 'mid', 'tiny']);
    expect(Number.isNaN(ranked[2]!.q)).toBe(true);
    // Two finite p: the smaller doubled (capped by the larger), the larger unchanged.
    expect(ranked[1]!.q).toBeCloseTo(mid.p, 12);
    expect(ranked[0]!.q).toBeCloseTo(Math.min(2 * big.p, mid.p), 12);
  });

  it('says a difference in words', () => {
    const [r] = rank([compareNumber('orders', moments([1, 2, 3]), moments([3, 4, 5]))]);
    expect(describe(r!, 'churned', 'retained')).toBe(
      'churned: orders 2 on average vs 4 for retained (2 lower), d = −2',
    );
  });
});
