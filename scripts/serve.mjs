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
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

// 'wasm-unsafe-eval' lets DuckDB and TF.js compile WebAssembly; no other eval of any kind.
// Styles may be inline: Observable Plot writes a <style> into each chart. Workers may come from
// blob: (DuckDB-WASM and TF.js start helpers that way); connect-src blob:/data: lets them read
// those and the files the user dropped in, never another host.
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];
/**
 * The same policy as index.html's <meta http-equiv="Content-Security-Policy"> (which keeps the
 * app under it when it is served by anything else): a meta policy cannot carry frame-ancestors
 * (CSP3 §6.1, the browser ignores it and logs an error), so only the header has it.
 */
export const META_CSP_DIRECTIVES = CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors'));

// Powerful features the app never uses are switched off for it and anything it could embed,
// including the ad-tech APIs (Topics, Protected Audience, Attribution Reporting; `interest-cohort`
// was FLoC's, which Chromium no longer knows). A browser ignores a name it does not know, with a
// console warning: Debian's Chromium 156 knows neither `bluetooth` nor the Privacy Sandbox ones,
// but Chrome and Edge builds with those APIs do, so they stay. e2e/privacy.spec.ts checks in the
// page that the others are off.
export const PERMISSIONS_POLICY = [
  // devices and sensors
  'camera',
  'microphone',
  'geolocation',
  'usb',
  'serial',
  'bluetooth',
  'hid',
  'midi',
  'gamepad',
  'accelerometer',
  'gyroscope',
  'magnetometer',
  'xr-spatial-tracking',
  'speaker-selection',
  // the screen, the clipboard and the machine
  'display-capture',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-write',
  'window-management',
  'local-fonts',
  'idle-detection',
  'screen-wake-lock',
  'compute-pressure',
  // payments and identity
  'payment',
  'publickey-credentials-get',
  'identity-credentials-get',
  'otp-credentials',
  'encrypted-media',
  // ad tech and tracking
  'interest-cohort',
  'browsing-topics',
  'join-ad-interest-group',
  'run-ad-auction',
  'attribution-reporting',
  'private-state-token-issuance',
  'private-state-token-redemption',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP_DIRECTIVES.join('; '),
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Permissions-Policy': PERMISSIONS_POLICY,
  // No other window keeps a handle on this one (window.opener), and no other site may embed its files.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
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
  const files = ['index.html', 'vite.config.ts', 'scripts/sw-plugin.mjs', 'scripts/sw-source.js']
    .map((f) => join(ROOT, f))
    .filter(existsSync);
  const newest = Math.max(...sources.map(newestMtime), ...files.map((f) => statSync(f).mtimeMs));
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
      ok({
        url: `http://${host}:${typeof address === 'object' && address ? address.port : port}`,
        close: () => new Promise((done) => server.close(done)),
      });
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
