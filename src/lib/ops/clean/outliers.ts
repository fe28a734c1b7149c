/**
 * `outliers` on numeric columns, each column judged on its own:
 *   iqr-clip       clip values to [Q1 − k·IQR, Q3 + k·IQR] (quartiles by `quantile_cont`; for
 *                  integer columns the bounds are rounded inwards to whole numbers), k = 1.5
 *   zscore-remove  drop rows where any column has |x − mean| > k · sd (population sd), k = 3
 * NULLs are never outliers; a column with no values (or no spread) has none. Columns keep their types.
 */
import { z } from 'zod';
import { ident, literal } from '../../data/sql';
import { stepError } from '../../core/errors';
import { assertDistinct, cleanOp, type Described, columnType, isIntegerType, isNumericType, plural } from './shared';

const params = z.strictObject({
  columns: z.array(z.string().min(1)).min(1),
  method: z.enum(['iqr-clip', 'zscore-remove']),
  /** Default 1.5 for iqr-clip, 3 for zscore-remove. */
  k: z.number().positive().optional(),
});

export type OutliersParams = z.infer<typeof params>;

/** An exact DOUBLE literal (JS prints the shortest text that reads back as the same number). */
const double = (x: number) => `CAST(${literal(String(x))} AS DOUBLE)`;

interface Fences {
  lo: number;
  hi: number;
  /** Whether any value lies below `lo` / above `hi`. */
  anyBelow: boolean;
  anyAbove: boolean;
}

export const outliersOp = cleanOp({
  name: 'outliers',
  title: 'Handle outliers',
  description: 'Clip values outside the IQR fences, or drop rows with an extreme z-score.',
  params,
  columns: { columns: { list: true, byName: true } },
  async plan(ctx, input, p) {
    assertDistinct(input.stepId, 'columns', p.columns);
    const types = p.columns.map((column, i) => {
      const type = columnType(input, column);
      if (!isNumericType(type)) {
        throw stepError(input.stepId, `columns[${i}]`, `column '${column}' is ${type}, not numeric (cast it first)`);
      }
      return type;
    });
    const iqr = p.method === 'iqr-clip';
    const k = p.k ?? (iqr ? 1.5 : 3);

    const stats = p.columns.map((column, i) => {
      const x = `CAST(${ident(column)} AS DOUBLE)`;
      const [a, b] = iqr
        ? [`quantile_cont(${x}, 0.25)`, `quantile_cont(${x}, 0.75)`]
        : [`avg(${x})`, `stddev_pop(${x})`];
      return `${a} AS a${i}, ${b} AS b${i}, min(${x}) AS min${i}, max(${x}) AS max${i}`;
    });
    const row = (await ctx.db.query(`SELECT ${stats.join(', ')} FROM ${input.sql}`)).rows[0] ?? {};
    const fences = new Map<string, Fences>();
    const reported: Record<string, { lower: number; upper: number } | null> = {};
    p.columns.forEach((column, i) => {
      const [a, b, min, max] = [row[`a${i}`], row[`b${i}`], row[`min${i}`], row[`max${i}`]].map((v) =>
        typeof v === 'number' ? v : NaN,
      ) as [number, number, number, number];
      if (![a, b, min, max].every(Number.isFinite) || (!iqr && b === 0)) {
        reported[column] = null;
        return;
      }
      let lo = iqr ? a - k * (b - a) : a - k * b;
      let hi = iqr ? b + k * (b - a) : a + k * b;
      if (iqr && isIntegerType(types[i]!)) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
      fences.set(column, { lo, hi, anyBelow: min < lo, anyAbove: max > hi });
      reported[column] = { lower: lo, upper: hi };
    });

    const outside = (column: string) => {
      const f = fences.get(column);
      // NULL is not an outlier: without coalesce, NOT (NULL) would drop the row.
      return f ? `coalesce(${ident(column)} < ${double(f.lo)} OR ${ident(column)} > ${double(f.hi)}, FALSE)` : 'FALSE';
    };
    let sql = `SELECT * FROM ${input.sql}`;
    if (iqr) {
      // A bound is cast to the column's type only where some value is clipped to it: a fence
      // beyond the type's range (say 300 for a TINYINT) would otherwise fail to cast.
      const replace = p.columns.flatMap((column, i) => {
        const f = fences.get(column);
        if (!f || (!f.anyBelow && !f.anyAbove)) return [];
        const c = ident(column);
        const below = f.anyBelow ? `WHEN ${c} < ${double(f.lo)} THEN CAST(${double(f.lo)} AS ${types[i]}) ` : '';
        const above = f.anyAbove ? `WHEN ${c} > ${double(f.hi)} THEN CAST(${double(f.hi)} AS ${types[i]}) ` : '';
        return [`CASE ${below}${above}ELSE ${c} END AS ${c}`];
      });
      if (replace.length) sql = `SELECT * REPLACE (${replace.join(', ')}) FROM ${input.sql}`;
    } else if (fences.size) {
      sql = `SELECT * FROM ${input.sql} WHERE NOT (${[...fences.keys()].map(outside).join(' OR ')})`;
    }

    const flat = p.columns.filter((c) => iqr && reported[c] && reported[c].lower === reported[c].upper);
    const what = iqr ? `outside [Q1 − ${k}·IQR, Q3 + ${k}·IQR]` : `with |z| > ${k}`;
    return {
      sql,
      counts: [
        ...p.columns.map((c) => `count(*) FILTER (WHERE ${outside(c)})`),
        `count(*) FILTER (WHERE ${p.columns.map(outside).join(' OR ')})`,
      ],
      describe: (counts): Described => {
        const perColumn = Object.fromEntries(p.columns.map((c, i) => [c, counts[i] ?? 0]));
        const rows = counts[p.columns.length] ?? 0;
        const notes = p.columns.map((c) =>
          reported[c] === null
            ? `'${c}' has no values (or no spread) to judge outliers by`
            : `'${c}': ${plural(perColumn[c] ?? 0, 'value')} ${what} ${iqr ? 'clipped' : ''}`.trimEnd(),
        );
        if (!iqr) notes.push(`${plural(rows, 'row')} removed`);
        for (const c of flat)
          notes.push(`'${c}' has an IQR of 0: every value other than the quartile is clipped to it`);
        return iqr
          ? { changedValues: perColumn, notes, summary: { clipped: perColumn } }
          : { notes, summary: { outliers: perColumn } };
      },
      summary: { method: p.method, k, bounds: reported },
    };
  },
});
