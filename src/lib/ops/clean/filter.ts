/**
 * `filter`: keep the rows for which a DuckDB SQL predicate over the input's columns is true
 * (rows where it is false or NULL are dropped), e.g.
 *   NOT starts_with("InvoiceNo", 'C') AND "Quantity" > 0
 * The predicate is checked by counting the rows it keeps before anything is written; DuckDB's
 * own message (first line) is reported against the `where` field.
 */
import { z } from 'zod';
import { stepError } from '../../core/errors';
import { cleanOp, firstLine, fragment, plural, sqlFragmentProblem, type CleanInput } from './shared';
import type { OpContext } from '../types';

const params = z.strictObject({
  /** A DuckDB SQL predicate; column names with spaces or capitals go in double quotes. */
  where: z.string().min(1),
});

export type FilterParams = z.infer<typeof params>;

/** Check a user predicate against the input; returns how many rows it keeps. */
export async function checkPredicate(ctx: OpContext, input: CleanInput, field: string, where: string): Promise<number> {
  const problem = sqlFragmentProblem(where);
  if (problem) throw stepError(input.stepId, field, `the predicate ${problem}`);
  try {
    const res = await ctx.db.query(`SELECT count(*)::DOUBLE AS n FROM ${input.sql} WHERE ${fragment(where)}`);
    return Number(res.rows[0]?.n ?? 0);
  } catch (err) {
    throw stepError(input.stepId, field, firstLine(err));
  }
}

export const filterOp = cleanOp({
  name: 'filter',
  title: 'Filter rows',
  description: 'Keep the rows that match a SQL condition, e.g. "Quantity" > 0.',
  params,
  async plan(ctx, input, p) {
    const kept = await checkPredicate(ctx, input, 'where', p.where);
    return {
      sql: `SELECT * FROM ${input.sql} WHERE ${fragment(p.where)}`,
      counts: ['count(*)'],
      describe: ([rowsIn = 0]) => ({
        notes: [`keeps ${plural(kept, 'row')} of ${rowsIn}; ${plural(rowsIn - kept, 'row')} removed`],
      }),
      summary: { where: p.where },
    };
  },
});
