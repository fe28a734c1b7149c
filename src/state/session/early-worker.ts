/**
 * The DuckDB worker, started by the entry module before the app's own bundle loads: DuckDB's
 * WebAssembly downloads and compiles while the main thread parses and mounts the app, instead of
 * after it. `Workers` takes it over (or starts one, where nothing started it early).
 */
let early: Worker | undefined;

function duckdbWorker(): Worker {
  return new Worker(new URL('../../../workers/duckdb.worker.ts', import.meta.url), { type: 'module', name: 'duckdb' });
}

export function startDuckdbWorker(): void {
  early ??= duckdbWorker();
}

/** The early worker the first time, a new one after that. */
export function takeDuckdbWorker(): Worker {
  const worker = early ?? duckdbWorker();
  early = undefined;
  return worker;
}
