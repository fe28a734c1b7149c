/**
 * Lookalike audiences (audience expansion, the seed's "matching model"): rank every customer
 * outside a seed set by the cosine similarity of their standardised feature vector to the seed
 * centroid (the Rocchio-style centroid classifier; as in the similarity-based lookalike systems
 * surveyed by Ma et al. 2016, "A sub-linear, massive-scale look-alike audience extension system",
 * KDD workshop on big data & ads). Features must be z-scored first, so each counts equally and the
 * centroid of an "average" seed is the origin: that seed says nothing and is refused.
 */

export interface Lookalikes {
  /** Non-seed rows, best first (ties: the smaller row). */
  order: Int32Array;
  /** Cosine to the seed centroid, aligned with `order`, in [−1, 1]. */
  scores: Float64Array;
  /** [d] the seed centroid in standard units. */
  centroid: Float64Array;
}

/** `x`: [n × d] row-major z-scores; `isSeed[i]` nonzero for seed rows. */
export function lookalikes(x: ArrayLike<number>, n: number, d: number, isSeed: ArrayLike<number>): Lookalikes {
  if (x.length !== n * d || isSeed.length !== n)
    throw new RangeError(`expected ${n} × ${d} values and ${n} seed flags`);
  const centroid = new Float64Array(d);
  let seeds = 0;
  for (let i = 0; i < n; i++) {
    if (!isSeed[i]) continue;
    seeds++;
    for (let f = 0; f < d; f++) centroid[f]! += x[i * d + f]!;
  }
  if (seeds === 0) throw new RangeError('the seed set is empty');
  let cNorm = 0;
  for (let f = 0; f < d; f++) {
    centroid[f]! /= seeds;
    cNorm += centroid[f]! ** 2;
  }
  cNorm = Math.sqrt(cNorm);
  if (!(cNorm > 1e-12))
    throw new RangeError(
      'the seed centroid is the average customer (all features at their mean): it has no direction to match',
    );
  const rows: number[] = [];
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (isSeed[i]) continue;
    let dot = 0;
    let norm = 0;
    for (let f = 0; f < d; f++) {
      const v = x[i * d + f]!;
      dot += v * centroid[f]!;
      norm += v * v;
    }
    // A customer exactly at the mean has no direction either: similarity 0.
    score[i] = norm > 0 ? dot / (Math.sqrt(norm) * cNorm) : 0;
    rows.push(i);
  }
  rows.sort((a, b) => score[b]! - score[a]! || a - b);
  return { order: Int32Array.from(rows), scores: Float64Array.from(rows, (i) => score[i]!), centroid };
}

/**
 * Column z-scores of [n × d] row-major `x` with the population sd over the present values; a
 * missing value (NaN) becomes 0, the mean, and a constant column all 0 (it cannot tell anyone apart).
 */
export function zScores(x: ArrayLike<number>, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let f = 0; f < d; f++) {
    let count = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + f]!;
      if (Number.isFinite(v)) {
        count++;
        mean += (v - mean) / count;
      }
    }
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + f]!;
      if (Number.isFinite(v)) ss += (v - mean) ** 2;
    }
    const sd = count > 0 ? Math.sqrt(ss / count) : 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * d + f]!;
      out[i * d + f] = sd > 0 && Number.isFinite(v) ? (v - mean) / sd : 0;
    }
  }
  return out;
}
