/**
 * BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy
 * Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284).
 *
 * While active, a customer buys as a Poisson process with rate λ ~ Gamma(r, α) (shape r, rate α);
 * after every repeat purchase they drop out with probability p ~ Beta(a, b).
 *
 * Data per customer: x = number of repeat purchases in (0, T], t_x = time of the last repeat
 * purchase (0 when x = 0), T = length of observation since the first purchase. Time is in
 * whatever unit the caller uses (weeks in the paper); α carries that unit, r, a, b do not.
 */
import { digamma, hyp2f1Log, lgamma } from '../util/special';
import { minimizeBfgs, standardErrors, type MinimizeOptions } from './optimize';

export interface BgNbdParams {
  r: number;
  /** Rate (inverse scale) of the gamma distribution of λ; has the unit of time (weeks for CDNOW). */
  alpha: number;
  a: number;
  b: number;
}

export interface RfmData {
  /** x: repeat purchases in the calibration period. */
  frequency: Float64Array;
  /** t_x: time of the last repeat purchase since the first purchase (0 when x = 0). */
  recency: Float64Array;
  /** T: time from the first purchase to the end of calibration. */
  T: Float64Array;
  /** Optional case weights (e.g. counts of identical (x, t_x, T) rows). */
  weights?: Float64Array;
}

export interface BgNbdFit extends BgNbdParams {
  /** Total (weighted) log-likelihood at the estimate. */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** ‖∇‖∞ of the mean negative log-likelihood in log-parameters at the estimate. */
  gradientNorm: number;
  /**
   * Asymptotic standard errors (inverse observed information in log-parameters, numerical
   * Hessian of the analytic gradient, mapped by the delta method: se(θ) ≈ θ·se(ln θ)).
   */
  standardErrors: BgNbdParams;
}

export type BgNbdGradient = BgNbdParams;

/** Throws on inconsistent data: lengths, x ≥ 0, 0 ≤ t_x ≤ T, weights ≥ 0. */
export function validateRfm(data: RfmData): void {
  const n = data.frequency.length;
  if (data.recency.length !== n || data.T.length !== n || (data.weights && data.weights.length !== n)) {
    throw new Error('RFM data: frequency, recency, T (and weights) must have equal lengths');
  }
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i]!;
    const tx = data.recency[i]!;
    const T = data.T[i]!;
    if (!(x >= 0) || !(tx >= 0) || !(T >= tx) || !Number.isFinite(T)) {
      throw new Error(`RFM data: customer ${i} has x=${x}, t_x=${tx}, T=${T}; need x ≥ 0 and 0 ≤ t_x ≤ T`);
    }
    if (x > 0 && !(T > 0)) throw new Error(`RFM data: customer ${i} has repeat purchases but T = 0`);
    const w = data.weights?.[i];
    if (w !== undefined && !(w >= 0)) throw new Error(`RFM data: customer ${i} has weight ${w}`);
  }
}

/**
 * Per-customer log-likelihood (FHL 2005 eq. 6), rearranged so the two alternatives share a factor:
 *   L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x)) · [1 + δ(x>0) · e^d],
 *   d = ln a − ln(b+x−1) + (r+x)·(ln(α+T) − ln(α+t_x)),
 * where e^d is the ratio of the "dropped out after the x-th purchase" term (the B(a+1, b+x−1)
 * term of eq. 6) to the "still alive at T" term. ln(1 + e^d) is evaluated as a softplus, so
 * nothing overflows however large x or T are. With `grad`, also accumulates w·∂ℓ/∂(r, α, a, b).
 */
function accumulate(params: BgNbdParams, data: RfmData, distinct: Distinct, grad?: Float64Array): number {
  const { r, alpha, a, b } = params;
  const { recency, T, weights } = data;
  const { values, index } = distinct;
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const base = r * lnAlpha - lgamma(r) + lgamma(a + b) - lgamma(b);
  // Everything that depends on x only, once per distinct x (a few dozen values, not n customers).
  const m = values.length;
  const lgx = new Float64Array(m); // ln Γ(r+x) + ln Γ(b+x) − ln Γ(a+b+x)
  const lnBx1 = new Float64Array(m); // ln(b+x−1), x > 0
  const dr = new Float64Array(m); // ψ(r+x) − ψ(r)
  const da = new Float64Array(m); // ψ(a+b) − ψ(a+b+x)
  const db = new Float64Array(m); // ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x)
  const psiR = grad ? digamma(r) : 0;
  const psiAB = grad ? digamma(a + b) : 0;
  const psiB = grad ? digamma(b) : 0;
  for (let k = 0; k < m; k++) {
    const x = values[k]!;
    lgx[k] = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
    lnBx1[k] = x > 0 ? Math.log(b + x - 1) : 0;
    if (grad) {
      const psiABX = digamma(a + b + x);
      dr[k] = digamma(r + x) - psiR;
      da[k] = psiAB - psiABX;
      db[k] = psiAB + digamma(b + x) - psiB - psiABX;
    }
  }
  let ll = 0;
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  for (let i = 0; i < index.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (w === 0) continue;
    const k = index[i]!;
    const x = values[k]!;
    const aT = alpha + T[i]!;
    const lnAT = Math.log(aT);
    let li = base + lgx[k]! - (r + x) * lnAT;
    let p = 0; // σ(d): posterior probability of the "dropped out" alternative
    let lnRatio = 0; // ln((α+T)/(α+t_x))
    let aTx = aT;
    if (x > 0) {
      aTx = alpha + recency[i]!;
      lnRatio = lnAT - Math.log(aTx);
      const d = lnA - lnBx1[k]! + (r + x) * lnRatio;
      // softplus(d) = ln(1 + e^d) and σ(d), stable for either sign of d
      if (d > 0) {
        const e = Math.exp(-d);
        li += d + Math.log1p(e);
        p = 1 / (1 + e);
      } else {
        const e = Math.exp(d);
        li += Math.log1p(e);
        p = e / (1 + e);
      }
    }
    ll += w * li;
    if (grad) {
      g0 += w * (dr[k]! + lnAlpha - lnAT + p * lnRatio);
      g1 += w * (r / alpha - (r + x) / aT + (x > 0 ? p * (r + x) * (1 / aT - 1 / aTx) : 0));
      g2 += w * (da[k]! + (x > 0 ? p / a : 0));
      g3 += w * (db[k]! - (x > 0 ? p / (b + x - 1) : 0));
    }
  }
  if (grad) {
    grad[0]! += g0;
    grad[1]! += g1;
    grad[2]! += g2;
    grad[3]! += g3;
  }
  return ll;
}

interface Distinct {
  values: Float64Array;
  index: Int32Array;
}

/** Distinct x values and each customer's index into them. */
function distinctFrequencies(frequency: Float64Array): Distinct {
  const map = new Map<number, number>();
  const index = new Int32Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    let k = map.get(x);
    if (k === undefined) map.set(x, (k = map.size));
    index[i] = k;
  }
  return { values: Float64Array.from(map.keys()), index };
}

/** Total (weighted) BG/NBD log-likelihood, FHL 2005 eq. 6 summed over customers. */
export function bgnbdLogLikelihood(params: BgNbdParams, data: RfmData): number {
  return accumulate(params, data, distinctFrequencies(data.frequency));
}

/** Analytic gradient of `bgnbdLogLikelihood` with respect to (r, α, a, b). */
export function bgnbdGradient(params: BgNbdParams, data: RfmData): BgNbdGradient {
  const g = new Float64Array(4);
  accumulate(params, data, distinctFrequencies(data.frequency), g);
  return { r: g[0]!, alpha: g[1]!, a: g[2]!, b: g[3]! };
}

export interface FitBgNbdOptions extends MinimizeOptions {
  /** Start point (default r = 1, α = ΣT/Σx (mean time between repeat purchases), a = b = 1). */
  init?: BgNbdParams;
}

/**
 * Maximum-likelihood BG/NBD fit: BFGS on θ = ln(r, α, a, b), minimising the mean negative
 * log-likelihood (scaled by 1/Σw so tolerances do not depend on the number of customers).
 */
export function fitBgNbd(data: RfmData, opts: FitBgNbdOptions = {}): BgNbdFit {
  validateRfm(data);
  const n = data.frequency.length;
  let totalW = 0;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < n; i++) {
    const w = data.weights ? data.weights[i]! : 1;
    totalW += w;
    sumX += w * data.frequency[i]!;
    sumT += w * data.T[i]!;
  }
  if (!(totalW > 0)) throw new Error('fitBgNbd: no customers');
  const init = opts.init ?? { r: 1, alpha: sumX > 0 ? sumT / sumX : 1, a: 1, b: 1 };
  const distinct = distinctFrequencies(data.frequency);
  const grad = new Float64Array(4);
  const objective = (theta: Float64Array, g: Float64Array): number => {
    const p: BgNbdParams = {
      r: Math.exp(theta[0]!),
      alpha: Math.exp(theta[1]!),
      a: Math.exp(theta[2]!),
      b: Math.exp(theta[3]!),
    };
    grad.fill(0);
    const ll = accumulate(p, data, distinct, grad);
    // Chain rule for θ = ln(param): ∂/∂θ = param · ∂/∂param
    g[0] = (-grad[0]! * p.r) / totalW;
    g[1] = (-grad[1]! * p.alpha) / totalW;
    g[2] = (-grad[2]! * p.a) / totalW;
    g[3] = (-grad[3]! * p.b) / totalW;
    return -ll / totalW;
  };
  const res = minimizeBfgs(objective, [Math.log(init.r), Math.log(init.alpha), Math.log(init.a), Math.log(init.b)], {
    gradientTolerance: 1e-9,
    maxIterations: 1000,
    ...opts,
  });
  const [r, alpha, a, b] = Array.from(res.x, Math.exp) as [number, number, number, number];
  const se = standardErrors(objective, res.x, totalW);
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: -res.f * totalW,
    iterations: res.iterations,
    converged: res.converged,
    gradientNorm: res.gradientNorm,
    standardErrors: { r: r * se[0]!, alpha: alpha * se[1]!, a: a * se[2]!, b: b * se[3]! },
  };
}

/**
 * (1 − F) / (a − 1) for F = 2F1(A, a − 1; C; w), w ≤ 0, the bracket shared by FHL 2005 eqs. 9 and
 * 10 after Pfaff's transformation (A&S 15.3.5):
 *   (1−z)^A · 2F1(A, B; C; z) = 2F1(A, C − B; C; z/(z−1)),   C − B = a − 1,  z/(z−1) = w.
 * The form is finite at a = 1 (limit), where it is evaluated as the mean of a = 1 ± 1e-7.
 */
function bracket(A: number, a: number, C: number, w: number): number {
  const h = 1e-7;
  if (Math.abs(a - 1) < h)
    return 0.5 * (bracketAt(A, 1 + h, C + (1 + h - a), w) + bracketAt(A, 1 - h, C + (1 - h - a), w));
  return bracketAt(A, a, C, w);
}

function bracketAt(A: number, a: number, C: number, w: number): number {
  const f = hyp2f1Log(A, a - 1, C, w);
  return (1 - f.sign * Math.exp(f.log)) / (a - 1);
}

/**
 * E[X(t)]: expected number of repeat purchases in (0, t] for a randomly chosen new customer
 * (FHL 2005 eq. 9):  (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
 */
export function expectedPurchases(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  if (!(t >= 0)) throw new RangeError(`expectedPurchases: t must be ≥ 0 (got ${t})`);
  if (t === 0) return 0;
  return (a + b - 1) * bracket(r, a, a + b - 1, -t / alpha);
}

/**
 * P(alive | x, t_x, T): the posterior probability that the customer has not dropped out by T —
 * the reciprocal of the denominator of FHL 2005 eq. 10 (derived in Fader, Hardie & Lee 2008,
 * "Computing P(alive) using the BG/NBD model"):
 *   1 / [1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)].
 */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const d = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
}

/**
 * E[Y(t) | x, t_x, T]: expected repeat purchases in (T, T + t] for a customer with history
 * (x, t_x, T) (FHL 2005 eq. 10):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *   / [1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)].
 * The bracket is evaluated in its Pfaff-transformed form (see `bracket`) so it stays finite for
 * large x, and the denominator is P(alive)⁻¹. Accurate to ~1e-12 relative for horizons t up to
 * ~10⁴·(α + T); beyond that the 2F1 series is truncated (~1e-5 at t ≈ 10⁵·(α + T)).
 */
export function conditionalExpectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  if (!(t >= 0)) throw new RangeError(`conditionalExpectedPurchases: t must be ≥ 0 (got ${t})`);
  if (t === 0) return 0;
  const value = (a + b + x - 1) * bracket(r + x, a, a + b + x - 1, -t / (alpha + T));
  return value * probabilityAlive(params, x, tx, T);
}
