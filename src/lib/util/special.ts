/**
 * Special functions: log-gamma, log-beta, digamma and the Gauss hypergeometric function 2F1 (real
 * arguments), for the CLV models and feature selection.
 *
 * References: Abramowitz & Stegun (1964) §6.1.40–41 (Stirling series), §6.3.18 (digamma
 * asymptotics), §15.1.1 (2F1 series), §15.3.5 (Pfaff transformation); Godfrey's Lanczos
 * coefficients (g = 607/128, n = 15).
 */

const HALF_LN_2PI = 0.9189385332046728; // ½·ln(2π)

/** Lanczos coefficients (Godfrey, g = 607/128): ~1e-15 relative accuracy for Γ on x ≥ ½. */
const LANCZOS_G = 4.7421875;
const LANCZOS = [
  0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  0.00003399464998481189, 0.00004652362892704858, -0.00009837447530487956, 0.0001580887032249125,
  -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639, 0.00008441822398385275,
  -0.000026190838401581408, 0.0000036899182659531625,
] as const;

/**
 * ln Γ(x) for x > 0 (ln|Γ(x)| for negative non-integers, by reflection).
 * x ≥ 10: Stirling series to the x⁻¹³ term (A&S 6.1.41; truncation error < 3e-17 at x = 10).
 * ½ ≤ x < 10: Lanczos. 0 < x < ½: ln Γ(x) = ln Γ(x + 1) − ln x, exact in the limit x → 0.
 * Relative error ~1e-15 except near the zeros at x = 1, 2, where the absolute error is ~1e-15.
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity; // poles at 0, −1, −2, …
    // Reflection: Γ(x)Γ(1 − x) = π / sin(πx)  (A&S 6.1.17)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  if (x < 0.5) return lgamma(x + 1) - Math.log(x);
  if (x >= 10) {
    const z = 1 / (x * x);
    // 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) − 691/(360360x¹¹) + 1/(156x¹³)
    const series =
      (1 / x) *
      (1 / 12 +
        z * (-1 / 360 + z * (1 / 1260 + z * (-1 / 1680 + z * (1 / 1188 + z * (-691 / 360360 + z * (1 / 156)))))));
    return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + series;
  }
  const xm1 = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (xm1 + i);
  const t = xm1 + LANCZOS_G + 0.5;
  return HALF_LN_2PI + (xm1 + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x) for x > 0 (reflection for negative non-integers).
 * Recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series (A&S 6.3.18).
 */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    // ψ(1 − x) − ψ(x) = π cot(πx)  (A&S 6.3.7)
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const z = 1 / (x * x);
  // ln x − 1/(2x) − Σ B₂ₖ/(2k·x²ᵏ): −1/12, +1/120, −1/252, +1/240, −1/132, +691/32760, −1/12
  const series =
    z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z * (1 / 12)))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** A real number as sign × exp(log): lets 2F1 values far outside the double range be combined safely. */
export interface SignedLog {
  sign: -1 | 0 | 1;
  log: number;
}

const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);

/**
 * The hypergeometric series Σₙ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ (A&S 15.1.1) for 0 ≤ z < 1, summed with a
 * running rescale so huge partial sums do not overflow. Stops when the remaining tail is provably
 * below `tol` relative (once the term ratio is below 1 and all remaining terms share a sign).
 */
function seriesLog(a: number, b: number, c: number, z: number, tol: number, maxTerms: number): SignedLog {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  let biggest = 1; // largest |term|, on the current scale: measures cancellation
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1));
    if (ratio === 0 || z === 0) break; // a or b a non-positive integer: the series terminates
    term *= ratio * z;
    sum += term;
    biggest = Math.max(biggest, Math.abs(term));
    if (Math.abs(sum) > RESCALE || biggest > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      biggest /= RESCALE;
      logScale += LOG_RESCALE;
    }
    // Past n > max(−a, −b, −c) every factor is positive, and the term ratio tends to z from
    // above or below; bound the tail by a geometric series with the larger of the two ratios.
    const m = n + 1;
    if (m > -a && m > -b && m > -c) {
      const next = (((a + m) * (b + m)) / ((c + m) * (m + 1))) * z;
      const rho = Math.max(next, z);
      if (rho < 1 && Math.abs(term) * (rho / (1 - rho)) <= tol * Math.abs(sum)) break;
    }
  }
  if (sum === 0) return { sign: 0, log: -Infinity }; // e.g. a terminating series at a root
  // Terms of mixed sign cancel: the rounding error is ~1e-16·biggest. Refuse rather than return
  // a value with fewer than ~8 correct digits.
  if (!(biggest * 1e-16 <= 1e-8 * Math.abs(sum))) {
    throw new RangeError(`hyp2f1: series cancellation for a=${a}, b=${b}, c=${c}, z=${z}; outside the supported range`);
  }
  return { sign: sum > 0 ? 1 : -1, log: Math.log(Math.abs(sum)) + logScale };
}

export interface Hyp2f1Options {
  /** Relative tolerance of the series tail (default 1e-15). */
  tol?: number;
  /**
   * Maximum number of series terms (default 1e6). Near z = 1 the series needs ~ln(tol)/ln(z)
   * terms; past 1 − z ≈ 1e-5 the cap is reached and the result is accurate only to ~1e-5
   * relative (for BG/NBD: forecast horizons beyond ~10⁴·(α + T)).
   */
  maxTerms?: number;
}

/**
 * ln|2F1(a, b; c; z)| with its sign, for real a, b, c (c not a non-positive integer) and real z < 1.
 * 0 ≤ z < 1: the defining series. z < 0: Pfaff's transformation (A&S 15.3.5)
 *   2F1(a, b; c; z) = (1 − z)^(−a) · 2F1(a, c − b; c; z/(z − 1)),
 * which maps z to z/(z − 1) ∈ (0, 1); of the two symmetric variants, the one whose series
 * parameters are positive is used, so the terms do not alternate. Parameters for which every
 * route has terms of mixed sign and large magnitude (e.g. a, b ≫ c with z ≪ 0) lose precision
 * to cancellation; then a RangeError is thrown instead of returning fewer than ~8 correct digits.
 * All BG/NBD uses (positive r, a, b, x) are in the well-conditioned range.
 */
export function hyp2f1Log(a: number, b: number, c: number, z: number, opts: Hyp2f1Options = {}): SignedLog {
  const tol = opts.tol ?? 1e-15;
  const maxTerms = opts.maxTerms ?? 1_000_000;
  if (!(z < 1)) throw new RangeError(`hyp2f1: z must be < 1 (got ${z})`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c must not be a non-positive integer (got ${c})`);
  if (z >= 0) return seriesLog(a, b, c, z, tol, maxTerms);
  const w = z / (z - 1);
  // Either parameter may be moved; prefer the variant whose series parameters are both positive
  // (no sign changes in the terms, hence no cancellation): larger min(keep, c − move) wins.
  const [keep, move] = Math.min(a, c - b) >= Math.min(b, c - a) ? [a, b] : [b, a];
  const s = seriesLog(keep, c - move, c, w, tol, maxTerms);
  return { sign: s.sign, log: s.log - keep * Math.log1p(-z) };
}

/** 2F1(a, b; c; z) for real z < 1 (see `hyp2f1Log`); may overflow to ±Infinity. */
export function hyp2f1(a: number, b: number, c: number, z: number, opts?: Hyp2f1Options): number {
  const s = hyp2f1Log(a, b, c, z, opts);
  return s.sign * Math.exp(s.log);
}

/** log(exp(u) + exp(v)) without overflow. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  const m = Math.max(u, v);
  return m + Math.log1p(Math.exp(-Math.abs(u - v)));
}
