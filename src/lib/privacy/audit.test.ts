import { describe, expect, it } from 'vitest';
import type { Report } from '../recipe/report';
import { buildAudit, isLocalUrl, personalDataTreatments, sha256Hex, type AuditInput } from './audit';
import { auditHtml, escapeHtml } from './audit-html';

const ORIGIN = 'http://127.0.0.1:4173';
const cols = (...names: string[]) => names.map((name) => ({ name, type: 'VARCHAR' }));

function report(): Report {
  return {
    app: { name: 'custodian', version: '0.1.0' },
    status: 'error',
    error: "step 'bad', field 'customer': column 'cust' not found in 'people'",
    recipe: { version: 1, sources: [{ name: 'people', file: '<img src=x onerror=alert(1)>.csv' }], steps: [] },
    environment: { userAgent: 'HeadlessChrome', duckdb: 'v1.4.3' },
    startedAt: '2025-06-01T10:00:00.000Z',
    ms: 2000,
    steps: {
      people: {
        op: 'load',
        status: 'ok',
        startedAt: '2025-06-01T10:00:00.100Z',
        ms: 12.4,
        summary: { rows: 3 },
        tables: { people: { rows: 3, columns: cols('email', 'age') } },
      },
      ids: {
        op: 'pseudonymise',
        status: 'ok',
        startedAt: '2025-06-01T10:00:00.200Z',
        ms: 30.6,
        rowsIn: 3,
        rowsOut: 3,
        // The shape part B's op reports, plus entries that are not that shape (ignored).
        summary: {
          treated: [
            { column: 'email', action: 'hash' },
            { column: 'age', action: 'generalise:band10' },
            { column: 'x' },
            'email',
            null,
          ],
        },
        tables: { 'ids.data': { rows: 3, columns: cols('email', 'age') } },
      },
      churn: {
        op: 'train-classifier',
        status: 'ok',
        startedAt: '2025-06-01T10:00:00.300Z',
        ms: 1500.2,
        rowsIn: 3,
        rowsOut: 12,
        backend: { name: 'wasm', reasons: ['webgpu: software adapter'] },
        summary: {},
        tables: { 'churn.history': { rows: 12, columns: cols('epoch', 'loss') } },
      },
      bad: {
        op: 'rfm',
        status: 'error',
        startedAt: '2025-06-01T10:00:01.900Z',
        ms: 3,
        tables: {},
        error: { name: 'RecipeError', message: "column 'cust' not found" },
      },
    },
    egress: { offOrigin: ['https://tracker.example/p.gif'] },
  };
}

function input(): AuditInput {
  return {
    report: report(),
    files: [
      {
        source: 'people',
        name: '<img src=x onerror=alert(1)>.csv',
        bytes: 2048,
        sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      },
    ],
    network: [
      { url: `${ORIGIN}/assets/index.js`, seenBy: 'page', kind: 'script' },
      { url: 'data:application/wasm;base64,AGFzbQ==', seenBy: 'page' },
      { url: 'blob:http://127.0.0.1:4173/5f1c', seenBy: 'page' },
      { url: 'https://cdn.example/lib.js', seenBy: 'service worker', servedBy: 'passed-through' },
      { url: 'http://127.0.0.1:4174/other-port', seenBy: 'browser' },
      { url: 'https://cdn.example/lib.js', seenBy: 'page' },
    ],
    outputs: [{ kind: 'download', name: 'rfm1.rfm.csv', where: 'downloads folder', bytes: 5000 }],
    origin: ORIGIN,
    generatedAt: '2025-06-01T10:05:00.000Z',
    generatedBy: 'Privacy view',
  };
}

describe('isLocalUrl', () => {
  it('counts data: and blob: as local and compares full origins (scheme, host and port)', () => {
    expect(isLocalUrl('data:text/plain,x', ORIGIN)).toBe(true);
    expect(isLocalUrl('blob:http://127.0.0.1:4173/abc', ORIGIN)).toBe(true);
    expect(isLocalUrl(`${ORIGIN}/x`, ORIGIN)).toBe(true);
    expect(isLocalUrl('/relative/path', ORIGIN)).toBe(true);
    expect(isLocalUrl('http://127.0.0.1:4174/x', ORIGIN)).toBe(false);
    expect(isLocalUrl('https://127.0.0.1:4173/x', ORIGIN)).toBe(false);
    expect(isLocalUrl('http://localhost:4173/x', ORIGIN)).toBe(false);
  });
});

describe('buildAudit', () => {
  const audit = buildAudit(input());

  it('counts every distinct off-origin URL, from the log and from the report', () => {
    // By hand: cdn.example (twice, counted once), the other port, and the report's tracker.
    expect(audit.network.offOrigin).toEqual([
      'https://cdn.example/lib.js',
      'http://127.0.0.1:4174/other-port',
      'https://tracker.example/p.gif',
    ]);
    expect(audit.network.offOriginCount).toBe(3);
    expect(audit.network.requests).toBe(6);
    expect(audit.network.log.map((r) => r.sameOrigin)).toEqual([true, true, true, false, false, false]);
  });

  it('lists each step with time, backend and rows; a source gets its table rows', () => {
    expect(audit.steps).toEqual([
      {
        id: 'people',
        op: 'load',
        status: 'ok',
        startedAt: '2025-06-01T10:00:00.100Z',
        ms: 12,
        rowsOut: 3,
        tables: [{ ref: 'people', rows: 3, columns: 2 }],
      },
      {
        id: 'ids',
        op: 'pseudonymise',
        status: 'ok',
        startedAt: '2025-06-01T10:00:00.200Z',
        ms: 31,
        rowsIn: 3,
        rowsOut: 3,
        tables: [{ ref: 'ids.data', rows: 3, columns: 2 }],
      },
      {
        id: 'churn',
        op: 'train-classifier',
        status: 'ok',
        startedAt: '2025-06-01T10:00:00.300Z',
        ms: 1500,
        backend: 'wasm',
        rowsIn: 3,
        rowsOut: 12,
        tables: [{ ref: 'churn.history', rows: 12, columns: 2 }],
      },
      {
        id: 'bad',
        op: 'rfm',
        status: 'error',
        startedAt: '2025-06-01T10:00:01.900Z',
        ms: 3,
        tables: [],
        error: "column 'cust' not found",
      },
    ]);
    expect(audit.status).toBe('error');
    expect(audit.app).toEqual({ name: 'custodian', version: '0.1.0' });
  });

  it('reads personal-data treatments from summary.treated and nothing else', () => {
    expect(audit.personalData).toEqual([
      { step: 'ids', column: 'email', action: 'hash' },
      { step: 'ids', column: 'age', action: 'generalise:band10' },
    ]);
    const failed = report();
    failed.steps.ids!.status = 'error';
    expect(personalDataTreatments(failed)).toEqual([]);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('auditHtml', () => {
  const html = auditHtml(buildAudit(input()));

  it('is self-contained: no script, no link, no image, no remote anything', () => {
    // Every tag in the page (escaped data is text, so it cannot show up here as a tag).
    const tags = [...html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)];
    const allowed = [
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'header',
      'h1',
      'h2',
      'div',
      'main',
      'section',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'p',
      'strong',
      'pre',
      'br',
    ];
    expect([...new Set(tags.map((t) => t[1]!.toLowerCase()))].filter((t) => !allowed.includes(t))).toEqual([]);
    expect(tags.filter((t) => /\b(src|href|action|srcset|on\w+)\s*=/i.test(t[2]!)).map((t) => t[0])).toEqual([]);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toMatch(/^<!doctype html>/);
  });

  it('escapes values from the data', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.csv');
  });

  it('shows the off-origin count, the fingerprints, steps and treatments', () => {
    expect(html).toContain('data-off-origin="3"');
    expect(html).toContain('<td class="hash">ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad</td>');
    expect(html).toContain('<td>pseudonymise</td>');
    expect(html).toContain('<td>generalise:band10</td>');
    expect(html).toContain('<td class="num">2.0 KiB</td>');
    expect(html.match(/<td class="bad">OTHER<\/td>/g)).toHaveLength(3);
  });

  it('says so when nothing was treated or exported', () => {
    const bare = auditHtml(buildAudit({ ...input(), outputs: [], report: { ...report(), steps: {} } }));
    expect(bare).toContain('No step treated any column as personal data');
    expect(bare).toContain('Nothing was stored or exported.');
  });
});
