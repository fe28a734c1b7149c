import { describe, it, expect } from 'vitest';
import { irisMatrix } from '../../test-support/iris';
import { FITTED_PCA, fitPca, pcaScores } from './pca';

const near = (actual: ArrayLike<number>, expected: number[], digits: number) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]!).toBeCloseTo(e, digits));
};

describe('fitPca against scikit-learn on iris', () => {
  const { x, n, d } = irisMatrix();

  // sklearn.decomposition.PCA().fit(load_iris().data), scikit-learn's published figures.
  it('unstandardised: explained variance, ratios, components and scores', () => {
    const fit = fitPca(x, n, d, { standardize: false });
    near(fit.explainedVariance, [4.22824171, 0.24267075, 0.0782095, 0.02383509], 7);
    near(fit.explainedVarianceRatio, [0.92461872, 0.05306648, 0.01710261, 0.00521218], 7);
    near(fit.components[0]!, [0.36138659, -0.08452251, 0.85667061, 0.3582892], 7);
    // PC2's largest loading (0.730, sepal width) is positive, which is scikit-learn ≥ 1.5's sign
    // rule (svd_flip on Vt). Versions before 1.5 decided signs on U and printed PC2 negated.
    near(fit.components[1]!, [0.65658877, 0.73016143, -0.17337266, -0.07548102], 7);
    const scores = pcaScores(x, n, d, fit, 2);
    near(scores.slice(0, 6), [-2.68412563, 0.31939725, -2.71414169, -0.17700123, -2.88899057, -0.14494943], 7);
    near(fit.means, [5.84333333, 3.05733333, 3.758, 1.19933333], 7);
    expect(fit.scales).toEqual([1, 1, 1, 1]);
  });

  // make_pipeline(StandardScaler(), PCA()).fit(load_iris().data)[-1].explained_variance_ratio_
  it('standardised: explained variance ratios', () => {
    const fit = fitPca(x, n, d, { standardize: true });
    near(fit.explainedVarianceRatio, [0.72962445, 0.22850762, 0.03668922, 0.00517871], 7);
    // z-scores with the population sd have total sample variance d · n/(n − 1).
    expect(fit.explainedVariance.reduce((a, b) => a + b, 0)).toBeCloseTo((4 * 150) / 149, 10);
  });

  it('components are orthonormal', () => {
    const { components: c } = fitPca(x, n, d, { standardize: true });
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) {
        const dot = c[a]!.reduce((s, v, f) => s + v * c[b]![f]!, 0);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
      }
  });
});

describe('fitPca on a decomposition known by hand', () => {
  // p = (10, 20) + t·(1, 2) + s·(−2, 1) with t = −2..2 and s = 1, −1, 0, −1, 1 (Σt = Σs = Σts = 0):
  // u = (1, 2)/√5 carries variance Σ(t√5)²/(n − 1) = 50/4, w = (−2, 1)/√5 carries 20/4.
  const points = [
    [6, 17],
    [11, 17],
    [10, 20],
    [13, 21],
    [10, 25],
  ];
  const x = Float64Array.from(points.flat());

  it('finds (1, 2)/√5 first, with ratio exactly 5/7', () => {
    const fit = fitPca(x, 5, 2, { standardize: false });
    near(fit.means, [10, 20], 14);
    near(fit.components[0]!, [1 / Math.sqrt(5), 2 / Math.sqrt(5)], 14);
    // w's largest-|value| loading is −2/√5, so the sign rule flips it to (2, −1)/√5.
    near(fit.components[1]!, [2 / Math.sqrt(5), -1 / Math.sqrt(5)], 14);
    near(fit.explainedVariance, [12.5, 5], 12);
    near(fit.explainedVarianceRatio, [5 / 7, 2 / 7], 14);
    const r5 = Math.sqrt(5);
    // pc1 = t√5; pc2 = −s√5 (the flipped w).
    near(pcaScores(x, 5, 2, fit), [-2 * r5, -r5, -r5, r5, 0, 0, r5, r5, 2 * r5, -r5], 12);
  });

  it('scores new rows with the old fit', () => {
    const fit = fitPca(x, 5, 2, { standardize: false });
    // (11, 22) is the mean + (1, 2): √5 along u, 0 along w; (8, 21) is the mean + (−2, 1): −√5 along (2, −1)/√5.
    near(pcaScores(Float64Array.from([11, 22, 8, 21]), 2, 2, fit), [Math.sqrt(5), 0, 0, -Math.sqrt(5)], 12);
  });

  it('keeps a constant feature as a zero-variance component, and handles fewer rows than features', () => {
    const withConstant = Float64Array.from(points.flatMap((p) => [...p, 3]));
    const fit = fitPca(withConstant, 5, 3, { standardize: true });
    expect(fit.scales[2]).toBe(1);
    expect(fit.explainedVariance[2]).toBeCloseTo(0, 12);
    const wide = fitPca(Float64Array.from([1, 2, 3, 4, 6, 8]), 2, 3, { standardize: false });
    expect(wide.components).toHaveLength(2);
    // Two rows differ by (3, 4, 5): all the variance, (3² + 4² + 5²)/2 = 25, lies on (3, 4, 5)/√50.
    near(wide.explainedVariance, [25, 0], 10);
    near(wide.components[0]!, [3 / Math.sqrt(50), 4 / Math.sqrt(50), 5 / Math.sqrt(50)], 12);
    expect(() => fitPca(Float64Array.from([1, 2]), 1, 2, { standardize: false })).toThrow(/at least 2 rows/);
  });

  it('validates a fitted object', () => {
    const good = {
      version: 1,
      features: ['a', 'b'],
      standardize: false,
      means: [0, 0],
      scales: [1, 1],
      components: [[1, 0]],
      explainedVariance: [2, 1],
    };
    expect(FITTED_PCA.safeParse(good).success).toBe(true);
    const bad = FITTED_PCA.safeParse({ ...good, components: [[1, 0, 0]] });
    expect(bad.error!.issues[0]).toMatchObject({ path: ['components', 0], message: 'has 3 loadings for 2 features' });
    expect(FITTED_PCA.safeParse({ ...good, scales: [1, 0] }).success).toBe(false);
  });
});
