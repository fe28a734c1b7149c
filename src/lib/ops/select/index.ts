/**
 * `select`: rank numeric features by how much they tell about a class label (churned yes/no, or a
 * segment name), drop the useless and the redundant, and hand on a table of the rest. The label
 * may be any column (cast to text: each distinct value is a class), in the input or joined from
 * another table (`labelTable` on input.`key` = labelTable.`labelKey`, a LEFT JOIN so unmatched
 * rows count as unlabelled). Rows with a NULL label are dropped and counted; a missing or
 * non-finite feature value leaves out only that feature's score for the row (pairwise).
 *
 * Scores (src/lib/features/select.ts): binned plug-in mutual information in nats, and sklearn's
 * chi2 with its p-value; both always, `score` picks the ranking. Then, walking down the ranking:
 * `drop`, variance ≤ `varianceThreshold` (population variance; sklearn VarianceThreshold keeps
 * variance > threshold), |Pearson r| > `maxCorrelation` with a better-ranked feature, top `k`;
 * `keep` puts back any feature the filters took out.
 *
 * Tables (in the step's schema):
 *   data    <entity>, <label>, selected features in rank order    labelled rows, ordered by entity (primary)
 *   scores  feature, rank, mutual_info, chi2, chi2_p, variance, missing_pct, max_abs_corr, corr_with,
 *           selected, reason                                        one row per feature, rank 1 = best
 */
import { z } from 'zod';
import { tableFromIPC } from 'apache-arrow';
import { ident, NUMERIC_TYPE } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { tableColumns } from '../../data/connector';
import { stepError } from '../../core/errors';
import { scoreFeatures, selectFeatures } from '../../features/select';
import { labelFields, labelJoin, LABEL_TABLE_PARAM } from '../shared/binary-label';
import { defineOp } from '../types';
import type { Json } from '../../core/json';
import { len } from '../shared/key-figures';

/** A label with more distinct values than this is an id or a number, not a class. */
export const MAX_CLASSES = 50;
const RANKING_SIZE = 50;

const names = z.array(z.string().min(1));
const params = z
  .strictObject({
    /** The id column of the feature table: one row per entity. */
    entity: z.string().min(1),
    ...labelFields,
    /** Default: every numeric column except the entity and the label. */
    features: names.min(1).optional(),
    varianceThreshold: z.number().min(0).default(0),
    /** 1 turns the correlation filter off (no |r| exceeds 1). */
    maxCorrelation: z.number().min(0).max(1).default(0.95),
    score: z.enum(['mutual-info', 'chi2']).default('mutual-info'),
    /** 'minmax': chi2 on each feature mapped to [0, 1], so units do not decide the ranking. */
    chi2Scale: z.enum(['none', 'minmax']).default('none'),
    bins: z.number().int().min(2).max(1000).default(10),
    k: z.number().int().min(1).optional(),
    keep: names.optional(),
    drop: names.optional(),
  })
  .refine((p) => (p.labelTable === undefined) === (p.key === undefined), {
    message: '`labelTable` and `key` go together',
    path: ['key'],
  });

export type SelectParams = z.infer<typeof params>;

export const selectOp = defineOp({
  name: 'select',
  title: 'Select features',
  description:
    'Rank numeric features against a label by mutual information and chi-square; drop constant, redundant or weak ones.',
  params,
  needsInput: true,
  primaryTable: 'data',
  onNewData: 'refit',
  stage: 'features',
  outputs: {
    data: { description: 'the input, with only the selected features (and the label and key)', columns: [] },
    scores: {
      description: 'one feature: its scores and whether it was selected',
      columns: [
        'feature',
        'rank',
        'mutual_info',
        'chi2',
        'chi2_p',
        'variance',
        'missing_pct',
        'max_abs_corr',
        'corr_with',
        'selected',
        'reason',
      ],
    },
  },
  tableParams: LABEL_TABLE_PARAM,
  columns: {
    entity: { role: 'customer', required: true },
    features: { list: true },
    label: { role: 'label', required: true, when: (p) => !p.labelTable },
    key: { role: 'customer' },
  },
  keyFigures: (s) => [['selected features', len(s.selected), 0]],
  async run(ctx, step, p) {
    const started = performance.now();
    const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
    const listed = columns.map((c) => c.name).join(', ');
    const own = [['entity', p.entity], ...(p.labelTable ? [['key', p.key!]] : [['label', p.label]])];
    for (const [field, name] of own)
      if (!columns.some((c) => c.name === name))
        throw stepError(step.id, field, `column '${name}' not found (columns: ${listed})`);
    if (p.label === p.entity) throw stepError(step.id, 'label', `the label cannot be the entity column '${p.entity}'`);
    const features =
      p.features ??
      columns.filter((c) => c.name !== p.entity && c.name !== p.label && NUMERIC_TYPE.test(c.type)).map((c) => c.name);
    checkFeatures(step.id, p, features, columns);

    const { label, from } = await labelJoin(ctx, step, p, { keepUnmatched: true });
    const counts =
      (
        await ctx.db.query(`SELECT count(*)::DOUBLE AS joined, count(${label})::DOUBLE AS labelled,
      count(DISTINCT CAST(${label} AS VARCHAR))::DOUBLE AS classes, count(i.${ident(p.entity)})::DOUBLE AS with_id,
      count(DISTINCT i.${ident(p.entity)})::DOUBLE AS ids, (SELECT count(*) FROM ${step.inputSql})::DOUBLE AS total FROM ${from}`)
      ).rows[0] ?? {};
    const [joined, used, nClasses, withId, ids, total] = [
      'joined',
      'labelled',
      'classes',
      'with_id',
      'ids',
      'total',
    ].map((k) => Number(counts[k]));
    if (joined! > total!) {
      throw stepError(
        step.id,
        'labelKey',
        `'${p.labelKey ?? p.key}' repeats in '${p.labelTable}': ${joined! - total!} extra rows would come from the join; the label table needs one row per key`,
      );
    }
    if (ids! < withId!) {
      throw stepError(
        step.id,
        'entity',
        `'${p.entity}' has ${withId! - ids!} repeated values: feature selection needs one row per entity (aggregate first, e.g. with an sql step)`,
      );
    }
    if (used === 0) throw stepError(step.id, 'label', `no row has a value of '${p.label}'`);
    if (nClasses! > MAX_CLASSES) {
      throw stepError(
        step.id,
        'label',
        `'${p.label}' has ${nClasses} distinct values; a class label has at most ${MAX_CLASSES} (is it an id or an amount? group it first)`,
      );
    }
    if (nClasses! < 2)
      throw stepError(step.id, 'label', `'${p.label}' has one value on every labelled row: nothing to tell apart`);

    ctx.signal.throwIfAborted();
    ctx.progress({ message: `fetching ${used} rows × ${features.length} features`, fraction: 0.1 });
    const featureSql = features.map((f, i) => `TRY_CAST(i.${ident(f)} AS DOUBLE) AS f${i}`).join(', ');
    // ORDER BY ALL: the same rows in the same order on every run, so sums round the same way.
    const table = tableFromIPC(
      await ctx.db.arrowIPC(
        `SELECT CAST(${label} AS VARCHAR) AS y, ${featureSql} FROM ${from} WHERE ${label} IS NOT NULL ORDER BY ALL`,
      ),
    );
    const labels: string[] = [];
    for (const v of table.getChild('y')!) labels.push(String(v));
    const classCounts = new Map<string, number>();
    for (const v of labels) classCounts.set(v, (classCounts.get(v) ?? 0) + 1);
    const classes = [...classCounts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const code = new Map(classes.map(([v], c) => [v, c]));
    const y = Int32Array.from(labels, (v) => code.get(v)!);
    const data = features.map((_, f) => {
      const values = new Float64Array(table.numRows);
      let i = 0;
      for (const v of table.getChild(`f${f}`)!) values[i++] = v === null ? NaN : Number(v);
      return values;
    });

    ctx.signal.throwIfAborted();
    ctx.progress({ message: `scoring ${features.length} features`, fraction: 0.4 });
    const { scores, correlation } = scoreFeatures(features, data, y, classes.length, {
      bins: p.bins,
      chi2Scale: p.chi2Scale,
    });
    const { order, decisions } = selectFeatures(scores, correlation, p);
    const selected = order.filter((f) => decisions[f]!.selected).map((f) => features[f]!);

    ctx.progress({ message: 'writing tables', fraction: 0.9 });
    const scoreColumns = [
      'feature',
      'rank',
      'mutual_info',
      'chi2',
      'chi2_p',
      'variance',
      'missing_pct',
      'max_abs_corr',
      'corr_with',
      'selected',
      'reason',
    ];
    const scoreRows = order.map((f) => {
      const s = scores[f]!;
      return {
        feature: s.feature,
        rank: decisions[f]!.rank,
        mutual_info: s.mutualInfo,
        chi2: s.chi2,
        chi2_p: s.chi2P,
        variance: s.variance,
        missing_pct: s.missingPct,
        max_abs_corr: s.maxAbsCorr,
        corr_with: s.corrWith,
        selected: decisions[f]!.selected,
        reason: decisions[f]!.reason,
      };
    });
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.scores`);
    await ctx.db.insertArrow(step.schema, 'scores', rowsToIPC(scoreColumns, scoreRows));
    for (const [col, type] of [
      ['rank', 'INTEGER'],
      ['corr_with', 'VARCHAR'],
      ['selected', 'BOOLEAN'],
      ['reason', 'VARCHAR'],
    ]) {
      await ctx.db.exec(`ALTER TABLE ${step.schemaSql}.scores ALTER ${col} SET DATA TYPE ${type}`);
    }
    const keptSql = [
      `i.${ident(p.entity)}`,
      `${label} AS ${ident(p.label)}`,
      ...selected.map((f) => `i.${ident(f)}`),
    ].join(', ');
    await ctx.db.exec(
      `CREATE OR REPLACE TABLE ${step.schemaSql}.data AS SELECT ${keptSql} FROM ${from} WHERE ${label} IS NOT NULL ORDER BY i.${ident(p.entity)}`,
    );

    const notes = scores
      .filter((s) => s.negative && p.chi2Scale === 'none')
      .map(
        (s) =>
          `'${s.feature}' has negative values, so it has no chi2 (chi2 reads features as counts; chi2Scale: 'minmax' scores it)`,
      );
    notes.push(
      ...scores
        .filter((s) => s.variance === null)
        .map((s) => `'${s.feature}' has no numeric value on any labelled row`),
    );
    const scoreOf = (f: number) => (p.score === 'mutual-info' ? scores[f]!.mutualInfo : scores[f]!.chi2);
    return {
      tables: ['data', 'scores'],
      summary: {
        label: p.label,
        classes: Object.fromEntries(classes),
        rows: { total: total!, used: used!, droppedNoLabel: total! - used! },
        score: p.score,
        chi2Scale: p.chi2Scale,
        features,
        selected,
        dropped: order
          .filter((f) => !decisions[f]!.selected)
          .map((f): Json => ({ feature: features[f]!, reason: decisions[f]!.reason })),
        ranking: order.slice(0, RANKING_SIZE).map((f): Json => ({ feature: features[f]!, score: scoreOf(f) })),
        notes,
        bins: p.bins,
        varianceThreshold: p.varianceThreshold,
        maxCorrelation: p.maxCorrelation,
        k: p.k ?? null,
        ms: Math.round(performance.now() - started),
      },
    };
  },
});

/** The feature list, keep and drop must name distinct numeric feature columns. */
function checkFeatures(
  stepId: string,
  p: SelectParams,
  features: string[],
  columns: Array<{ name: string; type: string }>,
) {
  const listed = columns.map((c) => c.name).join(', ');
  if (features.length === 0)
    throw stepError(
      stepId,
      'features',
      `no numeric columns besides '${p.entity}' and '${p.label}' (columns: ${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
    );
  if (new Set(features).size !== features.length) throw stepError(stepId, 'features', 'a feature is named twice');
  for (const f of features) {
    const col = columns.find((c) => c.name === f);
    if (!col) throw stepError(stepId, 'features', `column '${f}' not found (columns: ${listed})`);
    if (f === p.entity) throw stepError(stepId, 'features', `the entity column '${f}' cannot also be a feature`);
    if (f === p.label) throw stepError(stepId, 'features', `the label '${f}' cannot also be a feature`);
    if (!NUMERIC_TYPE.test(col.type))
      throw stepError(
        stepId,
        'features',
        `'${f}' is ${col.type}, not a number (convert it first, e.g. with a cast step)`,
      );
  }
  for (const field of ['keep', 'drop'] as const) {
    for (const f of p[field] ?? []) {
      if (!features.includes(f))
        throw stepError(stepId, field, `'${f}' is not one of the features (${features.join(', ')})`);
    }
  }
  const both = (p.keep ?? []).find((f) => p.drop?.includes(f));
  if (both) throw stepError(stepId, 'keep', `'${both}' is in both keep and drop`);
}
