/**
 * Cluster quality measures.
 *
 * silhouette (Rousseeuw 1987), Euclidean distance: for row i in cluster A,
 *   a(i) = mean distance to the other rows of A, b(i) = min over other clusters B of the mean
 *   distance to the rows of B, s(i) = (b − a) / max(a, b); s(i) = 0 when A has one row
 *   (scikit-learn's convention). The score is the mean of s(i).
 *   Exact cost is O(n² d) time and O(n k) memory. Above `maxExact` rows (default 5000) the score
 *   is computed exactly on a seeded uniform sample of `sampleSize` rows (default 3000) without
 *   replacement, as scikit-learn's `silhouette_score(sample_size=…)` does: a and b are then means
 *   over the sampled rows only. With the same seed the same rows are drawn, so scores of
 *   different k on the same data are comparable.
 *
 * adjustedRandIndex (Hubert & Arabie 1985): agreement of two partitions corrected for chance;
 *   1 for identical partitions (whatever the label names), ≈ 0 for independent ones, can be < 0.
 */
import { Rng } from '../util/rng';
import { checkShape, type Matrix } from '../util/scale';

export const SILHOUETTE_MAX_EXACT = 5000;
export const SILHOUETTE_SAMPLE_SIZE = 3000;

export interface SilhouetteOptions {
  /** Exact on all rows up to this many (default 5000). */
  maxExact?: number;
  /** Rows sampled above maxExact (default 3000). */
  sampleSize?: number;
  /** Seed of the sample (default 42). */
  seed?: number;
}

/** s(i) of every row, exact. Labels are any integers. NaN everywhere when there are fewer than 2 clusters. */
export function silhouetteSamples(x: Matrix, n: number, d: number, labels: ArrayLike<number>): Float64Array {
  checkShape(x, n, d);
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows`);
  const { codes, m } = compact(labels);
  const out = new Float64Array(n);
  if (m < 2) return out.fill(Number.NaN);
  const counts = new Int32Array(m);
  for (let i = 0; i < n; i++) counts[codes[i]!]!++;
  // sums[i * m + c] = total distance from row i to the rows of cluster c.
  const sums = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const ri = i * d;
    const ci = codes[i]!;
    for (let j = i + 1; j < n; j++) {
      const rj = j * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const delta = x[ri + f]! - x[rj + f]!;
        s += delta * delta;
      }
      const dist = Math.sqrt(s);
      sums[i * m + codes[j]!]! += dist;
      sums[j * m + ci]! += dist;
    }
  }
  for (let i = 0; i < n; i++) {
    const ci = codes[i]!;
    if (counts[ci]! < 2) continue; // s = 0
    const a = sums[i * m + ci]! / (counts[ci]! - 1);
    let b = Infinity;
    for (let c = 0; c < m; c++) {
      if (c !== ci) b = Math.min(b, sums[i * m + c]! / counts[c]!);
    }
    const denom = Math.max(a, b);
    out[i] = denom > 0 ? (b - a) / denom : 0;
  }
  return out;
}

/** Mean silhouette; exact up to `maxExact` rows, on a seeded sample above (see the file comment). NaN with < 2 clusters. */
export function silhouette(
  x: Matrix,
  n: number,
  d: number,
  labels: ArrayLike<number>,
  opts: SilhouetteOptions = {},
): number {
  checkShape(x, n, d);
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows`);
  const maxExact = opts.maxExact ?? SILHOUETTE_MAX_EXACT;
  const sampleSize = Math.min(n, opts.sampleSize ?? SILHOUETTE_SAMPLE_SIZE);
  if (n <= maxExact) return mean(silhouetteSamples(x, n, d, labels));
  const rows = sampleRows(n, sampleSize, opts.seed ?? 42);
  const sx = new Float64Array(sampleSize * d);
  const sl = new Int32Array(sampleSize);
  rows.forEach((r, i) => {
    sx.set(x.subarray(r * d, r * d + d), i * d);
    sl[i] = labels[r]!;
  });
  return mean(silhouetteSamples(sx, sampleSize, d, sl));
}

/** `size` distinct row indices out of n, uniformly, in increasing order. */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  for (let c = 0; c < size; c++) {
    const j = c + rng.int(n - c);
    const pick = index[j]!;
    index[j] = index[c]!;
    index[c] = pick;
  }
  return index.slice(0, size).sort();
}

/** Adjusted Rand index of two labelings of the same rows (labels: numbers or strings). */
export function adjustedRandIndex(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number {
  if (a.length !== b.length) throw new RangeError(`labelings differ in length: ${a.length} vs ${b.length}`);
  const n = a.length;
  if (n < 2) return 1;
  const ca = compact(a);
  const cb = compact(b);
  const cells = new Map<number, number>();
  const rowSums = new Float64Array(ca.m);
  const colSums = new Float64Array(cb.m);
  for (let i = 0; i < n; i++) {
    const r = ca.codes[i]!;
    const c = cb.codes[i]!;
    const key = r * cb.m + c;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rowSums[r]!++;
    colSums[c]!++;
  }
  let index = 0;
  for (const count of cells.values()) index += pairs(count);
  let sumA = 0;
  for (const v of rowSums) sumA += pairs(v);
  let sumB = 0;
  for (const v of colSums) sumB += pairs(v);
  const expected = (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  // max = expected only when both are one cluster, or both all singletons: identical partitions.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

function pairs(count: number): number {
  return (count * (count - 1)) / 2;
}

/** Labels → codes 0..m−1 in order of first appearance. */
function compact(labels: ArrayLike<number | string>): { codes: Int32Array; m: number } {
  const seen = new Map<number | string, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    let code = seen.get(label);
    if (code === undefined) {
      code = seen.size;
      seen.set(label, code);
    }
    codes[i] = code;
  }
  return { codes, m: seen.size };
}

function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
