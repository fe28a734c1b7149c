import { describe, expect, it } from 'vitest';
import {
  clv,
  conditionalExpectedSpend,
  fitGammaGamma,
  gammaGammaGradient,
  gammaGammaLogLikelihood,
  type GammaGammaParams,
} from './gamma-gamma';
import { conditionalExpectedPurchases, type BgNbdParams } from './bgnbd';
import { centralDifferenceGradient } from './optimize';
import { lgamma } from '../util/special';
import { mulberry32, simulateBgNbd, simulateMeanSpend } from './simulate';

/** Published CDNOW estimates (Fader & Hardie 2013 note; FHL 2005 iso-value paper). */
const GG: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 };
const BG: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const KEYS = ['p', 'q', 'v'] as const;

function customers(n: number, seed: number) {
  const rng = mulberry32(seed);
  const T = Float64Array.from({ length: n }, () => 27 + 12 * rng());
  const rfm = simulateBgNbd(BG, T, seed + 1);
  return { ...rfm, meanSpend: simulateMeanSpend(GG, rfm.frequency, seed + 2) };
}

describe('Gamma-Gamma likelihood', () => {
  const data = customers(3000, 11);

  it('equals the marginal density of z̄ written out directly', () => {
    const { p, q, v } = GG;
    let direct = 0;
    for (let i = 0; i < data.frequency.length; i++) {
      const x = data.frequency[i]!;
      const z = data.meanSpend[i]!;
      if (x === 0) continue;
      direct +=
        lgamma(p * x + q) -
        lgamma(p * x) -
        lgamma(q) +
        q * Math.log(v) +
        p * x * Math.log(x) +
        (p * x - 1) * Math.log(z) -
        (p * x + q) * Math.log(v + x * z);
    }
    expect(gammaGammaLogLikelihood(GG, data.frequency, data.meanSpend)).toBeCloseTo(direct, 7);
  });

  it('analytic gradient matches central differences', () => {
    for (const prm of [GG, { p: 0.8, q: 1.2, v: 90 }, { p: 20, q: 8, v: 3 }]) {
      const g = gammaGammaGradient(prm, data.frequency, data.meanSpend);
      const fd = centralDifferenceGradient(
        (x) => gammaGammaLogLikelihood({ p: x[0]!, q: x[1]!, v: x[2]! }, data.frequency, data.meanSpend),
        KEYS.map((k) => prm[k]),
        1e-6,
      );
      KEYS.forEach((k, i) => expect(Math.abs(g[k] - fd[i]!), k).toBeLessThan(1e-5 * Math.max(1, Math.abs(g[k]))));
    }
  });
});

describe('fitGammaGamma on synthetic customers', () => {
  it('recovers known parameters (within 3.5 standard errors), deterministically', () => {
    const data = customers(8000, 3);
    const t0 = performance.now();
    const fit = fitGammaGamma(data.frequency, data.meanSpend);
    const ms = performance.now() - t0;
    console.info(
      `Gamma-Gamma synthetic (${fit.n} of 8000 with x>0): ${ms.toFixed(1)} ms, ${fit.iterations} iterations; ` +
        KEYS.map((k) => `${k}=${fit[k].toFixed(3)}±${fit.standardErrors[k].toFixed(3)} (true ${GG[k]})`).join(', '),
    );
    expect(fit.converged).toBe(true);
    for (const k of KEYS) expect(Math.abs(fit[k] - GG[k]), k).toBeLessThan(3.5 * fit.standardErrors[k]);
    // The population mean spend pγ/(q−1) is far better determined than p, q, γ separately.
    expect(Math.abs((fit.p * fit.v) / (fit.q - 1) / ((GG.p * GG.v) / (GG.q - 1)) - 1)).toBeLessThan(0.05);
    expect(fitGammaGamma(data.frequency, data.meanSpend)).toEqual(fit);
  });

  it('ignores customers with x = 0 or zero spend', () => {
    const f = Float64Array.of(1, 2, 0, 3, 4, 1, 2);
    const m = Float64Array.of(20, 35, 99, 0, 18, 50, 41);
    const fit = fitGammaGamma(f, m);
    expect(fit.n).toBe(5);
    expect(fit.logLikelihood).toBeCloseTo(gammaGammaLogLikelihood(fit, f, m), 10);
  });
});

describe('conditionalExpectedSpend', () => {
  it('is the credibility-weighted mean of population mean and observed z̄', () => {
    const { p, q, v } = GG;
    const pop = (p * v) / (q - 1);
    expect(conditionalExpectedSpend(GG, 0, 0)).toBeCloseTo(pop, 12);
    const [x, z] = [4, 60];
    const w = (p * x) / (p * x + q - 1);
    expect(conditionalExpectedSpend(GG, x, z)).toBeCloseTo((1 - w) * pop + w * z, 12);
    expect(conditionalExpectedSpend(GG, 1000, z)).toBeCloseTo(z, 0);
    expect(() => conditionalExpectedSpend({ p: 1, q: 0.9, v: 1 }, 2, 10)).toThrow(/q > 1/);
  });
});

describe('clv', () => {
  const c = {
    frequency: Float64Array.of(2, 0, 7),
    recency: Float64Array.of(30.43, 0, 37),
    T: Float64Array.of(38.86, 38.86, 39),
    meanSpend: Float64Array.of(40, 0, 25),
  };

  it('undiscounted: expected purchases over the horizon × expected spend', () => {
    const out = clv(BG, GG, c, { periods: 12 });
    const horizon = 12 * (365.25 / 12 / 7);
    for (let i = 0; i < 3; i++) {
      const want =
        conditionalExpectedPurchases(BG, horizon, c.frequency[i]!, c.recency[i]!, c.T[i]!) *
        conditionalExpectedSpend(GG, c.frequency[i]!, c.meanSpend[i]!);
      expect(out[i]).toBeCloseTo(want, 10);
    }
  });

  it('discounting and margin lower the value; zero periods give zero', () => {
    const plain = clv(BG, GG, c, { periods: 12 });
    const disc = clv(BG, GG, c, { periods: 12, discountRate: 0.01, margin: 0.3 });
    for (let i = 0; i < 3; i++) {
      expect(disc[i]!).toBeLessThan(0.3 * plain[i]!);
      expect(disc[i]!).toBeGreaterThan((0.3 * plain[i]!) / 1.01 ** 12);
    }
    expect(Array.from(clv(BG, GG, c, { periods: 0 }))).toEqual([0, 0, 0]);
  });
});
