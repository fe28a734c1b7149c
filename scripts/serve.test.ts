/**
 * The security headers `npm start` and the headless runner serve, and the meta policy in
 * index.html that keeps the app under the same CSP wherever else it is served.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSP_DIRECTIVES, META_CSP_DIRECTIVES, SECURITY_HEADERS, serve } from './serve.mjs';

const directive = (name: string) => CSP_DIRECTIVES.find((d: string) => d.split(' ')[0] === name);

describe('Content-Security-Policy', () => {
  it('allows no eval and no inline script, only WebAssembly compilation', () => {
    expect(directive('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(CSP_DIRECTIVES.join('; ')).not.toMatch(/'unsafe-eval'/);
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('connect-src')).toBe("connect-src 'self' blob: data:");
    for (const d of ["base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "object-src 'none'"])
      expect(CSP_DIRECTIVES).toContain(d);
  });

  it('index.html carries the same policy, minus frame-ancestors (which a meta tag cannot carry)', () => {
    const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(META_CSP_DIRECTIVES.join('; '));
    expect(META_CSP_DIRECTIVES).toEqual(CSP_DIRECTIVES.filter((d: string) => d !== "frame-ancestors 'none'"));
    // The policy must come before the first script, or that script runs outside it.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  });
});

describe('serve()', () => {
  let root: string;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'serve-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(root, 'assets', 'a.wasm'), new Uint8Array([0, 97, 115, 109]));
    server = await serve({ port: 0, root });
  });
  afterAll(() => server.close());

  it('sends every security header on the page, assets and errors', async () => {
    for (const path of ['/', '/assets/a.wasm', '/missing.js']) {
      const res = await fetch(server.url + path);
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(res.headers.get(name), `${name} on ${path}`).toBe(value);
    }
    const headers = (await fetch(server.url + '/')).headers;
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('permissions-policy')).toMatch(/(^|, )camera=\(\)/);
    expect(headers.get('permissions-policy')).toMatch(/browsing-topics=\(\)/);
  });

  it('types wasm for streaming compilation and refuses paths outside its root', async () => {
    expect((await fetch(server.url + '/assets/a.wasm')).headers.get('content-type')).toBe('application/wasm');
    // URL parsing already folds "/../" and "%2e%2e"; an encoded slash ("..%2F") survives it and
    // is decoded only afterwards, so that is the request that must meet the root check.
    const { request } = await import('node:http');
    const status = await new Promise<number>((done) => {
      request(`${server.url}/..%2F..%2F..%2Fetc%2Fpasswd`, (res) => done(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
  });
});
