import { describe, it, expect } from 'vitest';
import { comparablePair, driftStatus, psi, quantileEdges, retrainAdvice } from './drift';

describe('psi', () => {
  it('is 0 for identical shares and the hand-computed sum otherwise', () => {
    expect(psi([10, 20, 30], [20, 40, 60])).toBe(0);
    // Shares e = (0.5, 0.5), a = (0.2, 0.8): (0.2−0.5)·ln(0.2/0.5) + (0.8−0.5)·ln(0.8/0.5) = 0.3·ln 2.5 + 0.3·ln 1.6
    expect(psi([50, 50], [20, 80])).toBeCloseTo(0.3 * Math.log(2.5) + 0.3 * Math.log(1.6), 12);
  });
  it('floors empty bins at 1e-4 rather than giving infinity', () => {
    // e = (1, 0) → (1, 1e-4); a = (0.5, 0.5): (0.5 − 1)·ln(0.5) + (0.5 − 1e-4)·ln(0.5 / 1e-4)
    expect(psi([10, 0], [5, 5])).toBeCloseTo(-0.5 * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4), 12);
    expect(psi([0, 0], [1, 1])).toBeNaN();
  });
  it('reads as stable / moderate / significant at 0.10 and 0.25', () => {
    expect([0.05, 0.1, 0.2, 0.25, 1].map(driftStatus)).toEqual([
      'stable',
      'moderate shift',
      'moderate shift',
      'significant shift',
      'significant shift',
    ]);
  });
  it('dedupes quantile edges', () => {
    expect(quantileEdges([0, 0, 1, 1, 2, Number.NaN])).toEqual([0, 1, 2]);
  });
});

describe('retrainAdvice', () => {
  it('recommends retraining on a significant shift or an AUC drop, and says why', () => {
    expect(
      retrainAdvice([
        { feature: 'recency', psi: 0.4 },
        { feature: 'age', psi: 0.01 },
      ]),
    ).toEqual({
      retrain: true,
      reason: 'Retrain recommended: 1 feature shifted significantly: recency (PSI 0.40).',
    });
    expect(retrainAdvice([{ feature: 'a', psi: 0.01 }], { reference: 0.85, current: 0.78 }).reason).toBe(
      'Retrain recommended: AUC fell from 0.850 to 0.780 on the new labelled data.',
    );
    expect(retrainAdvice([{ feature: 'a', psi: 0.12 }], { reference: 0.85, current: 0.83 })).toEqual({
      retrain: false,
      reason: 'No retraining needed yet: 1 feature moved moderately (PSI 0.10–0.25); watch them.',
    });
  });
});

describe('comparablePair', () => {
  const cols = (...names: string[]) => names.map((name) => ({ name }));
  it('pairs the tables of the same shape, not an event log with a customer table', () => {
    const tables = [
      { ref: 'events', columns: cols('customer_id', 'ts', 'amount', 'event_type') },
      { ref: 'customers', columns: cols('customer_id', 'age', 'city') },
      { ref: 'f_old.features', columns: cols('customer_id', 'recency', 'frequency', 'monetary') },
      { ref: 'f1.features', columns: cols('customer_id', 'recency', 'frequency', 'monetary') },
    ];
    expect(comparablePair(tables)).toEqual({ reference: 'f_old.features', current: 'f1.features' });
  });
  it('prefers two feature matrices over wider tables that share more columns', () => {
    const wide = cols('customer_id', 'a', 'b', 'c', 'd', 'e');
    const tables = [
      { ref: 'x', columns: wide },
      { ref: 'y', columns: wide },
      { ref: 'f0.features', columns: cols('customer_id', 'r', 'f') },
      { ref: 'f1.features', columns: cols('customer_id', 'r', 'f') },
    ];
    expect(comparablePair(tables, ['f0.features', 'f1.features'])).toEqual({
      reference: 'f0.features',
      current: 'f1.features',
    });
  });
  it('offers no pair when the tables share at most an id', () => {
    expect(
      comparablePair([
        { ref: 'a', columns: cols('id', 'x') },
        { ref: 'b', columns: cols('id', 'y') },
      ]),
    ).toBeUndefined();
  });
});
