/**
 * DbConnector over DuckDB-WASM, self-hosted: the `eh` bundle only (the threaded `coi` bundle is
 * not faster on small machines and breaks OPFS; `mvp` adds 39 MB for browsers without wasm
 * exceptions, which every current Chromium, Firefox and Safari has). Extensions are never
 * downloaded (the bundle has no parquet or json reader: parquet-wasm decodes Parquet, DuckDB-WASM's
 * Arrow JSON import reads JSON), and autoinstall/autoload are off.
 * DuckDB is closed to the network and to every file outside APP_PREFIX at start-up, before any
 * file is registered (privacy/sandbox.ts); every source and export is registered under it.
 *
 * DuckDB's main database is a file in the origin private file system (OPFS), opened before the
 * lockdown, with an in-memory database `mem` attached as the default: tables are made in memory
 * unless a load puts a big source on disk, where the buffer manager pages it to the file (see
 * storage.ts). Where OPFS is missing or another tab holds the file, DuckDB runs in memory only.
 * Measured with DuckDB-WASM 1.32: `ATTACH 'opfs://…'` on an in-memory database cannot write (a new
 * file is refused as "not a valid DuckDB database file"; a valid one fails every commit with "File
 * is not opened in write mode"), while `open({ path: 'opfs://…' })` reads and writes, so the file
 * is the main database and memory the attached one. Its open takes no encryption key. The file is
 * made only when a source goes to disk (DuckDB starts again for it, while still empty).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { tableToIPC } from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import initParquet, { ParquetFile, writeParquet, Table as ParquetTable } from 'parquet-wasm/esm';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { type DbConnector, type DiskStatus, type QueryResult } from './connector';
import { DISK_DIR, DISK_FILE, DISK_PATH, MEM_CATALOG, SEARCH_PATH } from './storage';
import { parseDuckSize } from './footprint';
import { tableToRows } from './arrow-rows';
import { literal } from './sql';
import { formulaSafeQuery } from '../privacy/csv-safe';
import { APP_PREFIX, lockdownSql } from '../privacy/sandbox';
import { CrashGuard, type Instance } from './crash';
import { parquetInfo, streamParquet, type ParquetInfo } from './parquet-stream';
import { MAX_JSON_BYTES, readWholeText } from './bounded-read';

/** A reloaded page's new worker may ask for the file before the old worker's handle on it is released. */
const OPEN_TRIES = 6;
const OPEN_RETRY_MS = 250;

/** What "Forget everything" deleted of the database file. */
export interface DiskForgotten {
  files: Array<{ name: string; bytes: number }>;
}

interface Duck extends Instance {
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
  /** Why the OPFS database is not open, or undefined when it is. */
  diskMissing: { reason: string; creatable: boolean } | undefined;
}

/**
 * One DuckDB-WASM instance, closed to the network and to every file outside APP_PREFIX, with the
 * OPFS database when its file exists (or `create`): tables a previous session or a crashed
 * instance put there come back with it, found by name through the search path, with nothing to
 * reattach. Without the file DuckDB runs in memory only, so that a visit that keeps nothing on disk
 * leaves nothing in OPFS; `ensureDisk` makes it when needed.
 */
async function startDuck(create: boolean): Promise<Duck> {
  const worker = new Worker(ehWorker);
  // duckdb-wasm drops the calls pending when its worker dies without rejecting them: this does.
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`DuckDB worker died: ${e.message || 'no message'}`)));
  });
  died.catch(() => undefined);
  const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
  await db.instantiate(ehWasm);
  const query = { castBigIntToDouble: false, castTimestampToDate: false };
  const diskMissing = await openDisk(db, query, create);
  if (diskMissing) await db.open({ query });
  const conn = await db.connect();
  if (!diskMissing) {
    await conn.query(`ATTACH ':memory:' AS ${MEM_CATALOG}`);
    await conn.query(`USE ${MEM_CATALOG}`);
    await conn.query(`SET search_path = ${literal(SEARCH_PATH)}`);
  }
  for (const sql of lockdownSql([APP_PREFIX])) await conn.query(sql);
  return { db, conn, died, diskMissing, stop: () => worker.terminate() };
}

export class WasmDuckDB implements DbConnector {
  private exportSeq = 0;
  private readonly files = new Map<string, Blob>();
  private parquetReady: Promise<unknown> | undefined;
  /** Set by `cancel()`: a Parquet import stops at its next batch. */
  private stopImport = false;
  private constructor(private readonly guard: CrashGuard<Duck>) {}

  static async start(opts: { create?: boolean } = {}): Promise<WasmDuckDB> {
    // A restart after a crash reopens the file if there is one; only a first start may make it.
    let create = !!opts.create;
    const guard = new CrashGuard(() => startDuck(create));
    create = false;
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

  /** Whether the OPFS database is open, or can be made now (its file missing and DuckDB still empty). */
  diskStatus(): Promise<DiskStatus & { open: boolean }> {
    return this.guard.run(async ({ conn, diskMissing }) => {
      const res = tableToRows(
        await conn.query(
          `SELECT current_setting('memory_limit') AS m, (SELECT count(*) FROM duckdb_tables() WHERE NOT internal)::INT AS t`,
        ),
      );
      const memoryLimitBytes = parseDuckSize(String(res.rows[0]?.m ?? '')) ?? 0;
      const missing = diskMissing;
      if (!missing) return { available: true, open: true, memoryLimitBytes };
      // A new file can be made only by starting DuckDB again, which loses what memory holds.
      if (missing.creatable && Number(res.rows[0]?.t ?? 0) === 0)
        return { available: true, open: false, memoryLimitBytes };
      const reason = missing.creatable
        ? 'DuckDB already holds tables in memory and can start its database file only while empty (forget everything, or reload the app, and load this source first)'
        : missing.reason;
      return { available: false, open: false, reason, memoryLimitBytes };
    });
  }

  /** Close DuckDB (a restart or a forget follows). */
  async close(): Promise<void> {
    const { db, conn, stop } = await this.guard.instance;
    await conn.close().catch(() => undefined);
    await db.terminate().catch(() => undefined);
    stop();
  }

  /** Close DuckDB and delete the database file (the caller starts a new DuckDB after). */
  async closeAndDeleteDisk(): Promise<DiskForgotten> {
    await this.close();
    const root = await navigator.storage.getDirectory().catch(() => null);
    if (!root) return { files: [] };
    const dir = await root.getDirectoryHandle(DISK_DIR).catch(() => null);
    if (!dir) return { files: [] };
    const files: DiskForgotten['files'] = [];
    for await (const [name, handle] of (dir as unknown as DirectoryEntries).entries()) {
      if (handle.kind === 'file') files.push({ name, bytes: (await (handle as FileSystemFileHandle).getFile()).size });
    }
    // The terminated worker's handles on the files are released a moment later.
    for (let i = 0; ; i++) {
      try {
        await root.removeEntry(DISK_DIR, { recursive: true });
        break;
      } catch (err) {
        if (i >= OPEN_TRIES * 4) throw err;
        await new Promise((r) => setTimeout(r, OPEN_RETRY_MS));
      }
    }
    return { files };
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

type DirectoryEntries = { entries(): AsyncIterable<[string, FileSystemHandle]> };

/** Open the OPFS database as DuckDB's main one (making it when `create`); undefined when it opened, else why not. */
async function openDisk(
  db: duckdb.AsyncDuckDB,
  query: duckdb.DuckDBQueryConfig,
  create: boolean,
): Promise<{ reason: string; creatable: boolean } | undefined> {
  const root = await navigator.storage?.getDirectory?.().catch(() => null);
  if (!root) return { reason: 'this browser gives the app no private file system (OPFS)', creatable: false };
  if (!create) {
    const dir = await root.getDirectoryHandle(DISK_DIR).catch(() => null);
    const file = await dir?.getFileHandle(DISK_FILE).catch(() => null);
    if (!file) return { reason: 'no database file yet', creatable: true };
  }
  for (let i = 0; ; i++) {
    try {
      await db.open({ path: DISK_PATH, accessMode: duckdb.DuckDBAccessMode.READ_WRITE, query });
      return undefined;
    } catch (err) {
      const message = String(err);
      const held = /Access Handle|NoModificationAllowed|could not be created/i.test(message);
      if (held && i < OPEN_TRIES) {
        await new Promise((r) => setTimeout(r, OPEN_RETRY_MS));
        continue;
      }
      console.warn(`DuckDB runs in memory only: ${message}`);
      return {
        reason: held
          ? 'another tab of this app has the database file open'
          : `the database file could not be opened (${message.slice(0, 120)})`,
        creatable: false,
      };
    }
  }
}

/** Every file DuckDB sees lives under APP_PREFIX, the one folder it may touch. */
function appPath(name: string): string {
  return name.startsWith(APP_PREFIX) ? name : `${APP_PREFIX}${name.replace(/^\/+/, '')}`;
}
