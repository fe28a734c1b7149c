/**
 * The loader's checks on numbers and quotes, run inside its transaction:
 * - number formats DuckDB does not read (`12,50`, `1.234,50`): read as text, then converted
 *   with the separators found in a sample; a column that reads both ways stays text, named;
 * - NaN and ±Infinity cells in numeric columns become NULL, counted per column;
 * - a quote never closed: DuckDB then reads quotes as text; warned (line and rows), or refused
 *   when the source sets `strictQuotes`.
 * DuckDB's own `decimal_separator` applies to the whole file and knows no thousands separator,
 * so the conversion is SQL on the columns concerned.
 */
import { RecipeError } from '../../core/errors';
import type { Source } from '../../data/source';
import type { DbConnector } from '../../data/connector';
import { tableColumns } from '../../data/connector';
import { ident, literal } from '../../data/sql';
import {
  describeFormat,
  detectColumnFormat,
  numberSql,
  readsOnlyWithPoint,
  type NumberFormat,
} from '../../data/numeric-format';
import { findUnbalancedQuote } from '../../data/quotes';
import type { Json } from '../../core/json';

/** Rows whose cells the separators are judged on. */
const SAMPLE_ROWS = 5000;

export interface NumberPlan {
  convert: Array<{ column: string; format: NumberFormat }>;
  ambiguous: Array<{ column: string; example: string }>;
  currency: Array<{ column: string; example: string }>;
}

/** What the loader adds to its summary: notes for the user and counts per column. */
export interface LoadNotes {
  warnings: string[];
  summary: Record<string, Json>;
}

/**
 * The number formats of a CSV's columns, from a sample read as text with the same dialect.
 * `sampleReader` is the `read_csv(…, all_varchar = true)` call.
 */
export async function planNumbers(
  db: DbConnector,
  sampleReader: string,
  source: Source,
  delimiter: string,
): Promise<NumberPlan> {
  const plan: NumberPlan = { convert: [], ambiguous: [], currency: [] };
  let sample;
  try {
    sample = await db.query(`SELECT * FROM ${sampleReader} LIMIT ${SAMPLE_ROWS}`);
  } catch {
    return plan; // the real read reports what is wrong with the file
  }
  const given = { decimal: source.decimal, thousands: source.thousands };
  const formats = sample.columns.map((c) => ({
    column: c.name,
    format: detectColumnFormat(
      sample.rows.map((r) => (r[c.name] === null ? null : String(r[c.name]))),
      given,
    ),
  }));
  const european =
    delimiter === ';' ||
    source.decimal === ',' ||
    formats.some(({ format: f }) => f.kind === 'number' && f.decimal === ',');
  // `1.234` in a file that writes decimals with a point elsewhere (`12.5`, `1,234.50`) is 1.234, as
  // DuckDB reads it; with no such evidence it could as well be 1234, so it stays text, named.
  const pointed =
    source.decimal === '.' ||
    sample.rows.some((r) => Object.values(r).some((v) => typeof v === 'string' && readsOnlyWithPoint(v)));
  for (const { column, format: f } of formats) {
    if (f.kind === 'number') plan.convert.push({ column, format: { decimal: f.decimal, thousands: f.thousands } });
    else if (f.kind === 'currency') plan.currency.push({ column, example: f.example });
    else if (f.kind === 'ambiguous' && (european || f.example.includes(',') || !pointed))
      plan.ambiguous.push({ column, example: f.example });
  }
  return plan;
}

/** read_csv's `types`: the columns to read as text (to convert, or to keep as text). */
export function varcharTypes(plan: NumberPlan): string {
  const columns = [...plan.convert, ...plan.ambiguous].map((c) => c.column);
  return columns.length ? `, types = {${columns.map((c) => `${literal(c)}: 'VARCHAR'`).join(', ')}}` : '';
}

/** Converts the planned columns of the loaded `table`; records the separators in `source` when one reading fits all. */
export async function applyNumbers(
  db: DbConnector,
  table: string,
  plan: NumberPlan,
  source: Source,
): Promise<LoadNotes> {
  const warnings: string[] = [];
  const formats: Record<string, string> = {};
  const converted: NumberFormat[] = [];
  for (const { column, format } of plan.convert) {
    const col = ident(column);
    const expr = numberSql(col, format);
    const res = await db.query(`SELECT count(*) FILTER (WHERE trim(${col}) <> '' AND ${expr} IS NULL)::DOUBLE AS n,
      any_value(${col}) FILTER (WHERE trim(${col}) <> '' AND ${expr} IS NULL) AS example FROM ${table}`);
    const bad = Number(res.rows[0]?.n ?? 0);
    if (bad > 0) {
      warnings.push(
        `column '${column}' stays text: ${bad} value${bad === 1 ? '' : 's'} (e.g. '${String(res.rows[0]?.example)}') ` +
          `do${bad === 1 ? 'es' : ''} not read as numbers with ${describeFormat(format)} like the rest; fix them, then cast the column`,
      );
      continue;
    }
    await db.exec(`ALTER TABLE ${table} ALTER ${col} SET DATA TYPE DOUBLE USING ${expr}`);
    formats[column] = describeFormat(format);
    converted.push(format);
  }
  for (const { column, example } of plan.ambiguous) {
    warnings.push(
      `column '${column}' stays text: values such as '${example}' read both as decimals and as thousands; ` +
        `set the source's "decimal" ("," or ".") to read it as numbers`,
    );
  }
  for (const { column, example } of plan.currency) {
    warnings.push(
      `column '${column}' holds amounts as currency text (e.g. '${example}'); convert it with a cast step (format "currency")`,
    );
  }
  const decimals = new Set(converted.map((f) => f.decimal));
  const thousands = new Set(converted.map((f) => f.thousands).filter((t) => t !== ''));
  if (decimals.size === 1 && plan.ambiguous.length === 0 && source.decimal === undefined) {
    source.decimal = [...decimals][0]!;
    if (thousands.size === 1 && source.thousands === undefined) source.thousands = [...thousands][0]!;
  }
  return { warnings, summary: Object.keys(formats).length ? { numberFormats: formats } : {} };
}

/** NaN and ±Infinity in floating-point columns become NULL (no sum, mean or model can use them), counted per column. */
export async function nullNonFinite(db: DbConnector, table: string): Promise<LoadNotes> {
  const columns = (await tableColumns(db, table)).filter((c) => /^(DOUBLE|FLOAT|REAL)$/i.test(c.type));
  if (columns.length === 0) return { warnings: [], summary: {} };
  const res = await db.query(
    `SELECT ${columns.map((c, i) => `count(*) FILTER (WHERE NOT isfinite(${ident(c.name)}))::DOUBLE AS n${i}`).join(', ')} FROM ${table}`,
  );
  const counts: Record<string, number> = {};
  for (const [i, c] of columns.entries()) {
    const n = Number(res.rows[0]?.[`n${i}`] ?? 0);
    if (n === 0) continue;
    counts[c.name] = n;
    await db.exec(`UPDATE ${table} SET ${ident(c.name)} = NULL WHERE NOT isfinite(${ident(c.name)})`);
  }
  const list = Object.entries(counts).map(([c, n]) => `${n} in '${c}'`);
  if (list.length === 0) return { warnings: [], summary: {} };
  return {
    warnings: [`non-finite numbers (NaN, Infinity or too large for a double) became missing: ${list.join(', ')}`],
    summary: { nonFinite: counts },
  };
}

function quoteLine(label: string, line: number): string {
  return `${label}: the quote opened on line ${line} is never closed`;
}

/**
 * After a CSV loaded: text cells holding a `"` may mean DuckDB gave up on quoting because of a
 * quote never closed. Only then is the file scanned, for the line.
 */
export async function checkQuotes(
  db: DbConnector,
  label: string,
  source: Source,
  table: string,
  file: Blob,
  delimiter: string,
): Promise<LoadNotes> {
  const none = { warnings: [], summary: {} };
  const text = (await tableColumns(db, table)).filter((c) => c.type === 'VARCHAR');
  if (text.length === 0) return none;
  const res = await db.query(
    `SELECT count(*)::DOUBLE AS n FROM ${table} WHERE ${text.map((c) => `contains(${ident(c.name)}, '"')`).join(' OR ')}`,
  );
  const rows = Number(res.rows[0]?.n ?? 0);
  if (rows === 0) return none;
  const problem = await findUnbalancedQuote(file, delimiter);
  if (!problem) return none;
  const affected = `${rows} row${rows === 1 ? '' : 's'} keep${rows === 1 ? 's' : ''} a quote inside ${rows === 1 ? 'its' : 'their'} values`;
  if (source.strictQuotes) {
    throw new RecipeError(
      `${quoteLine(label, problem.line)} (${affected} if read anyway); close the quote in the file`,
      source.name,
    );
  }
  return {
    warnings: [
      `the quote opened on line ${problem.line} is never closed, so quotes were read as text: ${affected}; close the quote in the file`,
    ],
    summary: { unclosedQuote: { line: problem.line, rows } },
  };
}

/** When rows do not split into the header's columns, a quote never closed is the likelier cause. */
export async function quoteRefusal(
  label: string,
  source: Source,
  file: Blob,
  delimiter: string,
): Promise<RecipeError | undefined> {
  const problem = await findUnbalancedQuote(file, delimiter);
  if (!problem) return undefined;
  return new RecipeError(
    `${quoteLine(label, problem.line)}, so the rows after it do not split into the header's columns; close the quote in the file`,
    source.name,
  );
}
