/**
 * The Bayesian readout of an experiment, by numerical integration (no sampling, so the same data give
 * the same figures every time): for arms with independent posteriors θ_k,
 *
 *   P(k is best) = ∫ f_k(x) ∏_{j≠k} F_j(x) dx
 *   E[max_j θ_j] = Σ_k ∫ x f_k(x) ∏_{j≠k} F_j(x) dx,   expected loss of choosing k = E[max_j θ_j] − E[θ_k].
 *
 * Each integral runs over arm k's own posterior (mean ± 12 sd, within the support), cut at every other
 * arm's mean ± m·sd (m = −12 … 12 by ½) so the steps of their CDFs fall on panel edges, with panels no
 * wider than a quarter of arm k's sd and 10-point Gauss–Legendre on each: ~1e-12 against scipy's quad.
 */
import { betaInc, betaPdf, normalCdf } from './dist';

export interface Posterior {
  mean: number;
  sd: number;
  /** Support. */
  lo: number;
  hi: number;
  pdf(x: number): number;
  cdf(x: number): number;
}

/** Beta(1 + successes, 1 + failures): a 0/1 metric's posterior under a uniform prior. */
export function betaPosterior(successes: number, n: number): Posterior {
  const a = 1 + successes;
  const b = 1 + n - successes;
  return {
    mean: a / (a + b),
    sd: Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))),
    lo: 0,
    hi: 1,
    pdf: (x) => betaPdf(x, a, b),
    cdf: (x) => betaInc(x, a, b),
  };
}

/** N(mean, se²): a continuous metric's mean under the normal approximation (se = s / √n). */
export function normalPosterior(mean: number, se: number): Posterior {
  return {
    mean,
    sd: se,
    lo: -Infinity,
    hi: Infinity,
    pdf: (x) => Math.exp(-0.5 * ((x - mean) / se) ** 2) / (se * Math.sqrt(2 * Math.PI)),
    cdf: (x) => normalCdf((x - mean) / se),
  };
}

// 10-point Gauss–Legendre nodes and weights on [−1, 1].
const GL_X = [0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
const GL_W = [0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881];

function panels(k: number, arms: Posterior[]): number[] {
  const own = arms[k]!;
  const lo = Math.max(own.lo, own.mean - 12 * own.sd);
  const hi = Math.min(own.hi, own.mean + 12 * own.sd);
  const cuts = new Set<number>([lo, hi]);
  for (const arm of arms)
    for (let m = -24; m <= 24; m++) {
      const x = arm.mean + (m / 2) * arm.sd;
      if (x > lo && x < hi) cuts.add(x);
    }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out = [sorted[0]!];
  const widest = own.sd / 4;
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const pieces = Math.max(1, Math.ceil((b - a) / widest));
    for (let j = 1; j <= pieces; j++) out.push(a + ((b - a) * j) / pieces);
  }
  return out;
}

function integrate(k: number, arms: Posterior[], g: (x: number) => number): number {
  const edges = panels(k, arms);
  let total = 0;
  for (let i = 1; i < edges.length; i++) {
    const a = edges[i - 1]!;
    const b = edges[i]!;
    const half = (b - a) / 2;
    const mid = (a + b) / 2;
    for (let j = 0; j < GL_X.length; j++)
      for (const s of [-1, 1]) {
        const x = mid + s * half * GL_X[j]!;
        let f = arms[k]!.pdf(x);
        for (let o = 0; o < arms.length && f > 0; o++) if (o !== k) f *= arms[o]!.cdf(x);
        total += GL_W[j]! * half * f * g(x);
      }
  }
  return total;
}

/** P(each arm has the highest true mean), and the expected loss of choosing it. */
export function probBest(arms: Posterior[]): { probBest: number[]; expectedLoss: number[] } {
  if (arms.some((a) => !(a.sd > 0) || !Number.isFinite(a.mean)))
    return { probBest: arms.map(() => NaN), expectedLoss: arms.map(() => NaN) };
  const probs = arms.map((_, k) => integrate(k, arms, () => 1));
  const eMax = arms.reduce((s, _, k) => s + integrate(k, arms, (x) => x), 0);
  return { probBest: probs, expectedLoss: arms.map((a) => Math.max(0, eMax - a.mean)) };
}
