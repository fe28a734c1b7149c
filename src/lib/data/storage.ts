/**
 * Where a source's table lives: in DuckDB's memory, or in DuckDB's database file in the browser's
 * origin private file system (OPFS), where DuckDB's buffer manager pages it to the file instead of
 * holding it all in the heap. The WASM connector opens that file as DuckDB's main database and
 * attaches an in-memory one (`mem`) as the default, with `search_path = mem.main,disk.main`: every
 * table is made in memory unless a load says otherwise, and SQL names a table on disk as `"name"`,
 * exactly as one in memory (see duckdb-wasm.ts). Connectors without a disk (the native one in tests)
 * leave `diskStatus` out, and every source stays in memory.
 */
import type { DbConnector, DiskStatus } from './connector';
import type { Json } from '../core/json';
import type { Source } from './source';
import { ident, literal } from './sql';

/** The database file in OPFS, and the name DuckDB gives it (its stem). */
export const DISK_DIR = 'custodian';
export const DISK_FILE = 'disk.duckdb';
export const DISK_PATH = `opfs://${DISK_DIR}/${DISK_FILE}`;
export const DISK_CATALOG = 'disk';
export const MEM_CATALOG = 'mem';
/** Unqualified names resolve in memory first, then on disk. */
export const SEARCH_PATH = `${MEM_CATALOG}.main,${DISK_CATALOG}.main`;
/** Which file each table on disk was read from, so a reopened app reuses it instead of reading the file again. */
const REGISTRY = `${DISK_CATALOG}.main.__custodian_sources`;

export type Storage = 'memory' | 'opfs';

export type { DiskStatus } from './connector';

export interface StorageChoice {
  storage: Storage;
  /** One line for the load step's summary and the data workspace. */
  reason: string;
}

/**
 * How many bytes of DuckDB memory a file takes once loaded, per byte of file: CSV and JSON text
 * shrink or stay about the same as columns; Parquet is compressed and grows several times.
 */
const FOOTPRINT_PER_BYTE: Record<NonNullable<Source['format']>, number> = { csv: 1, tsv: 1, json: 0.6, parquet: 4 };
/** A table estimated to take more than this share of DuckDB's memory goes to disk. */
export const DISK_SHARE = 0.25;

const mb = (bytes: number) => `${Math.round(bytes / 1e6).toLocaleString('en')} MB`;

/** The estimated in-memory size of a file once loaded. */
export function estimateFootprint(bytes: number, format: NonNullable<Source['format']>): number {
  return Math.round(bytes * FOOTPRINT_PER_BYTE[format]);
}

/**
 * Memory or disk for one source: what the recipe asks (`storage`), else disk when the table would
 * take more than DISK_SHARE of DuckDB's memory. Disk is never chosen where it is not open; a recipe
 * that asks for it then loads into memory and the reason says why.
 */
export function chooseStorage(input: {
  requested?: Storage;
  bytes: number;
  format: NonNullable<Source['format']>;
  disk: DiskStatus | undefined;
}): StorageChoice {
  const { requested, bytes, format, disk } = input;
  const footprint = estimateFootprint(bytes, format);
  if (requested === 'memory') return { storage: 'memory', reason: 'the recipe asks for memory' };
  if (!disk?.available) {
    const why = disk?.reason ?? 'this build of DuckDB has no database file';
    return {
      storage: 'memory',
      reason: requested === 'opfs' ? `the recipe asks for disk, but ${why}` : `no disk database: ${why}`,
    };
  }
  if (requested === 'opfs') return { storage: 'opfs', reason: 'the recipe asks for disk' };
  const limit = disk.memoryLimitBytes;
  if (limit > 0 && footprint > DISK_SHARE * limit) {
    return {
      storage: 'opfs',
      reason: `about ${mb(footprint)} once loaded, more than ${Math.round(DISK_SHARE * 100)}% of DuckDB's ${mb(limit)} memory`,
    };
  }
  return {
    storage: 'memory',
    reason: `about ${mb(footprint)} once loaded, within ${Math.round(DISK_SHARE * 100)}% of DuckDB's ${mb(limit)} memory`,
  };
}

/** A file as the staleness check tells files apart (recipe/stages.ts `fileFingerprint`): name, size, last modified. */
export function fileKey(file: Blob, fallbackName: string): string {
  const f = file as Partial<File>;
  return JSON.stringify([f.name || fallbackName, file.size, f.lastModified ?? null]);
}

/**
 * What a table on disk was read from: the file, and how the source says to read it (encoding,
 * delimiter, number format…), so that reading the same file another way reads it again.
 */
export function sourceKey(source: Source, file: Blob): string {
  const { name: _name, file: path, storage: _storage, ...reading } = source;
  void _name;
  void _storage;
  return JSON.stringify([fileKey(file, path), Object.entries(reading).sort(([a], [b]) => a.localeCompare(b))]);
}

/** What the registry keeps of a source's table on disk. */
export interface DiskRecord {
  name: string;
  fingerprint: string;
  /** The load step's summary when it was read, given again when the table is reused. */
  summary: Record<string, Json>;
}

async function ensureRegistry(db: Pick<DbConnector, 'exec'>): Promise<void> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS ${REGISTRY} (name VARCHAR PRIMARY KEY, fingerprint VARCHAR, summary VARCHAR)`,
  );
}

/** The disk table recorded for `name`, when it still exists and holds the file `fingerprint` names. */
export async function reusableOnDisk(
  db: Pick<DbConnector, 'exec' | 'query'>,
  name: string,
  fingerprint: string,
): Promise<DiskRecord | undefined> {
  await ensureRegistry(db);
  const res = await db.query(
    `SELECT r.summary FROM ${REGISTRY} r JOIN duckdb_tables() t ON t.database_name = ${literal(DISK_CATALOG)}
       AND t.schema_name = 'main' AND t.table_name = r.name
     WHERE r.name = ${literal(name)} AND r.fingerprint = ${literal(fingerprint)}`,
  );
  const row = res.rows[0];
  if (!row) return undefined;
  return { name, fingerprint, summary: JSON.parse(String(row.summary)) as Record<string, Json> };
}

/**
 * Run `load` with new tables made on disk (`USE disk`), then back to memory; the registry records
 * which file the table holds once it is there, and a checkpoint writes it into the database file.
 * Whatever the load leaves under `name` in memory is dropped, so `"name"` finds the one on disk.
 */
export async function onDisk<T>(
  db: Pick<DbConnector, 'exec' | 'query'>,
  name: string,
  load: () => Promise<T>,
): Promise<T> {
  await ensureRegistry(db);
  // A file that fails to load leaves no record: a reopened app reads the file again.
  await db.exec(`DELETE FROM ${REGISTRY} WHERE name = ${literal(name)}`);
  await db.exec(`USE ${DISK_CATALOG}`);
  try {
    return await load();
  } finally {
    await backToMemory(db);
  }
}

/** Record the file behind a table just made on disk, drop any copy in memory, and checkpoint the file. */
export async function recordOnDisk(db: Pick<DbConnector, 'exec'>, record: DiskRecord): Promise<void> {
  await ensureRegistry(db);
  await db.exec(
    `INSERT OR REPLACE INTO ${REGISTRY} VALUES (${literal(record.name)}, ${literal(record.fingerprint)}, ${literal(JSON.stringify(record.summary))})`,
  );
  await db.exec(`DROP TABLE IF EXISTS ${MEM_CATALOG}.main.${ident(record.name)}`);
  await db.exec(`CHECKPOINT ${DISK_CATALOG}`);
}

/**
 * The sources whose tables are in the database file. A restarted DuckDB worker opens the file again
 * at start (duckdb-wasm.ts) and finds them by name through the search path, with nothing to
 * reattach or alias: this says which came back (empty when the file is not open).
 */
export async function tablesOnDisk(db: Pick<DbConnector, 'query'>): Promise<string[]> {
  const res = await db.query(
    `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = ${literal(DISK_CATALOG)}
       AND schema_name = 'main' AND NOT starts_with(table_name, '__') ORDER BY table_name`,
  );
  return res.rows.map((r) => String(r.t));
}

/** A source loaded into memory: a table of the same name on disk would be a stale copy of an earlier file. */
export async function dropFromDisk(db: Pick<DbConnector, 'exec'>, name: string): Promise<void> {
  await ensureRegistry(db);
  await db.exec(`DELETE FROM ${REGISTRY} WHERE name = ${literal(name)}`);
  await db.exec(`DROP TABLE IF EXISTS ${DISK_CATALOG}.main.${ident(name)}`);
}

async function backToMemory(db: Pick<DbConnector, 'exec'>): Promise<void> {
  await db.exec(`USE ${MEM_CATALOG}`);
  await db.exec(`SET search_path = ${literal(SEARCH_PATH)}`);
}
