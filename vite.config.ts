/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import pkg from './package.json' with { type: 'json' };
import { serviceWorker } from './scripts/sw-plugin.mjs';

export default defineConfig({
  // serviceWorker(): dist/sw.js precaching the whole build, so the app works offline (README, privacy).
  plugins: [svelte(), serviceWorker()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  // duckdb-wasm and apache-arrow must not be pre-bundled separately in dev: two Arrow
  // module instances make tableToIPC reject DuckDB's tables (docs/STACK.md §1).
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'apache-arrow'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 8192, sourcemap: false },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Vitest leaves one core free by default: on two cores that is one test file at a time.
    maxWorkers: 2,
    testTimeout: 60_000,
    // Suites that load the real data sets in beforeAll need more than the 10 s default on 2 busy cores.
    hookTimeout: 60_000,
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
