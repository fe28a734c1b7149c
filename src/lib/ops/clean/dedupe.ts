/**
 * `dedupe`: drop duplicate rows, keeping the first row of each group (in the input's row order)
 * of rows that agree on `columns` (default: all columns). NULLs count as equal to each other,
 * as in SELECT DISTINCT.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { assertDistinct, cleanOp, freshName, plural } from './shared';

const params = z.strictObject({
  /** The columns that make two rows duplicates (default: all columns). */
  columns: z.array(z.string().min(1)).min(1).optional(),
});

export type DedupeParams = z.infer<typeof params>;

export const dedupeOp = cleanOp({
  name: 'dedupe',
  title: 'Remove duplicates',
  description: 'Drop repeated rows (all columns, or the columns you choose), keeping the first.',
  params,
  columns: { columns: { list: true, byName: true } },
  async plan(_ctx, input, p) {
    const keys = p.columns ?? input.columns.map((c) => c.name);
    assertDistinct(input.stepId, 'columns', keys);
    // The input's row order, numbered once (a table's rowid is not there on every relation).
    const rn = ident(freshName(input, '__row'));
    const numbered = `SELECT *, row_number() OVER () AS ${rn} FROM ${input.sql}`;
    const sql = `WITH numbered AS (${numbered})
SELECT * EXCLUDE (${rn}) FROM numbered
QUALIFY row_number() OVER (PARTITION BY ${keys.map(ident).join(', ')} ORDER BY ${rn}) = 1
ORDER BY ${rn}`;
    const by = p.columns ? `on ${p.columns.map((c) => `'${c}'`).join(', ')}` : 'on all columns';
    return {
      sql,
      // Distinct key combinations, counted without the row numbers.
      counts: ['count(*)', `count(*) FILTER (WHERE n > 1)`],
      countsFrom: `(SELECT count(*) AS n FROM ${input.sql} GROUP BY ${keys.map(ident).join(', ')})`,
      describe: ([groups = 0, repeated = 0]) => ({
        notes: [`${plural(groups, 'distinct row')} ${by}; ${plural(repeated, 'group')} had duplicates`],
        summary: { distinctRows: groups, duplicateGroups: repeated },
      }),
      summary: { columns: p.columns ?? null },
    };
  },
});
