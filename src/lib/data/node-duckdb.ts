/**
 * DbConnector over native DuckDB (`@duckdb/node-api`): the headless runner's native engine
 * (src/native/runner.ts), Node unit tests and the benchmark's native baseline. DuckDB 1.4.4 (the WASM build is 1.4.3; 1.4.4-r.1 is the nearest
 * release whose platform packages are all on the registry, which `npm ci` needs).
 */
import { createWriteStream, mkdirSync, mkdtempSync, openAsBlob, readFileSync, rmSync, realpathSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { type DbConnector, type DiskStatus, type QueryResult, toCell } from './connector';
import { MEM_CATALOG, SEARCH_PATH } from './storage';
import { parseDuckSize } from './footprint';
import type { ParquetInfo } from './parquet-stream';
import { ident, literal } from './sql';
import { columnsToIPC } from './arrow';
import { formulaSafeQuery } from '../privacy/csv-safe';
import { lockdownSql } from '../privacy/sandbox';
import { tableFromIPC, DataType, type DataType as ArrowType } from 'apache-arrow';

export interface NodeDuckDBOptions {
  /**
   * Folders SQL may read besides the connector's own temp folder (where registered files and
   * exports live): a recipe's folder, an output folder, a data set's folder in tests and the bench.
   * Everything else, and every URL, is refused by DuckDB itself (privacy/sandbox.ts).
   */
  allow?: readonly string[];
  /** Single files SQL may read besides those folders (the sources a runner reads in place). */
  allowFiles?: readonly string[];
  /** DuckDB's worker threads (the browser's DuckDB has one; a fair native baseline sets 1). */
  threads?: number;
  /**
   * Let DuckDB spill to a folder inside the connector's own temp folder when a query needs more
   * than its memory limit (DuckDB's default, 80% of RAM), instead of failing.
   */
  spill?: boolean;
  /**
   * A database file to open as the main database, with memory attached as the default, as the
   * app's DuckDB-WASM does with its file in OPFS (storage.ts): tests of sources stored on disk.
   */
  disk?: string;
}

/** Blobs that are files on disk, by path: the connector reads them where they are, never a copy. */
const ON_DISK = new WeakMap<Blob, string>();

/**
 * A file on disk as a Blob (slices read from disk: the load op's sniffing and checks read only
 * what they need) that `NodeDuckDB.registerFile` recognises and hands to DuckDB by its path. A
 * slice of it, or a transcoded copy, is a new Blob and is written to the temp folder as before.
 */
export async function fileOnDisk(path: string): Promise<Blob> {
  const blob = await openAsBlob(path);
  ON_DISK.set(blob, resolve(path));
  return blob;
}

export class NodeDuckDB implements DbConnector {
  /** No 4 GB ceiling here (DuckDB-WASM's is MAX_FILE_BYTES): native DuckDB streams a file of any size. */
  readonly maxFileBytes = Number.POSITIVE_INFINITY;
  /** Paths registered in place: dropFile forgets them and never deletes the user's file. */
  private readonly inPlace = new Set<string>();
  /** Only with a `disk`: sources may be stored there (storage.ts). */
  diskStatus?: () => Promise<DiskStatus>;
  ensureDisk?: () => Promise<DiskStatus>;

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly dir: string,
    private readonly instance?: DuckDBInstance,
  ) {}

  static async create(options: NodeDuckDBOptions = {}): Promise<NodeDuckDB> {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'custodian-')));
    const instance = await DuckDBInstance.create(options.disk ?? ':memory:');
    const conn = await instance.connect();
    if (options.disk) {
      await conn.run(`ATTACH ':memory:' AS ${MEM_CATALOG}`);
      await conn.run(`USE ${MEM_CATALOG}`);
      await conn.run(`SET search_path = ${literal(SEARCH_PATH)}`);
    }
    // Before the lockdown, which freezes the configuration.
    if (options.threads !== undefined) await conn.run(`SET threads = ${Math.max(1, Math.trunc(options.threads))}`);
    if (options.spill) {
      const spill = join(dir, 'spill');
      mkdirSync(spill);
      await conn.run(`SET temp_directory = ${literal(spill)}`);
    }
    // Closed before any file is registered: the same sandbox as the app's DuckDB-WASM.
    const allow = [dir, ...(options.allow ?? []).map((d) => resolve(d))];
    for (const sql of lockdownSql(
      allow,
      (options.allowFiles ?? []).map((f) => resolve(f)),
    ))
      await conn.run(sql);
    // A disk's instance is closed with the connector, so that another may open the same file.
    const db = new NodeDuckDB(conn, dir, options.disk ? instance : undefined);
    if (options.disk) {
      const status = async (): Promise<DiskStatus> => {
        const res = await db.query(`SELECT current_setting('memory_limit') AS m`);
        return { available: true, memoryLimitBytes: parseDuckSize(String(res.rows[0]?.m ?? '')) ?? 0 };
      };
      db.diskStatus = status;
      db.ensureDisk = status;
    }
    return db;
  }

  async exec(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async query(sql: string): Promise<QueryResult> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const columns = names.map((name, i) => ({ name, type: String(types[i]) }));
    const rows = reader.getRowObjectsJS().map((row) => {
      const out: Record<string, ReturnType<typeof toCell>> = {};
      for (const name of names) out[name] = toCell(row[name]);
      return out;
    });
    return { columns, rows };
  }

  /** Read column by column: no per-row objects (as the app's DuckDB-WASM hands Arrow over). */
  async arrowIPC(sql: string): Promise<Uint8Array> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const columns = reader.getColumnsJS();
    return columnsToIPC(Object.fromEntries(names.map((name, c) => [name, (columns[c] ?? []).map(toCell)])));
  }

  /** Test path (the app inserts Arrow natively): CREATE TABLE, then DuckDB's appender row by row. */
  async insertArrow(schema: string, table: string, ipc: Uint8Array): Promise<void> {
    const arrow = tableFromIPC(ipc);
    const columns = arrow.schema.fields.map((f) => ({ name: f.name, type: duckType(f.type) }));
    await this.conn.run(
      `CREATE TABLE ${ident(schema)}.${ident(table)} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`,
    );
    const appender = await this.conn.createAppender(table, schema);
    try {
      for (const row of arrow.toArray() as Record<string, unknown>[]) {
        for (const c of columns) appendValue(appender, c.type, row[c.name]);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async registerFile(name: string, file: Blob): Promise<string> {
    const onDisk = ON_DISK.get(file);
    if (onDisk) {
      this.inPlace.add(onDisk);
      return onDisk;
    }
    const path = join(this.dir, name);
    // Streamed: a large transcoded copy never sits whole in the JS heap.
    await pipeline(Readable.fromWeb(file.stream() as Parameters<typeof Readable.fromWeb>[0]), createWriteStream(path));
    return path;
  }

  async dropFile(name: string): Promise<void> {
    if (this.inPlace.delete(name)) return;
    // `name` is what registerFile returned (a path inside this.dir), or the bare name given to it.
    rmSync(join(this.dir, basename(name)), { force: true });
  }

  async importFile(table: string, path: string, format: 'parquet' | 'json', columns?: string[]): Promise<void> {
    const reader = format === 'parquet' ? 'read_parquet' : 'read_json_auto';
    const projection = columns?.length ? columns.map(ident).join(', ') : '*';
    await this.conn.run(`CREATE TABLE ${ident(table)} AS SELECT ${projection} FROM ${reader}(${literal(path)})`);
  }

  async parquetInfo(path: string): Promise<ParquetInfo> {
    const file = literal(path);
    const meta = await this.query(
      `SELECT num_rows::DOUBLE AS n, num_row_groups::DOUBLE AS g FROM parquet_file_metadata(${file})`,
    );
    const types = await this.query(`DESCRIBE SELECT * FROM read_parquet(${file})`);
    const sizes = await this.query(
      `SELECT split_part(path_in_schema, ', ', 1) AS name, sum(total_uncompressed_size)::DOUBLE AS bytes
       FROM parquet_metadata(${file}) GROUP BY ALL`,
    );
    const bytes = new Map(sizes.rows.map((r) => [String(r.name), Number(r.bytes)]));
    const strings = types.rows.filter((r) => r.column_type === 'VARCHAR').map((r) => String(r.column_name));
    const lengths = strings.length
      ? (
          await this.query(
            `SELECT ${strings.map((c, i) => `avg(octet_length(${ident(c)}::BLOB))::DOUBLE AS l${i}`).join(', ')}
             FROM (SELECT * FROM read_parquet(${file}) LIMIT 4096)`,
          )
        ).rows[0]
      : undefined;
    return {
      rows: Number(meta.rows[0]?.n ?? 0),
      rowGroups: Number(meta.rows[0]?.g ?? 0),
      columns: types.rows.map((r) => ({
        name: String(r.column_name),
        type: String(r.column_type),
        bytes: bytes.get(String(r.column_name)) ?? 0,
        ...(r.column_type === 'VARCHAR'
          ? { meanLength: Number(lengths?.[`l${strings.indexOf(String(r.column_name))}`] ?? 0) }
          : {}),
      })),
    };
  }

  async exportCsv(sql: string): Promise<Uint8Array> {
    const path = join(this.dir, `export-${Date.now()}.csv`);
    await this.conn.run(`COPY (${await formulaSafeQuery(this, sql)}) TO ${literal(path)} (HEADER, DELIMITER ',')`);
    const bytes = readFileSync(path);
    rmSync(path, { force: true });
    return new Uint8Array(bytes);
  }

  /**
   * `exportCsv` straight to a file (an allowed folder): DuckDB writes it chunk by chunk, nothing
   * passes through JS. `maxRows` keeps the first rows only. Returns the rows written.
   */
  async exportCsvTo(sql: string, path: string, maxRows?: number): Promise<number> {
    const capped = maxRows === undefined ? sql : `SELECT * FROM (${sql}) LIMIT ${Math.max(0, Math.trunc(maxRows))}`;
    const reader = await this.conn.runAndReadAll(
      `COPY (${await formulaSafeQuery(this, capped)}) TO ${literal(path)} (HEADER, DELIMITER ',')`,
    );
    return Number(reader.getRowsJS()[0]?.[0] ?? 0);
  }

  async exportParquet(sql: string): Promise<Uint8Array> {
    const path = join(this.dir, `export-${Date.now()}.parquet`);
    await this.conn.run(`COPY (${sql}) TO ${literal(path)} (FORMAT parquet)`);
    const bytes = readFileSync(path);
    rmSync(path, { force: true });
    return new Uint8Array(bytes);
  }

  async version(): Promise<string> {
    const res = await this.query('SELECT version() AS v');
    return String(res.rows[0]?.v);
  }

  close(): void {
    this.conn.closeSync();
    this.instance?.closeSync();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function duckType(type: ArrowType): string {
  if (DataType.isInt(type)) return type.bitWidth === 64 ? 'BIGINT' : 'INTEGER';
  if (DataType.isFloat(type)) return 'DOUBLE';
  if (DataType.isBool(type)) return 'BOOLEAN';
  return 'VARCHAR';
}

function appendValue(appender: DuckDBAppender, type: string, value: unknown): void {
  if (value === null || value === undefined) appender.appendNull();
  else if (type === 'BIGINT') appender.appendBigInt(BigInt(value as number | bigint));
  else if (type === 'INTEGER') appender.appendInteger(Number(value));
  else if (type === 'DOUBLE') appender.appendDouble(Number(value));
  else if (type === 'BOOLEAN') appender.appendBoolean(Boolean(value));
  else appender.appendVarchar(String(value));
}
