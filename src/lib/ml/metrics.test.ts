import { describe, it, expect } from 'vitest';
import { auc, accuracy, logLoss } from './metrics';
import { Rng } from '../util/rng';

/** AUC by definition: P(score of a random positive > random negative), ties counting ½. */
function bruteAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((li, i) =>
    labels.forEach((lj, j) => {
      if (li === 1 && lj === 0) {
        pairs++;
        wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }),
  );
  return wins / pairs;
}

describe('auc', () => {
  it('matches the scikit-learn roc_auc_score documentation example', () => {
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('equals the pairwise definition, with many ties', () => {
    const rng = new Rng(7);
    const scores = Array.from({ length: 300 }, () => Math.round(rng.next() * 10) / 10);
    const labels = scores.map((s) => (rng.next() < 0.3 + s * 0.4 ? 1 : 0));
    expect(auc(scores, labels)).toBeCloseTo(bruteAuc(scores, labels), 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, NaN with one class', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('accuracy and logLoss', () => {
  it('computes known values', () => {
    expect(accuracy([0.2, 0.7, 0.6, 0.4], [0, 1, 0, 0])).toBe(0.75);
    // -(ln 0.8 + ln 0.7) / 2
    expect(logLoss([0.2, 0.7], [0, 1])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
  });
});
