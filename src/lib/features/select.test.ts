import { describe, it, expect } from 'vitest';
import {
  gammaQ,
  chiSquareSurvival,
  discretise,
  mutualInformation,
  chi2Statistic,
  pearson,
  scoreFeatures,
  selectFeatures,
  type FeatureScore,
} from './select';

const f64 = (v: number[]) => Float64Array.from(v);
const i32 = (v: number[]) => Int32Array.from(v);

describe('chi-square survival (regularised upper incomplete gamma)', () => {
  it('matches closed forms', () => {
    // Q(1, x) = e^−x; chi2.sf(x, 2) = e^(−x/2); chi2.sf(x, 4) = e^(−x/2)(1 + x/2).
    for (const x of [0.01, 0.5, 1, 2.5, 7, 30, 200]) {
      expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 14);
      expect(chiSquareSurvival(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 12);
      expect(chiSquareSurvival(x, 4) / (Math.exp(-x / 2) * (1 + x / 2))).toBeCloseTo(1, 12);
    }
    expect(gammaQ(3, 0)).toBe(1);
    expect(gammaQ(0, 1)).toBeNaN();
  });

  it('matches scipy.stats.chi2.sf', () => {
    // The 5% critical value of χ²₁, and values printed by scipy 1.17 (series and fraction branches).
    expect(chiSquareSurvival(3.84145882, 1)).toBeCloseTo(0.05, 9);
    const cases: Array<[number, number, number]> = [
      [10, 3, 0.01856613546304325],
      [0.5, 5, 0.9921232932326296],
      [0.001, 1, 0.9747728793699604],
      [60, 100, 0.999481108537452],
      [50, 1, 1.537459794428033e-12],
      [300, 1, 3.2943623833139784e-67],
      [1000, 50, 7.188706215514871e-177],
    ];
    for (const [x, df, want] of cases) expect(chiSquareSurvival(x, df) / want).toBeCloseTo(1, 10);
  });
});

describe('discretise', () => {
  it('cuts 1..20 into 4 equal-frequency bins', () => {
    // Inner edges at positions 19·j/4 = 4.75, 9.5, 14.25 of the sorted values: 5.75, 10.5, 15.25.
    const { codes, levels } = discretise(f64(Array.from({ length: 20 }, (_, i) => 20 - i)), 4);
    expect(levels).toBe(4);
    expect(Array.from(codes).reverse()).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
  });

  it('never splits a tied value, and uses few distinct values by value', () => {
    // Sorted [1,1,1,1,2,3,4,5], 4 bins: positions 7j/4 = 1.75, 3.5, 5.25 → edges 1, 1.5, 3.25 (as
    // np.percentile gives); a value equal to an edge goes above it, so bin 0 is empty.
    expect(Array.from(discretise(f64([1, 1, 1, 1, 2, 3, 4, 5]), 4).codes)).toEqual([1, 1, 1, 1, 2, 2, 3, 3]);
    // 3 distinct values ≤ 3 bins: one code per value, in value order.
    expect(discretise(f64([5, 1, 5, 3]), 3)).toEqual({ codes: i32([2, 0, 2, 1]), levels: 3 });
    expect(discretise(f64([7, 7, 7]), 10)).toEqual({ codes: i32([0, 0, 0]), levels: 1 });
  });
});

describe('mutual information', () => {
  it('matches closed forms', () => {
    // 2×2 table with counts 3 1 / 1 3 (n = 8), all margins ½:
    // I = 2·(3/8)·ln((3/8)/(1/4)) + 2·(1/8)·ln((1/8)/(1/4)) = (3/4)·ln 3 − ln 2.
    const x = i32([0, 0, 0, 1, 1, 1, 1, 0]);
    const y = i32([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(mutualInformation(x, 2, y, 2)).toBeCloseTo(0.75 * Math.log(3) - Math.log(2), 15);
    // A copy of a uniform 3-class label carries its whole entropy, ln 3; independent codes carry 0.
    expect(mutualInformation(i32([0, 1, 2, 0, 1, 2]), 3, i32([2, 0, 1, 2, 0, 1]), 3)).toBeCloseTo(Math.log(3), 15);
    expect(mutualInformation(i32([0, 0, 1, 1]), 2, i32([0, 1, 0, 1]), 2)).toBe(0);
    expect(mutualInformation(i32([]), 1, i32([]), 2)).toBeNaN();
  });
});

describe('chi2 as sklearn.feature_selection.chi2', () => {
  it('reproduces the example of sklearn’s docstring by hand', () => {
    // X = [[1,1,3],[0,1,5],[5,4,1],[6,6,2],[1,4,0],[0,0,0]], y = [1,1,0,0,2,2]; classes ⅓ each.
    // Column 0: O = (11, 1, 1) for classes 0, 1, 2; E = 13/3 each; χ² = (400 + 100 + 100)/9 · 3/13 = 200/13.
    // Column 1: O = (10, 2, 4), E = 16/3: (196 + 100 + 16)/9 · 3/16 = 6.5.
    // Column 2: O = (3, 8, 0), E = 11/3: (4 + 169 + 121)/9 · 3/11 = 294/33.  With df = 2, p = e^(−χ²/2).
    const y = i32([1, 1, 0, 0, 2, 2]);
    const want = [200 / 13, 6.5, 294 / 33];
    [
      [1, 0, 5, 6, 1, 0],
      [1, 1, 4, 6, 4, 0],
      [3, 5, 1, 2, 0, 0],
    ].forEach((column, j) => {
      const { chi2, p } = chi2Statistic(f64(column), y, 3);
      expect(chi2).toBeCloseTo(want[j]!, 12);
      expect(p).toBeCloseTo(Math.exp(-want[j]! / 2), 14);
    });
  });

  it('scores a 3-row binary case and refuses an all-zero feature', () => {
    // x = (1, 2, 3), y = (0, 0, 1): O = (3, 3), total 6, shares (2/3, 1/3) → E = (4, 2);
    // χ² = 1/4 + 1/2 = 0.75, p = scipy chi2.sf(0.75, 1).
    const { chi2, p } = chi2Statistic(f64([1, 2, 3]), i32([0, 0, 1]), 2);
    expect(chi2).toBeCloseTo(0.75, 14);
    expect(p).toBeCloseTo(0.3864762307712325, 13);
    // A third class with no row among these (the feature missing wherever it occurs) adds no df.
    expect(chi2Statistic(f64([1, 2, 3]), i32([0, 0, 1]), 3)).toEqual({ chi2, p });
    // A class with no row here is left out of df: one class present → no p-value.
    expect(chi2Statistic(f64([1, 2]), i32([1, 1]), 2)).toEqual({ chi2: 0, p: NaN });
    expect(chi2Statistic(f64([0, 0]), i32([0, 1]), 2).chi2).toBeNaN();
  });
});

describe('pearson', () => {
  it('is pairwise over finite rows', () => {
    // Centred (−1, 0, 1) and (−1, 1, 0): Σ products 1, Σ squares 2 and 2 → r = ½.
    expect(pearson(f64([1, 2, 3]), f64([1, 3, 2]))).toBeCloseTo(0.5, 15);
    expect(pearson(f64([1, 2, 3, NaN]), f64([-2, -4, -6, 100]))).toBe(-1);
    expect(pearson(f64([1e6 + 1, 1e6 + 2, 1e6 + 3]), f64([1, 3, 2]))).toBeCloseTo(0.5, 9);
    expect(pearson(f64([4, 4, 4]), f64([1, 2, 3]))).toBeNaN();
  });
});

describe('scoreFeatures', () => {
  const y = i32([1, 1, 1, 1, 0, 0, 0, 0]);
  it('reports missing share, variance and chi2 only for non-negative features', () => {
    const columns = [f64([NaN, 1, 1, 0, 1, 0, 0, 0]), f64([-1, 1, -1, 1, -1, 1, -1, 1]), f64([3, 3, 3, 3, 3, 3, 3, 3])];
    const { scores, correlation } = scoreFeatures(['gap', 'signed', 'flat'], columns, y, 2, {
      bins: 10,
      chi2Scale: 'none',
    });
    const [gap, signed, flat] = scores as [FeatureScore, FeatureScore, FeatureScore];
    // gap on its 7 rows: y = 1,1,1,0,0,0,0 against 1,1,0,1,0,0,0; variance (3/7)(4/7).
    expect(gap.missingPct).toBe(12.5);
    expect(gap.variance).toBeCloseTo(12 / 49, 15);
    // Counts (x=1,y=1) 2, (0,1) 1, (1,0) 1, (0,0) 3; margins 3/7 and 4/7 on both sides.
    const mi = (2 / 7) * Math.log(14 / 9) + (2 / 7) * Math.log(7 / 12) + (3 / 7) * Math.log(21 / 16);
    expect(gap.mutualInfo).toBeCloseTo(mi, 15);
    // O = (1, 2) for classes 0, 1; total 3; E = (12/7, 9/7): χ² = (25/49)(7/12 + 7/9) = 25/36.
    expect(gap.chi2).toBeCloseTo(25 / 36, 14);
    expect(gap.chi2P).toBeCloseTo(0.40465676192728617, 13);
    expect(signed).toMatchObject({
      negative: true,
      chi2: null,
      chi2P: null,
      mutualInfo: 0,
      variance: 1,
      missingPct: 0,
    });
    // The constant sums to 24, shared 12/12 as expected: χ² = 0, p = 1; it correlates with nothing.
    expect(flat).toMatchObject({ chi2: 0, chi2P: 1, variance: 0, mutualInfo: 0, maxAbsCorr: null, corrWith: null });
    expect(correlation[0 * 3 + 2]).toBeNaN();
    // minmax maps signed to (0, 1, 0, 1, …): O = (2, 2), E = (2, 2), χ² = 0; flat maps to zeros (sum 0).
    const scaled = scoreFeatures(['gap', 'signed', 'flat'], columns, y, 2, { bins: 10, chi2Scale: 'minmax' }).scores;
    expect(scaled[1]).toMatchObject({ chi2: 0, chi2P: 1 });
    expect(scaled[2]).toMatchObject({ chi2: null, chi2P: null });
  });
});

describe('selectFeatures', () => {
  // Scores set by hand, so the rules are tested apart from the estimators.
  const score = (feature: string, mutualInfo: number | null, variance = 1): FeatureScore => ({
    feature,
    mutualInfo,
    chi2: mutualInfo === null ? null : 10 - mutualInfo,
    chi2P: null,
    variance,
    missingPct: 0,
    maxAbsCorr: null,
    corrWith: null,
    negative: false,
  });
  const corr = (d: number, pairs: Array<[number, number, number]>) => {
    const m = new Float64Array(d * d).fill(0);
    for (const [a, b, r] of pairs) m[a * d + b] = m[b * d + a] = r;
    return m;
  };
  const run = (scores: FeatureScore[], correlation: Float64Array, opts: Record<string, unknown> = {}) => {
    const { order, decisions } = selectFeatures(scores, correlation, {
      score: 'mutual-info',
      varianceThreshold: 0,
      maxCorrelation: 0.95,
      ...opts,
    });
    return order.map((f) => [scores[f]!.feature, decisions[f]!.rank, decisions[f]!.selected, decisions[f]!.reason]);
  };

  it('ranks by score, ties and nulls in feature order, and drops constants', () => {
    const scores = [score('a', 0.1), score('b', null), score('c', 0.3), score('d', 0.1), score('e', 0.2, 0)];
    expect(run(scores, corr(5, []))).toEqual([
      ['c', 1, true, 'kept'],
      ['e', 2, false, 'low variance'],
      ['a', 3, true, 'kept'],
      ['d', 4, true, 'kept'],
      ['b', 5, true, 'kept'],
    ]);
    // varianceThreshold keeps variance > threshold only (VarianceThreshold semantics).
    expect(
      run([score('a', 0.1, 0.5), score('b', 0.2, 0.6)], corr(2, []), { varianceThreshold: 0.5 }).map((r) => r[3]),
    ).toEqual(['kept', 'low variance']);
    // Ranking by chi2 reverses this ranking (chi2 = 10 − MI here); the null stays last.
    expect(run(scores, corr(5, []), { score: 'chi2' }).map((r) => r[0])).toEqual(['a', 'd', 'e', 'c', 'b']);
  });

  it('drops the lower-scored of a correlated pair, the later one on a tie', () => {
    const pair = corr(3, [
      [0, 1, 1],
      [1, 2, -0.97],
    ]);
    // b outscores a: a goes. b ~ c at −0.97 > 0.95: c, scored lower, goes too.
    expect(run([score('a', 0.1), score('b', 0.2), score('c', 0.05)], pair)).toEqual([
      ['b', 1, true, 'kept'],
      ['a', 2, false, 'correlated with b (r = 1.00)'],
      ['c', 3, false, 'correlated with b (r = -0.97)'],
    ]);
    // A tie: the later in feature order goes. maxCorrelation 0.98 spares the −0.97 pair.
    expect(
      run([score('a', 0.2), score('b', 0.2), score('c', 0.05)], pair, { maxCorrelation: 0.98 }).map((r) => r[3]),
    ).toEqual(['kept', 'correlated with a (r = 1.00)', 'kept']);
    // Only |r| above the threshold counts: at exactly 0.97 the pair stays.
    expect(
      run([score('b', 0.2), score('c', 0.05)], corr(2, [[0, 1, 0.97]]), { maxCorrelation: 0.97 }).map((r) => r[3]),
    ).toEqual(['kept', 'kept']);
  });

  it('judges a pair only while both are in, and names the strongest partner', () => {
    // a ~ b and b ~ c, but not a ~ c: b goes for a, and then cannot knock out c.
    expect(
      run(
        [score('a', 0.3), score('b', 0.2), score('c', 0.1)],
        corr(3, [
          [0, 1, 0.99],
          [1, 2, 0.99],
        ]),
      ).map((r) => r[3]),
    ).toEqual(['kept', 'correlated with a (r = 0.99)', 'kept']);
    // c is too close to both a and b: the reason names b, the closer.
    expect(
      run(
        [score('a', 0.3), score('b', 0.2), score('c', 0.1)],
        corr(3, [
          [0, 2, 0.96],
          [1, 2, 0.98],
        ]),
      )[2]![3],
    ).toBe('correlated with b (r = 0.98)');
  });

  it('applies top k after the filters, and the overrides', () => {
    const scores = ['a', 'b', 'c', 'd', 'e'].map((f, i) => score(f, 1 - i / 10));
    const c = corr(5, [[0, 1, 0.99]]);
    expect(run(scores, c, { k: 2 }).map((r) => r[3])).toEqual([
      'top-k',
      'correlated with a (r = 0.99)',
      'top-k',
      'below top k',
      'below top k',
    ]);
    // keep only adds: b and e come back, a, c and d keep their places.
    expect(run(scores, c, { k: 2, keep: ['b', 'e'] }).map((r) => [r[2], r[3]])).toEqual([
      [true, 'top-k'],
      [true, 'kept by you'],
      [true, 'top-k'],
      [false, 'below top k'],
      [true, 'kept by you'],
    ]);
    // Keeping what is selected anyway changes nothing.
    expect(run(scores, c, { k: 2, keep: ['a'] })).toEqual(run(scores, c, { k: 2 }));
    // drop takes a out of the running: b is no longer redundant and takes a top-k place.
    expect(run(scores, c, { k: 2, drop: ['a'] }).map((r) => r[3])).toEqual([
      'dropped by you',
      'top-k',
      'top-k',
      'below top k',
      'below top k',
    ]);
    // Named in both (the op refuses that), drop wins.
    expect(run(scores, c, { keep: ['a'], drop: ['a'] })[0]).toEqual(['a', 1, false, 'dropped by you']);
  });
});
