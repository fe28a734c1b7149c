/**
 * `impute`: fill the NULLs of chosen columns, each with its own method:
 *   mean / median  numeric columns only; an integer column gets the value rounded (half away
 *                  from zero) so that the column keeps its type
 *   mode           the most frequent value (ties: the smallest), any type
 *   constant       `value`, which must be valid for the column's type
 * Every column keeps its type. Empty strings are not NULL: run `trim` (emptyToNull) first.
 */
import { z } from 'zod';
import { ident, literal } from '../../data/sql';
import { stepError } from '../../core/errors';
import type { Cell } from '../../data/connector';
import { cleanOp, columnType, isIntegerType, isNumericType, plural, quoteValue, type CleanInput } from './shared';

const method = z.strictObject({
  method: z.enum(['mean', 'median', 'mode', 'constant']),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});

const params = z.strictObject({
  columns: z
    .record(
      z.string().min(1),
      method.refine((m) => (m.method === 'constant') === (m.value !== undefined), {
        message: "give `value` with method 'constant', and only then",
        path: ['value'],
      }),
    )
    .refine((r) => Object.keys(r).length > 0, 'name at least one column'),
});

export type ImputeParams = z.infer<typeof params>;
type Method = z.infer<typeof method>;

/** The fill value as a scalar SQL expression of the column's own type. */
function fillSql(input: CleanInput, column: string, m: Method): string {
  const type = columnType(input, column);
  const c = ident(column);
  const numeric = m.method === 'mean' || m.method === 'median';
  if (numeric && !isNumericType(type)) {
    throw stepError(
      input.stepId,
      `columns.${column}.method`,
      `'${m.method}' needs a numeric column, and '${column}' is ${type} (use 'mode' or 'constant', or cast the column first)`,
    );
  }
  if (m.method === 'constant') {
    const value = typeof m.value === 'string' ? literal(m.value) : literal(m.value ?? null);
    return `TRY_CAST(${value} AS ${type})`;
  }
  if (m.method === 'mode') {
    return `(SELECT ${c} FROM ${input.sql} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY count(*) DESC, ${c} LIMIT 1)`;
  }
  const agg = m.method === 'mean' ? `avg(${c})` : `median(${c})`;
  return `CAST((SELECT ${isIntegerType(type) ? `round(${agg})` : agg} FROM ${input.sql}) AS ${type})`;
}

export const imputeOp = cleanOp({
  name: 'impute',
  title: 'Fill missing values',
  description: 'Fill empty (NULL) values with the mean, median, most frequent value or a constant.',
  params,
  columns: { columns: { keys: true, byName: true } },
  async plan(ctx, input, p) {
    const entries = Object.entries(p.columns);
    const fills = entries.map(([column, m]) => fillSql(input, column, m));
    const res = await ctx.db.query(`SELECT ${fills.map((f, i) => `${f} AS f${i}`).join(', ')}`);
    const values: Record<string, Cell> = {};
    entries.forEach(([column, m], i) => {
      const v = res.rows[0]?.[`f${i}`] ?? null;
      if (v === null && m.method === 'constant') {
        throw stepError(
          input.stepId,
          `columns.${column}.value`,
          `${quoteValue(String(m.value))} is not a valid ${columnType(input, column)} for column '${column}'`,
        );
      }
      if (v === null) {
        throw stepError(
          input.stepId,
          `columns.${column}`,
          `column '${column}' has no values to take the ${m.method} of`,
        );
      }
      values[column] = v;
    });
    const replace = entries.map(([column], i) => `coalesce(${ident(column)}, ${fills[i]}) AS ${ident(column)}`);
    return {
      sql: `SELECT * REPLACE (${replace.join(', ')}) FROM ${input.sql}`,
      counts: entries.map(([column]) => `count(*) FILTER (WHERE ${ident(column)} IS NULL)`),
      describe: (counts) => {
        const changedValues = Object.fromEntries(entries.map(([column], i) => [column, counts[i] ?? 0]));
        return {
          changedValues,
          notes: entries.map(([column, m]) => {
            const rounded = (m.method === 'mean' || m.method === 'median') && isIntegerType(columnType(input, column));
            return `'${column}': ${plural(changedValues[column] ?? 0, 'missing value')} filled with ${quoteValue(values[column])} (${m.method}${rounded ? ', rounded to keep the column whole numbers' : ''})`;
          }),
        };
      },
      summary: { fill: values },
    };
  },
});
