/**
 * `derive`: a new column from a DuckDB SQL expression over the input's columns, e.g.
 * `"Quantity" * "UnitPrice"`. The name must be new (DuckDB names are case-insensitive, so
 * `amount` clashes with `Amount`) unless `replace: true`, which overwrites that column in place.
 * The expression is evaluated over the whole input before anything is written, so a bad
 * column name or a failing conversion is reported against the `expression` field.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { stepError } from '../../core/errors';
import { cleanOp, collidingColumn, firstLine, fragment, freshName, plural, sqlFragmentProblem } from './shared';

const params = z.strictObject({
  column: z.string().trim().min(1).max(255),
  expression: z.string().min(1),
  replace: z.boolean().default(false),
});

export type DeriveParams = z.infer<typeof params>;

export const deriveOp = cleanOp({
  name: 'derive',
  title: 'Add a computed column',
  description: 'Add a column computed by a SQL expression, e.g. "Quantity" * "UnitPrice".',
  params,
  async plan(ctx, input, p) {
    const clash = collidingColumn(input, p.column);
    if (clash && !p.replace) {
      throw stepError(
        input.stepId,
        'column',
        `column '${clash.name}' already exists; choose another name, or set replace: true`,
      );
    }
    const problem = sqlFragmentProblem(p.expression);
    if (problem) throw stepError(input.stepId, 'expression', `the expression ${problem}`);
    const value = fragment(p.expression);
    let check;
    try {
      // count(v), not count(*): DuckDB would not evaluate an unused expression.
      // Beside the input's columns, as in the result, so an aggregate such as sum(x) is refused.
      const v = ident(freshName(input, '__value'));
      check = await ctx.db.query(
        `SELECT count(${v})::DOUBLE AS n, count(*)::DOUBLE AS total, any_value(typeof(${v})) AS type FROM (SELECT *, ${value} AS ${v} FROM ${input.sql})`,
      );
    } catch (err) {
      throw stepError(input.stepId, 'expression', firstLine(err));
    }
    const row = check.rows[0] ?? {};
    const nulls = Number(row.total ?? 0) - Number(row.n ?? 0);
    const name = ident(clash?.name ?? p.column);
    return {
      sql: clash
        ? `SELECT * REPLACE (${value} AS ${name}) FROM ${input.sql}`
        : `SELECT *, ${value} AS ${name} FROM ${input.sql}`,
      ...(clash ? {} : { addedColumns: [p.column] }),
      notes: [
        `${clash ? `replaces '${clash.name}'` : `adds '${p.column}'`}${row.type ? ` (${row.type})` : ''}` +
          (nulls ? `; ${plural(nulls, 'row')} ${nulls === 1 ? 'gives' : 'give'} NULL` : ''),
      ],
      summary: {
        column: clash?.name ?? p.column,
        expression: p.expression,
        replaced: clash !== undefined,
        nullValues: nulls,
      },
    };
  },
});
