/**
 * The label of the supervised ops: read from the input table, or from another table joined on a
 * key (e.g. RFM features + customers.churned). `labelJoin` takes any label (feature selection
 * scores multi-class text too); `labelSource` adds the yes/no check of train-classifier and
 * rule-induction.
 */
import { z } from 'zod';
import { ident, tableRef } from '../../data/sql';
import { stepError } from '../../core/errors';
import type { OpContext, StepInput, TableParam } from '../types';

export const labelFields = {
  label: z.string().min(1),
  /** Table holding the label, joined on input.`key` = labelTable.`labelKey` (default: same name). */
  labelTable: z.string().optional(),
  key: z.string().optional(),
  labelKey: z.string().optional(),
};

/** `labelTable` names the table the label is read from, joined on its `labelKey`. */
export const LABEL_TABLE_PARAM: Record<string, TableParam> = {
  labelTable: { keys: { label: 'label', labelKey: 'customer' } },
};

export interface LabelParams {
  label: string;
  labelTable?: string;
  key?: string;
  labelKey?: string;
}

/** Labels people write: 1/0, true/false, yes/no, y/n → 1/0; anything else → NULL. */
export const LABEL_SQL = (col: string) => `CASE
  WHEN lower(trim(CAST(${col} AS VARCHAR))) IN ('1', '1.0', 'true', 'yes', 'y') THEN 1
  WHEN lower(trim(CAST(${col} AS VARCHAR))) IN ('0', '0.0', 'false', 'no', 'n') THEN 0 END`;

/**
 * SQL for the label column (`label`, any type) and the relation to select from (`from`, input
 * aliased `i`, label table `l`), after checking that the label table and its columns exist.
 * The join is inner by default (input rows with no label row vanish); `keepUnmatched` makes it a
 * LEFT JOIN, so such rows stay with a NULL label and can be counted.
 */
export async function labelJoin(
  ctx: OpContext,
  step: StepInput,
  p: LabelParams,
  opts: { keepUnmatched?: boolean } = {},
): Promise<{ label: string; from: string }> {
  const label = p.labelTable ? `l.${ident(p.label)}` : `i.${ident(p.label)}`;
  const labelKey = p.labelKey ?? p.key!;
  const join = opts.keepUnmatched ? 'LEFT JOIN' : 'JOIN';
  const from = p.labelTable
    ? `${step.inputSql} AS i ${join} ${tableRef(p.labelTable)} AS l ON CAST(i.${ident(p.key!)} AS VARCHAR) = CAST(l.${ident(labelKey)} AS VARCHAR)`
    : `${step.inputSql} AS i`;
  if (p.labelTable) {
    const cols = await ctx.db.query(`SELECT * FROM ${tableRef(p.labelTable)} LIMIT 0`).catch(() => {
      throw stepError(step.id, 'labelTable', `table '${p.labelTable}' does not exist`);
    });
    for (const [field, name] of [
      ['label', p.label],
      ['labelKey', labelKey],
    ] as const) {
      if (!cols.columns.some((c) => c.name === name)) {
        throw stepError(
          step.id,
          field,
          `column '${name}' not found in '${p.labelTable}' (columns: ${cols.columns.map((c) => c.name).join(', ')})`,
        );
      }
    }
  }
  return { label, from };
}

/**
 * SQL for a yes/no label (`label`) and the relation to select from (`from`, input aliased `i`),
 * inner-joined when the label lives in another table, after checking that every label value
 * maps to 0 or 1.
 */
export async function labelSource(
  ctx: OpContext,
  step: StepInput,
  p: LabelParams,
): Promise<{ label: string; from: string }> {
  const { label, from } = await labelJoin(ctx, step, p);
  const unmapped = await ctx.db.query(
    `SELECT DISTINCT CAST(${label} AS VARCHAR) AS v FROM ${from} WHERE ${label} IS NOT NULL AND (${LABEL_SQL(label)}) IS NULL LIMIT 5`,
  );
  if (unmapped.rows.length > 0) {
    throw stepError(
      step.id,
      'label',
      `must be binary (0/1, true/false, yes/no); found ${unmapped.rows.map((r) => `'${r.v}'`).join(', ')}`,
    );
  }
  return { label, from };
}
