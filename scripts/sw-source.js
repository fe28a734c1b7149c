/// <reference lib="webworker" />
/**
 * Custodian's service worker (the template; scripts/sw-plugin.ts writes dist/sw.js from it with
 * the precache list of the build in place of `self.__PRECACHE__`).
 *
 * - install: caches the whole app (shell, JS/CSS, the DuckDB, TF.js and parquet-wasm WebAssembly,
 *   the workers, icons, manifest and the bundled samples) in one versioned cache;
 * - fetch: same-origin GETs cache-first (a navigation gets the cached index.html), anything else
 *   falls through to the network untouched (the page's CSP still governs it);
 * - keeps a log of every fetch it saw — the page's, and its workers', which Resource Timing in
 *   the page cannot see — and hands it to the Privacy view on request (postMessage with a port).
 * User data never enters this cache: files the user drops in are Blobs, never fetched.
 */
const PRECACHE = self.__PRECACHE__;
const CACHE = `custodian-shell-${PRECACHE.version}`;
const LOG_LIMIT = 5000;
const startedAt = new Date().toISOString();
/** { at, url, method, destination, servedBy: 'cache' | 'network' | 'passed-through' | 'failed', status? } */
const log = [];
let dropped = 0;

function record(entry) {
  log.push(entry);
  if (log.length > LOG_LIMIT) {
    log.shift();
    dropped += 1;
  }
}

// No skipWaiting(): a new build's worker waits until no tab runs the old one, because taking over
// at once would delete the cache an open tab still loads its workers and WebAssembly from. The
// first install has no predecessor, so it activates (and claims the page) straight away.
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.urls)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('custodian-shell-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  const entry = {
    at: new Date().toISOString(),
    url: request.url,
    method: request.method,
    destination: request.destination || 'fetch',
  };
  if (request.method !== 'GET' || url.origin !== self.location.origin) {
    record({ ...entry, servedBy: 'passed-through' });
    return;
  }
  event.respondWith(serve(request, entry));
});

async function serve(request, entry) {
  const cache = await caches.open(CACHE);
  // The app is one page: every navigation (`/?recipe=…&run=1` included) is index.html.
  const hit = request.mode === 'navigate' ? await cache.match('/index.html') : await cache.match(request);
  if (hit) {
    record({ ...entry, servedBy: 'cache', status: hit.status });
    return hit;
  }
  try {
    const response = await fetch(request);
    record({ ...entry, servedBy: 'network', status: response.status });
    return response;
  } catch (err) {
    record({ ...entry, servedBy: 'failed', error: String(err) });
    return Response.error();
  }
}

self.addEventListener('message', (event) => {
  const port = event.ports[0];
  if (!port) return;
  if (event.data?.type === 'custodian:sw-status') {
    event.waitUntil(
      caches
        .open(CACHE)
        .then((cache) => cache.keys())
        .then((keys) =>
          port.postMessage({
            version: PRECACHE.version,
            cache: CACHE,
            startedAt,
            cached: keys.length,
            expected: PRECACHE.urls.length,
            log,
            dropped,
          }),
        ),
    );
  }
});
