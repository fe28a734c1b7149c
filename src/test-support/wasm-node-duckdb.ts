/**
 * DbConnector over the DuckDB-WASM build the app ships (its `eh` module, through the package's
 * node-blocking bindings), for tests whose point is the browser's DuckDB: its CSV and JSON readers
 * are not native DuckDB's (1.4.3 in WASM against 1.4.4 natively, and no json extension), so
 * properties of the loader are checked here rather than on `NodeDuckDB`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tableToRows } from '../lib/data/arrow-rows';
import { type DbConnector, type QueryResult } from '../lib/data/connector';
import { literal } from '../lib/data/sql';
import { formulaSafeQuery } from '../lib/privacy/csv-safe';
import type { Table } from 'apache-arrow';
import { parquetInfo, streamParquet, type ParquetInfo, type ParquetWasm } from '../lib/data/parquet-stream';

const require = createRequire(import.meta.url);

/** The part of the node-blocking bindings used here (the package's own typings are not exported for this entry). */
interface Connection {
  query(sql: string): Table;
  /** The bindings' own call: a query's result as the Arrow IPC stream it comes as. */
  useUnsafe<R>(work: (bindings: { runQuery(conn: number, text: string): Uint8Array }, conn: number) => R): R;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { schema?: string; name: string; create?: boolean }): void;
  insertJSONFromPath(path: string, options: { name: string }): void;
  close(): void;
}
interface Bindings {
  instantiate(onProgress: () => void): Promise<Bindings>;
  open(config: { query: { castBigIntToDouble: boolean; castTimestampToDate: boolean } }): void;
  connect(): Connection;
  registerFileBuffer(name: string, buffer: Uint8Array): void;
  registerFileText(name: string, text: string): void;
  copyFileToBuffer(name: string): Uint8Array;
  dropFile(name: string): void;
  getVersion(): string;
}
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as {
  createDuckDB(bundles: object, logger: object, runtime: object): Promise<Bindings>;
  VoidLogger: new () => object;
  NODE_RUNTIME: object;
};
const parquetWasm = require('parquet-wasm/node') as ParquetWasm;
const DIST = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));

export class WasmNodeDuckDB implements DbConnector {
  private exportSeq = 0;
  private readonly blobs = new Map<string, Blob>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'custodian-wasm-'));
  private constructor(
    private readonly db: Bindings,
    private readonly conn: Connection,
  ) {}

  static async create(): Promise<WasmNodeDuckDB> {
    const bundles = {
      mvp: { mainModule: join(DIST, 'duckdb-mvp.wasm'), mainWorker: join(DIST, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(DIST, 'duckdb-eh.wasm'), mainWorker: join(DIST, 'duckdb-node-eh.worker.cjs') },
    };
    const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
    await db.instantiate(() => {});
    db.open({ query: { castBigIntToDouble: false, castTimestampToDate: false } });
    const conn = db.connect();
    conn.query('SET autoinstall_known_extensions = false');
    conn.query('SET autoload_known_extensions = false');
    return new WasmNodeDuckDB(db, conn);
  }

  /** Closes the connection and removes the folder of exports. */
  close(): void {
    this.conn.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async exec(sql: string): Promise<void> {
    this.conn.query(sql);
  }

  async query(sql: string): Promise<QueryResult> {
    return tableToRows(this.conn.query(sql));
  }

  /**
   * The IPC stream DuckDB-WASM produced, copied out of WebAssembly memory. (Re-serialising the
   * Table `query` returns with this package's `tableToIPC` gave an empty stream: that Table is the
   * bundle's own copy of Arrow, which this one does not recognise.)
   */
  async arrowIPC(sql: string): Promise<Uint8Array> {
    return this.conn.useUnsafe((bindings, conn) => bindings.runQuery(conn, sql)).slice();
  }

  async insertArrow(schema: string, table: string, ipc: Uint8Array): Promise<void> {
    this.conn.insertArrowFromIPCStream(ipc, { schema, name: table, create: true });
  }

  async registerFile(name: string, file: Blob): Promise<string> {
    try {
      this.db.dropFile(name);
    } catch {
      // not registered yet
    }
    this.blobs.set(name, file);
    this.db.registerFileBuffer(name, new Uint8Array(await file.arrayBuffer()));
    return name;
  }

  async dropFile(name: string): Promise<void> {
    this.blobs.delete(name);
    this.db.dropFile(name);
  }

  /** Parquet as the app reads it: parquet-wasm (its Node build) streams the file's row groups in. */
  async parquetInfo(path: string): Promise<ParquetInfo> {
    return parquetInfo(parquetWasm, this.blob(path));
  }

  async importFile(
    table: string,
    path: string,
    format: 'parquet' | 'json',
    columns?: string[],
    onProgress?: (done: number, total: number) => boolean | void | Promise<boolean | void>,
  ): Promise<void> {
    if (format === 'parquet') {
      await streamParquet(parquetWasm, this.blob(path), {
        columns,
        insert: async (ipc, first) => this.conn.insertArrowFromIPCStream(ipc, { name: table, create: first }),
        onRowGroup: (done, total) => onProgress?.(done, total),
      });
      return;
    }
    const text = new TextDecoder().decode(this.db.copyFileToBuffer(path));
    const json = /^\s*\[/.test(text)
      ? text
      : `[${text
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '')
          .join(',')}]`;
    const name = `${path}.array.json`;
    this.db.registerFileText(name, json);
    try {
      this.conn.insertJSONFromPath(name, { name: table });
    } finally {
      this.db.dropFile(name);
    }
  }

  private blob(path: string): Blob {
    const blob = this.blobs.get(path);
    if (!blob) throw new Error(`file ${path} is not registered`);
    return blob;
  }

  /** Under Node the WASM build writes `COPY … TO` to the real file system: into a temporary folder. */
  async exportCsv(sql: string): Promise<Uint8Array> {
    const path = join(this.dir, `export-${++this.exportSeq}.csv`);
    this.conn.query(`COPY (${await formulaSafeQuery(this, sql)}) TO ${literal(path)} (HEADER, DELIMITER ',')`);
    try {
      return new Uint8Array(readFileSync(path));
    } finally {
      rmSync(path, { force: true });
    }
  }

  async exportParquet(): Promise<Uint8Array> {
    throw new Error('Parquet is written by parquet-wasm in the app; not in this test connector');
  }

  async version(): Promise<string> {
    return this.db.getVersion();
  }
}
