import { describe, it, expect } from 'vitest';
import { atThreshold, averagePrecision, calibration, curves } from './curves';

// The same 40 rows in Python: s = ((i*37) % 101) / 100; y = 1 if (i*13) % 7 < 3 or s > 0.8 else 0.
// Expected figures from scikit-learn 1.9.1 (average_precision_score, precision_recall_curve,
// calibration_curve(n_bins=5), precision/recall/f1_score and confusion_matrix at 0.5).
const n = 40;
const s = Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 100);
const y = s.map((v, i) => ((i * 13) % 7 < 3 || v > 0.8 ? 1 : 0));

describe('classifier curves against scikit-learn', () => {
  it('average precision', () => {
    expect(averagePrecision(s, y)).toBeCloseTo(0.7635024540529572, 12);
    // With tied scores (sklearn: 0.6444444444444444).
    expect(averagePrecision([0.1, 0.4, 0.4, 0.8, 0.8, 0.8], [0, 0, 1, 1, 0, 1])).toBeCloseTo(0.6444444444444444, 12);
  });
  it('ROC/PR points at every distinct threshold', () => {
    const c = curves(s, y);
    expect(c).toHaveLength(40); // 40 distinct scores (sklearn's curve adds its (0, 0) / (1, ·) end points)
    // Lowest threshold: everything predicted positive → precision = base rate 0.5, recall 1.
    expect(c[c.length - 1]).toMatchObject({ threshold: 0, precision: 0.5, recall: 1, tpr: 1, fpr: 1 });
    // sklearn precision_recall_curve: at threshold 0.03, precision 19/39, recall 0.95.
    expect(c.find((p) => p.threshold === 0.03)).toMatchObject({ precision: 19 / 39, recall: 0.95 });
  });
  it('calibration bins', () => {
    const bins = calibration(s, y, 5);
    const observed = [0.4444444444444444, 0.375, 0.375, 0.2857142857142857, 1.0];
    const predicted = [0.10666666666666666, 0.3175, 0.5150000000000001, 0.7199999999999999, 0.91];
    bins.forEach((b, i) => {
      expect(b.observed).toBeCloseTo(observed[i]!, 12);
      expect(b.predicted).toBeCloseTo(predicted[i]!, 12);
    });
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(40);
  });
  it('metrics at a threshold', () => {
    expect(atThreshold(s, y, 0.5)).toMatchObject({
      tn: 12,
      fp: 8,
      fn: 8,
      tp: 12,
      precision: 0.6,
      recall: 0.6,
      accuracy: 0.6,
    });
    expect(atThreshold(s, y, 0.5).f1).toBeCloseTo(0.6, 12);
    expect(atThreshold([0.1, 0.2], [1, 0], 0.9)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});
