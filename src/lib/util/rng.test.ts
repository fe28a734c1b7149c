import { describe, it, expect } from 'vitest';
import { Rng, mulberry32 } from './rng';

describe('mulberry32', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const c = mulberry32(124);
    const xs = Array.from({ length: 5 }, () => a());
    const ys = Array.from({ length: 5 }, () => b());
    const zs = Array.from({ length: 5 }, () => c());
    expect(xs).toEqual(ys);
    expect(xs).not.toEqual(zs);
  });

  it('stays in [0, 1)', () => {
    const r = mulberry32(7);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = r();
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // 10k uniforms should get close to both ends.
    expect(min).toBeLessThan(0.001);
    expect(max).toBeGreaterThan(0.999);
  });
});

describe('Rng', () => {
  it('replays the same sequence for the same seed', () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return [r.next(), r.int(10), r.normal(), r.poisson(3), r.weighted([1, 2, 3]), r.pick(['a', 'b', 'c'])];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('int(n) covers exactly [0, n)', () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 5_000; i++) seen.add(r.int(7));
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(() => r.int(0)).toThrow();
    expect(() => r.int(2.5)).toThrow();
  });

  it('normal has roughly the requested mean and sd over 10k draws', () => {
    const r = new Rng(2024);
    const n = 10_000;
    const xs = Array.from({ length: n }, () => r.normal(5, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(mean - 5)).toBeLessThan(0.08); // ~4 standard errors
    expect(Math.abs(sd - 2)).toBeLessThan(0.08);
  });

  it('weighted draws indices proportionally and never picks zero weights', () => {
    const r = new Rng(9);
    const counts = [0, 0, 0, 0];
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[r.weighted([1, 0, 3, 6])]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / n).toBeCloseTo(0.1, 1);
    expect(counts[2]! / n).toBeCloseTo(0.3, 1);
    expect(counts[3]! / n).toBeCloseTo(0.6, 1);
    expect(() => r.weighted([0, 0])).toThrow();
  });

  it('shuffle permutes in place', () => {
    const r = new Rng(3);
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const out = r.shuffle(xs);
    expect(out).toBe(xs);
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(xs).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('poisson has mean ≈ λ for small and large λ', () => {
    const r = new Rng(11);
    for (const lambda of [0.5, 4, 50]) {
      const n = 10_000;
      let sum = 0;
      let allNonNegativeInts = true;
      for (let i = 0; i < n; i++) {
        const k = r.poisson(lambda);
        if (!Number.isInteger(k) || k < 0) allNonNegativeInts = false;
        sum += k;
      }
      expect(allNonNegativeInts).toBe(true);
      expect(Math.abs(sum / n - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n) + 0.01);
    }
    expect(r.poisson(0)).toBe(0);
  });

  it('pick rejects an empty array', () => {
    expect(() => new Rng(1).pick([])).toThrow();
  });
});
