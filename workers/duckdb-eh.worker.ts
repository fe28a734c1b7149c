/// <reference lib="webworker" />
/**
 * DuckDB-WASM's own worker script (the `eh` bundle), started so that V8 can cache its compiled
 * WebAssembly. Where `TransformStream` exists, that script wraps the fetched module in a new
 * `Response` to count bytes for a progress bar, and V8 keeps compiled code only for a Response that
 * comes straight from fetch() (the service worker's cache or the HTTP cache): every start compiled
 * the 34 MB module again. With `TransformStream` hidden it streams fetch()'s own Response (the app
 * shows no download progress for it), so a reload takes the compiled code from the cache.
 */
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

const scope = self as unknown as DedicatedWorkerGlobalScope & { TransformStream?: unknown };
scope.TransformStream = undefined;
// The script sets `onmessage` when it runs; messages that arrive while it loads wait here.
const early: MessageEvent[] = [];
const hold = (e: MessageEvent) => early.push(e);
scope.addEventListener('message', hold);
await import(/* @vite-ignore */ ehWorker);
scope.removeEventListener('message', hold);
for (const e of early) scope.onmessage?.(e);
