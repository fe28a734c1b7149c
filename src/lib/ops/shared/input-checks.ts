/**
 * Checks an op runs on its input columns before computing, so that text it cannot read is named
 * instead of silently dropped (TRY_CAST → NULL → an empty result) or failing with DuckDB's
 * conversion error and the generated SQL.
 */
import { ident, literal } from '../../data/sql';
import { stepError } from '../../core/errors';
import { AUTO_FORMATS } from '../clean/parse-date';
import type { AmountParams } from './amount';
import type { OpContext, StepInput } from '../types';

const TEXT = /^VARCHAR/;

function typeOf(step: StepInput, column: string): string | undefined {
  return step.inputColumns?.find((c) => c.name === column)?.type;
}

/** Non-empty text values of `column` for which `reads` is NULL: how many, and the first. */
async function unread(
  ctx: OpContext,
  step: StepInput,
  column: string,
  reads: (col: string) => string,
): Promise<{ n: number; example: string }> {
  const col = ident(column);
  const bad = `${col} IS NOT NULL AND trim(${col}) <> '' AND ${reads(col)} IS NULL`;
  const res = await ctx.db.query(`SELECT count(*) FILTER (WHERE ${bad})::DOUBLE AS n,
    (SELECT ${col} FROM ${step.inputSql} WHERE ${bad} LIMIT 1) AS example FROM ${step.inputSql}`);
  return { n: Number(res.rows[0]?.n ?? 0), example: String(res.rows[0]?.example ?? '') };
}

/**
 * An amount, quantity or price column held as text that does not read as numbers (`$1,234.50`,
 * `12,50`) is refused, naming the column and the cast that reads it. Text of plain numbers is fine.
 */
export async function assertNumericAmounts(ctx: OpContext, step: StepInput, p: AmountParams): Promise<void> {
  for (const field of ['amount', 'quantity', 'price'] as const) {
    const column = p[field];
    if (column === undefined || !TEXT.test(typeOf(step, column) ?? '')) continue;
    const { n, example } = await unread(ctx, step, column, (col) => `TRY_CAST(${col} AS DOUBLE)`);
    if (n === 0) continue;
    throw stepError(
      step.id,
      field,
      `column '${column}' is text, not numbers (${n} value${n === 1 ? '' : 's'} such as '${example}'): convert it first with a cast step, ` +
        `{ "op": "cast", "params": { "columns": { "${column}": "DOUBLE" }, "format": "currency" } }`,
    );
  }
}

/**
 * A time column held as text DuckDB does not read as a timestamp (`05/01/2024`) is refused,
 * naming the column, the formats the values fit and the parse-date step that reads them.
 */
export async function assertTimeColumn(ctx: OpContext, step: StepInput, field: string, column: string): Promise<void> {
  if (!TEXT.test(typeOf(step, column) ?? '')) return;
  const { n, example } = await unread(ctx, step, column, (col) => `TRY_CAST(${col} AS TIMESTAMP)`);
  if (n === 0) return;
  const candidates = AUTO_FORMATS.filter((f) => f.formats !== null);
  const res = await ctx.db.query(
    `SELECT ${candidates.map((f, i) => `try_strptime(${literal(example.trim())}, [${f.formats!.map(literal).join(', ')}]) IS NOT NULL AS f${i}`).join(', ')}`,
  );
  const fits = candidates.filter((_, i) => res.rows[0]?.[`f${i}`] === true).map((f) => f.label);
  const format = fits.length ? `format ${fits.join(' or ')}` : 'no common format';
  const hint =
    fits.length === 1
      ? `{ "op": "parse-date", "params": { "column": "${column}", "format": "${fits[0]}" } }`
      : `{ "op": "parse-date", "params": { "column": "${column}"${fits.length ? `, "format": "${fits[0]}"` : ''} } }`;
  throw stepError(
    step.id,
    field,
    `column '${column}' holds ${n} time${n === 1 ? '' : 's'} DuckDB does not read, such as '${example}' (${format}); ` +
      `add a parse-date step before this one, e.g. ${hint}`,
  );
}
