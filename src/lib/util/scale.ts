/**
 * Column standardisation for row-major matrices [n × d]: z = (x − mean) / sd, with the
 * population standard deviation (divide by n, as scikit-learn's StandardScaler does).
 * A constant column (sd 0) is centred but not scaled, so it becomes all zeros and has no
 * influence on distances.
 */

export type Matrix = Float64Array | Float32Array;

export interface ColumnStats {
  mean: Float64Array;
  /** Population standard deviation (ddof 0). */
  sd: Float64Array;
}

/** Mean and population sd of each column (two passes, so no catastrophic cancellation). */
export function columnStats(x: Matrix, n: number, d: number): ColumnStats {
  checkShape(x, n, d);
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  if (n === 0) return { mean, sd };
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let f = 0; f < d; f++) mean[f]! += x[row + f]!;
  }
  for (let f = 0; f < d; f++) mean[f]! /= n;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let f = 0; f < d; f++) {
      const dev = x[row + f]! - mean[f]!;
      sd[f]! += dev * dev;
    }
  }
  for (let f = 0; f < d; f++) sd[f] = Math.sqrt(sd[f]! / n);
  return { mean, sd };
}

/** The divisor used for column f: its sd, or 1 for a constant column. */
export function scaleOf(stats: ColumnStats, f: number): number {
  const s = stats.sd[f]!;
  return s > 0 ? s : 1;
}

/** A new Float64Array of z-scores. */
export function standardize(x: Matrix, n: number, d: number, stats: ColumnStats = columnStats(x, n, d)): Float64Array {
  checkShape(x, n, d);
  const out = new Float64Array(n * d);
  const scale = Float64Array.from({ length: d }, (_, f) => scaleOf(stats, f));
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let f = 0; f < d; f++) out[row + f] = (x[row + f]! - stats.mean[f]!) / scale[f]!;
  }
  return out;
}

/** Inverse of `standardize` (e.g. centroids back to original units). */
export function unstandardize(z: Matrix, rows: number, d: number, stats: ColumnStats): Float64Array {
  checkShape(z, rows, d);
  const out = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    const row = i * d;
    for (let f = 0; f < d; f++) out[row + f] = z[row + f]! * scaleOf(stats, f) + stats.mean[f]!;
  }
  return out;
}

export function checkShape(x: Matrix, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(d) || d < 1) throw new RangeError(`bad shape ${n} × ${d}`);
  if (x.length !== n * d) throw new RangeError(`matrix has ${x.length} values, expected ${n} × ${d} = ${n * d}`);
}
