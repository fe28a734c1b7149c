/**
 * `fairness`: does a classifier decide differently for different groups? Reads scored rows — a
 * `predictions(entity, label, score, split)` table of train-classifier or score — with the group
 * attribute from the same table or joined from another (`attributeTable` on `key` = `attributeKey`),
 * and reports per group the selection rate, TPR, FPR, precision and AUC at `threshold`, the
 * disparate-impact ratio and the equal-opportunity difference (src/lib/ml/fairness.ts). Numeric
 * attributes (age, income) are cut into `bins` quantile bands first.
 */
import { z } from 'zod';
import { ident, literal, NUMERIC_TYPE, tableRef } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import { groupFairness } from '../../ml/fairness';
import { defineOp } from '../types';
import type { Json } from '../../core/json';

const params = z.strictObject({
  attribute: z.string().min(1),
  attributeTable: z.string().min(1).optional(),
  /** The id column in the input (default: the first column) and in the attribute table (default: the same name). */
  key: z.string().min(1).optional(),
  attributeKey: z.string().min(1).optional(),
  label: z.string().min(1).default('label'),
  score: z.string().min(1).default('score'),
  threshold: z.number().min(0).max(1).default(0.5),
  /** Rows of this split only, when the input has a `split` column (the held-out test rows by default). */
  split: z.string().min(1).nullable().default('test'),
  bins: z.number().int().min(2).max(20).default(4),
});

export const fairnessOp = defineOp({
  name: 'fairness',
  title: 'Fairness by group',
  description: 'Selection rate, TPR, FPR and AUC of a classifier per group; disparate impact and equal opportunity.',
  params,
  needsInput: true,
  primaryTable: 'groups',
  stage: 'test',
  outputs: {
    groups: {
      description: "one group of the attribute: the model's rates",
      columns: ['group', 'count', 'share', 'base_rate', 'selection_rate', 'tpr', 'fpr', 'precision', 'auc'],
    },
  },
  tableParams: { attributeTable: { keys: { attribute: 'category', attributeKey: 'customer' } } },
  columns: {
    label: {},
    score: {},
    key: {},
    attribute: { role: 'category', required: true, when: (p) => !p.attributeTable },
  },
  async run(ctx, step, p) {
    const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
    const key = p.key ?? columns[0]!.name;
    let from = `${step.inputSql} AS i`;
    let attrType = columns.find((c) => c.name === p.attribute)?.type;
    let attr = `i.${ident(p.attribute)}`;
    if (p.attributeTable) {
      const other = await tableColumns(ctx.db, tableRef(p.attributeTable)).catch(() => {
        throw stepError(step.id, 'attributeTable', `table '${p.attributeTable}' does not exist`);
      });
      const attributeKey = p.attributeKey ?? key;
      for (const [field, name] of [
        ['attribute', p.attribute],
        ['attributeKey', attributeKey],
      ] as const) {
        if (!other.some((c) => c.name === name))
          throw stepError(
            step.id,
            field,
            `column '${name}' not found in '${p.attributeTable}' (columns: ${other.map((c) => c.name).join(', ')})`,
          );
      }
      attrType = other.find((c) => c.name === p.attribute)!.type;
      attr = `a.${ident(p.attribute)}`;
      from += ` JOIN (SELECT DISTINCT ON (CAST(${ident(attributeKey)} AS VARCHAR)) * FROM ${tableRef(p.attributeTable)}) AS a
        ON CAST(i.${ident(key)} AS VARCHAR) = CAST(a.${ident(attributeKey)} AS VARCHAR)`;
    }
    const hasSplit = columns.some((c) => c.name === 'split');
    const where = [
      `TRY_CAST(i.${ident(p.score)} AS DOUBLE) IS NOT NULL`,
      `TRY_CAST(i.${ident(p.label)} AS DOUBLE) IN (0, 1)`,
      `${attr} IS NOT NULL`,
      ...(hasSplit && p.split ? [`i.split = ${literal(p.split)}`] : []),
    ].join(' AND ');
    // Numeric attributes: quantile bands, each labelled by the range of values it holds.
    const numeric = !!attrType && NUMERIC_TYPE.test(attrType);
    const base = numeric
      ? `SELECT ntile(${p.bins}) OVER (ORDER BY TRY_CAST(${attr} AS DOUBLE)) AS band, TRY_CAST(${attr} AS DOUBLE) AS v,
           TRY_CAST(i.${ident(p.score)} AS DOUBLE) AS s, TRY_CAST(i.${ident(p.label)} AS DOUBLE) AS y FROM ${from} WHERE ${where}`
      : `SELECT CAST(${attr} AS VARCHAR) AS g, TRY_CAST(i.${ident(p.score)} AS DOUBLE) AS s, TRY_CAST(i.${ident(p.label)} AS DOUBLE) AS y FROM ${from} WHERE ${where}`;
    const sql = numeric ? `SELECT ${bound('min')} || '–' || ${bound('max')} AS g, s, y FROM (${base})` : base;
    const rows = (await ctx.db.query(sql)).rows;
    if (rows.length === 0)
      throw stepError(
        step.id,
        'input',
        `no scored, labelled rows${hasSplit && p.split ? ` in split '${p.split}'` : ''} with a '${p.attribute}'`,
      );
    const report = groupFairness(
      rows.map((r) => String(r.g)),
      rows.map((r) => Number(r.s)),
      rows.map((r) => Number(r.y)),
      p.threshold,
    );
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.groups`);
    await ctx.db.insertArrow(
      step.schema,
      'groups',
      rowsToIPC(
        ['group', 'count', 'share', 'base_rate', 'selection_rate', 'tpr', 'fpr', 'precision', 'auc'],
        report.groups.map((g) => ({
          group: g.group,
          count: g.count,
          share: g.share,
          base_rate: g.baseRate,
          selection_rate: g.selectionRate,
          tpr: fin(g.tpr),
          fpr: fin(g.fpr),
          precision: fin(g.precision),
          auc: fin(g.auc),
        })),
      ),
    );
    return {
      tables: ['groups'],
      summary: {
        attribute: p.attribute,
        threshold: p.threshold,
        split: hasSplit ? p.split : null,
        rows: rows.length,
        disparateImpact: fin(report.disparateImpact),
        equalOpportunityDifference: fin(report.equalOpportunityDifference),
        flagged: report.flagged,
        sentence: report.sentence,
        groups: report.groups.map((g) => ({
          group: g.group,
          count: g.count,
          selectionRate: g.selectionRate,
          tpr: fin(g.tpr),
        })) as Json[],
      },
    };
  },
});

/** A band's lower or upper value as text: whole numbers without a trailing '.0' (ages 21–36, not 21.0–36.0). */
function bound(agg: 'min' | 'max'): string {
  return `regexp_replace(CAST(${agg}(v) OVER (PARTITION BY band) AS VARCHAR), '\\.0$', '')`;
}

function fin(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
