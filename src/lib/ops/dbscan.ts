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
import { tableFromIPC } from 'apache-arrow';
import { ident } from '../data/sql';
import { rowsToIPC } from '../data/arrow';
import { tableColumns } from '../data/connector';
import { stepError } from '../recipe/errors';
import { columnStats, standardize, silhouette, describeCluster, SILHOUETTE_MAX_EXACT, SILHOUETTE_SAMPLE_SIZE } from '../cluster';
import { dbscan, kDistances, DBSCAN_MAX_ROWS } from '../cluster/dbscan';
import { defineOp, type Json } from './types';

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

/** DuckDB types clustered by default (booleans, dates and text are left out). */
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/i;

export const dbscanOp = defineOp({
  name: 'dbscan',
  title: 'DBSCAN density clusters',
  description: 'Cluster entities by density (DBSCAN): clusters of any shape, outliers left as noise, k-distance curve to choose eps.',
  params,
  needsInput: true,
  primaryTable: 'assignments',
  columnParams: (p) => [['entity', p.entity], ...(p.features ?? []).map((f, i) => [`features[${i}]`, f] as [string, string])],
  async run(ctx, step, p) {
    const started = performance.now();
    const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
    const features = p.features ?? columns.filter((c) => c.name !== p.entity && NUMERIC_TYPE.test(c.type)).map((c) => c.name);
    if (features.length === 0) {
      throw stepError(step.id, 'features', `no numeric columns besides '${p.entity}' (columns: ${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
    }
    if (features.includes(p.entity)) throw stepError(step.id, 'features', `the entity column '${p.entity}' cannot also be a feature`);
    if (new Set(features).size !== features.length) throw stepError(step.id, 'features', 'a feature is named twice');
    if (p.entity === 'cluster') throw stepError(step.id, 'entity', "an entity column named 'cluster' would clash with the output column; rename it first");

    const entity = ident(p.entity);
    const featureSql = features.map((f, i) => `TRY_CAST(${ident(f)} AS DOUBLE) AS f${i}`).join(', ');
    const complete = features.map((_, i) => `f${i} IS NOT NULL AND isfinite(f${i})`).join(' AND ');
    const base = `SELECT CAST(${entity} AS VARCHAR) AS e, ${featureSql} FROM ${step.inputSql}`;
    const counts = (await ctx.db.query(`SELECT count(*)::DOUBLE AS total, count(e)::DOUBLE AS with_id, count(DISTINCT e)::DOUBLE AS ids,
      count(*) FILTER (WHERE e IS NOT NULL AND ${complete})::DOUBLE AS usable FROM (${base})`)).rows[0] ?? {};
    const [total, withId, ids, usable] = [counts.total, counts.with_id, counts.ids, counts.usable].map(Number) as [number, number, number, number];
    if (ids < withId) {
      throw stepError(step.id, 'entity', `'${p.entity}' has ${withId - ids} repeated values: DBSCAN needs one row per entity (aggregate first, e.g. with an sql step)`);
    }
    if (usable < p.minPts) {
      throw stepError(step.id, 'minPts', `only ${usable} rows have an id and every feature; minPts = ${p.minPts} needs at least that many`);
    }
    if (usable > DBSCAN_MAX_ROWS) {
      throw stepError(step.id, 'entity', `${usable.toLocaleString('en')} rows to cluster: DBSCAN here compares every pair of rows and is limited to ${DBSCAN_MAX_ROWS.toLocaleString('en')}; use kmeans, or cluster a sample (e.g. an sql step with USING SAMPLE)`);
    }

    ctx.progress({ message: `fetching ${usable} rows × ${features.length} features`, fraction: 0 });
    // ORDER BY e: DBSCAN's border points depend on the scan order, so keep it fixed.
    const table = tableFromIPC(await ctx.db.arrowIPC(`SELECT * FROM (${base}) WHERE e IS NOT NULL AND ${complete} ORDER BY e`));
    const n = table.numRows;
    const d = features.length;
    const entityIds: string[] = [];
    for (const v of table.getChild('e')!) entityIds.push(String(v));
    const raw = new Float64Array(n * d);
    for (let f = 0; f < d; f++) {
      let i = 0;
      for (const v of table.getChild(`f${f}`)!) raw[i++ * d + f] = Number(v);
    }
    const stats = columnStats(raw, n, d);
    const x = p.standardize ? standardize(raw, n, d, stats) : raw;

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
    for (let g = 0; g < groups; g++) if (groupSize[g]! > 0) for (let f = 0; f < d; f++) means[g * d + f]! /= groupSize[g]!;
    const zOf = (g: number, f: number) => (stats.sd[f]! > 0 ? (means[g * d + f]! - stats.mean[f]!) / stats.sd[f]! : 0);
    const clusterOf = (g: number) => (g === k ? -1 : g + 1);
    const profileGroups = Array.from({ length: groups }, (_, g) => g).filter((g) => groupSize[g]! > 0);

    ctx.progress({ message: 'writing clusters', fraction: 0.9 });
    const out = async (name: string, cols: string[], rows: Record<string, unknown>[], integers: string[]) => {
      await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.${ident(name)}`);
      await ctx.db.insertArrow(step.id, name, rowsToIPC(cols, rows));
      for (const col of integers) await ctx.db.exec(`ALTER TABLE ${step.schemaSql}.${ident(name)} ALTER ${ident(col)} SET DATA TYPE INTEGER`);
    };
    await out('assignments', [p.entity, 'cluster'],
      entityIds.map((id, i) => ({ [p.entity]: id, cluster: fit.labels[i]! < 0 ? -1 : fit.labels[i]! + 1 })), ['cluster']);
    await out('profile', ['cluster', 'feature', 'mean', 'overall_mean', 'z'],
      profileGroups.flatMap((g) => features.map((feature, f) => ({
        cluster: clusterOf(g), feature, mean: means[g * d + f]!, overall_mean: stats.mean[f]!, z: zOf(g, f),
      }))), ['cluster']);
    const ranks = evenRanks(n, KDISTANCE_MAX_POINTS);
    await out('kdistance', ['rank', 'distance'], ranks.map((r) => ({ rank: r + 1, distance: kd[r]! })), ['rank']);

    const clusters: Json[] = Array.from({ length: k }, (_, c) => {
      const description = describeCluster(Array.from({ length: d }, (_, f) => zOf(c, f)), features);
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
