/**
 * Where a step's tables live, so that a step can be run again any number of times.
 *
 * Each run of step `s` writes its tables into a fresh hidden schema `__run_s_<n>`. Only when the
 * op succeeds does schema `s` — the one recipes, panels, exports and the SQL console read — get
 * repointed, in one transaction, to views over the new run's tables; the previous run's schema is
 * dropped after. A run that fails or is cancelled drops its own schema and leaves `s` as it was.
 * DuckDB 1.4 can neither rename a schema nor move a table between schemas, and copying the tables
 * over would cost a second write of every result; a view over a table reads as the table does.
 */
import type { DbConnector } from '../data/connector';
import { ident, literal } from '../data/sql';

const PREFIX = '__run_';

/** Schemas whose names start with `__` are the app's own (runs in progress, earlier runs): never shown as tables. */
export function isHiddenSchema(schema: string): boolean {
  return schema.startsWith('__');
}

function runNumber(stepId: string, schema: string): number | undefined {
  const head = `${PREFIX}${stepId}_`.toLowerCase();
  if (!schema.toLowerCase().startsWith(head)) return undefined;
  const rest = schema.slice(head.length);
  // `__run_a_1_3` is run 3 of step `a_1`, not a run of step `a`.
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

/** The run schemas of a step that exist now (DuckDB names are case-insensitive, as step ids are here). */
async function runSchemas(db: Pick<DbConnector, 'query'>, stepId: string): Promise<Array<{ name: string; n: number }>> {
  const res = await db.query(
    `SELECT schema_name AS s FROM duckdb_schemas() WHERE database_name = current_database() AND starts_with(lower(schema_name), ${literal(`${PREFIX}${stepId}_`.toLowerCase())})`,
  );
  return res.rows.flatMap((r) => {
    const n = runNumber(stepId, String(r.s));
    return n === undefined ? [] : [{ name: String(r.s), n }];
  });
}

/** Create the schema a new run of `stepId` writes into, and return its name (unquoted). */
export async function beginStepRun(db: Pick<DbConnector, 'query' | 'exec'>, stepId: string): Promise<string> {
  const n = Math.max(0, ...(await runSchemas(db, stepId)).map((s) => s.n)) + 1;
  const schema = `${PREFIX}${stepId}_${n}`;
  await db.exec(`CREATE SCHEMA ${ident(schema)}`);
  return schema;
}

/**
 * The run succeeded: schema `stepId` now shows exactly the run's tables (as views), and earlier
 * runs are dropped, all in one transaction. Whatever else was in schema `stepId` goes with the old
 * results.
 */
export async function commitStepRun(
  db: Pick<DbConnector, 'query' | 'exec'>,
  stepId: string,
  run: string,
): Promise<void> {
  // One listing: the run's tables and views (kind 't'), and the step's schemas of other runs ('s').
  const listed = await db.query(`
    SELECT 't' AS kind, table_name AS t FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ${literal(run)}
    UNION ALL
    SELECT 't', view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = ${literal(run)} AND NOT internal
    UNION ALL
    SELECT 's', schema_name FROM duckdb_schemas() WHERE database_name = current_database() AND starts_with(lower(schema_name), ${literal(`${PREFIX}${stepId}_`.toLowerCase())})
    ORDER BY 1, 2`);
  const step = ident(stepId);
  const views = listed.rows
    .filter((r) => r.kind === 't')
    .map((r) => `CREATE VIEW ${step}.${ident(String(r.t))} AS SELECT * FROM ${ident(run)}.${ident(String(r.t))};`);
  const old = listed.rows
    .map((r) => String(r.t))
    .filter((name, k) => listed.rows[k]!.kind === 's' && runNumber(stepId, name) !== undefined)
    .filter((name) => name.toLowerCase() !== run.toLowerCase())
    .map((name) => `DROP SCHEMA IF EXISTS ${ident(name)} CASCADE;`);
  // One call: nothing else on this connection (a panel's query) can run inside the transaction.
  const sql = `BEGIN TRANSACTION; DROP SCHEMA IF EXISTS ${step} CASCADE; CREATE SCHEMA ${step}; ${views.join(' ')} ${old.join(' ')} COMMIT;`;
  try {
    await db.query(sql);
  } catch (err) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** The run failed or was cancelled: drop what it wrote; the step's previous tables stay. */
export async function abortStepRun(db: Pick<DbConnector, 'exec'>, run: string): Promise<void> {
  await db.exec(`DROP SCHEMA IF EXISTS ${ident(run)} CASCADE`);
}

/** Drop a step's tables: the schema the recipe reads and every run schema behind it. */
export async function dropStepTables(db: Pick<DbConnector, 'query' | 'exec'>, stepId: string): Promise<void> {
  await db.exec(`DROP SCHEMA IF EXISTS ${ident(stepId)} CASCADE`);
  for (const run of await runSchemas(db, stepId)) await db.exec(`DROP SCHEMA IF EXISTS ${ident(run.name)} CASCADE`);
}
