/**
 * `drop-missing`: drop the rows that have a missing value in any of `columns` (default: all).
 * Missing is NULL and, for text columns when `emptyIsMissing` (default true), the empty string.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { assertDistinct, cleanOp, columnType, isTextType, plural, type CleanInput } from './shared';

const params = z.strictObject({
  /** The columns that must all be present (default: all columns). */
  columns: z.array(z.string().min(1)).min(1).optional(),
  /** Treat '' in text columns as missing too. */
  emptyIsMissing: z.boolean().default(true),
});

export type DropMissingParams = z.infer<typeof params>;

function missingSql(input: CleanInput, column: string, emptyIsMissing: boolean): string {
  const c = ident(column);
  return emptyIsMissing && isTextType(columnType(input, column)) ? `(${c} IS NULL OR ${c} = '')` : `${c} IS NULL`;
}

export const dropMissingOp = cleanOp({
  name: 'drop-missing',
  title: 'Drop rows with missing values',
  description: 'Remove rows that have an empty value in any of the chosen columns.',
  params,
  columns: { columns: { list: true, byName: true } },
  async plan(_ctx, input, p) {
    const columns = p.columns ?? input.columns.map((c) => c.name);
    assertDistinct(input.stepId, 'columns', columns);
    const missing = columns.map((c) => missingSql(input, c, p.emptyIsMissing));
    return {
      sql: `SELECT * FROM ${input.sql} WHERE NOT (${missing.join(' OR ')})`,
      counts: [
        `count(*) FILTER (WHERE ${missing.join(' OR ')})`,
        ...missing.map((m) => `count(*) FILTER (WHERE ${m})`),
      ],
      describe: ([rows = 0, ...perColumn]) => {
        const missingByColumn = Object.fromEntries(columns.map((c, i) => [c, perColumn[i] ?? 0]));
        const worst = columns.filter((c) => missingByColumn[c]! > 0).map((c) => `'${c}' ${missingByColumn[c]}`);
        return {
          notes: [
            `${plural(rows, 'row')} with a missing value removed` +
              (worst.length ? ` (missing per column: ${worst.join(', ')})` : ''),
          ],
          summary: { missingByColumn },
        };
      },
      summary: { columns: p.columns ?? null, emptyIsMissing: p.emptyIsMissing },
    };
  },
});
