import { describe, it, expect } from 'vitest';
import { groupFairness } from './fairness';

describe('groupFairness', () => {
  // Group a: 4 rows, labels 1,1,0,0, scores .9,.4,.6,.1 → at 0.5: tp 1, fn 1, fp 1, tn 1.
  // Group b: 2 rows, labels 1,0, scores .8,.2 → tp 1, tn 1.
  const groups = ['a', 'a', 'a', 'a', 'b', 'b'];
  const scores = [0.9, 0.4, 0.6, 0.1, 0.8, 0.2];
  const labels = [1, 1, 0, 0, 1, 0];

  it('computes selection rates, TPR, FPR and the ratios by hand', () => {
    const r = groupFairness(groups, scores, labels, 0.5);
    expect(r.groups[0]).toMatchObject({
      group: 'a',
      count: 4,
      share: 4 / 6,
      baseRate: 0.5,
      selectionRate: 0.5,
      tpr: 0.5,
      fpr: 0.5,
      precision: 0.5,
      auc: 0.75,
    });
    expect(r.groups[1]).toMatchObject({
      group: 'b',
      count: 2,
      baseRate: 0.5,
      selectionRate: 0.5,
      tpr: 1,
      fpr: 0,
      precision: 1,
      auc: 1,
    });
    // Equal selection rates (0.5 and 0.5): ratio 1; TPR 0.5 against 1.
    expect(r.disparateImpact).toBe(1);
    expect(r.equalOpportunityDifference).toBe(0.5);
    expect(r.flagged).toBe(false);
  });

  it('flags a selection-rate ratio below four fifths, and names the groups', () => {
    // At 0.85 only a's 0.9 is selected: a 1/4, b 0/2 → ratio 0.
    const r = groupFairness(groups, scores, labels, 0.85);
    expect(r.disparateImpact).toBe(0);
    expect(r.flagged).toBe(true);
    expect(r.sentence).toBe(
      "Below the four-fifths rule: 'b' is selected at 0.0% against 25.0% for 'a' (ratio 0.00); true-positive rates differ by up to 50.0 points.",
    );
  });
});
