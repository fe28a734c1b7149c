/**
 * The headless runner's native engine: the same engine and ops as the app (recipe/engine.ts) over
 * native DuckDB (`@duckdb/node-api`: every core, spilling to a temp folder, no 4 GB ceiling) and
 * TF.js's WASM backend, in this Node process. scripts/analyze.mjs parses the options, checks the
 * recipe and its files, and writes the report and the audit, as it does for the browser engine.
 *
 * Privacy: DuckDB is closed as the app's is (privacy/sandbox.ts: no extensions, no URLs, no file
 * outside its temp folder, the output folder and the source files themselves), and the caller
 * puts the network guard (net-guard.ts) up before this module is imported.
 */
import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { fileOnDisk, NodeDuckDB } from '../lib/data/node-duckdb';
import { tableRef } from '../lib/data/sql';
import { memorySecrets } from '../lib/privacy/secrets';
import { runRecipe } from '../lib/recipe/engine';
import type { Recipe } from '../lib/recipe/schema';
import type { Report } from '../lib/recipe/report';
import { nativeTrainer } from './trainer';

export interface NativeEngineOptions {
  /** The source files, by source name: read in place. */
  files: Record<string, string>;
  /** Where the CSVs go (DuckDB writes them there itself). */
  outDir: string;
  /** DuckDB's threads; default: every core this process may use. */
  threads?: number;
  appVersion: string;
}

export interface NativeEngine {
  /** `native DuckDB v1.4.4, 16 threads; TF.js 4.22.0 wasm` */
  readonly name: string;
  readonly environment: Record<string, string | number>;
  run(recipe: Recipe): Promise<Report>;
  /** A table as CSV straight to `path`, the first `maxRows` rows only when given; the rows written. */
  writeCsv(ref: string, path: string, maxRows?: number): Promise<{ rows: number; bytes: number }>;
  /** DuckDB's memory in use now (`duckdb_memory()`), in bytes. */
  duckdbBytes(): Promise<number>;
  close(): void;
}

export async function nativeEngine(opts: NativeEngineOptions): Promise<NativeEngine> {
  const threads = opts.threads ?? availableParallelism();
  const db = await NodeDuckDB.create({
    threads,
    spill: true,
    allow: [opts.outDir],
    allowFiles: Object.values(opts.files),
  });
  const { trainer, describe } = await nativeTrainer({ backend: 'wasm', appVersion: opts.appVersion });
  const duckdb = await db.version();
  const name = `native DuckDB ${duckdb}, ${threads} thread${threads === 1 ? '' : 's'}; ${describe}`;
  const environment = {
    runner: 'native (Node)',
    engine: name,
    duckdb,
    threads,
    tfjs: describe,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  return {
    name,
    environment,
    async run(recipe) {
      const files = Object.fromEntries(
        await Promise.all(Object.entries(opts.files).map(async ([s, path]) => [s, await fileOnDisk(path)] as const)),
      );
      return runRecipe(recipe, {
        db,
        trainer,
        // A fresh store per run, as a fresh browser context gives the browser runner.
        secrets: memorySecrets(),
        files,
        environment,
        appVersion: opts.appVersion,
      });
    },
    async writeCsv(ref, path, maxRows) {
      const rows = await db.exportCsvTo(`SELECT * FROM ${tableRef(ref)}`, path, maxRows);
      return { rows, bytes: statSync(path).size };
    },
    async duckdbBytes() {
      const res = await db.query('SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()');
      return Number(res.rows[0]?.b ?? 0);
    },
    close: () => db.close(),
  };
}
