import { describe, it, expect } from 'vitest';
import { kneeIndex } from './knee';

describe('kneeIndex', () => {
  it('finds the corner of an L-shaped curve, in either direction', () => {
    // Scaled to run from (0, 0) to (1, 1), points 1, 2, 3 sit at (0.1, 0.6), (0.2, 0.85), (0.3, 0.9):
    // 0.5, 0.65 and 0.6 off the chord y = x, so the knee is point 2.
    const l = [10, 4, 1.5, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0];
    expect(kneeIndex(l)).toBe(2);
    // Mirrored in both axes (flat first, then a steep fall): point 10 − 2.
    expect(kneeIndex([...l].reverse().map((v) => 10 - v))).toBe(8);
  });

  it('picks the sparsest rows of DBSCAN-like k-distances: 5 far points before a dense plateau', () => {
    const kd = [...[9, 8, 7, 6, 5], ...Array.from({ length: 95 }, (_, i) => 0.5 - i * 0.002)];
    expect(kneeIndex(kd)).toBe(5);
    expect(kd[kneeIndex(kd)]).toBe(0.5);
  });

  it('has no knee on a straight line, a flat curve or fewer than 3 points', () => {
    expect(kneeIndex([4, 3, 2, 1, 0])).toBe(-1);
    expect(kneeIndex([1, 1, 1, 1])).toBe(-1);
    expect(kneeIndex([2, 1])).toBe(-1);
  });
});
