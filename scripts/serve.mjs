// Serves the built app (dist/) on 127.0.0.1 with the security headers it is meant to run under.
// `node scripts/serve.mjs [--build] [--port N]`: --build rebuilds first when the sources are newer.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync, readdirSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

// 'wasm-unsafe-eval' lets DuckDB and TF.js compile WebAssembly; no other eval of any kind.
// Styles may be inline: Observable Plot writes a <style> into each chart.
export const SECURITY_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:", "connect-src 'self' blob: data:",
    "img-src 'self' data: blob:", "style-src 'self' 'unsafe-inline'", "font-src 'self'", "object-src 'none'",
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; '),
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function buildIfStale() {
  const index = join(DIST, 'index.html');
  const sources = ['src', 'workers', 'public'].map((d) => join(ROOT, d)).filter(existsSync);
  const newest = Math.max(...sources.map(newestMtime), statSync(join(ROOT, 'index.html')).mtimeMs, statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= newest) return false;
  console.error('custodian: building the app (vite build)…');
  execSync('npx vite build --logLevel error', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return true;
}

export function serve({ port = 4173, host = '127.0.0.1', root = DIST } = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = resolve(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root + sep) && path !== root) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(path) || statSync(path).isDirectory()) {
      // The app is a single page: unknown paths without an extension get index.html.
      if (extname(url.pathname)) {
        res.writeHead(404, SECURITY_HEADERS).end('not found');
        return;
      }
      path = join(root, 'index.html');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Content-Length': statSync(path).size,
      'Cache-Control': path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(path).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address();
      ok({ url: `http://${host}:${typeof address === 'object' && address ? address.port : port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  if (args.includes('--build')) buildIfStale();
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('custodian: dist/ is missing; run `npm run build` first (or use --build).');
    process.exit(1);
  }
  const { url } = await serve({ port: portArg >= 0 ? Number(args[portArg + 1]) : 4173 });
  console.log(`Custodian is running at ${url}/  (sample demo: ${url}/?recipe=/samples/demo.recipe.json&run=1)`);
}
