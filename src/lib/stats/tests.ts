/**
 * Classical tests and intervals, each as the formula of the scipy / statsmodels function named beside
 * it, so that the reference fixtures of scripts/reference/stats_reference.py can check them to 1e-6.
 * Inputs are summaries (n, mean, variance with ddof 1) where the formula needs no more.
 */
import { chi2Sf, normalQuantile, normalSf, tQuantile, tTwoSided } from './dist';

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance, ddof 1 (NaN for n < 2). */
  variance: number;
}

/** n, mean and the ddof-1 variance, by Welford's update (stable for large means). */
export function moments(xs: ArrayLike<number>): Moments {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  return { n, mean: n ? mean : NaN, variance: n > 1 ? m2 / (n - 1) : NaN };
}

export interface TestResult {
  statistic: number;
  p: number;
}

/** Welch's two-sided t-test of a − b (`scipy.stats.ttest_ind(a, b, equal_var=False)`); df by Welch–Satterthwaite. */
export function welch(a: Moments, b: Moments): TestResult & { df: number } {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se2 = va + vb;
  const t = (a.mean - b.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return { statistic: t, df, p: se2 > 0 ? tTwoSided(t, df) : NaN };
}

/** Cohen's d of a − b with the pooled standard deviation (ddof 1). */
export function cohenD(a: Moments, b: Moments): number {
  const pooled = ((a.n - 1) * a.variance + (b.n - 1) * b.variance) / (a.n + b.n - 2);
  return (a.mean - b.mean) / Math.sqrt(pooled);
}

/**
 * Point-biserial r between a number and membership of a (1) vs b (0) (`scipy.stats.pointbiserialr`,
 * Pearson's r), from the two groups' moments.
 */
export function pointBiserial(a: Moments, b: Moments): number {
  const n = a.n + b.n;
  const mean = (a.n * a.mean + b.n * b.mean) / n;
  // Total sum of squares = within + between.
  const ss = (a.n - 1) * a.variance + (b.n - 1) * b.variance + a.n * (a.mean - mean) ** 2 + b.n * (b.mean - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  return ((a.mean - b.mean) / sd) * Math.sqrt((a.n / n) * (b.n / n));
}

/** Pearson's chi-square test of independence, no continuity correction (`chi2_contingency(t, correction=False)`). */
export function chi2Contingency(table: number[][]): TestResult & { df: number; n: number } {
  // Rows or columns with no counts carry no information (scipy refuses zero expected counts).
  const rowsKept = table.filter((r) => r.some((v) => v > 0));
  const cols = rowsKept[0]?.length ?? 0;
  const colKeep = Array.from({ length: cols }, (_, j) => rowsKept.some((r) => r[j]! > 0));
  const t = rowsKept.map((r) => r.filter((_, j) => colKeep[j]));
  const rs = t.map((r) => r.reduce((s, v) => s + v, 0));
  const cs = t[0]?.map((_, j) => t.reduce((s, r) => s + r[j]!, 0)) ?? [];
  const n = rs.reduce((s, v) => s + v, 0);
  let chi2 = 0;
  t.forEach((r, i) =>
    r.forEach((o, j) => {
      const e = (rs[i]! * cs[j]!) / n;
      chi2 += (o - e) ** 2 / e;
    }),
  );
  const df = (t.length - 1) * (cs.length - 1);
  return { statistic: chi2, df, n, p: df > 0 ? chi2Sf(chi2, df) : NaN };
}

/** Cramér's V = √(χ² / (n · (min(r, c) − 1))). */
export function cramersV(chi2: number, n: number, rows: number, cols: number): number {
  const k = Math.min(rows, cols) - 1;
  return k > 0 ? Math.sqrt(chi2 / (n * k)) : NaN;
}

/** Benjamini–Hochberg adjusted p-values over the finite ones (`statsmodels multipletests(method='fdr_bh')`); others stay NaN. */
export function benjaminiHochberg(ps: number[]): number[] {
  const idx = ps.map((p, i) => [p, i] as const).filter(([p]) => Number.isFinite(p));
  idx.sort((x, y) => x[0] - y[0]);
  const m = idx.length;
  const q = ps.map(() => NaN);
  let min = 1;
  for (let k = m - 1; k >= 0; k--) {
    const [p, i] = idx[k]!;
    min = Math.min(min, (p * m) / (k + 1));
    q[i] = min;
  }
  return q;
}

/** Wilson score interval for x successes in n (`statsmodels proportion_confint(method='wilson')`). */
export function wilson(x: number, n: number, alpha: number): [number, number] {
  const z = normalQuantile(1 - alpha / 2);
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [centre - half, centre + half];
}

/** t interval for a mean (`scipy.stats.t.interval(1 − alpha, n − 1, mean, sem)`). */
export function tInterval(m: Moments, alpha: number): [number, number] {
  const half = tQuantile(1 - alpha / 2, m.n - 1) * Math.sqrt(m.variance / m.n);
  return [m.mean - half, m.mean + half];
}

/** Pooled two-proportion z-test of x1/n1 − x2/n2, two-sided (`statsmodels proportions_ztest([x1, x2], [n1, n2])`). */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): TestResult {
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  const z = (x1 / n1 - x2 / n2) / se;
  return { statistic: z, p: se > 0 ? 2 * normalSf(Math.abs(z)) : NaN };
}

/**
 * Relative lift mv / mc − 1 with its delta-method interval: Var(mv/mc) ≈ sv²/mc² + mv²·sc²/mc⁴ from the
 * unpooled standard errors sv, sc of the two means.
 */
export function liftInterval(
  mv: number,
  sev: number,
  mc: number,
  sec: number,
  alpha: number,
): { lift: number; low: number; high: number } {
  const lift = mv / mc - 1;
  const se = Math.sqrt((sev * sev) / (mc * mc) + (mv * mv * sec * sec) / mc ** 4);
  const z = normalQuantile(1 - alpha / 2);
  return { lift, low: lift - z * se, high: lift + z * se };
}

/** Chi-square goodness of fit of observed counts against expected ones (`scipy.stats.chisquare(obs, exp)`). */
export function chiSquareGof(observed: number[], expected: number[]): TestResult & { df: number } {
  let chi2 = 0;
  observed.forEach((o, i) => (chi2 += (o - expected[i]!) ** 2 / expected[i]!));
  const df = observed.length - 1;
  return { statistic: chi2, df, p: df > 0 ? chi2Sf(chi2, df) : NaN };
}

/** CUPED's θ = cov(y, x) / var(x) (the ddof cancels); NaN when x does not vary. */
export function cupedTheta(y: ArrayLike<number>, x: ArrayLike<number>): number {
  const n = y.length;
  let my = 0;
  let mx = 0;
  for (let i = 0; i < n; i++) {
    my += y[i]!;
    mx += x[i]!;
  }
  my /= n;
  mx /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (y[i]! - my) * (x[i]! - mx);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/**
 * Minimum detectable absolute difference at `power` for a two-sided test at `alpha`, with arms of nA and
 * nB units and per-unit variance `variance`: (z₁₋α/₂ + z_power) · σ · √(1/nA + 1/nB) (the normal
 * approximation of `statsmodels NormalIndPower().solve_power`, ignoring the far tail).
 */
export function mde(variance: number, nA: number, nB: number, alpha: number, power = 0.8): number {
  return (normalQuantile(1 - alpha / 2) + normalQuantile(power)) * Math.sqrt(variance * (1 / nA + 1 / nB));
}
