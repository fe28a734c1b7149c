/**
 * The knee of a monotone curve, e.g. the sorted k-distances used to choose DBSCAN's eps
 * (Ester et al. 1996, §4.2): after scaling both axes to [0, 1], the point farthest from the chord
 * between the first and last points (the "Kneedle" criterion, Satopää et al. 2011, without its
 * smoothing). For k-distances sorted descending, the points before the knee are the sparse rows
 * (noise), and its value is a starting eps.
 */

/** Index of the knee of `values` (monotone, either direction); -1 with fewer than 3 points or a flat curve. */
export function kneeIndex(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 3) return -1;
  const first = values[0]!;
  const span = values[n - 1]! - first;
  if (!(Math.abs(span) > 0)) return -1;
  let best = 1e-12; // a straight line (up to rounding) has no knee
  let arg = -1;
  for (let i = 1; i < n - 1; i++) {
    // Both axes scaled so the curve runs from (0, 0) to (1, 1): its distance from the chord y = x
    // (up to the constant 1/√2).
    const gap = Math.abs(i / (n - 1) - (values[i]! - first) / span);
    if (gap > best) {
      best = gap;
      arg = i;
    }
  }
  return arg;
}
