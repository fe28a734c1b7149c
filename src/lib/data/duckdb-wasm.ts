/**
 * DbConnector over DuckDB-WASM, self-hosted: the `eh` bundle only (the threaded `coi` bundle is
 * not faster on small machines and breaks OPFS; `mvp` adds 39 MB for browsers without wasm
 * exceptions, which every current Chromium, Firefox and Safari has). Extensions are never
 * downloaded: parquet and json are built into the bundle, and autoinstall/autoload are off.
 * DuckDB is closed to the network and to every file outside APP_PREFIX at start-up, before any
 * file is registered (privacy/sandbox.ts); every source and export is registered under it.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { tableToIPC } from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import initParquet, { readParquet, writeParquet, Table as ParquetTable } from 'parquet-wasm/esm';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { type DbConnector, type QueryResult } from './connector';
import { tableToRows } from './arrow-rows';
import { literal } from './sql';
import { formulaSafeQuery } from '../privacy/csv-safe';
import { APP_PREFIX, lockdownSql } from '../privacy/sandbox';

export class WasmDuckDB implements DbConnector {
  private exportSeq = 0;
  private readonly files = new Map<string, Blob>();
  private parquetReady: Promise<unknown> | undefined;
  private constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
  ) {}

  static async start(): Promise<WasmDuckDB> {
    // Through a shim that lets V8 cache the compiled WebAssembly (see workers/duckdb-eh.worker.ts).
    const worker = new Worker(new URL('../../../workers/duckdb-eh.worker.ts', import.meta.url), { type: 'module' });
    const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
    await db.instantiate(ehWasm);
    await db.open({ query: { castBigIntToDouble: false, castTimestampToDate: false } });
    const conn = await db.connect();
    for (const sql of lockdownSql([APP_PREFIX])) await conn.query(sql);
    return new WasmDuckDB(db, conn);
  }

  /** Statements run as pending queries, so that `cancel()` can interrupt a long one (a big load). */
  async exec(sql: string): Promise<void> {
    const reader = await this.conn.send(sql, true);
    for await (const batch of reader) void batch;
  }

  /** Interrupt the statement `exec` is running, if any. */
  cancel(): Promise<boolean> {
    return this.conn.cancelSent();
  }

  async query(sql: string): Promise<QueryResult> {
    const table = await this.conn.query(sql);
    return tableToRows(table);
  }

  async arrowIPC(sql: string): Promise<Uint8Array> {
    return tableToIPC(await this.conn.query(sql), 'stream');
  }

  async insertArrow(schema: string, table: string, ipc: Uint8Array): Promise<void> {
    await this.conn.insertArrowFromIPCStream(ipc, { schema, name: table, create: true });
  }

  async registerFile(name: string, file: Blob): Promise<string> {
    const path = appPath(name);
    await this.db.dropFile(path).catch(() => undefined);
    // BROWSER_FILEREADER: DuckDB reads slices on demand; the file is never copied whole into the heap.
    await this.db.registerFileHandle(path, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    this.files.set(path, file);
    return path;
  }

  async dropFile(name: string): Promise<void> {
    const path = appPath(name);
    this.files.delete(path);
    await this.db.dropFile(path);
  }

  async importFile(table: string, path: string, format: 'parquet' | 'json'): Promise<void> {
    const file = this.files.get(appPath(path));
    if (!file) throw new Error(`file ${path} is not registered`);
    if (format === 'json') {
      // DuckDB-WASM's own JSON reader takes a JSON array of objects; NDJSON is wrapped into one.
      const text = await file.text();
      const json = /^\s*\[/.test(text)
        ? text
        : `[${text
            .split(/\r?\n/)
            .filter((l) => l.trim() !== '')
            .join(',')}]`;
      const name = `${appPath(path)}.array.json`;
      await this.db.registerFileText(name, json);
      try {
        await this.conn.insertJSONFromPath(name, { name: table });
      } finally {
        await this.db.dropFile(name);
      }
      return;
    }
    // Parquet: decoded to Arrow by parquet-wasm (self-hosted), then inserted as an IPC stream.
    await this.parquet();
    const ipc = readParquet(new Uint8Array(await file.arrayBuffer())).intoIPCStream();
    await this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
  }

  async exportCsv(sql: string): Promise<Uint8Array> {
    const name = `${APP_PREFIX}__export_${++this.exportSeq}.csv`;
    await this.db.registerEmptyFileBuffer(name);
    try {
      // Text cells that a spreadsheet would run as a formula are prefixed with ' (see csv-safe.ts).
      await this.conn.query(`COPY (${await formulaSafeQuery(this, sql)}) TO ${literal(name)} (HEADER, DELIMITER ',')`);
      return await this.db.copyFileToBuffer(name);
    } finally {
      await this.db.dropFile(name);
    }
  }

  /** Parquet is written by parquet-wasm from DuckDB's Arrow result (no DuckDB extension here). */
  async exportParquet(sql: string): Promise<Uint8Array> {
    const ipc = await this.arrowIPC(sql);
    await this.parquet();
    return writeParquet(ParquetTable.fromIPCStream(ipc));
  }

  private parquet(): Promise<unknown> {
    this.parquetReady ??= initParquet({ module_or_path: parquetWasm });
    return this.parquetReady;
  }

  version(): Promise<string> {
    return this.db.getVersion();
  }
}

/** Every file DuckDB sees lives under APP_PREFIX, the one folder it may touch. */
function appPath(name: string): string {
  return name.startsWith(APP_PREFIX) ? name : `${APP_PREFIX}${name.replace(/^\/+/, '')}`;
}
