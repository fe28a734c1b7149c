/**
 * When a KPI broke, and why: a seasonal baseline, a robust score of the residual, and each
 * dimension value's share of the deviation. Pure (numbers in, numbers out); the `anomalies` op
 * reads the series from DuckDB and writes what this finds.
 *
 * - Baseline: for daily data the median of the same weekday over the previous 4 weeks (t − 7,
 *   t − 14, t − 21, t − 28), otherwise the median of the previous 4 periods; fewer at the start of
 *   the series, none in its first season (those periods get no expected value and no score).
 * - Residual r = value − expected; score = (r − median(r)) / (1.4826 · MAD(r)), MAD the median
 *   absolute deviation from median(r) over the scored periods. Where MAD is 0 (most residuals
 *   equal) the scale is 1.2533 · the mean absolute deviation from median(r), the same
 *   normal-consistent scale; where that is 0 too, the series is flat and every score is 0.
 * - An anomaly is a period with |score| ≥ sensitivity; its band [low, high] is the values that
 *   would not be one: expected + median(r) ± sensitivity · scale.
 */

export type Grain = 'day' | 'week' | 'hour';

/** Baseline lag (periods between the values compared) and how many of them the median takes. */
export const BASELINE = { window: 4, lag: { day: 7, week: 1, hour: 1 } as Record<Grain, number> };
export const DEFAULT_SENSITIVITY = 3.5;
/** MAD × 1.4826 estimates the standard deviation of normal data. */
export const MAD_SCALE = 1.4826;
/** Mean absolute deviation × 1.2533 (√(π/2)) does the same. */
export const MEAN_AD_SCALE = Math.sqrt(Math.PI / 2);

/** Two seasons: two weeks of days, or twice the baseline window of weeks or hours. */
export function minPeriods(grain: Grain): number {
  return 2 * (grain === 'day' ? BASELINE.lag.day : BASELINE.window);
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Expected value of each period: the median of up to `window` earlier values `lag` apart; null with none. */
export function baseline(values: readonly number[], lag: number, window = BASELINE.window): Array<number | null> {
  return values.map((_, t) => {
    const earlier: number[] = [];
    for (let k = 1; k <= window && t - k * lag >= 0; k++) earlier.push(values[t - k * lag]!);
    return earlier.length ? median(earlier) : null;
  });
}

export interface Scored {
  expected: number | null;
  low: number | null;
  high: number | null;
  score: number | null;
  anomaly: boolean;
}

/** Robust centre and scale of the residuals (see the module comment). */
export function robustScale(residuals: readonly number[]): { center: number; scale: number } {
  const center = median(residuals);
  const deviations = residuals.map((r) => Math.abs(r - center));
  const mad = median(deviations);
  if (mad > 0) return { center, scale: MAD_SCALE * mad };
  const meanAd = deviations.reduce((s, d) => s + d, 0) / (deviations.length || 1);
  return { center, scale: MEAN_AD_SCALE * meanAd };
}

export function detect(values: readonly number[], grain: Grain, sensitivity = DEFAULT_SENSITIVITY): Scored[] {
  const expected = baseline(values, BASELINE.lag[grain]);
  const residuals = expected.flatMap((e, t) => (e === null ? [] : [values[t]! - e]));
  const { center, scale } = robustScale(residuals);
  return expected.map((e, t) => {
    if (e === null || !Number.isFinite(center))
      return { expected: e, low: null, high: null, score: null, anomaly: false };
    const score = scale > 0 ? (values[t]! - e - center) / scale : 0;
    return {
      expected: e,
      low: e + center - sensitivity * scale,
      high: e + center + sensitivity * scale,
      score,
      anomaly: Math.abs(score) >= sensitivity,
    };
  });
}

export interface CauseInput {
  value: string;
  /** The value's metric in the anomalous period. */
  actual: number;
  /** Its metric over the previous 28 periods. */
  previous: number;
}

export interface Cause {
  value: string;
  expected: number;
  actual: number;
  contribution: number;
}

export const CAUSES = { previousPeriods: 28, minContribution: 0.1, max: 5 };

/**
 * Each value's part in an anomaly of one dimension: expected_v = expected × (v's share of the
 * metric over the previous 28 periods), contribution = (actual_v − expected_v) / (actual −
 * expected). Over all values of the dimension the contributions sum to 1 (when `actual` is the sum
 * of the values' actuals). Empty when nothing came before or the period is exactly as expected.
 * Sorted by contribution, largest first.
 */
export function contributions(actual: number, expected: number, values: readonly CauseInput[]): Cause[] {
  const before = values.reduce((s, v) => s + v.previous, 0);
  const gap = actual - expected;
  if (before === 0 || gap === 0) return [];
  return values
    .map((v) => {
      const e = (expected * v.previous) / before;
      return { value: v.value, expected: e, actual: v.actual, contribution: (v.actual - e) / gap };
    })
    .sort((a, b) => b.contribution - a.contribution || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The values that explain an anomaly: contribution ≥ 0.1, at most 5. */
export function topCauses(all: readonly Cause[]): Cause[] {
  return all.filter((c) => c.contribution >= CAUSES.minContribution).slice(0, CAUSES.max);
}
