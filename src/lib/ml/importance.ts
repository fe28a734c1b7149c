/**
 * Permutation feature importance (Breiman 2001; scikit-learn's permutation_importance): the drop
 * in a score when one feature's column is shuffled, breaking its link to the label while keeping
 * its distribution. Averaged over `repeats` seeded shuffles; higher = more important; near zero or
 * negative = the model does not rely on it. Works with any model through `predict`.
 */
import { Rng } from '../util/rng';

export interface Importance {
  feature: string;
  /** Mean score drop over the repeats. */
  importance: number;
  /** Population sd of the drop over the repeats. */
  sd: number;
}

/**
 * `x`: [n × d] row-major features as the model takes them; `score(predictions, y)`: higher is
 * better (e.g. ROC-AUC). Features are returned in input order.
 */
export async function permutationImportance(
  predict: (x: Float32Array, n: number) => Promise<ArrayLike<number>>,
  x: Float32Array,
  y: ArrayLike<number>,
  n: number,
  features: string[],
  score: (predictions: ArrayLike<number>, y: ArrayLike<number>) => number,
  opts: { repeats?: number; seed?: number } = {},
): Promise<Importance[]> {
  const d = features.length;
  if (x.length !== n * d) throw new Error('feature matrix shape mismatch');
  const repeats = opts.repeats ?? 5;
  const rng = new Rng(opts.seed ?? 42);
  const baseline = score(await predict(x, n), y);
  const out: Importance[] = [];
  const shuffled = new Float32Array(x);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let f = 0; f < d; f++) {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      // Fisher–Yates with the project's seeded generator.
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let i = 0; i < n; i++) shuffled[i * d + f] = x[order[i]! * d + f]!;
      drops.push(baseline - score(await predict(shuffled, n), y));
    }
    for (let i = 0; i < n; i++) shuffled[i * d + f] = x[i * d + f]!;
    const mean = drops.reduce((a, v) => a + v, 0) / repeats;
    out.push({
      feature: features[f]!,
      importance: mean,
      sd: Math.sqrt(drops.reduce((a, v) => a + (v - mean) ** 2, 0) / repeats),
    });
  }
  return out;
}
