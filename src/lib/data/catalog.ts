/**
 * What tables exist, as recipe references (`events`, `rfm1.rfm`), with sizes and columns. A step's
 * tables are views over its latest run's schema (recipe/step-tables.ts); the `__` schemas behind
 * them are not listed.
 */
import { type ColumnInfo, type DbConnector, countRows, tableColumns } from './connector';
import { ident, literal } from './sql';
import { DISK_CATALOG } from './storage';

export interface TableEntry {
  ref: string;
  rows: number;
  columns: ColumnInfo[];
}

export async function listTables(db: DbConnector): Promise<TableEntry[]> {
  // Sources in the OPFS database (storage.ts) are named like those in memory: `"name"`.
  const res = await db.query(`
    SELECT table_schema AS s, table_name AS t FROM information_schema.tables
    WHERE (table_catalog = current_database() OR (table_catalog = ${literal(DISK_CATALOG)} AND table_schema = 'main'))
      AND table_schema NOT IN ('information_schema', 'pg_catalog')
      AND NOT starts_with(table_name, '__') AND NOT starts_with(table_schema, '__')
    ORDER BY table_schema <> 'main', table_schema, table_name`);
  const out: TableEntry[] = [];
  const seen = new Set<string>();
  for (const row of res.rows) {
    const schema = String(row.s);
    const table = String(row.t);
    const ref = schema === 'main' ? table : `${schema}.${table}`;
    if (seen.has(ref)) continue;
    seen.add(ref);
    const sql = schema === 'main' ? ident(table) : `${ident(schema)}.${ident(table)}`;
    out.push({ ref, rows: await countRows(db, sql), columns: await tableColumns(db, sql) });
  }
  return out;
}
