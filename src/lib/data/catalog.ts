/**
 * What tables exist, as recipe references (`events`, `rfm1.rfm`), with sizes and columns. A step's
 * tables are views over its latest run's schema (recipe/step-tables.ts); the `__` schemas behind
 * them are not listed.
 */
import { type ColumnInfo, type DbConnector, countRows, tableColumns } from './connector';
import { ident } from './sql';

export interface TableEntry {
  ref: string;
  rows: number;
  columns: ColumnInfo[];
}

export async function listTables(db: DbConnector): Promise<TableEntry[]> {
  const res = await db.query(`
    SELECT table_schema AS s, table_name AS t FROM information_schema.tables
    WHERE table_catalog = current_database() AND table_schema NOT IN ('information_schema', 'pg_catalog')
      AND NOT starts_with(table_name, '__') AND NOT starts_with(table_schema, '__')
    ORDER BY table_schema <> 'main', table_schema, table_name`);
  const out: TableEntry[] = [];
  for (const row of res.rows) {
    const schema = String(row.s);
    const table = String(row.t);
    const ref = schema === 'main' ? table : `${schema}.${table}`;
    const sql = schema === 'main' ? ident(table) : `${ident(schema)}.${ident(table)}`;
    out.push({ ref, rows: await countRows(db, sql), columns: await tableColumns(db, sql) });
  }
  return out;
}
