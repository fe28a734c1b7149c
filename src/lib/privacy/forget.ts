/**
 * "Forget everything", the DuckDB part: drop every object a user, a recipe or the SQL console
 * created — tables (the hidden `__` ones too: a rejects table holds rows of the user's file),
 * views, macros, sequences, types, step schemas, temp tables and attached databases — leaving the
 * empty in-memory database DuckDB started with. The catalogue functions list what exists; objects
 * DuckDB itself owns are marked `internal` there and stay. The database file in OPFS (data/storage.ts)
 * is left to its own deletion: opening a project forgets the session but reuses the tables on disk,
 * and "Forget everything" then closes DuckDB and deletes the file.
 */
import type { DbConnector } from '../data/connector';
import { ident, literal } from '../data/sql';
import { DISK_CATALOG } from '../data/storage';

export interface Forgotten {
  /** Objects dropped, by kind: `{ table: 12, view: 1, schema: 5, … }`. */
  dropped: Record<string, number>;
  /** What is left that is not DuckDB's own (0 when forgetting worked). */
  remaining: number;
}

const qualified = (row: Record<string, unknown>, name: string) =>
  `${ident(String(row.d))}.${ident(String(row.s))}.${ident(String(row[name]))}`;

/** Each kind: how to list what exists, and the statement that drops one. Order matters: views before what they read. */
const KINDS: Array<{ kind: string; list: string; drop(row: Record<string, unknown>): string }> = [
  {
    kind: 'database',
    list: `SELECT database_name AS n FROM duckdb_databases() WHERE NOT internal AND database_name <> current_database()`,
    drop: (r) => `DETACH DATABASE ${ident(String(r.n))}`,
  },
  {
    kind: 'view',
    list: `SELECT database_name AS d, schema_name AS s, view_name AS n FROM duckdb_views() WHERE NOT internal`,
    drop: (r) => `DROP VIEW IF EXISTS ${qualified(r, 'n')}`,
  },
  {
    kind: 'macro',
    list: `SELECT DISTINCT database_name AS d, schema_name AS s, function_name AS n, function_type AS t FROM duckdb_functions()
           WHERE NOT internal AND function_type IN ('macro', 'table_macro')`,
    drop: (r) => `DROP MACRO ${r.t === 'table_macro' ? 'TABLE ' : ''}IF EXISTS ${qualified(r, 'n')}`,
  },
  {
    kind: 'table',
    list: `SELECT database_name AS d, schema_name AS s, table_name AS n FROM duckdb_tables() WHERE NOT internal`,
    drop: (r) => `DROP TABLE IF EXISTS ${qualified(r, 'n')}`,
  },
  {
    // Sequences have no `internal` flag: DuckDB itself creates none.
    kind: 'sequence',
    list: `SELECT database_name AS d, schema_name AS s, sequence_name AS n FROM duckdb_sequences()`,
    drop: (r) => `DROP SEQUENCE IF EXISTS ${qualified(r, 'n')}`,
  },
  {
    kind: 'type',
    list: `SELECT database_name AS d, schema_name AS s, type_name AS n FROM duckdb_types() WHERE NOT internal`,
    drop: (r) => `DROP TYPE IF EXISTS ${qualified(r, 'n')}`,
  },
  {
    kind: 'schema',
    list: `SELECT database_name AS d, schema_name AS n FROM duckdb_schemas() WHERE NOT internal`,
    drop: (r) => `DROP SCHEMA IF EXISTS ${ident(String(r.d))}.${ident(String(r.n))} CASCADE`,
  },
];

/** The database file (data/storage.ts): never detached here, its objects dropped only when asked (see above). */
const ON_DISK = literal(DISK_CATALOG);

export async function forgetDuckDB(
  db: Pick<DbConnector, 'query' | 'exec'>,
  opts: { keepDisk?: boolean } = {},
): Promise<Forgotten> {
  const dropped: Record<string, number> = {};
  const listed = (list: string, kind: string) =>
    kind === 'database'
      ? `${list} AND database_name NOT IN (${ON_DISK})`
      : opts.keepDisk
        ? `SELECT * FROM (${list}) WHERE d NOT IN (${ON_DISK})`
        : list;
  for (const { kind, list: all, drop } of KINDS) {
    const list = listed(all, kind);
    const rows = (await db.query(list)).rows;
    for (const row of rows) await db.exec(drop(row));
    if (rows.length) dropped[kind] = rows.length;
  }
  let remaining = 0;
  for (const { kind, list } of KINDS) remaining += (await db.query(listed(list, kind))).rows.length;
  return { dropped, remaining };
}
