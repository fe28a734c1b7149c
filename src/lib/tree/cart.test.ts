import { describe, it, expect } from 'vitest';
import { Rng } from '../util/rng';
import { fitCart, flattenRules, predictCart, impurity, niceThreshold, conditionText, type CartFeature } from '.';

const num = (name: string, values: number[]): CartFeature => ({
  kind: 'numeric',
  name,
  values: Float64Array.from(values),
});
const cat = (name: string, values: string[]): CartFeature => {
  const levels = [...new Set(values)].sort();
  return { kind: 'categorical', name, levels, codes: Int32Array.from(values, (v) => levels.indexOf(v)) };
};

describe('impurity and thresholds', () => {
  it('computes gini and entropy', () => {
    expect(impurity('gini', 4, 2)).toBeCloseTo(4 / 9, 15);
    expect(impurity('gini', 3, 0)).toBe(0);
    expect(impurity('entropy', 1, 1)).toBe(1);
    expect(impurity('entropy', 2, 1)).toBeCloseTo(-(2 / 3) * Math.log2(2 / 3) - (1 / 3) * Math.log2(1 / 3), 15);
  });

  it('picks the simplest number in (a, b]', () => {
    expect(niceThreshold(5, 6)).toBe(6);
    expect(niceThreshold(3, 4)).toBe(4);
    expect(niceThreshold(70.35, 70.4)).toBe(70.4);
    expect(niceThreshold(70.35, 70.45)).toBe(70.4);
    expect(niceThreshold(18.25, 29.85)).toBe(20);
    expect(niceThreshold(-1, 2)).toBe(0);
    expect(niceThreshold(-4, -3.2)).toBe(-3.2);
    expect(niceThreshold(0.0011, 0.00123)).toBe(0.0012);
  });
});

describe('fitCart', () => {
  // x = 1..6, y = 0 0 0 1 1 0. Root: 2 of 6 positive, Gini = 1 − (4/6)² − (2/6)² = 16/36 = 4/9.
  // Cuts (left | right), weighted child Gini, decrease:
  //   x<2: {0}       | {0,1,1,0,0}: 0 + 5/6·(1 − .36 − .16) = 0.4        ΔI = 0.0444
  //   x<3: {0,0}     | {0,1,1,0}:   0 + 4/6·0.5              = 0.3333     ΔI = 0.1111
  //   x<4: {0,0,0}   | {1,1,0}:     0 + 3/6·(4/9)            = 2/9        ΔI = 4/9 − 2/9 = 2/9 ← best
  //   x<5: {0,0,0,1} | {1,0}:       4/6·0.375 + 2/6·0.5      = 0.4167     ΔI = 0.0278
  //   x<6: {0,0,0,1,1} | {0}:       5/6·0.48 + 0             = 0.4        ΔI = 0.0444
  // The cut lies between 3 and 4; the simplest number in (3, 4] is 4, so the split reads `x < 4`.
  const x = num('x', [1, 2, 3, 4, 5, 6]);
  const y = [0, 0, 0, 1, 1, 0];

  it('finds the hand-computed Gini split', () => {
    const tree = fitCart([x], y, { maxDepth: 1 });
    expect(tree.nodes).toHaveLength(3);
    const root = tree.nodes[0]!;
    expect(root.split).toEqual({ kind: 'numeric', feature: 0, threshold: 4 });
    expect(root.impurity).toBeCloseTo(4 / 9, 15);
    expect(root.gain).toBeCloseTo(2 / 9, 15);
    expect(tree.nodes.map((n) => [n.id, n.parent, n.n, n.nPos, n.prediction])).toEqual([
      [0, null, 6, 2, 0],
      [1, 0, 3, 0, 0],
      [2, 0, 3, 2, 1],
    ]);
    expect(tree.nodes.slice(1).map((n) => conditionText(n.condition!))).toEqual(['x < 4', 'x >= 4']);
    expect(tree.importance).toEqual([1]);
    // Depth 2: the right node {4:1, 5:1, 6:0} splits at x < 6 (Gini 4/9 → 0, ΔI = 4/9).
    const deeper = fitCart([x], y, { maxDepth: 2 });
    expect(deeper.nodes.map((n) => (n.split?.kind === 'numeric' ? n.split.threshold : null))).toEqual([
      4,
      null,
      6,
      null,
      null,
    ]);
    expect(deeper.nodes[2]!.gain).toBeCloseTo(4 / 9, 15);
    const rules = flattenRules(deeper);
    expect(rules.map((r) => [r.text, r.outcome, r.count])).toEqual([
      ['x >= 4 AND x < 6', 1, 2],
      ['x < 4', 0, 3],
      ['x >= 6', 0, 1],
    ]);
    // Base rate 1/3; the positive rule: confidence 1, lift 3, coverage 1/3.
    expect(rules[0]).toMatchObject({ confidence: 1, positiveRate: 1, lift: 3, coverage: 2 / 6 });
    // Negative rules: confidence = share of negatives (1), lift = 1 / (4/6) = 1.5.
    expect(rules[1]).toMatchObject({ confidence: 1, lift: 1.5, coverage: 0.5 });
  });

  it('finds the hand-computed entropy split', () => {
    // Root H(1/3) = 0.9183. x<4: 0 + 3/6·H(2/3) = H(1/3)/2 → ΔI = 0.4591, beating x<3 (ΔI = 0.9183 − 4/6·1 = 0.2516)
    // and x<2 / x<6 (0.9183 − 5/6·H(0.4) = 0.1092), x<5 (0.9183 − 4/6·H(0.25) − 2/6·1 = 0.0441).
    const tree = fitCart([x], y, { maxDepth: 1, criterion: 'entropy' });
    const h = impurity('entropy', 2, 1);
    expect(tree.nodes[0]!.impurity).toBeCloseTo(h, 15);
    expect(tree.nodes[0]!.split).toEqual({ kind: 'numeric', feature: 0, threshold: 4 });
    expect(tree.nodes[0]!.gain).toBeCloseTo(h / 2, 15);
    expect(tree.criterion).toBe('entropy');
  });

  it('weighs classes when balanced', () => {
    // x = 1..10, positives at 6 and 8; minLeaf 5 allows only x < 6. Right leaf: 2 of 5 positive.
    const xs = num('x', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const ys = [0, 0, 0, 0, 0, 1, 0, 1, 0, 0];
    const plain = fitCart([xs], ys, { maxDepth: 1, minLeaf: 5 });
    expect(plain.nodes.map((n) => n.prediction)).toEqual([0, 0, 0]);
    // Balanced: w0 = 10/(2·8) = 0.625, w1 = 10/(2·2) = 2.5; right: wPos = 5 > wNeg = 1.875 → positive.
    const balanced = fitCart([xs], ys, { maxDepth: 1, minLeaf: 5, classWeight: 'balanced' });
    expect(balanced.classWeight).toEqual([0.625, 2.5]);
    expect(balanced.nodes.map((n) => n.prediction)).toEqual([0, 0, 1]);
    const [top] = flattenRules(balanced);
    expect(top).toMatchObject({
      text: 'x >= 6',
      outcome: 1,
      positiveRate: 0.4,
      confidence: 0.4,
      lift: 2,
      coverage: 0.5,
    });
    expect(predictCart(balanced, [xs], 7)).toBe(1);
    expect(predictCart(balanced, [xs], 0)).toBe(0);
  });

  it('splits a categorical feature by the best value subset', () => {
    // Positive rates: A 0/4, B 3/4, C 1/4, D 4/4 → ordered A, C, B, D; the best cut {A, C} | {B, D}
    // leaves 1/8 positive on each impure side: ΔI = 0.5 − 2·(8/16)·(1 − (7/8)² − (1/8)²) = 0.5 − 14/64 = 9/32.
    const values = [...'AAAA', ...'BBBB', ...'CCCC', ...'DDDD'];
    const ys = [0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1];
    const c = cat('c', values);
    const tree = fitCart([c], ys, { maxDepth: 1 });
    expect(tree.nodes[0]!.gain).toBeCloseTo(9 / 32, 15);
    expect(tree.nodes.slice(1).map((n) => conditionText(n.condition!))).toEqual(['c in {A, C}', 'c in {B, D}']);
    // It is the best of all 7 two-way partitions of the four levels.
    let best = 0;
    for (let mask = 1; mask < 8; mask++) {
      const left = (v: string) => ((mask >> 'ABCD'.indexOf(v)) & 1) === 1;
      const side = (want: boolean) => ys.filter((_, i) => left(values[i]!) === want);
      const [l, r] = [side(true), side(false)];
      const g = (s: number[]) =>
        impurity(
          'gini',
          s.length - s.reduce((a, b) => a + b, 0),
          s.reduce((a, b) => a + b, 0),
        );
      best = Math.max(best, 0.5 - (l.length / 16) * g(l) - (r.length / 16) * g(r));
    }
    expect(tree.nodes[0]!.gain).toBeCloseTo(best, 15);
    // An unseen level goes right.
    const unseen: CartFeature = {
      kind: 'categorical',
      name: 'c',
      levels: ['A', 'B', 'C', 'D', 'E'],
      codes: Int32Array.from([4]),
    };
    expect(predictCart(tree, [unseen], 0)).toBe(1);
  });

  it('respects maxDepth and minLeaf, and is deterministic', () => {
    const rng = new Rng(7);
    const n = 600;
    const a = Array.from({ length: n }, () => rng.next() * 100);
    const b = Array.from({ length: n }, () => ['p', 'q', 'r', 's'][rng.int(4)]!);
    const ys = a.map((v, i) => (rng.next() < (v > 50 ? 0.6 : 0.2) + (b[i] === 'q' ? 0.2 : 0) ? 1 : 0));
    const features = [num('a', a), cat('b', b)];
    for (const [maxDepth, minLeaf] of [
      [2, 1],
      [4, 30],
      [6, 80],
    ] as const) {
      const tree = fitCart(features, ys, { maxDepth, minLeaf, classWeight: 'balanced' });
      const leaves = tree.nodes.filter((nd) => !nd.split);
      expect(Math.max(...tree.nodes.map((nd) => nd.depth))).toBeLessThanOrEqual(maxDepth);
      for (const leaf of leaves) expect(leaf.n).toBeGreaterThanOrEqual(minLeaf);
      expect(leaves.reduce((s, l) => s + l.n, 0)).toBe(n);
      expect(flattenRules(tree).reduce((s, r) => s + r.coverage, 0)).toBeCloseTo(1, 12);
      expect(fitCart(features, ys, { maxDepth, minLeaf, classWeight: 'balanced' })).toEqual(tree);
    }
    // maxDepth 0: one leaf, one rule for all rows.
    const stump = fitCart(features, ys, { maxDepth: 0 });
    expect(flattenRules(stump).map((r) => r.text)).toEqual(['(all rows)']);
    // The training subset is honoured.
    const sub = fitCart(features, ys, { rows: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], maxDepth: 3 });
    expect(sub.n).toBe(10);
  });

  it('merges repeated conditions on a feature into the tightest bounds', () => {
    // Positives only in the middle band: depth 2 needs two cuts on x.
    const xs = num(
      'x',
      Array.from({ length: 30 }, (_, i) => i),
    );
    const ys = Array.from({ length: 30 }, (_, i) => (i >= 10 && i < 20 ? 1 : 0));
    const rules = flattenRules(fitCart([xs], ys, { maxDepth: 2 }));
    expect(rules[0]).toMatchObject({ text: 'x >= 10 AND x < 20', outcome: 1, confidence: 1 });
  });

  it('rejects bad input', () => {
    expect(() => fitCart([x], [0, 1, 2, 0, 0, 0])).toThrow(/labels must be 0 or 1/);
    expect(() => fitCart([x], [0, 1])).toThrow(/6 values for 2 labels/);
  });
});
