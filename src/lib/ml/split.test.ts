import { describe, it, expect } from 'vitest';
import { stratifiedSplit, fitStandardizer, gatherStandardized } from './split';

describe('stratifiedSplit', () => {
  const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30% positive

  it('keeps the positive rate in every part and covers each row exactly once', () => {
    const s = stratifiedSplit(labels, { validation: 0.2, test: 0.2 }, 1);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([600, 200, 200]);
    for (const part of [s.train, s.validation, s.test]) {
      const rate = [...part].reduce((n, r) => n + labels[r]!, 0) / part.length;
      expect(rate).toBeCloseTo(0.3, 2);
    }
    const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual(labels.map((_, i) => i));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = stratifiedSplit(labels, { validation: 0.2, test: 0.2 }, 5);
    const b = stratifiedSplit(labels, { validation: 0.2, test: 0.2 }, 5);
    const c = stratifiedSplit(labels, { validation: 0.2, test: 0.2 }, 6);
    expect([...a.test]).toEqual([...b.test]);
    expect([...a.test]).not.toEqual([...c.test]);
  });

  it("splits a million rows (the benchmark's 200k-row classifier once overflowed the call stack here)", () => {
    const many = new Uint8Array(1_000_000).map((_, i) => (i % 4 === 0 ? 1 : 0));
    const s = stratifiedSplit(Array.from(many), { validation: 0.1, test: 0.2 }, 3);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([700_000, 100_000, 200_000]);
    const positives = (part: Int32Array) => part.reduce((n, r) => n + many[r]!, 0);
    expect(positives(s.test)).toBe(50_000);
    expect(new Set([...s.train, ...s.validation, ...s.test]).size).toBe(1_000_000);
  });
});

describe('standardizer', () => {
  it('uses only the given rows and gives zero mean, unit sd on them', () => {
    const x = Float32Array.from([1, 10, 3, 10, 5, 10, 1000, 0]); // 4 rows × 2 features
    const rows = Int32Array.from([0, 1, 2]);
    const scale = fitStandardizer(x, 2, rows);
    expect(scale.mean).toEqual([3, 10]);
    expect(scale.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 6);
    expect(scale.std[1]).toBe(1); // constant column: sd 0 → 1
    const z = gatherStandardized(x, 2, rows, scale);
    expect(z[0]! + z[2]! + z[4]!).toBeCloseTo(0, 6);
  });
});
