/**
 * `trim`: tidy text columns (default: every VARCHAR column): strip leading and trailing
 * whitespace (spaces, tabs, line breaks, no-break and ideographic spaces, BOM — DuckDB's own
 * trim() strips only spaces), optionally fold case, and (`emptyToNull`, default true) turn
 * what is left empty into NULL.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { stepError } from '../../core/errors';
import { assertDistinct, cleanOp, columnType, isTextType, plural } from './shared';

const params = z.strictObject({
  /** Text columns to tidy (default: all VARCHAR columns). */
  columns: z.array(z.string().min(1)).min(1).optional(),
  case: z.enum(['lower', 'upper']).optional(),
  emptyToNull: z.boolean().default(true),
});

export type TrimParams = z.infer<typeof params>;

/** Unicode White_Space plus the BOM, as a DuckDB string expression. */
const WHITESPACE = [
  9,
  10,
  11,
  12,
  13,
  32,
  0x85,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
]
  .map((code) => `chr(${code})`)
  .join(' || ');

export function tidyTextSql(column: string, opts: { case?: 'lower' | 'upper'; emptyToNull: boolean }): string {
  let e = `trim(${ident(column)}, ${WHITESPACE})`;
  if (opts.case) e = `${opts.case}(${e})`;
  return opts.emptyToNull ? `nullif(${e}, '')` : e;
}

export const trimOp = cleanOp({
  name: 'trim',
  title: 'Tidy text',
  description: 'Trim whitespace from text columns, optionally change case, and make empty text missing.',
  params,
  columns: { columns: { list: true, byName: true } },
  async plan(_ctx, input, p) {
    const columns = p.columns ?? input.columns.filter((c) => isTextType(c.type)).map((c) => c.name);
    assertDistinct(input.stepId, 'columns', columns);
    columns.forEach((column, i) => {
      const type = columnType(input, column);
      if (!isTextType(type)) {
        throw stepError(
          input.stepId,
          `columns[${i}]`,
          `column '${column}' is ${type}, not text (trim works on VARCHAR columns)`,
        );
      }
    });
    if (columns.length === 0) {
      return {
        sql: `SELECT * FROM ${input.sql}`,
        notes: ['the input has no text columns: nothing to trim'],
        describe: () => ({ changedValues: {} }),
      };
    }
    const tidy = columns.map((c) => tidyTextSql(c, { case: p.case, emptyToNull: p.emptyToNull }));
    return {
      sql: `SELECT * REPLACE (${columns.map((c, i) => `${tidy[i]} AS ${ident(c)}`).join(', ')}) FROM ${input.sql}`,
      counts: columns.map((c, i) => `count(*) FILTER (WHERE ${ident(c)} IS DISTINCT FROM ${tidy[i]})`),
      describe: (counts) => {
        const changedValues = Object.fromEntries(columns.map((c, i) => [c, counts[i] ?? 0]));
        const changed = columns.filter((c) => changedValues[c]! > 0);
        return {
          changedValues,
          notes: [
            changed.length
              ? `changed ${changed.map((c) => `${plural(changedValues[c]!, 'value')} in '${c}'`).join(', ')}`
              : 'no values needed tidying',
          ],
        };
      },
      summary: { columns, case: p.case ?? null, emptyToNull: p.emptyToNull },
    };
  },
});
