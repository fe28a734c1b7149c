/**
 * `cast`: change column types. Targets come from an allow-list: BIGINT, INTEGER, DOUBLE,
 * DECIMAL(p,s), VARCHAR, BOOLEAN, DATE, TIMESTAMP. Values that cannot be converted (TRY_CAST
 * gives NULL for a non-NULL value) fail the step with their count and an example
 * (`onError: 'fail'`, the default), or become NULL and are counted (`onError: 'null'`).
 * Note DuckDB's conversions round: '1.5' → INTEGER 2, 1.005 → DECIMAL(5,2) 1.01; those are
 * counted as rounded, not as failures.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { stepError } from '../../recipe/errors';
import { cleanOp, columnType, plural, quoteValue, recordColumns } from './shared';

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
});

export type CastParams = z.infer<typeof params>;

const NUMERIC_TARGET = /^(BIGINT|INTEGER|DOUBLE|DECIMAL)/;

export const castOp = cleanOp({
  name: 'cast',
  title: 'Change column types',
  description: 'Convert columns to numbers, text, booleans, dates or timestamps, counting the values that do not convert.',
  params,
  columnParams: (p) => recordColumns('columns', p.columns),
  async plan(ctx, input, p) {
    const entries = Object.entries(p.columns);
    const tryCast = (column: string, type: string) => `TRY_CAST(${ident(column)} AS ${type})`;
    const fails = (column: string, type: string) => `${ident(column)} IS NOT NULL AND ${tryCast(column, type)} IS NULL`;
    const rounds = (column: string, type: string) =>
      NUMERIC_TARGET.test(type)
        ? `TRY_CAST(${ident(column)} AS DOUBLE) <> TRY_CAST(${tryCast(column, type)} AS DOUBLE)`
        : 'FALSE';

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
      sql: `SELECT * REPLACE (${replace.join(', ')}) FROM ${input.sql}`,
      counts: entries.flatMap(([c, t]) => [`count(*) FILTER (WHERE ${fails(c, t)})`, `count(*) FILTER (WHERE ${rounds(c, t)})`]),
      describe: (counts) => {
        const changedValues: Record<string, number> = {};
        const rounded: Record<string, number> = {};
        const notes: string[] = [];
        entries.forEach(([column, type], i) => {
          changedValues[column] = counts[2 * i] ?? 0;
          rounded[column] = counts[2 * i + 1] ?? 0;
          const from = columnType(input, column);
          let note = `'${column}': ${from} → ${type}`;
          if (changedValues[column]) note += `; ${plural(changedValues[column], 'value')} could not be converted and became NULL`;
          if (rounded[column]) note += `; ${plural(rounded[column], 'value')} rounded`;
          notes.push(note);
        });
        return { changedValues, notes, summary: { rounded } };
      },
      summary: { types: p.columns, onError: p.onError },
    };
  },
});
