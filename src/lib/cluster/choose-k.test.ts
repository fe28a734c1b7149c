import { describe, expect, it } from 'vitest';
import { chooseK, distinctRows } from './choose-k';

describe('chooseK', () => {
  it('among near-ties takes the smallest k whose largest cluster holds at most 60% (Online Retail RFM shape)', () => {
    // k = 2 scores best but puts 72.9% in one cluster; k = 3 is within 0.02 with 55% at most.
    const choice = chooseK([
      { k: 2, silhouette: 0.512, largestShare: 0.729 },
      { k: 3, silhouette: 0.498, largestShare: 0.55 },
      { k: 4, silhouette: 0.495, largestShare: 0.41 },
      { k: 5, silhouette: 0.43, largestShare: 0.35 },
    ]);
    expect(choice).toEqual({ k: 3, nearTies: [2, 3, 4], rule: 'balanced' });
  });

  it('does not reach past the tolerance for balance', () => {
    const choice = chooseK([
      { k: 2, silhouette: 0.6, largestShare: 0.8 },
      { k: 3, silhouette: 0.57, largestShare: 0.5 },
    ]);
    expect(choice).toEqual({ k: 2, nearTies: [2], rule: 'best-silhouette' });
  });

  it('counts a silhouette exactly 0.02 below the best as a tie', () => {
    expect(
      chooseK([
        { k: 2, silhouette: 0.5, largestShare: 0.9 },
        { k: 3, silhouette: 0.48, largestShare: 0.6 },
      ]).k,
    ).toBe(3);
  });

  it('keeps the best silhouette when it is already balanced, and ignores undefined silhouettes', () => {
    expect(
      chooseK([
        { k: 2, silhouette: Number.NaN, largestShare: 1 },
        { k: 3, silhouette: 0.7, largestShare: 0.4 },
        { k: 4, silhouette: 0.69, largestShare: 0.3 },
      ]),
    ).toEqual({ k: 3, nearTies: [3, 4], rule: 'balanced' });
  });
});

describe('distinctRows', () => {
  it('counts identical rows once (20 identical customers are one point)', () => {
    expect(distinctRows(new Float64Array(40).fill(3), 20, 2)).toBe(1);
    expect(distinctRows([0, 1, -0, 1, 2, 2], 3, 2)).toBe(2);
  });
});
