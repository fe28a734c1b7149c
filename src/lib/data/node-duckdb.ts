/**
 * DbConnector over native DuckDB (`@duckdb/node-api`), for Node unit tests and the
 * benchmark's native baseline. DuckDB 1.4.4 (the WASM build is 1.4.3; 1.4.4-r.1 is the nearest
 * release whose platform packages are all on the registry, which `npm ci` needs).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, realpathSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { type DbConnector, type QueryResult, toCell } from './connector';
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
  /** DuckDB's worker threads (the browser's DuckDB has one; a fair native baseline sets 1). */
  threads?: number;
}

export class NodeDuckDB implements DbConnector {
  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly dir: string,
  ) {}

  static async create(options: NodeDuckDBOptions = {}): Promise<NodeDuckDB> {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'custodian-')));
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    // Before the lockdown, which freezes the configuration.
    if (options.threads !== undefined) await conn.run(`SET threads = ${Math.max(1, Math.trunc(options.threads))}`);
    // Closed before any file is registered: the same sandbox as the app's DuckDB-WASM.
    for (const sql of lockdownSql([dir, ...(options.allow ?? []).map((d) => resolve(d))])) await conn.run(sql);
    return new NodeDuckDB(conn, dir);
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
    const path = join(this.dir, name);
    // Copied to disk chunk by chunk (as the app's DuckDB reads a file: never whole in memory).
    const out = openSync(path, 'w');
    try {
      const reader = file.stream().getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) writeSync(out, r.value);
    } finally {
      closeSync(out);
    }
    return path;
  }

  async dropFile(name: string): Promise<void> {
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
