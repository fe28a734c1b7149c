/**
 * `kmeans`: k-means segmentation of one row per entity (e.g. per-customer features from an `rfm`
 * or `sql` step). DuckDB casts the feature columns to DOUBLE and drops rows with a missing or
 * non-finite feature; clustering runs in src/lib/cluster (k-means++ seeding, nInit restarts).
 *
 * Features are z-scored first (`standardize`, default; population sd, constant columns become 0),
 * so a column in large units (spend) does not outweigh one in small units (a share). With `k` the
 * op fits that many clusters; with `kRange: [min, max]` it fits each k and keeps, among the k whose
 * mean silhouette is within 0.02 of the best (near-ties, listed in the summary), the smallest whose
 * largest cluster holds at most 60% of the rows (src/lib/cluster/choose-k.ts), reporting inertia,
 * silhouette and largest share of every k in `selection`. A k above the number of distinct feature
 * rows is refused (`k`) or left out of the range (`kRange`): those clusters would be empty.
 * Silhouette is exact up to 5000 rows, above that on a seeded sample of 3000 rows.
 *
 * Clusters are numbered 1..k by size, largest first. Tables (in the step's schema):
 *   assignments  <entity> (as text), cluster                     one row per clustered entity
 *   centroids    cluster, size, <each feature>                    cluster means in original units
 *   profile      cluster, feature, mean, overall_mean, z          z = (mean − overall_mean) / overall sd
 *   selection    k, inertia, silhouette, largest_share            only with kRange
 * Inertia is measured in the space clustered (standard units when `standardize`).
 * The summary describes each cluster in words from its profile (rules in src/lib/cluster/describe.ts):
 * the ≤ 2 features with the largest |z| ≥ 0.5, e.g. "very high spend, low views per purchase".
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import {
  kmeans,
  orderBySize,
  silhouette,
  describeCluster,
  chooseK,
  distinctRows,
  SILHOUETTE_MAX_EXACT,
  SILHOUETTE_SAMPLE_SIZE,
  type KMeansResult,
} from '../../cluster';
import { defineOp } from '../types';
import type { Json } from '../../core/json';
import { entityFeatures } from '../shared/entity-features';

const MAX_K = 50;

const params = z
  .strictObject({
    /** The id column: one row per entity. */
    entity: z.string().min(1),
    /** Default: every numeric column except the entity. */
    features: z.array(z.string().min(1)).min(1).optional(),
    k: z.number().int().min(2).max(MAX_K).optional(),
    kRange: z.tuple([z.number().int().min(2).max(MAX_K), z.number().int().min(2).max(MAX_K)]).optional(),
    nInit: z.number().int().min(1).max(100).default(10),
    seed: z.number().int().default(42),
    standardize: z.boolean().default(true),
    maxIter: z.number().int().min(1).max(10_000).default(300),
    tol: z.number().min(0).default(1e-4),
  })
  .refine((p) => (p.k === undefined) !== (p.kRange === undefined), {
    message: 'give either `k` or `kRange: [min, max]`',
    path: ['k'],
  })
  .refine((p) => !p.kRange || p.kRange[0] <= p.kRange[1], {
    message: '`kRange` must be [min, max] with min ≤ max',
    path: ['kRange'],
  });

export type KMeansParams = z.infer<typeof params>;

export const kmeansOp = defineOp({
  name: 'kmeans',
  title: 'k-means segments',
  description: 'Cluster entities on numeric features (k-means++), pick k by silhouette, describe each cluster.',
  params,
  needsInput: true,
  primaryTable: 'assignments',
  stage: 'train',
  outputs: {
    assignments: { description: 'one entity: its cluster', columns: ['cluster'] },
    centroids: { description: 'one cluster: its size and centre', columns: ['cluster', 'size'] },
    profile: {
      description: 'one cluster × feature: mean against the overall mean',
      columns: ['cluster', 'feature', 'mean', 'overall_mean', 'z'],
    },
    selection: {
      description: 'one k tried: inertia and silhouette',
      columns: ['k', 'inertia', 'silhouette', 'largest_share'],
      when: 'k is chosen from a range',
    },
  },
  columns: { entity: { role: 'customer' }, features: { list: true } },
  keyFigures: (s) => [
    ['k', s.k, 0],
    ['silhouette', s.silhouette, 3],
  ],
  async run(ctx, step, p) {
    const started = performance.now();
    const prepared = await entityFeatures(ctx, step, p, 'k-means');
    const { features, total, usable } = prepared;
    const clash = features.find((f) => f === 'cluster' || f === 'size');
    if (clash)
      throw stepError(
        step.id,
        'features',
        `a feature named '${clash}' would clash with the centroids table's own column; rename it first`,
      );
    const requested = p.k !== undefined ? [p.k] : range(p.kRange![0], p.kRange![1]);
    const kMax = requested[requested.length - 1]!;
    if (usable <= kMax) {
      throw stepError(
        step.id,
        p.k !== undefined ? 'k' : 'kRange',
        `only ${usable} rows have an id and every feature; ${kMax} clusters need at least ${kMax + 1}`,
      );
    }

    // Rows come ordered by id: the seeded fit sees the same order on every run.
    const { ids: entityIds, raw, x, stats, n, d } = await prepared.fetch({ standardize: p.standardize });
    const silhouetteSampled = n > SILHOUETTE_MAX_EXACT;
    // More clusters than distinct points leaves some empty (no mean, nothing to describe).
    const distinct = distinctRows(x, n, d);
    const ks = requested.filter((k) => k <= distinct);
    if (!ks.length) {
      const what =
        distinct === 1
          ? 'every row has the same features: there is nothing to segment; pick features that differ between rows'
          : `use k ≤ ${distinct}`;
      throw stepError(
        step.id,
        p.k !== undefined ? 'k' : 'kRange',
        `only ${distinct} distinct feature row${distinct === 1 ? '' : 's'} among ${n} rows, so k-means cannot make ${requested[0]} non-empty clusters; ${what}`,
      );
    }

    const fits: Array<{ k: number; fit: KMeansResult; silhouette: number }> = [];
    for (const [j, k] of ks.entries()) {
      ctx.signal.throwIfAborted();
      ctx.progress({ message: `k-means with k = ${k} (${p.nInit} starts)`, fraction: 0.1 + (0.8 * j) / ks.length });
      const fit = kmeans(x, n, d, { k, nInit: p.nInit, seed: p.seed, maxIter: p.maxIter, tol: p.tol });
      fits.push({ k, fit, silhouette: silhouette(x, n, d, fit.labels, { seed: p.seed }) });
    }
    const largestShare = (f: KMeansResult) => Math.max(...f.sizes) / n;
    const choice = chooseK(fits.map((f) => ({ k: f.k, silhouette: f.silhouette, largestShare: largestShare(f.fit) })));
    const chosen = fits.find((f) => f.k === choice.k)!;
    const fit = orderBySize(chosen.fit);
    const k = chosen.k;

    // Cluster means in original units (from the raw rows, not back-transformed centroids).
    const means = new Float64Array(k * d);
    for (let i = 0; i < n; i++) {
      const c = fit.labels[i]!;
      for (let f = 0; f < d; f++) means[c * d + f]! += raw[i * d + f]!;
    }
    for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) means[c * d + f]! /= fit.sizes[c]!;
    // An empty cluster (should the fit leave one) has no mean: written as NULL, never NaN.
    const meanOf = (c: number, f: number) => (fit.sizes[c]! > 0 ? means[c * d + f]! : null);
    const zOf = (c: number, f: number) =>
      fit.sizes[c]! === 0 ? null : stats.sd[f]! > 0 ? (means[c * d + f]! - stats.mean[f]!) / stats.sd[f]! : 0;

    ctx.progress({ message: 'writing clusters', fraction: 0.9 });
    const out = async (name: string, cols: string[], rows: Record<string, unknown>[], integers: string[]) => {
      await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.${ident(name)}`);
      await ctx.db.insertArrow(step.schema, name, rowsToIPC(cols, rows));
      for (const col of integers)
        await ctx.db.exec(`ALTER TABLE ${step.schemaSql}.${ident(name)} ALTER ${ident(col)} SET DATA TYPE INTEGER`);
    };
    await out(
      'assignments',
      [p.entity, 'cluster'],
      entityIds.map((id, i) => ({ [p.entity]: id, cluster: fit.labels[i]! + 1 })),
      ['cluster'],
    );
    await out(
      'centroids',
      ['cluster', 'size', ...features],
      Array.from({ length: k }, (_, c) => {
        const row: Record<string, unknown> = { cluster: c + 1, size: fit.sizes[c]! };
        features.forEach((f, j) => (row[f] = meanOf(c, j)));
        return row;
      }),
      ['cluster', 'size'],
    );
    await out(
      'profile',
      ['cluster', 'feature', 'mean', 'overall_mean', 'z'],
      Array.from({ length: k * d }, (_, idx) => {
        const [c, f] = [Math.floor(idx / d), idx % d];
        return {
          cluster: c + 1,
          feature: features[f]!,
          mean: meanOf(c, f),
          overall_mean: stats.mean[f]!,
          z: zOf(c, f),
        };
      }),
      ['cluster'],
    );
    const tables = ['assignments', 'centroids', 'profile'];
    const selection = fits.map((f) => ({
      k: f.k,
      inertia: f.fit.inertia,
      silhouette: finite(f.silhouette),
      largest_share: largestShare(f.fit),
    }));
    if (p.kRange) {
      await out('selection', ['k', 'inertia', 'silhouette', 'largest_share'], selection, ['k']);
      tables.push('selection');
    }

    const clusters: Json[] = Array.from({ length: k }, (_, c) => {
      if (fit.sizes[c] === 0)
        return { cluster: c + 1, size: 0, share: 0, description: 'empty (no rows)', distinctive: [] };
      const description = describeCluster(
        Array.from({ length: d }, (_, f) => zOf(c, f) ?? 0),
        features,
      );
      return {
        cluster: c + 1,
        size: fit.sizes[c]!,
        share: fit.sizes[c]! / n,
        description: description.text,
        distinctive: description.terms.map((t) => ({ feature: t.feature, z: t.z, level: t.level })),
      };
    });
    return {
      tables,
      summary: {
        rows: { total, used: n, droppedMissing: total - n },
        features,
        standardize: p.standardize,
        k,
        chosenBy: p.kRange ? 'silhouette' : 'given',
        /** k whose silhouette is within 0.02 of the best; the rule that picked `k` among them. */
        nearTies: p.kRange ? choice.nearTies : null,
        kRule: p.kRange ? choice.rule : null,
        distinctRows: distinct,
        kLeftOut: requested.filter((kk) => kk > distinct),
        inertia: fit.inertia,
        silhouette: finite(chosen.silhouette),
        silhouetteSample: silhouetteSampled ? SILHOUETTE_SAMPLE_SIZE : null,
        sizes: Array.from(fit.sizes),
        clusters,
        iterations: fit.iterations,
        converged: fit.converged,
        nInit: p.nInit,
        seed: p.seed,
        selection: p.kRange ? selection : null,
        ms: Math.round(performance.now() - started),
      },
    };
  },
});

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
