/**
 * The one door to DuckDB. The engine and ops see only this interface, so unit tests
 * run the same SQL against native DuckDB in Node and the app runs it in DuckDB-WASM.
 */
import type { Scalar } from '../core/json';
import type { ParquetInfo } from './parquet-stream';

export interface ColumnInfo {
  name: string;
  /** DuckDB logical type, e.g. `BIGINT`, `VARCHAR`, `TIMESTAMP`. */
  type: string;
}

/** Small results only (summaries, previews, one page of a grid). Values are JSON-safe. */
export interface QueryResult {
  columns: ColumnInfo[];
  rows: Record<string, Cell>[];
}

/** A cell as a query returns it: a JSON scalar. */
export type Cell = Scalar;

export interface DbConnector {
  /** The largest source file this DuckDB can load; absent: the WASM build's ceiling (ops/load MAX_FILE_BYTES). */
  readonly maxFileBytes?: number;
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<QueryResult>;
  /** Large results as an Arrow IPC stream (transferable bytes, no per-row objects). */
  arrowIPC(sql: string): Promise<Uint8Array>;
  /**
   * Make a local file readable in SQL without copying it into the JS heap.
   * Returns the path to use in SQL (`read_csv(path)`).
   */
  registerFile(name: string, file: Blob): Promise<string>;
  dropFile(name: string): Promise<void>;
  /**
   * Create table `table` (which must not exist) from a registered Parquet or JSON file. The WASM
   * build has no parquet/json extensions and never downloads one, so formats are decoded here:
   * Parquet row group by row group, only `columns` when given, `onProgress` after each row group
   * (its `false`, or `cancel()`, stops the read there).
   */
  importFile(
    table: string,
    path: string,
    format: 'parquet' | 'json',
    columns?: string[],
    onProgress?: (done: number, total: number) => boolean | void | Promise<boolean | void>,
  ): Promise<void>;
  /** A registered Parquet file's footer: rows, row groups, column types and sizes (nothing else is read). */
  parquetInfo(path: string): Promise<ParquetInfo>;
  /** Create table `schema`.`table` (which must not exist) from an Arrow IPC stream. */
  insertArrow(schema: string, table: string, ipc: Uint8Array): Promise<void>;
  /** The result of `sql` as CSV bytes (header row, comma-separated, RFC 4180 quoting; formula-like text cells prefixed with ', see privacy/csv-safe.ts). */
  exportCsv(sql: string): Promise<Uint8Array>;
  /** The result of `sql` as a Parquet file. */
  exportParquet(sql: string): Promise<Uint8Array>;
  version(): Promise<string>;
  /** Interrupt the running `exec` statement, where the driver can. */
  cancel?(): Promise<boolean>;
  /** The database file in OPFS (the WASM build only; see storage.ts): whether it is open, DuckDB's memory limit. */
  diskStatus?(): Promise<DiskStatus>;
  /** Open the OPFS database (making its file, while DuckDB is still empty) before a table goes there. */
  ensureDisk?(): Promise<DiskStatus>;
}

export interface DiskStatus {
  /** Whether a table can go into the OPFS database: it is open, or can be made now. */
  available: boolean;
  /** Why not, when it is not (no OPFS here, another tab holds it, an encrypted project). */
  reason?: string;
  /** DuckDB's memory limit, in bytes. */
  memoryLimitBytes: number;
}

/** Turn driver values into JSON-safe cells: BIGINT → number (when exact) or string, dates → ISO text. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Columns with DuckDB's own type names (the same in Node and in the browser). */
export async function tableColumns(db: DbConnector, tableSql: string): Promise<ColumnInfo[]> {
  const res = await db.query(`DESCRIBE SELECT * FROM ${tableSql}`);
  return res.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

export async function countRows(db: DbConnector, tableSql: string): Promise<number> {
  const res = await db.query(`SELECT count(*)::DOUBLE AS n FROM ${tableSql}`);
  return Number(res.rows[0]?.n ?? 0);
}
