/**
 * `dbscan`: density-based clustering (DBSCAN, src/lib/cluster/dbscan.ts) of one row per entity.
 * Unlike k-means it finds clusters of any shape, chooses their number itself and leaves rows in
 * sparse regions unassigned as noise. DuckDB casts the feature columns to DOUBLE and drops rows with
 * a missing or non-finite feature.
 *
 * Features are z-scored first (`standardize`, default; population sd, constant columns become 0),
 * and `eps` is then in standard units. A row is a core point when at least `minPts` rows (itself
 * included) lie within `eps`. Neighbour search is exact and quadratic, so at most 20,000 rows.
 * To choose eps, look at the `kdistance` table: each row's distance to its minPts-th nearest row
 * (itself the 1st), descending; a row is core exactly when that distance is ≤ eps, and the usual
 * eps sits at the curve's elbow.
 *
 * Clusters are numbered 1..k by size, largest first; noise is −1. Tables (in the step's schema):
 *   assignments  <entity> (as text), cluster                 one row per clustered entity
 *   profile      cluster, feature, mean, overall_mean, z      z = (mean − overall_mean) / overall sd;
 *                                                             noise (−1) gets rows too when present
 *   kdistance    rank, distance                              rank 1 = largest; ≤ 2000 evenly spaced ranks
 * The summary gives the clusters with sizes and descriptions (as kmeans), the noise count and
 * share, and the mean silhouette of the non-noise rows when there are ≥ 2 clusters.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import { silhouette, describeCluster, SILHOUETTE_MAX_EXACT, SILHOUETTE_SAMPLE_SIZE } from '../../cluster';
import { dbscan, kDistances, DBSCAN_MAX_ROWS } from '../../cluster/dbscan';
import { defineOp } from '../types';
import type { Json } from '../../core/json';
import { entityFeatures } from '../shared/entity-features';

/** Points in the `kdistance` table at most. */
export const KDISTANCE_MAX_POINTS = 2000;

const params = z.strictObject({
  /** The id column: one row per entity. */
  entity: z.string().min(1),
  /** Default: every numeric column except the entity. */
  features: z.array(z.string().min(1)).min(1).optional(),
  /** Neighbourhood radius; in standard units when `standardize`. */
  eps: z.number().positive().finite(),
  /** Rows (itself included) within eps that make a core point. */
  minPts: z.number().int().min(1).max(1000).default(5),
  standardize: z.boolean().default(true),
});

export type DbscanParams = z.infer<typeof params>;

export const dbscanOp = defineOp({
  name: 'dbscan',
  title: 'DBSCAN density clusters',
  description:
    'Cluster entities by density (DBSCAN): clusters of any shape, outliers left as noise, k-distance curve to choose eps.',
  params,
  needsInput: true,
  primaryTable: 'assignments',
  stage: 'train',
  outputs: {
    assignments: { description: 'one entity: its cluster (-1 = noise)', columns: ['cluster'] },
    profile: {
      description: 'one cluster × feature: mean against the overall mean',
      columns: ['cluster', 'feature', 'mean', 'overall_mean', 'z'],
    },
    kdistance: { description: 'the sorted k-distance curve, for choosing eps', columns: ['rank', 'distance'] },
  },
  columns: { entity: { role: 'customer' }, features: { list: true } },
  keyFigures: (s) => [
    ['clusters', s.k, 0],
    ['noise share', s.noiseShare, 3],
    ['silhouette', s.silhouette, 3],
  ],
  async run(ctx, step, p) {
    const started = performance.now();
    const prepared = await entityFeatures(ctx, step, p, 'DBSCAN');
    const { features, total, usable } = prepared;
    if (usable < p.minPts) {
      throw stepError(
        step.id,
        'minPts',
        `only ${usable} rows have an id and every feature; minPts = ${p.minPts} needs at least that many`,
      );
    }
    if (usable > DBSCAN_MAX_ROWS) {
      throw stepError(
        step.id,
        'entity',
        `${usable.toLocaleString('en')} rows to cluster: DBSCAN here compares every pair of rows and is limited to ${DBSCAN_MAX_ROWS.toLocaleString('en')}; use kmeans, or cluster a sample (e.g. an sql step with USING SAMPLE)`,
      );
    }

    // Rows come ordered by id: DBSCAN's border points depend on the scan order, so it stays fixed.
    const { ids: entityIds, raw, x, stats, n, d } = await prepared.fetch({ standardize: p.standardize });

    ctx.signal.throwIfAborted();
    ctx.progress({ message: `DBSCAN (eps ${p.eps}, minPts ${p.minPts})`, fraction: 0.1 });
    const fit = dbscan(x, n, d, { eps: p.eps, minPts: p.minPts });
    ctx.signal.throwIfAborted();
    ctx.progress({ message: 'k-distances', fraction: 0.5 });
    const kd = kDistances(x, n, d, p.minPts);
    ctx.signal.throwIfAborted();

    // Silhouette of the clustered (non-noise) rows.
    let sil = Number.NaN;
    let clustered = 0;
    if (fit.k >= 2) {
      ctx.progress({ message: 'silhouette', fraction: 0.7 });
      clustered = n - fit.noise;
      const sx = new Float64Array(clustered * d);
      const sl = new Int32Array(clustered);
      let j = 0;
      for (let i = 0; i < n; i++) {
        if (fit.labels[i]! < 0) continue;
        sx.set(x.subarray(i * d, (i + 1) * d), j * d);
        sl[j++] = fit.labels[i]!;
      }
      sil = silhouette(sx, clustered, d, sl);
    }

    // Group means in original units; group g = cluster index 0..k−1, and k = noise.
    const k = fit.k;
    const groups = k + 1;
    const means = new Float64Array(groups * d);
    const groupSize = new Int32Array(groups);
    for (let i = 0; i < n; i++) {
      const l = fit.labels[i]!;
      const g = l < 0 ? k : l;
      groupSize[g]!++;
      for (let f = 0; f < d; f++) means[g * d + f]! += raw[i * d + f]!;
    }
    for (let g = 0; g < groups; g++)
      if (groupSize[g]! > 0) for (let f = 0; f < d; f++) means[g * d + f]! /= groupSize[g]!;
    const zOf = (g: number, f: number) => (stats.sd[f]! > 0 ? (means[g * d + f]! - stats.mean[f]!) / stats.sd[f]! : 0);
    const clusterOf = (g: number) => (g === k ? -1 : g + 1);
    const profileGroups = Array.from({ length: groups }, (_, g) => g).filter((g) => groupSize[g]! > 0);

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
      entityIds.map((id, i) => ({ [p.entity]: id, cluster: fit.labels[i]! < 0 ? -1 : fit.labels[i]! + 1 })),
      ['cluster'],
    );
    await out(
      'profile',
      ['cluster', 'feature', 'mean', 'overall_mean', 'z'],
      profileGroups.flatMap((g) =>
        features.map((feature, f) => ({
          cluster: clusterOf(g),
          feature,
          mean: means[g * d + f]!,
          overall_mean: stats.mean[f]!,
          z: zOf(g, f),
        })),
      ),
      ['cluster'],
    );
    const ranks = evenRanks(n, KDISTANCE_MAX_POINTS);
    await out(
      'kdistance',
      ['rank', 'distance'],
      ranks.map((r) => ({ rank: r + 1, distance: kd[r]! })),
      ['rank'],
    );

    const clusters: Json[] = Array.from({ length: k }, (_, c) => {
      const description = describeCluster(
        Array.from({ length: d }, (_, f) => zOf(c, f)),
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
      tables: ['assignments', 'profile', 'kdistance'],
      summary: {
        rows: { total, used: n, droppedMissing: total - n },
        features,
        standardize: p.standardize,
        eps: p.eps,
        minPts: p.minPts,
        k,
        sizes: Array.from(fit.sizes),
        noise: fit.noise,
        noiseShare: n > 0 ? fit.noise / n : 0,
        corePoints: fit.core.reduce((s, v) => s + v, 0),
        silhouette: Number.isFinite(sil) ? sil : null,
        silhouetteSample: fit.k >= 2 && clustered > SILHOUETTE_MAX_EXACT ? SILHOUETTE_SAMPLE_SIZE : null,
        clusters,
        ms: Math.round(performance.now() - started),
      },
    };
  },
});

/** Up to `max` indices 0..n−1 evenly spread, always including the first and the last. */
function evenRanks(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let j = 0; j < max; j++) {
    const r = Math.round((j * (n - 1)) / (max - 1));
    if (out[out.length - 1] !== r) out.push(r);
  }
  return out;
}
