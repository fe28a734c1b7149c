/**
 * The distribution functions the tests need: the normal CDF and quantile, the regularised incomplete
 * beta and gamma functions, and from them Student's t and the chi-square distribution.
 *
 * Written here rather than taken from a library: jStat's incomplete beta stops its continued fraction
 * at a relative change of 3e-7, too coarse for results checked to 1e-6 after further arithmetic, and
 * the @stdlib ports pull some sixty CommonJS packages for five functions. Each function below is
 * checked against scipy.special / scipy.stats on a grid of arguments (dist.test.ts, fixtures written
 * by scripts/reference/stats_reference.py) to 1e-10 relative or better (1e-12 for Φ, Φ⁻¹, P(a, x)).
 *
 * References: W. J. Cody (1969), "Rational Chebyshev approximations for the error function"
 * (erfc, ~1e-16 relative); P. J. Acklam's normal quantile refined by one Halley step (~1e-15);
 * Numerical Recipes 3rd ed. §6.2 (incomplete gamma: series / Lentz continued fraction) and §6.4
 * (incomplete beta: Lentz continued fraction with the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)).
 */
// Cody's coefficients are printed to 18 digits, as published: the nearest double is what they mean.
/* eslint-disable no-loss-of-precision */
import { lgamma } from '../util/special';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 10_000;

// --- Normal ------------------------------------------------------------------------------------

/** erfc(x) by Cody's rational approximations (relative error ~1e-16 over the whole line). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.5) {
    const t = x * x;
    const top =
      (((0.185777706184603153 * t + 3.1611237438705656) * t + 113.864154151050156) * t + 377.485237685302021) * t +
      3209.37758913846947;
    const bot =
      (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    return 1 - (x * top) / bot;
  } else if (ax < 4) {
    const c = [
      5.64188496988670089e-1, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
      1712.04761263407058, 2051.07837782607147, 1230.33935479799725,
    ];
    let top = 2.15311535474403846e-8 * ax;
    for (let i = 0; i < 7; i++) top = (top + c[i]!) * ax;
    top += c[7]!;
    const bot =
      (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax +
        1621.38957456669019) *
        ax +
        3290.79923573345963) *
        ax +
        4362.61909014324716) *
        ax +
        3439.36767414372164) *
        ax +
      1230.33935480374942;
    r = top / bot;
  } else {
    const z = 1 / (ax * ax);
    const top =
      ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z + 3.60344899949804439e-1) * z +
        1.25781726111229246e-1) *
        z +
        1.60837851487422766e-2) *
        z +
      6.58749161529837803e-4;
    const bot =
      ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 5.27905102951428412e-1) * z +
        6.05183413124413191e-2) *
        z +
      2.33520497626869185e-3;
    r = (1 / ax) * (0.5641895835477563 - (z * top) / bot);
  }
  // exp(−x²) split as exp(−xs²)·exp(−(x−xs)(x+xs)) to keep the relative accuracy for large x.
  const xs = Math.trunc(ax * 16) / 16;
  r *= Math.exp(-xs * xs) * Math.exp(-(ax - xs) * (ax + xs));
  return x < 0 ? 2 - r : r;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Standard normal survival 1 − Φ(x), accurate in the upper tail. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Φ⁻¹(p): Acklam's approximation (~1e-9) refined by one Halley step on Φ. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // Halley step; the error e is taken from the nearer tail so it keeps its relative accuracy.
  const e = p < 0.5 ? normalCdf(x) - p : 1 - p - normalSf(x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

// --- Incomplete gamma --------------------------------------------------------------------------

/** Regularised lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaCf(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate in the upper tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaCf(a, x);
}

function gammaSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lgamma(a));
}

function gammaCf(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lgamma(a)) * h;
}

// --- Incomplete beta ---------------------------------------------------------------------------

/** Regularised incomplete beta I_x(a, b). */
export function betaInc(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = a * Math.log(x) + b * Math.log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b));
  // The continued fraction converges fast for x < (a + 1)/(a + b + 2); otherwise use the symmetry.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaCf(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaCf(1 - x, b, a)) / b;
}

/** 1 − I_x(a, b), without the cancellation of computing it by subtraction in the upper tail. */
export function betaIncUpper(x: number, a: number, b: number): number {
  return betaInc(1 - x, b, a);
}

function betaCf(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Density of Beta(a, b) at x. */
export function betaPdf(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b)));
}

// --- Student's t and chi-square ----------------------------------------------------------------

/** Two-sided tail P(|T| > |t|) for Student's t with `df` degrees of freedom (df may be fractional). */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return betaInc(df / (df + t * t), df / 2, 0.5);
}

/** Student's t CDF. */
export function tCdf(t: number, df: number): number {
  const tail = tTwoSided(t, df) / 2;
  return t < 0 ? tail : 1 - tail;
}

/** Student's t quantile, by Newton's method from the normal quantile (p in (0, 1)). */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p <= 0 || p >= 1 || !(df > 0)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p === 0.5) return 0;
  // Work in the lower tail with q = min(p, 1 − p) and flip the sign at the end.
  const q = Math.min(p, 1 - p);
  let x = normalQuantile(q);
  const logc = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  for (let i = 0; i < 100; i++) {
    const f = tTwoSided(x, df) / 2 - q; // lower tail at x < 0
    const pdf = Math.exp(logc - ((df + 1) / 2) * Math.log1p((x * x) / df));
    const step = f / pdf;
    // The lower-tail CDF increases with x, so Newton's step is x − f/pdf; halve steps that overshoot 0.
    let next = x - step;
    if (next >= 0) next = x / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.abs(x)) {
      x = next;
      break;
    }
    x = next;
  }
  return p < 0.5 ? x : -x;
}

/** Chi-square survival P(X > x) with `df` degrees of freedom. */
export function chi2Sf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  return gammaQ(df / 2, x / 2);
}
