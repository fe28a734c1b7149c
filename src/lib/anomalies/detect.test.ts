import { describe, it, expect } from 'vitest';
import { baseline, contributions, detect, median, minPeriods, robustScale, topCauses } from './detect';

describe('baseline', () => {
  it('takes the median of up to four earlier values a season apart, none in the first season', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const v = [10, 20, 30, 40, 50, 60, 70, 80, 90];
    // lag 2: t=2 → [10]; t=4 → [30, 10] → 20; t=8 → [70, 50, 30, 10] → 40.
    expect(baseline(v, 2)).toEqual([null, null, 10, 20, 20, 30, 30, 40, 40]);
    expect(baseline(v, 1)[5]).toBe(median([50, 40, 30, 20]));
    expect(minPeriods('day')).toBe(14);
    expect(minPeriods('week')).toBe(8);
  });
});

describe('robust scale', () => {
  it('is 1.4826 · MAD, or 1.2533 · the mean absolute deviation where MAD is 0', () => {
    // median 3, deviations 2 1 0 1 97 → MAD 1.
    expect(robustScale([1, 2, 3, 4, 100])).toEqual({ center: 3, scale: 1.4826 });
    // deviations 0 0 0 0 10: MAD 0, mean 2.
    const flat = robustScale([0, 0, 0, 0, 10]);
    expect(flat.center).toBe(0);
    expect(flat.scale).toBeCloseTo(2 * Math.sqrt(Math.PI / 2), 12);
    expect(robustScale([5, 5, 5]).scale).toBe(0);
  });

  it('scores the residual against the baseline and flags |score| ≥ sensitivity', () => {
    // A flat week-on-week pattern with one spike: residuals are 0 but for the spike.
    const week = [100, 90, 90, 100, 110, 140, 130];
    const values = [...week, ...week, ...week, ...week];
    values[20] = 200; // a Sunday, usually 130
    const scored = detect(values, 'day');
    expect(scored.slice(0, 7).every((s) => s.expected === null && s.score === null)).toBe(true);
    // Residuals over days 7..27: all 0 but day 20 (+70); the next Sunday's median of [200, 130, 130]
    // stays 130, so MAD is 0 and the scale is 1.2533 × the mean absolute deviation, 70 / 21.
    const residuals = scored.flatMap((s, t) => (s.expected === null ? [] : [values[t]! - s.expected]));
    expect(residuals.filter((r) => r !== 0)).toEqual([70]);
    const scale = Math.sqrt(Math.PI / 2) * (70 / 21);
    expect(scored[20]!.score).toBeCloseTo(70 / scale, 12);
    expect(scored[20]!.anomaly).toBe(true);
    expect(scored[27]!.score).toBe(0);
    expect(scored.filter((s) => s.anomaly)).toHaveLength(1);
    expect(scored[20]!.high).toBeCloseTo(130 + 3.5 * scale, 12);
    // Its score is 21 / 1.2533 = 16.8: a higher threshold lets it pass.
    expect(detect(values, 'day', 17).some((s) => s.anomaly)).toBe(false);
  });
});

describe('contributions', () => {
  it('share the deviation among values by their share of the previous periods, summing to 1', () => {
    const c = contributions(150, 100, [
      { value: 'A', actual: 100, previous: 600 },
      { value: 'B', actual: 50, previous: 400 },
    ]);
    expect(c).toEqual([
      { value: 'A', expected: 60, actual: 100, contribution: 0.8 },
      { value: 'B', expected: 40, actual: 50, contribution: 0.2 },
    ]);
    // A drop: the value that fell explains it, with a positive contribution.
    const drop = contributions(70, 100, [
      { value: 'A', actual: 62, previous: 60 },
      { value: 'B', actual: 8, previous: 40 },
      { value: 'C', actual: 0, previous: 0 },
    ]);
    expect(drop.map((x) => [x.value, x.contribution + 0])).toEqual([
      ['B', (8 - 40) / -30],
      ['C', 0],
      ['A', (62 - 60) / -30],
    ]);
    expect(drop.reduce((s, x) => s + x.contribution, 0)).toBeCloseTo(1, 12);
    expect(contributions(100, 100, [{ value: 'A', actual: 100, previous: 1 }])).toEqual([]);
    expect(contributions(10, 0, [{ value: 'A', actual: 10, previous: 0 }])).toEqual([]);
  });

  it('keeps the values contributing at least 0.1, at most five', () => {
    const many = [0.5, 0.4, 0.3, 0.2, 0.15, 0.12, 0.1, 0.05].map((contribution, i) => ({
      value: `v${i}`,
      expected: 0,
      actual: 0,
      contribution,
    }));
    expect(topCauses(many).map((c) => c.value)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    expect(topCauses(many.slice(4)).map((c) => c.value)).toEqual(['v4', 'v5', 'v6']);
  });
});
