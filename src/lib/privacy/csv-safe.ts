/**
 * CSV exports that cannot run a formula when someone opens them in a spreadsheet.
 *
 * Excel, LibreOffice Calc and Google Sheets read a cell whose first character is `=`, `+`, `-`
 * or `@` (and, after trimming, a tab or carriage return) as a formula: `=HYPERLINK(…)` sends the
 * sheet's contents away when clicked, `=cmd|' /c calc'!A1` starts a program (DDE). OWASP's
 * "CSV Injection" page and ASVS 5.0 requirement 1.2.10 prescribe prefixing such a cell with a
 * single quote, which the spreadsheet reads as "this is text" and does not show. NUL is in
 * ASVS's list too.
 *
 * Two deliberate exceptions, both harmless in a spreadsheet: numeric columns are written as they
 * are (a negative number is a number), and a text cell that is exactly a plain number (`-12.5`,
 * `+44`) is left alone, since a spreadsheet reads it as that number and nothing else. `-1+1` is
 * not a plain number and is prefixed.
 *
 * Every other column type is guarded, not only text: a BLOB (a Parquet BINARY column), a list, a
 * struct, an interval or a date is written into the CSV as its text, which may start with `=`
 * just the same (`'=1+1'::BLOB` is written `=1+1`).
 */
import type { ColumnInfo, DbConnector } from '../data/connector';
import { ident, NUMERIC_TYPE } from '../data/sql';

const FORMULA_START = /^[=+\-@\t\r\0]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `=1+1` → `'=1+1`; `-12.5` and `hello` unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

// The same two tests in DuckDB's regex dialect (RE2). Backslashes are literal in SQL strings.
const FORMULA_START_SQL = "'^[=+\\-@\\t\\r\\x00]'";
const PLAIN_NUMBER_SQL = "'^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$'";

/** Types whose CSV text cannot start a formula: numbers (a leading `-` is a sign) and booleans. */
function unguarded(type: string): boolean {
  return NUMERIC_TYPE.test(type) || /^BOOL(EAN)?$/i.test(type);
}

/**
 * `SELECT` over `sql` (any query) with every column that is not a number or a boolean, and the
 * column names, neutralised as `neutraliseFormula` does (cast to the text DuckDB's CSV writer would
 * write anyway); numeric and boolean columns pass through unchanged. `columns` are those of `SELECT * FROM (sql)`
 * (DuckDB suffixes duplicate names `_1`, `_2`…, so the CSV header shows them that way).
 */
export function formulaSafeSelect(sql: string, columns: readonly ColumnInfo[]): string {
  if (!columns.some((c) => !unguarded(c.type) || neutraliseFormula(c.name) !== c.name)) return sql;
  const exprs = columns.map(({ name, type }) => {
    const col = `q.${ident(name)}`;
    // The header row is a row of cells too.
    const header = ident(neutraliseFormula(name));
    if (unguarded(type)) return `${col} AS ${header}`;
    const text = `CAST(${col} AS VARCHAR)`;
    return (
      `CASE WHEN regexp_matches(${text}, ${FORMULA_START_SQL}) AND NOT regexp_matches(${text}, ${PLAIN_NUMBER_SQL}) ` +
      `THEN '''' || ${text} ELSE ${text} END AS ${header}`
    );
  });
  return `SELECT ${exprs.join(', ')} FROM (${sql}) AS q`;
}

/** `formulaSafeSelect` for a query whose columns are asked of DuckDB first (binding only). */
export async function formulaSafeQuery(db: Pick<DbConnector, 'query'>, sql: string): Promise<string> {
  const described = await db.query(`DESCRIBE SELECT * FROM (${sql}) AS q`);
  return formulaSafeSelect(
    sql,
    described.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) })),
  );
}
