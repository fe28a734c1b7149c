/**
 * Principal component analysis as scikit-learn's PCA (svd_solver='full') computes it: centre each
 * feature (and, with `standardize`, divide by its population sd first, as StandardScaler does),
 * take the SVD of the centred [n × d] matrix Z = U·S·Vᵀ (ml-matrix, Golub–Kahan), and read
 *   components            rows of Vᵀ: unit vectors, [r][d] with r = min(n, d)
 *   explained variance    S² / (n − 1), the eigenvalues of the sample covariance of Z, descending
 *   scores                Z · componentsᵀ
 * Scoring goes through `pcaScores` both at fit time and on replay, so new rows are projected
 * with exactly the numbers the fit produced.
 */
import { Matrix, SVD } from 'ml-matrix';
import { z } from 'zod';
import { columnStats, scaleOf } from '../util/scale';

export const FITTED_PCA = z
  .strictObject({
    version: z.literal(1),
    features: z.array(z.string().min(1)).min(1),
    standardize: z.boolean(),
    /** [d] column means of the fit. */
    means: z.array(z.number()),
    /** [d] divisors: population sd (1 for a constant column) when standardising, else 1. */
    scales: z.array(z.number().positive()),
    /** [k][d] unit component vectors (sklearn's components_), signs fixed as in `fitPca`. */
    components: z.array(z.array(z.number())).min(1),
    /** [r] every eigenvalue of the fit, descending (n − 1 denominator), r ≥ k. */
    explainedVariance: z.array(z.number().min(0)),
  })
  .superRefine((f, ctx) => {
    const d = f.features.length;
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (f.means.length !== d) issue(['means'], `has ${f.means.length} values for ${d} features`);
    if (f.scales.length !== d) issue(['scales'], `has ${f.scales.length} values for ${d} features`);
    f.components.forEach((c, j) => {
      if (c.length !== d) issue(['components', j], `has ${c.length} loadings for ${d} features`);
    });
    if (f.explainedVariance.length < f.components.length)
      issue(['explainedVariance'], `has ${f.explainedVariance.length} values for ${f.components.length} components`);
  });

export type FittedPca = z.infer<typeof FITTED_PCA>;

export interface PcaFit {
  means: number[];
  scales: number[];
  /** [r][d], r = min(n, d): every component, in order of explained variance. */
  components: number[][];
  /** [r] S² / (n − 1). */
  explainedVariance: number[];
  /** [r] share of the total variance (0 when there is none). */
  explainedVarianceRatio: number[];
}

/** Fit on a row-major [n × d] matrix in original units (n ≥ 2). */
export function fitPca(x: Float64Array, n: number, d: number, opts: { standardize: boolean }): PcaFit {
  if (n < 2) throw new RangeError(`PCA needs at least 2 rows, got ${n}`);
  const stats = columnStats(x, n, d);
  const means = Array.from(stats.mean);
  const scales = Array.from({ length: d }, (_, f) => (opts.standardize ? scaleOf(stats, f) : 1));
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) z[i * d + f] = (x[i * d + f]! - means[f]!) / scales[f]!;

  const svd = new SVD(Matrix.from1DArray(n, d, z), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: true,
    autoTranspose: true,
  });
  const v = svd.rightSingularVectors; // [d × r], columns are the components
  const r = Math.min(n, d, v.columns);
  const components = Array.from({ length: r }, (_, j) => v.getColumn(j));
  // Deterministic signs: flip each component so that its largest-|value| loading is positive
  // (the first such loading on a tie). scikit-learn ≥ 1.5 does the same in PCA, via
  // svd_flip(U, Vt, u_based_decision=False); older versions decided on U, so their signs may differ.
  for (const c of components) {
    let at = 0;
    for (let f = 1; f < d; f++) if (Math.abs(c[f]!) > Math.abs(c[at]!)) at = f;
    if (c[at]! < 0) for (let f = 0; f < d; f++) c[f] = -c[f]!;
  }
  const explainedVariance = svd.diagonal.slice(0, r).map((s) => (s * s) / (n - 1));
  const total = explainedVariance.reduce((a, b) => a + b, 0);
  return {
    means,
    scales,
    components,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((e) => (total > 0 ? e / total : 0)),
  };
}

/** Scores of row-major [n × d] rows on the first `k` components: [n × k] row-major. */
export function pcaScores(
  x: Float64Array,
  n: number,
  d: number,
  model: Pick<PcaFit, 'means' | 'scales' | 'components'>,
  k = model.components.length,
): Float64Array {
  if (x.length !== n * d) throw new RangeError(`matrix has ${x.length} values, expected ${n} × ${d}`);
  if (model.means.length !== d || model.scales.length !== d)
    throw new RangeError(`the model has ${model.means.length} features, the rows ${d}`);
  if (k > model.components.length)
    throw new RangeError(`the model has ${model.components.length} components, ${k} asked`);
  const out = new Float64Array(n * k);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) z[f] = (x[i * d + f]! - model.means[f]!) / model.scales[f]!;
    for (let j = 0; j < k; j++) {
      const c = model.components[j]!;
      let s = 0;
      for (let f = 0; f < d; f++) s += z[f]! * c[f]!;
      out[i * k + j] = s;
    }
  }
  return out;
}
