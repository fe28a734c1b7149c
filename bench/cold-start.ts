/**
 * Cold start, as a user and the headless runner meet it: from navigation to `__custodian.ready`
 * resolved and a 1-row CSV loaded, in a fresh browser profile and then on a reload in the same
 * profile (service-worker cache, V8's WebAssembly code cache); and the runner's whole fixed cost
 * (`npm run analyze` on a 1-row recipe, build up to date). The reload is timed only once the
 * service worker has finished precaching, so it measures the cached app and not a half-filled cache.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { buildIfStale, serve } from '../scripts/serve.mjs';
import { findChromium, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

export interface ColdStart {
  /** Navigation → ready (ms, page clock), then → the 1-row CSV loaded. */
  first: { readyMs: number; loadedMs: number };
  reload: { readyMs: number; loadedMs: number };
  /** `npm run analyze` on a 1-row recipe, whole process (ms). */
  runnerMs: number;
}

declare global {
  interface Window {
    __coldReady?: number;
  }
}

/**
 * Records when `__custodian.ready` resolves (page clock), however late the bench asks. A string,
 * not a function: tsx's name helpers in a serialised function do not exist in the page.
 */
const MARK_READY = `(() => {
  let value;
  Object.defineProperty(window, '__custodian', {
    configurable: true,
    get: () => value,
    set: (v) => {
      value = v;
      Promise.resolve(v.ready).then(() => { window.__coldReady = performance.now(); });
    },
  });
})();`;

async function readyThenLoad(page: Page, csv: string): Promise<{ readyMs: number; loadedMs: number }> {
  await page.waitForFunction(() => window.__coldReady !== undefined, undefined, { polling: 20, timeout: 60_000 });
  await page.setInputFiles('[data-testid=runner-files]', csv);
  const loadedMs = await page.evaluate(async () => {
    const w = window as unknown as { __custodian: { run(r: unknown): Promise<{ status: string } | undefined> } };
    const report = await w.__custodian.run({ version: 1, sources: [{ name: 'one', file: 'one.csv' }], steps: [] });
    if (report?.status !== 'ok') throw new Error(`the 1-row CSV did not load: ${report?.status}`);
    return performance.now();
  });
  return { readyMs: await page.evaluate(() => window.__coldReady!), loadedMs };
}

/** Until the service worker is active and has every file of its precache list. */
async function precached(page: Page): Promise<void> {
  await page.waitForFunction(
    async () => {
      const reg = await navigator.serviceWorker.ready;
      const channel = new MessageChannel();
      const status = new Promise<{ cached: number; expected: number }>((resolve) => {
        channel.port1.onmessage = (e) => resolve(e.data);
      });
      reg.active!.postMessage({ type: 'custodian:sw-status' }, [channel.port2]);
      const s = await status;
      return s.cached >= s.expected && navigator.serviceWorker.controller !== null;
    },
    undefined,
    { polling: 100, timeout: 120_000 },
  );
}

/** `dist`: a build folder to serve instead of dist/ (a build of another commit, for before/after); the runner always runs dist/. */
export async function measureColdStart(root: string, dist?: string): Promise<ColdStart> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  const csv = join(dir, 'one.csv');
  writeFileSync(csv, 'customer_id,amount\nC1,9.5\n');
  const executablePath = findChromium();
  if (!executablePath) throw new Error('bench: Chromium not found');
  buildIfStale();
  const server = (await serve(dist ? { port: 0, root: dist } : { port: 0 })) as {
    url: string;
    close(): Promise<void> | void;
  };
  const profile = join(dir, 'profile');
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS });
    try {
      await context.addInitScript(MARK_READY);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.url}/`);
      const first = await readyThenLoad(page, csv);
      await precached(page);
      await page.reload();
      const reload = await readyThenLoad(page, csv);
      return { first, reload, runnerMs: runner(root, dir, csv) };
    } finally {
      await context.close();
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function runner(root: string, dir: string, csv: string): number {
  const recipe = join(dir, 'one.recipe.json');
  writeFileSync(recipe, JSON.stringify({ version: 1, sources: [{ name: 'one', file: csv }], steps: [] }));
  const t0 = performance.now();
  execFileSync(
    'node',
    [join(root, 'scripts/analyze.mjs'), recipe, '--out', join(dir, 'out'), '--allow-absolute-paths'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return performance.now() - t0;
}
