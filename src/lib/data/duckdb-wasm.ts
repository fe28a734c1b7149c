/**
 * DbConnector over DuckDB-WASM, self-hosted: the `eh` bundle only (the threaded `coi` bundle is
 * not faster on small machines and breaks OPFS; `mvp` adds 39 MB for browsers without wasm
 * exceptions, which every current Chromium, Firefox and Safari has). Extensions are never
 * downloaded (the bundle has no parquet or json reader: parquet-wasm decodes Parquet, DuckDB-WASM's
 * Arrow JSON import reads JSON), and autoinstall/autoload are off.
 * DuckDB is closed to the network and to every file outside APP_PREFIX at start-up, before any
 * file is registered (privacy/sandbox.ts); every source and export is registered under it.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { tableToIPC } from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import initParquet, { ParquetFile, writeParquet, Table as ParquetTable } from 'parquet-wasm/esm';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { type DbConnector, type QueryResult } from './connector';
import { tableToRows } from './arrow-rows';
import { literal } from './sql';
import { formulaSafeQuery } from '../privacy/csv-safe';
import { APP_PREFIX, lockdownSql } from '../privacy/sandbox';
import { CrashGuard, type Instance } from './crash';
import { parquetInfo, streamParquet, type ParquetInfo } from './parquet-stream';
import { MAX_JSON_BYTES, readWholeText } from './bounded-read';

interface Duck extends Instance {
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
}

/** One DuckDB-WASM instance, closed to the network and to every file outside APP_PREFIX. */
async function startDuck(): Promise<Duck> {
  const worker = new Worker(ehWorker);
  // duckdb-wasm drops the calls pending when its worker dies without rejecting them: this does.
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`DuckDB worker died: ${e.message || 'no message'}`)));
  });
  died.catch(() => undefined);
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(ehWasm);
  await db.open({ query: { castBigIntToDouble: false, castTimestampToDate: false } });
  const conn = await db.connect();
  for (const sql of lockdownSql([APP_PREFIX])) await conn.query(sql);
  return { db, conn, died, stop: () => worker.terminate() };
}

export class WasmDuckDB implements DbConnector {
  private exportSeq = 0;
  private readonly files = new Map<string, Blob>();
  private parquetReady: Promise<unknown> | undefined;
  /** Set by `cancel()`: a Parquet import stops at its next batch. */
  private stopImport = false;
  private constructor(private readonly guard: CrashGuard<Duck>) {}

  static async start(): Promise<WasmDuckDB> {
    const guard = new CrashGuard(startDuck);
    await guard.instance;
    const wasm = new WasmDuckDB(guard);
    // Registered files belong to the dead instance: a restarted one has none.
    guard.onRestart = async () => wasm.files.clear();
    return wasm;
  }

  /**
   * Called with each DuckDB instance started after a crash, before it takes calls: where tables kept
   * outside its memory (a persisted database) are attached again.
   */
  set onRestart(hook: ((db: duckdb.AsyncDuckDB, conn: duckdb.AsyncDuckDBConnection) => Promise<void>) | undefined) {
    this.guard.onRestart = async (fresh) => {
      this.files.clear();
      await hook?.(fresh.db, fresh.conn);
    };
  }

  /** How many times DuckDB crashed and was restarted. */
  get restarts(): number {
    return this.guard.restarts;
  }

  /**
   * For the e2e test of a crash: a call that fails as a WebAssembly trap does, so the restart and
   * its message run for real (no SQL traps DuckDB-WASM on purpose). Returns the call's error line.
   */
  async simulateCrash(): Promise<string> {
    return this.guard
      .run(async () => {
        throw new Error('RuntimeError: unreachable (simulated)');
      })
      .then(
        () => '',
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
  }

  /** Statements run as pending queries, so that `cancel()` can interrupt a long one (a big load). */
  exec(sql: string): Promise<void> {
    return this.guard.run(async ({ conn }) => {
      const reader = await conn.send(sql, true);
      for await (const batch of reader) void batch;
    });
  }

  /** Interrupt the statement `exec` is running, if any (and a Parquet import at its next batch). */
  async cancel(): Promise<boolean> {
    this.stopImport = true;
    return (await this.guard.instance).conn.cancelSent();
  }

  query(sql: string): Promise<QueryResult> {
    return this.guard.run(async ({ conn }) => tableToRows(await conn.query(sql)));
  }

  arrowIPC(sql: string): Promise<Uint8Array> {
    return this.guard.run(async ({ conn }) => tableToIPC(await conn.query(sql), 'stream'));
  }

  insertArrow(schema: string, table: string, ipc: Uint8Array): Promise<void> {
    return this.guard.run(({ conn }) => conn.insertArrowFromIPCStream(ipc, { schema, name: table, create: true }));
  }

  registerFile(name: string, file: Blob): Promise<string> {
    return this.guard.run(async ({ db }) => {
      const path = appPath(name);
      await db.dropFile(path).catch(() => undefined);
      // BROWSER_FILEREADER: DuckDB reads slices on demand; the file is never copied whole into the heap.
      await db.registerFileHandle(path, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      this.files.set(path, file);
      return path;
    });
  }

  dropFile(name: string): Promise<void> {
    const path = appPath(name);
    this.files.delete(path);
    return this.guard.run(async ({ db }) => void (await db.dropFile(path)));
  }

  async parquetInfo(path: string): Promise<ParquetInfo> {
    await this.parquet();
    return parquetInfo({ ParquetFile }, this.file(path));
  }

  async importFile(
    table: string,
    path: string,
    format: 'parquet' | 'json',
    columns?: string[],
    onProgress?: (done: number, total: number) => boolean | void | Promise<boolean | void>,
  ): Promise<void> {
    const file = this.file(path);
    this.stopImport = false;
    return this.guard.run(async ({ db, conn }) => {
      if (format === 'json') {
        // DuckDB-WASM's own JSON reader takes a JSON array of objects; NDJSON is wrapped into one.
        // The load refuses a JSON file over MAX_JSON_BYTES before this reads it whole.
        const text = await readWholeText(file, MAX_JSON_BYTES);
        const json = /^\s*\[/.test(text)
          ? text
          : `[${text
              .split(/\r?\n/)
              .filter((l) => l.trim() !== '')
              .join(',')}]`;
        const name = `${appPath(path)}.array.json`;
        await db.registerFileText(name, json);
        try {
          await conn.insertJSONFromPath(name, { name: table });
        } finally {
          await db.dropFile(name);
        }
        return;
      }
      // Parquet: decoded by parquet-wasm (self-hosted) row group by row group, straight from the
      // file handle, each batch appended to the table as an Arrow IPC stream.
      await this.parquet();
      await streamParquet({ ParquetFile }, file, {
        columns,
        insert: (ipc, first) => conn.insertArrowFromIPCStream(ipc, { name: table, create: first }),
        onRowGroup: (done, total) => onProgress?.(done, total),
        stopped: () => this.stopImport,
      });
    });
  }

  private file(path: string): Blob {
    const file = this.files.get(appPath(path));
    if (!file) throw new Error(`file ${path} is not registered`);
    return file;
  }

  exportCsv(sql: string): Promise<Uint8Array> {
    return this.guard.run(async ({ db, conn }) => {
      const name = `${APP_PREFIX}__export_${++this.exportSeq}.csv`;
      await db.registerEmptyFileBuffer(name);
      try {
        // Text cells that a spreadsheet would run as a formula are prefixed with ' (see csv-safe.ts).
        await conn.query(`COPY (${await formulaSafeQuery(this, sql)}) TO ${literal(name)} (HEADER, DELIMITER ',')`);
        return await db.copyFileToBuffer(name);
      } finally {
        await db.dropFile(name);
      }
    });
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
    return this.guard.run(({ db }) => db.getVersion());
  }
}

/** Every file DuckDB sees lives under APP_PREFIX, the one folder it may touch. */
function appPath(name: string): string {
  return name.startsWith(APP_PREFIX) ? name : `${APP_PREFIX}${name.replace(/^\/+/, '')}`;
}
