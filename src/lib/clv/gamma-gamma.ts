/**
 * Gamma-Gamma model of monetary value (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis", JMR 42(4), 415–430, the spend sub-model; Fader & Hardie 2013, "The
 * Gamma-Gamma Model of Monetary Value", http://www.brucehardie.com/notes/025/).
 *
 * A customer's transaction values are i.i.d. Gamma(p, ν) (shape p, rate ν); ν ~ Gamma(q, γ)
 * across customers (shape q, rate γ). The mean z̄ of x transactions is then Gamma(px, νx), and
 * integrating out ν gives the marginal density of z̄ used for estimation (Fader & Hardie 2013):
 *   f(z̄ | p, q, γ; x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · x^(px) · z̄^(px−1) / (γ + x z̄)^(px+q).
 * Money is in the caller's currency unit (dollars for CDNOW); γ carries that unit.
 */
import { digamma, lgamma } from '../util/special';
import { minimizeBfgs, standardErrors, type MinimizeOptions } from './optimize';
import { conditionalExpectedPurchases, type BgNbdParams } from './bgnbd';

export interface GammaGammaParams {
  p: number;
  q: number;
  /** γ (called v in the `lifetimes` package): rate of the gamma distribution of ν, in currency. */
  v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  /** Σ ln f(z̄ᵢ) over the customers used (x > 0 and z̄ > 0). */
  logLikelihood: number;
  /** Number of customers used in the fit. */
  n: number;
  iterations: number;
  converged: boolean;
  gradientNorm: number;
  /** Asymptotic standard errors (observed information in log-parameters, delta method). */
  standardErrors: GammaGammaParams;
}

/** The customers a fit uses (x > 0, z̄ > 0), with their distinct x values indexed once. */
interface Prepared {
  x: Float64Array;
  m: Float64Array;
  values: Float64Array;
  index: Int32Array;
}

function prepare(frequency: Float64Array, meanSpend: Float64Array): Prepared {
  if (frequency.length !== meanSpend.length) throw new Error('Gamma-Gamma: frequency and meanSpend lengths differ');
  const xs: number[] = [];
  const ms: number[] = [];
  const idx: number[] = [];
  const slot = new Map<number, number>();
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    const m = meanSpend[i]!;
    if (!(x > 0) || !(m > 0)) continue;
    let k = slot.get(x);
    if (k === undefined) slot.set(x, (k = slot.size));
    xs.push(x);
    ms.push(m);
    idx.push(k);
  }
  return {
    x: Float64Array.from(xs),
    m: Float64Array.from(ms),
    values: Float64Array.from(slot.keys()),
    index: Int32Array.from(idx),
  };
}

/** Σ ln f(z̄ | p, q, γ; x) over the prepared customers; optional gradient in (p, q, γ). */
function accumulate(params: GammaGammaParams, data: Prepared, grad?: Float64Array): number {
  const { p, q, v } = params;
  const { x: xs, m: ms, values, index } = data;
  const lnV = Math.log(v);
  const base = -lgamma(q) + q * lnV;
  const psiQ = grad ? digamma(q) : 0;
  // Gamma-function terms depend on x only: once per distinct x.
  const lg = new Float64Array(values.length); // ln Γ(px+q) − ln Γ(px)
  const dg = new Float64Array(values.length); // ψ(px+q) − ψ(px)
  const dq = new Float64Array(values.length); // ψ(px+q) − ψ(q)
  for (let k = 0; k < values.length; k++) {
    const px = p * values[k]!;
    lg[k] = lgamma(px + q) - lgamma(px);
    if (grad) {
      const psiPQ = digamma(px + q);
      dg[k] = psiPQ - digamma(px);
      dq[k] = psiPQ - psiQ;
    }
  }
  let ll = 0;
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const m = ms[i]!;
    const k = index[i]!;
    const px = p * x;
    const xm = x * m;
    const lnXm = Math.log(xm);
    const lnVXm = Math.log(v + xm);
    // x^(px) z̄^(px−1) = (x z̄)^(px) / z̄
    ll += base + lg[k]! + px * lnXm - Math.log(m) - (px + q) * lnVXm;
    if (grad) {
      g0 += x * (dg[k]! + lnXm - lnVXm);
      g1 += dq[k]! + lnV - lnVXm;
      g2 += q / v - (px + q) / (v + xm);
    }
  }
  if (grad) {
    grad[0]! += g0;
    grad[1]! += g1;
    grad[2]! += g2;
  }
  return ll;
}

/** Gamma-Gamma log-likelihood over customers with x > 0 and positive mean spend. */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  frequency: Float64Array,
  meanSpend: Float64Array,
): number {
  return accumulate(params, prepare(frequency, meanSpend));
}

/** Analytic gradient of `gammaGammaLogLikelihood` in (p, q, γ). */
export function gammaGammaGradient(
  params: GammaGammaParams,
  frequency: Float64Array,
  meanSpend: Float64Array,
): GammaGammaParams {
  const g = new Float64Array(3);
  accumulate(params, prepare(frequency, meanSpend), g);
  return { p: g[0]!, q: g[1]!, v: g[2]! };
}

export interface FitGammaGammaOptions extends MinimizeOptions {
  /** Start point (default p = 1, q = 2, γ = mean of z̄, so the implied mean spend pγ/(q−1) = mean z̄). */
  init?: GammaGammaParams;
}

/**
 * Maximum-likelihood fit (BFGS on ln(p, q, γ), mean negative log-likelihood). Uses only customers
 * with x > 0 repeat transactions and z̄ > 0 (a zero mean has zero density under the model).
 * `meanSpend[i]` is z̄: the average value of customer i's x (repeat) transactions.
 */
export function fitGammaGamma(
  frequency: Float64Array,
  meanSpend: Float64Array,
  opts: FitGammaGammaOptions = {},
): GammaGammaFit {
  const data = prepare(frequency, meanSpend);
  const n = data.x.length;
  if (n === 0) throw new Error('fitGammaGamma: no customers with x > 0 and positive mean spend');
  const init = opts.init ?? { p: 1, q: 2, v: data.m.reduce((s, v) => s + v, 0) / n };
  const grad = new Float64Array(3);
  const objective = (theta: Float64Array, g: Float64Array): number => {
    const prm: GammaGammaParams = { p: Math.exp(theta[0]!), q: Math.exp(theta[1]!), v: Math.exp(theta[2]!) };
    grad.fill(0);
    const ll = accumulate(prm, data, grad);
    g[0] = (-grad[0]! * prm.p) / n;
    g[1] = (-grad[1]! * prm.q) / n;
    g[2] = (-grad[2]! * prm.v) / n;
    return -ll / n;
  };
  const res = minimizeBfgs(objective, [Math.log(init.p), Math.log(init.q), Math.log(init.v)], {
    gradientTolerance: 1e-9,
    maxIterations: 1000,
    ...opts,
  });
  const [p, q, v] = Array.from(res.x, Math.exp) as [number, number, number];
  const se = standardErrors(objective, res.x, n);
  return {
    p,
    q,
    v,
    logLikelihood: -res.f * n,
    n,
    iterations: res.iterations,
    converged: res.converged,
    gradientNorm: res.gradientNorm,
    standardErrors: { p: p * se[0]!, q: q * se[1]!, v: v * se[2]! },
  };
}

/**
 * E[M | p, q, γ, x, z̄]: expected value of a future transaction given x transactions averaging z̄
 * (Fader & Hardie 2013; FHL 2005 iso-value paper, spend sub-model):
 *   (γ + x z̄) p / (px + q − 1) = (q−1)/(px+q−1) · pγ/(q−1) + px/(px+q−1) · z̄,
 * a weighted mean of the population mean pγ/(q−1) and the observed z̄. Requires q > 1; with
 * x = 0 it is the population mean.
 */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, meanSpend: number): number {
  const { p, q, v } = params;
  if (!(q > 1)) throw new Error(`conditionalExpectedSpend: needs q > 1 for a finite mean (q = ${q})`);
  return x > 0 ? ((v + x * meanSpend) * p) / (p * x + q - 1) : (p * v) / (q - 1);
}

export interface ClvCustomers {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** z̄: mean value of the customer's repeat transactions (ignored where x = 0). */
  meanSpend: Float64Array;
}

export interface ClvOptions {
  /** Number of periods in the horizon (e.g. 12 months). */
  periods: number;
  /** Period length in model time units (default 365.25/12/7 ≈ 4.348: a month when time is in weeks). */
  periodLength?: number;
  /** Discount rate per period (default 0: undiscounted). */
  discountRate?: number;
  /** Profit margin applied to spend (default 1: revenue). */
  margin?: number;
}

/**
 * Discounted expected customer value over a finite horizon, per customer:
 *   CLV = margin · E[M | x, z̄] · Σ_{k=1..K} (E[Y(kΔ) | x, t_x, T] − E[Y((k−1)Δ) | x, t_x, T]) / (1 + d)^k
 * with E[Y(t) | ·] from BG/NBD eq. 10, E[M | ·] from Gamma-Gamma (`conditionalExpectedSpend`),
 * Δ = `periodLength`, K = `periods`, d = `discountRate`: purchases expected in period k are
 * valued at the expected spend and discounted as if made at the end of period k. With d = 0 this
 * is simply E[Y(KΔ) | ·] · E[M | ·] · margin. (Spend is assumed independent of the transaction
 * process, an assumption of the FHL 2005 iso-value paper.)
 */
export function clv(bg: BgNbdParams, gg: GammaGammaParams, customers: ClvCustomers, opts: ClvOptions): Float64Array {
  const { frequency, recency, T, meanSpend } = customers;
  const K = opts.periods;
  const delta = opts.periodLength ?? 365.25 / 12 / 7;
  const d = opts.discountRate ?? 0;
  const margin = opts.margin ?? 1;
  if (!(K >= 0) || !Number.isInteger(K)) throw new Error(`clv: periods must be a non-negative integer (got ${K})`);
  const out = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    const spend = conditionalExpectedSpend(gg, x, meanSpend[i]!);
    let value = 0;
    let prev = 0;
    for (let k = 1; k <= K; k++) {
      const cum = conditionalExpectedPurchases(bg, k * delta, x, recency[i]!, T[i]!);
      value += (cum - prev) / Math.pow(1 + d, k);
      prev = cum;
    }
    out[i] = margin * spend * value;
  }
  return out;
}
