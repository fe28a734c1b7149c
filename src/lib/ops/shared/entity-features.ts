/**
 * One row per entity × numeric features, as the clustering ops (kmeans, dbscan) and pca read them:
 * features default to every numeric column but label-like ones (churned, target: by role or
 * name), rows need an id and every feature, ids must be unique, and rows arrive ordered by id so
 * seeded or order-sensitive fits repeat exactly.
 */
import { tableFromIPC } from 'apache-arrow';
import { ident, NUMERIC_TYPE } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { inferRoles } from '../../data/roles';
import { stepError } from '../../core/errors';
import { columnStats, standardize, type ColumnStats } from '../../util/scale';
import type { OpContext, StepInput } from '../types';

export interface EntityMatrix {
  ids: string[];
  /** [n × d] row-major, original units. */
  raw: Float64Array;
  /** [n × d] row-major, standardised when asked (else `raw`). */
  x: Float64Array;
  stats: ColumnStats;
  n: number;
  d: number;
}

export interface EntityFeatures {
  features: string[];
  total: number;
  /** Rows with an id and every feature finite. */
  usable: number;
  fetch(opts: { standardize: boolean }): Promise<EntityMatrix>;
}

/** Check the features and count usable rows; `fetch` then reads them (after the op's own checks). */
export async function entityFeatures(
  ctx: OpContext,
  step: StepInput,
  p: { entity: string; features?: string[] },
  method: string,
): Promise<EntityFeatures> {
  const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
  // Never a default feature: a label (churned, target…), which would leak the answer into segments.
  const inferred = inferRoles(columns);
  const isLabel = (name: string) => (step.roles?.[name] ?? inferred[name]) === 'label';
  const features =
    p.features ??
    columns.filter((c) => c.name !== p.entity && NUMERIC_TYPE.test(c.type) && !isLabel(c.name)).map((c) => c.name);
  if (features.length === 0) {
    throw stepError(
      step.id,
      'features',
      `no numeric columns besides '${p.entity}' (columns: ${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
    );
  }
  if (features.includes(p.entity))
    throw stepError(step.id, 'features', `the entity column '${p.entity}' cannot also be a feature`);
  if (new Set(features).size !== features.length) throw stepError(step.id, 'features', 'a feature is named twice');
  if (p.entity === 'cluster')
    throw stepError(
      step.id,
      'entity',
      "an entity column named 'cluster' would clash with the output column; rename it first",
    );

  const featureSql = features.map((f, i) => `TRY_CAST(${ident(f)} AS DOUBLE) AS f${i}`).join(', ');
  const complete = features.map((_, i) => `f${i} IS NOT NULL AND isfinite(f${i})`).join(' AND ');
  const base = `SELECT CAST(${ident(p.entity)} AS VARCHAR) AS e, ${featureSql} FROM ${step.inputSql}`;
  const counts =
    (
      await ctx.db
        .query(`SELECT count(*)::DOUBLE AS total, count(e)::DOUBLE AS with_id, count(DISTINCT e)::DOUBLE AS ids,
    count(*) FILTER (WHERE e IS NOT NULL AND ${complete})::DOUBLE AS usable FROM (${base})`)
    ).rows[0] ?? {};
  const [total, withId, ids, usable] = [counts.total, counts.with_id, counts.ids, counts.usable].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  if (ids < withId) {
    throw stepError(
      step.id,
      'entity',
      `'${p.entity}' has ${withId - ids} repeated values: ${method} needs one row per entity (aggregate first, e.g. with an sql step)`,
    );
  }

  return {
    features,
    total,
    usable,
    async fetch({ standardize: scale }) {
      ctx.progress({ message: `fetching ${usable} rows × ${features.length} features`, fraction: 0 });
      const table = tableFromIPC(
        await ctx.db.arrowIPC(`SELECT * FROM (${base}) WHERE e IS NOT NULL AND ${complete} ORDER BY e`),
      );
      const n = table.numRows;
      const d = features.length;
      const entityIds: string[] = [];
      for (const v of table.getChild('e')!) entityIds.push(String(v));
      // Float64 (not numericMatrix's float32): centroids are reported in original units.
      const raw = new Float64Array(n * d);
      for (let f = 0; f < d; f++) {
        let i = 0;
        for (const v of table.getChild(`f${f}`)!) raw[i++ * d + f] = Number(v);
      }
      const stats = columnStats(raw, n, d);
      return { ids: entityIds, raw, x: scale ? standardize(raw, n, d, stats) : raw, stats, n, d };
    },
  };
}
