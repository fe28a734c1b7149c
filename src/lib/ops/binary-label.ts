/**
 * A yes/no label for the supervised ops (train-classifier, rule-induction): read from the input
 * table, or from another table joined on a key (e.g. RFM features + customers.churned).
 */
import { z } from 'zod';
import { ident, tableRef } from '../data/sql';
import { stepError } from '../recipe/errors';
import type { OpContext, StepInput } from './types';

export const labelFields = {
  label: z.string().min(1),
  /** Table holding the label, joined on input.`key` = labelTable.`labelKey` (default: same name). */
  labelTable: z.string().optional(),
  key: z.string().optional(),
  labelKey: z.string().optional(),
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
 * SQL for the label column (`label`) and the relation to select from (`from`, input aliased `i`),
 * after checking the label table and that every label value maps to 0 or 1.
 */
export async function labelSource(ctx: OpContext, step: StepInput, p: LabelParams): Promise<{ label: string; from: string }> {
  const label = p.labelTable ? `l.${ident(p.label)}` : `i.${ident(p.label)}`;
  const labelKey = p.labelKey ?? p.key!;
  const from = p.labelTable
    ? `${step.inputSql} AS i JOIN ${tableRef(p.labelTable)} AS l ON CAST(i.${ident(p.key!)} AS VARCHAR) = CAST(l.${ident(labelKey)} AS VARCHAR)`
    : `${step.inputSql} AS i`;
  if (p.labelTable) {
    const cols = await ctx.db.query(`SELECT * FROM ${tableRef(p.labelTable)} LIMIT 0`).catch(() => {
      throw stepError(step.id, 'labelTable', `table '${p.labelTable}' does not exist`);
    });
    for (const [field, name] of [['label', p.label], ['labelKey', labelKey]] as const) {
      if (!cols.columns.some((c) => c.name === name)) {
        throw stepError(step.id, field, `column '${name}' not found in '${p.labelTable}' (columns: ${cols.columns.map((c) => c.name).join(', ')})`);
      }
    }
  }
  const unmapped = await ctx.db.query(
    `SELECT DISTINCT CAST(${label} AS VARCHAR) AS v FROM ${from} WHERE ${label} IS NOT NULL AND (${LABEL_SQL(label)}) IS NULL LIMIT 5`,
  );
  if (unmapped.rows.length > 0) {
    throw stepError(step.id, 'label', `must be binary (0/1, true/false, yes/no); found ${unmapped.rows.map((r) => `'${r.v}'`).join(', ')}`);
  }
  return { label, from };
}
