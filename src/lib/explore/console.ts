/**
 * The SQL console's one write: a query becomes the temporary table `temp.__console_result` (shown in
 * the grid, exported from there); any other statement just runs.
 */
import type { TableEntry } from '../data/catalog';
import { countRows, tableColumns, type DbConnector } from '../data/connector';

export const CONSOLE_RESULT = 'temp.__console_result';
export const CONSOLE_RESULT_SQL = '"temp"."__console_result"';
const QUERY =
  /^\s*(\(|select\b|with\b|from\b|values\b|table\b|summarize\b|describe\b|show\b|pivot\b|unpivot\b|explain\b)/i;

export type ConsoleDb = Pick<DbConnector, 'exec' | 'query'>;

/** What runs before `text` (a query of one statement becomes the result table); '' for a statement. */
export const consolePrefix = (text: string): string =>
  QUERY.test(text) && !text.includes(';') ? 'CREATE OR REPLACE TEMP TABLE "__console_result" AS ' : '';

/** Run `text` (trimmed, no trailing semicolon): the result table of a query, or null for a statement. */
export async function runConsole(db: ConsoleDb, text: string): Promise<TableEntry | null> {
  const prefix = consolePrefix(text);
  await db.exec(prefix + text);
  if (!prefix) return null;
  const full = db as DbConnector; // countRows and tableColumns only query
  return {
    ref: CONSOLE_RESULT,
    rows: await countRows(full, CONSOLE_RESULT_SQL),
    columns: await tableColumns(full, CONSOLE_RESULT_SQL),
  };
}
