import { describe, expect, it } from 'vitest';
import {
  bgnbdGradient,
  bgnbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  type BgNbdParams,
  type RfmData,
} from './bgnbd';
import { centralDifferenceGradient } from './optimize';
import { lbeta } from '../util/special';
import { mulberry32, simulateBgNbd } from './simulate';

/** Published CDNOW estimates (FHL 2005, §4). */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const KEYS = ['r', 'alpha', 'a', 'b'] as const;

/** A CDNOW-like cohort: first purchases spread over 12 weeks, observed to week 39. */
function cohort(n: number, seed: number, params = CDNOW): RfmData {
  const rng = mulberry32(seed);
  const T = Float64Array.from({ length: n }, () => 27 + 12 * rng());
  return simulateBgNbd(params, T, seed + 1);
}

/**
 * E[Y(t) | x, t_x, T] by quadrature: P(alive) · E_p[(1 − ((α+T)/(α+T+pt))^(r+x)) / p] with
 * p ~ Beta(a, b+x) (the posterior of p given survival; λ integrated out analytically).
 * Substituting p = u^(1/a) removes the p^(a−1) singularity; composite Simpson on u ∈ [0, 1].
 */
function conditionalByQuadrature(prm: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = prm;
  const g = (u: number) => {
    if (u === 0) return (t * (r + x)) / (alpha + T); // limit p → 0
    const p = Math.pow(u, 1 / a);
    return ((1 - Math.pow((alpha + T) / (alpha + T + p * t), r + x)) / p) * Math.pow(1 - p, b + x - 1);
  };
  const m = 200_000;
  let s = g(0) + g(1);
  for (let k = 1; k < m; k++) s += (k % 2 ? 4 : 2) * g(k / m);
  const integral = s / (3 * m) / a; // dp = (1/a) u^(1/a − 1) du, p^(a−1) dp = du/a
  return (integral / Math.exp(lbeta(a, b + x))) * probabilityAlive(prm, x, tx, T);
}

describe('BG/NBD likelihood', () => {
  const data = cohort(1500, 7);

  it('equals the direct form of FHL 2005 eq. 6 for small histories', () => {
    const { r, alpha, a, b } = CDNOW;
    let direct = 0;
    for (let i = 0; i < data.frequency.length; i++) {
      const [x, tx, T] = [data.frequency[i]!, data.recency[i]!, data.T[i]!];
      const gammaPart = Math.exp(lgammaRatio(r, x)) * Math.pow(alpha, r); // Γ(r+x) α^r / Γ(r)
      let l = (Math.exp(lbeta(a, b + x) - lbeta(a, b)) * gammaPart) / Math.pow(alpha + T, r + x);
      if (x > 0) l += (Math.exp(lbeta(a + 1, b + x - 1) - lbeta(a, b)) * gammaPart) / Math.pow(alpha + tx, r + x);
      direct += Math.log(l);
    }
    expect(bgnbdLogLikelihood(CDNOW, data)).toBeCloseTo(direct, 8);
  });

  it('analytic gradient matches central differences', () => {
    for (const prm of [CDNOW, { r: 1.3, alpha: 0.7, a: 2.2, b: 0.4 }, { r: 0.05, alpha: 30, a: 0.2, b: 9 }]) {
      const g = bgnbdGradient(prm, data);
      const fd = centralDifferenceGradient(
        (v) => bgnbdLogLikelihood({ r: v[0]!, alpha: v[1]!, a: v[2]!, b: v[3]! }, data),
        KEYS.map((k) => prm[k]),
        1e-6,
      );
      KEYS.forEach((k, i) =>
        expect(Math.abs(g[k] - fd[i]!), `${k} at ${JSON.stringify(prm)}`).toBeLessThan(
          1e-5 * Math.max(1, Math.abs(g[k])),
        ),
      );
    }
  });

  it('weights equal repeated rows', () => {
    const one: RfmData = {
      frequency: Float64Array.of(3, 0),
      recency: Float64Array.of(20, 0),
      T: Float64Array.of(30, 25),
    };
    const rep: RfmData = {
      frequency: Float64Array.of(3, 3, 3, 0),
      recency: Float64Array.of(20, 20, 20, 0),
      T: Float64Array.of(30, 30, 30, 25),
    };
    const w: RfmData = { ...one, weights: Float64Array.of(3, 1) };
    expect(bgnbdLogLikelihood(CDNOW, w)).toBeCloseTo(bgnbdLogLikelihood(CDNOW, rep), 12);
  });

  it('stays finite for extreme histories (log-space evaluation)', () => {
    const extreme: RfmData = {
      frequency: Float64Array.of(5000, 800),
      recency: Float64Array.of(1e4, 1),
      T: Float64Array.of(1e4, 1e5),
    };
    expect(Number.isFinite(bgnbdLogLikelihood(CDNOW, extreme))).toBe(true);
    expect(Object.values(bgnbdGradient(CDNOW, extreme)).every(Number.isFinite)).toBe(true);
  });

  it('rejects inconsistent data', () => {
    expect(() =>
      fitBgNbd({ frequency: Float64Array.of(1), recency: Float64Array.of(5), T: Float64Array.of(4) }),
    ).toThrow(/t_x/);
    expect(() =>
      fitBgNbd({ frequency: Float64Array.of(1, 2), recency: Float64Array.of(1), T: Float64Array.of(4) }),
    ).toThrow(/lengths/);
  });
});

/** ln Γ(r+x) − ln Γ(r) by the product Π (r+j), an independent route from lgamma. */
function lgammaRatio(r: number, x: number): number {
  let s = 0;
  for (let j = 0; j < x; j++) s += Math.log(r + j);
  return s;
}

describe('BG/NBD expectations', () => {
  it("reproduces the paper's worked example: x=2, t_x=30.43, T=38.86 → 1.226 purchases in 39 weeks", () => {
    expect(conditionalExpectedPurchases(CDNOW, 39, 2, 30.43, 38.86).toFixed(3)).toBe('1.226');
  });

  it('conditional expectation (eq. 10) equals direct quadrature', () => {
    for (const [t, x, tx, T] of [
      [39, 2, 30.43, 38.86],
      [39, 0, 0, 30],
      [200, 7, 35, 38],
      [10, 1, 2, 39],
    ] as const) {
      const want = conditionalByQuadrature(CDNOW, t, x, tx, T);
      expect(Math.abs(conditionalExpectedPurchases(CDNOW, t, x, tx, T) - want) / want).toBeLessThan(1e-7);
    }
    const other = { r: 2, alpha: 3, a: 1.7, b: 0.9 };
    const want = conditionalByQuadrature(other, 52, 4, 20, 30);
    expect(Math.abs(conditionalExpectedPurchases(other, 52, 4, 20, 30) - want) / want).toBeLessThan(1e-7);
  });

  it('E[X(t)] (eq. 9) is the conditional expectation of a brand-new customer and is continuous at a = 1', () => {
    for (const t of [1, 39, 78, 500]) {
      expect(expectedPurchases(CDNOW, t)).toBeCloseTo(conditionalExpectedPurchases(CDNOW, t, 0, 0, 0), 12);
    }
    const near = (a: number) => expectedPurchases({ r: 0.5, alpha: 4, a, b: 2 }, 52);
    expect(Math.abs(near(1) - near(1 + 1e-5))).toBeLessThan(1e-4 * near(1));
    expect(Math.abs(near(1) - near(1 - 1e-5))).toBeLessThan(1e-4 * near(1));
    expect(expectedPurchases(CDNOW, 0)).toBe(0);
  });

  it('E[X(t)] agrees with simulation', () => {
    const n = 40_000;
    const sim = simulateBgNbd(CDNOW, new Float64Array(n).fill(52), 99);
    const mean = sim.frequency.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(mean - expectedPurchases(CDNOW, 52)) / mean).toBeLessThan(0.03);
  });

  it('P(alive) is 1 without repeats, falls with time since the last purchase', () => {
    expect(probabilityAlive(CDNOW, 0, 0, 39)).toBe(1);
    const recent = probabilityAlive(CDNOW, 5, 38, 39);
    const lapsed = probabilityAlive(CDNOW, 5, 5, 39);
    expect(recent).toBeGreaterThan(lapsed);
    expect(recent).toBeLessThanOrEqual(1);
    expect(lapsed).toBeGreaterThan(0);
    // Direct formula: 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
    const { r, alpha, a, b } = CDNOW;
    expect(lapsed).toBeCloseTo(1 / (1 + (a / (b + 4)) * Math.pow((alpha + 39) / (alpha + 5), r + 5)), 14);
  });

  it('stays finite for heavy buyers and long horizons', () => {
    const v = conditionalExpectedPurchases(CDNOW, 520, 900, 38.9, 39);
    expect(Number.isFinite(v) && v > 0).toBe(true);
  });
});

describe('fitBgNbd on synthetic customers', () => {
  it('recovers known parameters from 5,000 customers (within 3.5 standard errors) quickly and deterministically', () => {
    const data = cohort(5000, 2024);
    const t0 = performance.now();
    const fit = fitBgNbd(data);
    const ms = performance.now() - t0;
    const again = fitBgNbd(data);
    console.info(
      `BG/NBD synthetic n=5000: ${ms.toFixed(1)} ms, ${fit.iterations} iterations; ` +
        KEYS.map((k) => `${k}=${fit[k].toFixed(3)}±${fit.standardErrors[k].toFixed(3)} (true ${CDNOW[k]})`).join(', '),
    );
    expect(fit.converged).toBe(true);
    for (const k of KEYS) {
      expect(Math.abs(fit[k] - CDNOW[k]), k).toBeLessThan(3.5 * fit.standardErrors[k]);
      expect(Math.abs(fit[k] / CDNOW[k] - 1), k).toBeLessThan(0.5);
    }
    expect(again).toEqual(fit);
    expect(ms).toBeLessThan(2000);
  });

  it('recovers a high-frequency, low-churn population and is unit-agnostic (days vs weeks)', () => {
    const truth = { r: 2.5, alpha: 10, a: 1.5, b: 12 };
    const weeks = cohort(4000, 5, truth);
    const fit = fitBgNbd(weeks);
    for (const k of KEYS) expect(Math.abs(fit[k] - truth[k]), k).toBeLessThan(3.5 * fit.standardErrors[k]);
    const days: RfmData = { ...weeks, recency: weeks.recency.map((v) => v * 7), T: weeks.T.map((v) => v * 7) };
    const fitDays = fitBgNbd(days);
    expect(fitDays.r).toBeCloseTo(fit.r, 5);
    expect(fitDays.alpha / 7).toBeCloseTo(fit.alpha, 4);
    expect(fitDays.a).toBeCloseTo(fit.a, 5);
    expect(fitDays.b).toBeCloseTo(fit.b, 4);
  });
});
