/**
 * Vite plugin (build only): writes dist/sw.js from scripts/sw-source.js with the precache list of
 * this build — every file Vite emitted (shell, chunks, workers, the WebAssembly of DuckDB, TF.js
 * and parquet-wasm) and every file of public/ (icons, manifest, samples) — and a version hashed
 * from their contents, so a new build gets a new cache and the old one is deleted on activation.
 * After the files are written it checks that nothing in dist/ was left out of the list.
 * Written here rather than with vite-plugin-pwa/Workbox: it is ~70 lines with no dependency, and
 * the worker keeps the log of fetches the Privacy view shows, which a generated one would not.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const SW_FILE = 'sw.js';
const SOURCE = new URL('./sw-source.js', import.meta.url);
const PLACEHOLDER = 'const PRECACHE = self.__PRECACHE__;';

/** @param {string} dir @returns {string[]} */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** @param {string} root @param {string} path */
const urlOf = (root, path) => `/${relative(root, path).split(sep).join('/')}`;

/** @returns {import('vite').Plugin} */
export function serviceWorker() {
  /** @type {import('vite').ResolvedConfig} */
  let config;
  /** @type {string[]} */
  let urls = [];
  return {
    name: 'custodian-service-worker',
    apply: 'build',
    // After Vite's own HTML plugin, so that index.html is in the bundle (and in the version hash).
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const emitted = Object.values(bundle).map((item) => {
        hash.update(item.fileName).update(item.type === 'chunk' ? item.code : item.source);
        return `/${item.fileName}`;
      });
      const publicDir = config.publicDir;
      const copied = publicDir
        ? filesUnder(publicDir).map((path) => {
            hash.update(urlOf(publicDir, path)).update(readFileSync(path));
            return urlOf(publicDir, path);
          })
        : [];
      urls = [...new Set([...emitted, ...copied])].filter((u) => u !== `/${SW_FILE}`).sort();
      const precache = { version: hash.digest('hex').slice(0, 16), urls };
      const template = readFileSync(SOURCE, 'utf8');
      if (!template.includes(PLACEHOLDER))
        this.error(`sw-source.js: no \`${PLACEHOLDER}\` to put the precache list in`);
      const source = template.replace(PLACEHOLDER, `const PRECACHE = ${JSON.stringify(precache)};`);
      this.emitFile({ type: 'asset', fileName: SW_FILE, source });
    },
    writeBundle() {
      const outDir = join(config.root, config.build.outDir);
      const listed = new Set(urls);
      const missing = filesUnder(outDir)
        .map((p) => urlOf(outDir, p))
        .filter((u) => u !== `/${SW_FILE}` && !listed.has(u));
      if (missing.length)
        this.error(`service worker: not precached: ${missing.join(', ')} (the app would break offline)`);
      const bytes = urls.reduce((sum, u) => sum + statSync(join(outDir, u.slice(1))).size, 0);
      config.logger.info(`service worker: ${urls.length} files precached (${(bytes / 1e6).toFixed(1)} MB)`);
    },
  };
}
