/// <reference lib="webworker" />
/** Owns DuckDB-WASM. The main thread and the compute worker reach it through Comlink ports. */
import * as Comlink from 'comlink';
import { WasmDuckDB } from '../src/lib/data/duckdb-wasm';
import type { DbConnector } from '../src/lib/data/connector';

// A DuckDB that crashes is restarted inside WasmDuckDB; its `onRestart` is where tables kept
// outside memory would be attached again.
const ready = WasmDuckDB.start();

const api: DbConnector & { connect(port: MessagePort): void; simulateCrash(): Promise<string> } = {
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
  simulateCrash: async () => (await ready).simulateCrash(),
  connect: (port) => Comlink.expose(api, port),
};

Comlink.expose(api);
