/**
 * Plain-language cluster descriptions from a cluster profile (cluster mean vs overall mean in
 * standard units, z = (cluster mean − overall mean) / overall population sd).
 *
 * Wording rules:
 * - A feature is distinctive when |z| ≥ 0.5. The (at most) 2 with the largest |z| are named,
 *   most distinctive first; ties keep the feature order.
 * - Each is "<level> <feature>", the level being "very high" (z ≥ 1.5), "high" (0.5 ≤ z < 1.5),
 *   "low" (−1.5 < z ≤ −0.5) or "very low" (z ≤ −1.5); the feature is its column name with
 *   underscores as spaces. Terms are joined with ", ": e.g. "very high spend, low views per purchase".
 * - A cluster with no distinctive feature is "close to average on every feature".
 */

export interface DescribeOptions {
  /** Smallest |z| worth naming (default 0.5). */
  minAbsZ?: number;
  /** |z| from which a level is "very" (default 1.5). */
  veryAbsZ?: number;
  /** Features named at most (default 2). */
  maxTerms?: number;
}

export type Level = 'very high' | 'high' | 'low' | 'very low';

export interface DescriptionTerm {
  feature: string;
  z: number;
  level: Level;
}

export interface ClusterDescription {
  text: string;
  terms: DescriptionTerm[];
}

export const AVERAGE_DESCRIPTION = 'close to average on every feature';

/** Describe one cluster from its z-score per feature (`z[f]` belongs to `features[f]`). */
export function describeCluster(
  z: ArrayLike<number>,
  features: readonly string[],
  opts: DescribeOptions = {},
): ClusterDescription {
  const minAbsZ = opts.minAbsZ ?? 0.5;
  const veryAbsZ = opts.veryAbsZ ?? 1.5;
  const maxTerms = opts.maxTerms ?? 2;
  if (z.length !== features.length) throw new RangeError(`${z.length} z-scores for ${features.length} features`);
  const terms = features
    .map((feature, f) => ({ feature, z: z[f]!, f }))
    .filter((t) => Number.isFinite(t.z) && Math.abs(t.z) >= minAbsZ)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.f - b.f)
    .slice(0, maxTerms)
    .map(({ feature, z: score }): DescriptionTerm => ({ feature, z: score, level: levelOf(score, veryAbsZ) }));
  const text =
    terms.length === 0 ? AVERAGE_DESCRIPTION : terms.map((t) => `${t.level} ${featureLabel(t.feature)}`).join(', ');
  return { text, terms };
}

function levelOf(z: number, veryAbsZ: number): Level {
  if (z >= veryAbsZ) return 'very high';
  if (z > 0) return 'high';
  if (z <= -veryAbsZ) return 'very low';
  return 'low';
}

/** `views_per_purchase` → `views per purchase`. */
export function featureLabel(name: string): string {
  return name.replaceAll('_', ' ').trim();
}
