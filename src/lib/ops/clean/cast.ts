/**
 * `cast`: change column types. Targets come from an allow-list: BIGINT, INTEGER, DOUBLE,
 * DECIMAL(p,s), VARCHAR, BOOLEAN, DATE, TIMESTAMP. Values that cannot be converted (TRY_CAST
 * gives NULL for a non-NULL value) fail the step with their count and an example
 * (`onError: 'fail'`, the default), or become NULL and are counted (`onError: 'null'`).
 * Note DuckDB's conversions round: '1.5' → INTEGER 2, 1.005 → DECIMAL(5,2) 1.01; those are
 * counted as rounded, not as failures.
 * `format: 'currency'` reads amounts written as text (`$1,234.50`, `€ 12,50`, `1.234,50 €`,
 * `(12.50)`): symbols and currency codes are stripped, and each column's decimal and thousands
 * separators are detected from its values (or given as `decimal`/`thousands`).
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { stepError } from '../../core/errors';
import { describeFormat, detectColumnFormat, numberSql, type NumberFormat } from '../../data/numeric-format';
import type { OpContext } from '../types';
import { cleanOp, columnType, plural, quoteValue, type CleanInput } from './shared';

const SIMPLE_TYPES = ['BIGINT', 'INTEGER', 'DOUBLE', 'VARCHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP'];
const DECIMAL = /^DECIMAL\s*\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$/i;

const targetType = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((t) => SIMPLE_TYPES.includes(t) || DECIMAL.test(t), {
    message: `must be one of ${SIMPLE_TYPES.join(', ')}, DECIMAL(p,s)`,
  })
  .refine(
    (t) => {
      const m = DECIMAL.exec(t);
      return !m || (Number(m[1]) >= 1 && Number(m[1]) <= 38 && Number(m[2]) <= Number(m[1]));
    },
    { message: 'DECIMAL(p,s) needs 1 ≤ p ≤ 38 and s ≤ p' },
  )
  .transform((t) => {
    const m = DECIMAL.exec(t);
    return m ? `DECIMAL(${Number(m[1])},${Number(m[2])})` : t;
  });

const params = z.strictObject({
  columns: z.record(z.string().min(1), targetType).refine((r) => Object.keys(r).length > 0, 'name at least one column'),
  onError: z.enum(['null', 'fail']).default('fail'),
  /** 'currency': the columns hold amounts as text with currency symbols or codes and separators. */
  format: z.enum(['currency']).optional(),
  /** The separators of currency text, when the values read both ways (`€1.234`). */
  decimal: z.enum(['.', ',']).optional(),
  thousands: z.enum(['', ',', '.', ' ', "'"]).optional(),
});

export type CastParams = z.infer<typeof params>;

const NUMERIC_TARGET = /^(BIGINT|INTEGER|DOUBLE|DECIMAL)/;

export const castOp = cleanOp({
  name: 'cast',
  title: 'Change column types',
  description:
    'Convert columns to numbers, text, booleans, dates or timestamps, counting the values that do not convert.',
  params,
  columns: { columns: { keys: true, byName: true } },
  async plan(ctx, input, p) {
    const entries = Object.entries(p.columns);
    const formats = p.format === 'currency' ? await currencyFormats(ctx, input, p) : {};
    const asDouble = (column: string) =>
      formats[column] ? numberSql(ident(column), formats[column], true) : `TRY_CAST(${ident(column)} AS DOUBLE)`;
    const tryCast = (column: string, type: string) =>
      formats[column] ? `TRY_CAST(${asDouble(column)} AS ${type})` : `TRY_CAST(${ident(column)} AS ${type})`;
    const fails = (column: string, type: string) => `${ident(column)} IS NOT NULL AND ${tryCast(column, type)} IS NULL`;
    const rounds = (column: string, type: string) =>
      NUMERIC_TARGET.test(type) ? `${asDouble(column)} <> TRY_CAST(${tryCast(column, type)} AS DOUBLE)` : 'FALSE';

    if (p.onError === 'fail') {
      const res = await ctx.db.query(
        `SELECT ${entries.map(([c, t], i) => `count(*) FILTER (WHERE ${fails(c, t)})::DOUBLE AS n${i}`).join(', ')} FROM ${input.sql}`,
      );
      for (const [i, [column, type]] of entries.entries()) {
        const n = Number(res.rows[0]?.[`n${i}`] ?? 0);
        if (n === 0) continue;
        const example = await ctx.db.query(
          `SELECT CAST(${ident(column)} AS VARCHAR) AS v FROM ${input.sql} WHERE ${fails(column, type)} LIMIT 1`,
        );
        throw stepError(
          input.stepId,
          `columns.${column}`,
          `${plural(n, 'value')} of '${column}' cannot be cast to ${type} (e.g. ${quoteValue(example.rows[0]?.v)}); ` +
            `fix them, or set onError: 'null' to turn them into NULL`,
        );
      }
    }

    const replace = entries.map(([c, t]) => `${tryCast(c, t)} AS ${ident(c)}`);
    return {
      notes: Object.entries(formats).map(
        ([c, f]) => `'${c}': currency text read with ${describeFormat(f)}, symbols and codes stripped`,
      ),
      sql: `SELECT * REPLACE (${replace.join(', ')}) FROM ${input.sql}`,
      counts: entries.flatMap(([c, t]) => [
        `count(*) FILTER (WHERE ${fails(c, t)})`,
        `count(*) FILTER (WHERE ${rounds(c, t)})`,
      ]),
      describe: (counts) => {
        const changedValues: Record<string, number> = {};
        const rounded: Record<string, number> = {};
        const notes: string[] = [];
        entries.forEach(([column, type], i) => {
          changedValues[column] = counts[2 * i] ?? 0;
          rounded[column] = counts[2 * i + 1] ?? 0;
          const from = columnType(input, column);
          let note = `'${column}': ${from} → ${type}`;
          if (changedValues[column])
            note += `; ${plural(changedValues[column], 'value')} could not be converted and became NULL`;
          if (rounded[column]) note += `; ${plural(rounded[column], 'value')} rounded`;
          notes.push(note);
        });
        return { changedValues, notes, summary: { rounded } };
      },
      summary: {
        types: p.columns,
        onError: p.onError,
        ...(p.format
          ? {
              format: p.format,
              separators: Object.fromEntries(Object.entries(formats).map(([c, f]) => [c, describeFormat(f)])),
            }
          : {}),
      },
    };
  },
});

/** Each column's separators, from its distinct values (or as given). */
async function currencyFormats(
  ctx: OpContext,
  input: CleanInput,
  p: CastParams,
): Promise<Record<string, NumberFormat>> {
  const out: Record<string, NumberFormat> = {};
  for (const [column, type] of Object.entries(p.columns)) {
    if (!NUMERIC_TARGET.test(type)) {
      throw stepError(
        input.stepId,
        `columns.${column}`,
        `format 'currency' casts to a number type (DOUBLE, DECIMAL(p,s), BIGINT, INTEGER), not ${type}`,
      );
    }
    if (p.decimal !== undefined && p.thousands !== undefined) {
      out[column] = { decimal: p.decimal, thousands: p.thousands };
      continue;
    }
    const sample = await ctx.db.query(
      `SELECT DISTINCT CAST(${ident(column)} AS VARCHAR) AS v FROM ${input.sql} WHERE ${ident(column)} IS NOT NULL ORDER BY 1 LIMIT 5000`,
    );
    const found = detectColumnFormat(
      sample.rows.map((r) => String(r.v)),
      { decimal: p.decimal, thousands: p.thousands },
    );
    if (found.kind === 'ambiguous' || (found.kind === 'currency' && !found.format)) {
      const example = found.example;
      throw stepError(
        input.stepId,
        'decimal',
        `values of '${column}' such as ${quoteValue(example)} read both as decimals and as thousands: give decimal ('.' or ',')`,
      );
    }
    out[column] =
      found.kind === 'number'
        ? { decimal: found.decimal, thousands: found.thousands }
        : found.kind === 'currency'
          ? found.format!
          : { decimal: p.decimal ?? '.', thousands: p.thousands ?? (p.decimal === ',' ? '.' : ',') };
  }
  return out;
}
