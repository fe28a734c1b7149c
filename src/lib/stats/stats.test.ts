import { describe, it, expect } from 'vitest';
import reference from './fixtures/reference.json';
import * as dist from './dist';
import {
  benjaminiHochberg,
  chi2Contingency,
  chiSquareGof,
  cohenD,
  cramersV,
  liftInterval,
  mde,
  moments,
  pointBiserial,
  tInterval,
  twoProportionZ,
  welch,
  wilson,
} from './tests';
import { betaPosterior, normalPosterior, probBest } from './bayes';

/** |actual − expected| ≤ tol · max(1, |expected|) (null in the fixture: not finite). */
export function close(actual: number | null, expected: number | null, tol = 1e-6): void {
  if (expected === null) return void expect(actual === null || !Number.isFinite(actual)).toBe(true);
  expect(actual).not.toBeNull();
  const err = Math.abs(actual! - expected) / Math.max(1, Math.abs(expected));
  if (err > tol) expect.fail(`${actual} vs ${expected}: error ${err} > ${tol}`);
}

/** Relative error for the distribution functions, whose values span many decades. */
function rel(actual: number, expected: number | null, tol = 1e-12): void {
  expect(expected).not.toBeNull();
  const err = Math.abs(actual - expected!) / Math.max(Math.abs(expected!), 1e-300);
  if (err > tol) expect.fail(`${actual} vs ${expected}: relative error ${err} > ${tol}`);
}

describe('distribution functions against scipy', () => {
  const d = reference.distributions;
  it('erfc, Φ and Φ⁻¹', () => {
    for (const [x, v] of d.erfc) rel(dist.erfc(x!), v!);
    for (const [x, v] of d.normalCdf) rel(dist.normalCdf(x!), v!);
    for (const [p, v] of d.normalQuantile) rel(dist.normalQuantile(p!), v!, 1e-12);
  });
  it('incomplete beta and gamma', () => {
    for (const [x, a, b, v] of d.betaInc) rel(dist.betaInc(x!, a!, b!), v!, 1e-11);
    for (const [a, x, v] of d.gammaP) rel(dist.gammaP(a!, x!), v!, 1e-12);
    for (const [a, x, v] of d.gammaQ) rel(dist.gammaQ(a!, x!), v!, 1e-11);
  });
  it("Student's t and chi-square", () => {
    for (const [t, df, v] of d.tTwoSided) rel(dist.tTwoSided(t!, df!), v!, 1e-10);
    // 1e-8: scipy 1.10's own t.ppf(0.0005, 1) is 1e-9 off the exact Cauchy value tan(π(p − ½)), which this matches.
    for (const [p, df, v] of d.tQuantile) rel(dist.tQuantile(p!, df!), v!, 1e-8);
    rel(dist.tQuantile(0.0005, 1), Math.tan(Math.PI * (0.0005 - 0.5)), 1e-13);
    for (const [x, df, v] of d.chi2Sf) rel(dist.chi2Sf(x!, df!), v!, 1e-11);
  });
});

describe('tests and intervals against scipy / statsmodels', () => {
  const r = reference.tests;
  const a = moments(r.a);
  const b = moments(r.b);
  it("Welch's t, Cohen's d and the point-biserial r", () => {
    const w = welch(a, b);
    close(w.statistic, r.welch.t);
    close(w.p, r.welch.p);
    close(cohenD(a, b), r.cohenD);
    close(pointBiserial(a, b), r.pointBiserial);
  });
  it("chi-square contingency (an empty row ignored) and Cramér's V", () => {
    const c = chi2Contingency(r.table);
    close(c.statistic, r.chi2.chi2);
    close(c.p, r.chi2.p);
    expect(c.df).toBe(r.chi2.df);
    close(cramersV(c.statistic, c.n, 3, 2), r.chi2.cramersV);
  });
  it('Benjamini–Hochberg over the finite p-values', () => {
    const q = benjaminiHochberg(r.bh.p.map((p) => p ?? NaN));
    r.bh.q.forEach((v, i) => close(q[i]!, v));
  });
  it('Wilson, t interval, two-proportion z, lift, goodness of fit and MDE', () => {
    wilson(130, 1000, 0.05).forEach((v, i) => close(v, r.wilson[i]!));
    tInterval(a, 0.05).forEach((v, i) => close(v, r.tInterval[i]!));
    const z = twoProportionZ(130, 1000, 100, 1000);
    close(z.statistic, r.ztest.z);
    close(z.p, r.ztest.p);
    const l = liftInterval(0.13, Math.sqrt((0.13 * 0.87) / 1000), 0.1, Math.sqrt((0.1 * 0.9) / 1000), 0.05);
    close(l.lift, r.lift.lift);
    close(l.low, r.lift.low);
    close(l.high, r.lift.high);
    const g = chiSquareGof([2960, 3050, 3120], [3043.3333333333335, 3043.3333333333335, 3043.3333333333335]);
    close(g.statistic, r.gof.chi2);
    close(g.p, r.gof.p);
    close(mde(0.09, 1000, 1200, 0.05), r.mde);
  });
});

describe('P(best) and expected loss against quadrature', () => {
  it.each(reference.bayes.map((c, i) => [i, c] as const))('case %i', (_, c) => {
    const arms = c.arms.map(([x, y]) => (c.kind === 'beta' ? betaPosterior(x!, y!) : normalPosterior(x!, y!)));
    const r = probBest(arms);
    c.probBest.forEach((v, i) => close(r.probBest[i]!, v, 1e-9));
    c.expectedLoss.forEach((v, i) => close(r.expectedLoss[i]!, v, 1e-9));
    close(
      r.probBest.reduce((s, p) => s + p, 0),
      1,
      1e-9,
    );
  });
});
