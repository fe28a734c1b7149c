/// <reference lib="webworker" />
/** Owns DuckDB-WASM. The main thread and the compute worker reach it through Comlink ports. */
import * as Comlink from 'comlink';
import { WasmDuckDB, type DiskForgotten } from '../src/lib/data/duckdb-wasm';
import type { DbConnector, DiskStatus } from '../src/lib/data/connector';

/** Replaced when the database file is made or deleted (DuckDB starts again); every call awaits the current one. */
// A DuckDB that crashes is restarted inside WasmDuckDB (the crash guard); its database file, if any,
// is reopened with it.
let ready = WasmDuckDB.start();
/** Set while an encrypted project is open: no source goes into the unencrypted database file. */
let diskRefusal: string | undefined;

async function diskStatus(): Promise<DiskStatus> {
  const { available, reason, memoryLimitBytes } = await (await ready).diskStatus();
  if (diskRefusal) return { available: false, reason: diskRefusal, memoryLimitBytes };
  return { available, ...(reason ? { reason } : {}), memoryLimitBytes };
}

export interface DuckWorkerApi extends DbConnector {
  diskStatus(): Promise<DiskStatus>;
  connect(port: MessagePort): void;
  /** While an encrypted project is open, no source goes into the (unencrypted) database file. */
  setDiskAllowed(allowed: boolean, reason: string): Promise<void>;
  ensureDisk(): Promise<DiskStatus>;
  /** Close DuckDB, delete its database file, and go on with a fresh in-memory DuckDB. */
  forgetDisk(): Promise<DiskForgotten>;
  /** Test hook: a simulated WebAssembly trap, to exercise the crash guard. */
  simulateCrash(): Promise<string>;
}

const api: DuckWorkerApi = {
  exec: async (sql) => (await ready).exec(sql),
  query: async (sql) => (await ready).query(sql),
  arrowIPC: async (sql) => {
    const bytes = await (await ready).arrowIPC(sql);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  insertArrow: async (schema, table, ipc) => (await ready).insertArrow(schema, table, ipc),
  registerFile: async (name, file) => (await ready).registerFile(name, file),
  dropFile: async (name) => (await ready).dropFile(name),
  importFile: async (table, path, format, columns, onProgress) =>
    (await ready).importFile(table, path, format, columns, onProgress),
  parquetInfo: async (path) => (await ready).parquetInfo(path),
  exportCsv: async (sql) => {
    const bytes = await (await ready).exportCsv(sql);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  exportParquet: async (sql) => {
    const bytes = await (await ready).exportParquet(sql);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  version: async () => (await ready).version(),
  cancel: async () => (await ready).cancel(),
  diskStatus,
  ensureDisk: async () => {
    const status = await diskStatus();
    const current = await ready;
    if (!status.available || (await current.diskStatus()).open) return status;
    // DuckDB is empty: start it again on a new database file (calls made meanwhile wait for it).
    ready = current.close().then(() => WasmDuckDB.start({ create: true }));
    return diskStatus();
  },
  setDiskAllowed: async (allowed, reason) => {
    diskRefusal = allowed ? undefined : reason;
  },
  forgetDisk: async () => {
    diskRefusal = undefined;
    const deleted = (await ready).closeAndDeleteDisk();
    // Calls made meanwhile wait for the new DuckDB, in memory until a source goes to disk again.
    ready = deleted.then(
      () => WasmDuckDB.start(),
      () => WasmDuckDB.start(),
    );
    return deleted;
  },
  simulateCrash: async () => (await ready).simulateCrash(),
  connect: (port) => Comlink.expose(api, port),
};

Comlink.expose(api);
