/**
 * Feature selection for a class label: relevance scores per numeric feature and the filters of
 * the `select` op (src/lib/ops/select/index.ts). Pure: columns come in as Float64Arrays, NaN = missing;
 * the label as class codes 0..nClasses−1. Every score uses only the rows where its feature is
 * finite (pairwise deletion), so a feature with gaps is not punished, nor are the others.
 *
 * Mutual information is the binned plug-in estimate I(X;Y) = Σ p(x,y) ln(p(x,y) / (p(x)p(y))) in
 * nats, over the feature cut into `bins` equal-frequency bins (a feature with ≤ `bins` distinct
 * values is used by value). Given the binned feature it equals scikit-learn's
 * `metrics.mutual_info_score(label, binned)`. It is not `feature_selection.mutual_info_classif`,
 * whose k-nearest-neighbour estimator (Kraskov et al. 2004; Ross 2014) adds random jitter to
 * break ties: the plug-in value is exact and the same on every run, which a ranking the user
 * edits and a recipe re-runs needs. It is biased upward by about (bins − 1)(classes − 1)/(2n)
 * nats (Miller 1955), so a feature used by value (fewer levels) gets a little less bias.
 *
 * Chi-square is `sklearn.feature_selection.chi2`: the feature read as non-negative frequencies,
 * observed = per-class sum of the feature, expected = class share × feature total,
 * χ² = Σ (O − E)² / E, p = chi-square survival with df = classes − 1. It grows with the feature's
 * units (×10 the values, ×10 the χ²), so across features in different units it ranks by scale;
 * `chi2Scale: 'minmax'` first maps each feature to [0, 1], as sklearn's user guide pairs it with
 * `MinMaxScaler`.
 */
import { lgamma } from '../util/special';

export type ScoreName = 'mutual-info' | 'chi2';

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x ≥ 0.
 * x < a + 1: the series for P = 1 − Q; otherwise Legendre's continued fraction for Q, evaluated
 * by the modified Lentz method (Numerical Recipes, 3rd ed., §6.2). Agrees with scipy to ~1e-12 relative.
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const EPS = 1e-16;
  const TINY = 1e-300;
  const logPrefix = a * Math.log(x) - x - lgamma(a); // ln(xᵃ e⁻ˣ / Γ(a))
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100_000 && Math.abs(term) > Math.abs(sum) * EPS; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(χ²_df > stat): scipy's `chi2.sf(stat, df)` = `special.chdtrc(df, stat)` = Q(df/2, stat/2). */
export function chiSquareSurvival(stat: number, df: number): number {
  return gammaQ(df / 2, stat / 2);
}

/**
 * Bin codes of finite `values`: by value (codes in value order) when there are ≤ `bins` distinct
 * values, else equal-frequency bins. The bins' inner edges are the j/bins quantiles (j = 1…bins−1)
 * interpolated linearly between order statistics, numpy's default percentile; a value goes to the
 * bin above an edge it equals, as sklearn's KBinsDiscretizer(strategy='quantile') does
 * (`searchsorted(edges, x, side='right')`). Ties at an edge keep bins unequal, never split a value.
 */
export function discretise(values: Float64Array, bins: number): { codes: Int32Array; levels: number } {
  const m = values.length;
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = []; // collected only up to bins + 1: enough to tell the two cases apart
  for (let i = 0; i < m && distinct.length <= bins; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  let edges: number[];
  if (distinct.length <= bins) {
    edges = distinct.slice(1); // value v gets code = #distinct values below it
  } else {
    edges = [];
    for (let j = 1; j < bins; j++) {
      // Position (m − 1)·j/bins in integer arithmetic: the fraction is exact, so an edge that
      // falls on an order statistic is that value, not a hair above it.
      const num = (m - 1) * j;
      const lo = Math.floor(num / bins);
      const frac = (num - lo * bins) / bins;
      edges.push(frac === 0 ? sorted[lo]! : sorted[lo]! + frac * (sorted[lo + 1]! - sorted[lo]!));
    }
  }
  const codes = new Int32Array(m);
  for (let i = 0; i < m; i++) codes[i] = upperBound(edges, values[i]!);
  return { codes, levels: edges.length + 1 };
}

/** Number of `edges` (ascending) ≤ v. */
function upperBound(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Plug-in mutual information (nats) of two code arrays of equal length; NaN when empty. */
export function mutualInformation(x: Int32Array, nx: number, y: Int32Array, ny: number): number {
  const m = x.length;
  if (m === 0) return NaN;
  const joint = new Float64Array(nx * ny);
  const px = new Float64Array(nx);
  const py = new Float64Array(ny);
  for (let i = 0; i < m; i++) {
    joint[x[i]! * ny + y[i]!]!++;
    px[x[i]!]!++;
    py[y[i]!]!++;
  }
  let mi = 0;
  for (let a = 0; a < nx; a++) {
    for (let b = 0; b < ny; b++) {
      const c = joint[a * ny + b]!;
      if (c > 0) mi += (c / m) * Math.log((c * m) / (px[a]! * py[b]!));
    }
  }
  return Math.max(0, mi); // rounding can leave −1e-17 for independent codes; sklearn clips too
}

/**
 * sklearn's chi2 for one non-negative feature. Classes with no row here are left out (as
 * sklearn's LabelBinarizer on these rows would), so df = present classes − 1. χ² is NaN when the
 * feature sums to 0 (E = 0, as in sklearn), p is NaN when fewer than 2 classes are present.
 */
export function chi2Statistic(values: Float64Array, y: Int32Array, nClasses: number): { chi2: number; p: number } {
  const m = values.length;
  const observed = new Float64Array(nClasses);
  const count = new Float64Array(nClasses);
  let total = 0;
  for (let i = 0; i < m; i++) {
    observed[y[i]!]! += values[i]!;
    count[y[i]!]!++;
    total += values[i]!;
  }
  let chi2 = 0;
  let present = 0;
  for (let c = 0; c < nClasses; c++) {
    if (count[c] === 0) continue;
    present++;
    const expected = (count[c]! / m) * total;
    chi2 += (observed[c]! - expected) ** 2 / expected;
  }
  return { chi2, p: present > 1 ? chiSquareSurvival(chi2, present - 1) : NaN };
}

/** Pearson r over the rows where both are finite (population moments); NaN if either is constant there. */
export function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) {
      n++;
      sa += a[i]!;
      sb += b[i]!;
    }
  }
  if (n < 2) return NaN;
  // Two passes: centring first keeps r exact for columns with large means (income in dollars).
  const [ma, mb] = [sa / n, sb / n];
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) {
      const [da, db] = [a[i]! - ma, b[i]! - mb];
      saa += da * da;
      sbb += db * db;
      sab += da * db;
    }
  }
  return saa > 0 && sbb > 0 ? Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb))) : NaN;
}

export interface FeatureScore {
  feature: string;
  /** Nats; null when the feature has no finite value. */
  mutualInfo: number | null;
  /** Null when the feature has a negative value (unscaled), sums to 0, or has no finite value. */
  chi2: number | null;
  chi2P: number | null;
  /** Population variance of the finite values, in the feature's units². */
  variance: number | null;
  /** 0–100: share of the rows where the feature is missing or non-finite. */
  missingPct: number;
  /** Strongest |Pearson r| with another feature, and that feature (first in order on ties). */
  maxAbsCorr: number | null;
  corrWith: string | null;
  /** Has a value below 0, so unscaled chi2 is undefined for it. */
  negative: boolean;
}

export interface ScoreOptions {
  bins: number;
  chi2Scale: 'none' | 'minmax';
}

/**
 * Scores of every feature against the label codes `y` ([n], 0..nClasses−1), and the Pearson
 * correlation matrix ([d × d] row-major, NaN where undefined).
 */
export function scoreFeatures(
  names: string[],
  columns: Float64Array[],
  y: Int32Array,
  nClasses: number,
  opts: ScoreOptions,
): { scores: FeatureScore[]; correlation: Float64Array } {
  const d = columns.length;
  const correlation = new Float64Array(d * d).fill(NaN);
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) correlation[a * d + b] = correlation[b * d + a] = pearson(columns[a]!, columns[b]!);
  }
  const scores = columns.map((column, f): FeatureScore => {
    const rows: number[] = [];
    for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i]!)) rows.push(i);
    const m = rows.length;
    const values = Float64Array.from(rows, (i) => column[i]!);
    const labels = Int32Array.from(rows, (i) => y[i]!);
    let [maxAbsCorr, corrWith] = [null as number | null, null as string | null];
    for (let g = 0; g < d; g++) {
      const r = Math.abs(correlation[f * d + g]!);
      if (g !== f && Number.isFinite(r) && (maxAbsCorr === null || r > maxAbsCorr))
        [maxAbsCorr, corrWith] = [r, names[g]!];
    }
    const base = {
      feature: names[f]!,
      missingPct: column.length ? (100 * (column.length - m)) / column.length : 0,
      maxAbsCorr,
      corrWith,
    };
    if (m === 0) return { ...base, mutualInfo: null, chi2: null, chi2P: null, variance: null, negative: false };
    let [min, max, sum] = [Infinity, -Infinity, 0];
    for (const v of values) [min, max, sum] = [Math.min(min, v), Math.max(max, v), sum + v];
    const mean = sum / m;
    let ss = 0;
    for (const v of values) ss += (v - mean) ** 2;
    const binned = discretise(values, opts.bins);
    const negative = min < 0;
    let chi2: { chi2: number; p: number } | null = null;
    if (opts.chi2Scale === 'minmax') {
      // sklearn's MinMaxScaler: a constant feature maps to 0 (its range counts as 1).
      const range = max > min ? max - min : 1;
      chi2 = chi2Statistic(
        values.map((v) => (v - min) / range),
        labels,
        nClasses,
      );
    } else if (!negative) {
      chi2 = chi2Statistic(values, labels, nClasses);
    }
    return {
      ...base,
      mutualInfo: mutualInformation(binned.codes, binned.levels, labels, nClasses),
      chi2: finite(chi2?.chi2),
      chi2P: Number.isFinite(chi2?.chi2) ? finite(chi2?.p) : null,
      variance: ss / m,
      negative,
    };
  });
  return { scores, correlation };
}

export interface SelectOptions {
  score: ScoreName;
  varianceThreshold: number;
  maxCorrelation: number;
  k?: number;
  keep?: string[];
  drop?: string[];
}

export interface Decision {
  /** 1 = best by the chosen score; ties (and null scores, last) in feature order. */
  rank: number;
  selected: boolean;
  reason: string;
}

/**
 * Which features to keep. Walking down the ranking: `drop` ('dropped by you'); variance ≤
 * threshold ('low variance', also for a feature with no finite value); |r| > `maxCorrelation`
 * with a better-ranked feature still in ('correlated with f (r = 0.97)', f the strongest such
 * partner) — so of each such pair the lower-scored one goes (on a tied score the later in feature
 * order), and a feature dropped for redundancy cannot in turn knock out a third. Of the features
 * that pass, the first `k` are selected ('top-k'; all of them, 'kept', without k; the rest 'below
 * top k'). Last, `keep` puts back what the filters took out ('kept by you'): it only adds — it
 * takes no top-k place and knocks out nothing, so keeping a feature never changes the others.
 */
export function selectFeatures(
  scores: FeatureScore[],
  correlation: Float64Array,
  opts: SelectOptions,
): { order: number[]; decisions: Decision[] } {
  const d = scores.length;
  const value = (f: number) => (opts.score === 'mutual-info' ? scores[f]!.mutualInfo : scores[f]!.chi2);
  const order = Array.from({ length: d }, (_, f) => f).sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
    return vb - va || a - b;
  });
  const keep = new Set(opts.keep ?? []);
  const drop = new Set(opts.drop ?? []);
  // The filters, walking down the ranking; `passed` = features still in, best first.
  const reasons: Array<string | null> = new Array(d).fill(null);
  const passed: number[] = [];
  for (const f of order) {
    const s = scores[f]!;
    if (drop.has(s.feature)) reasons[f] = 'dropped by you';
    else if (s.variance === null || s.variance <= opts.varianceThreshold) reasons[f] = 'low variance';
    else {
      let partner = -1;
      for (const g of passed) {
        const r = Math.abs(correlation[f * d + g]!);
        if (r > opts.maxCorrelation && (partner < 0 || r > Math.abs(correlation[f * d + partner]!))) partner = g;
      }
      if (partner >= 0)
        reasons[f] = `correlated with ${scores[partner]!.feature} (r = ${correlation[f * d + partner]!.toFixed(2)})`;
      else passed.push(f);
    }
  }
  passed.forEach((f, i) => (reasons[f] = opts.k === undefined ? 'kept' : i < opts.k ? 'top-k' : 'below top k'));
  const decisions: Decision[] = new Array(d);
  order.forEach((f, i) => {
    const reason = reasons[f]!;
    const filtered = reason !== 'kept' && reason !== 'top-k';
    const rescued = filtered && keep.has(scores[f]!.feature) && reason !== 'dropped by you';
    decisions[f] = { rank: i + 1, selected: !filtered || rescued, reason: rescued ? 'kept by you' : reason };
  });
  return { order, decisions };
}

function finite(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}
