// The headless runner's browser engine: serves the built app on 127.0.0.1 and drives headless
// Chromium through the same engine as the UI (`window.__custodian`), logging every request its
// browser makes. scripts/analyze.mjs does the rest (options, checks, report, audit).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { chromium } from '@playwright/test';
import { buildIfStale, serve } from './serve.mjs';
import { findChromium, CHROMIUM_ARGS, INSTALL_COMMAND } from './chromium.mjs';
import { sampleTree } from './proc-memory.mjs';

/** Rows per CSV chunk fetched from the page: a table of any size never crosses as one string. */
const CHUNK_ROWS = 100_000;

/**
 * Start the server and the browser; `fail(message)` ends the process with a one-line reason.
 * `files` are the source paths in the order of the recipe's sources.
 */
export async function browserEngine({ files, fail }) {
  const executablePath = findChromium();
  if (!executablePath) fail(`Chromium not found; install it with: ${INSTALL_COMMAND} (or set CHROMIUM_PATH)`);
  buildIfStale();
  const server = await serve({ port: 0 });
  const origin = new URL(server.url).origin;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const requests = [];
  /** The same requests with when, what and who, for the audit. */
  const requestLog = [];
  let page;
  return {
    name: `headless Chromium ${browser.version()}`,
    origin,
    requestLog,
    async run(recipe) {
      // No service worker: each run is a fresh profile on a fresh port, so precaching the whole app
      // (56 MB) would only compete with the recipe for a cache nobody reads again.
      const context = await browser.newContext({ serviceWorkers: 'block' });
      // Context-level: sees requests from the page, its workers and nested workers.
      context.on('request', (r) => {
        requests.push(r.url());
        requestLog.push({
          url: r.url(),
          at: new Date().toISOString(),
          seenBy: r.serviceWorker() ? 'browser (service worker)' : 'browser',
          kind: r.resourceType(),
        });
      });
      // Main-thread long tasks (> 50 ms) while the recipe runs: the UI must stay responsive.
      await context.addInitScript(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            window.__longTasks.push({ at: performance.timeOrigin + e.startTime, ms: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      });
      page = await context.newPage();
      const consoleErrors = [];
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => 'custodian' in window || '__custodian' in window);
      await page.evaluate(() => window.__custodian.ready);
      if (files.length) await page.setInputFiles('[data-testid=runner-files]', files);
      const runStart = await page.evaluate(() => performance.timeOrigin + performance.now());
      // The renderer and GPU processes Playwright started under this process carry the tab's memory
      // (DuckDB-WASM's heap is in a renderer).
      const memory = sampleTree(process.pid, (cmd) => /--type=(renderer|gpu-process)/.test(cmd));
      let measured;
      const report = await page
        .evaluate((r) => window.__custodian.run(r), recipe)
        .finally(() => {
          measured = memory.stop();
        });
      if (!report) fail(`the app did not produce a report${consoleErrors.length ? `: ${consoleErrors[0]}` : ''}`);
      const duck = await page
        .evaluate(async () => ({ duckdbBytes: await window.__custodian.duckdbBytes() }))
        .catch((e) => ({ duckdbBytes: null, error: String(e?.message ?? e) }));
      if (duck.error) console.error(`custodian analyze: duckdb_memory() not read: ${duck.error}`);
      report.memory = {
        peakRendererRssBytes: measured.peakRssBytes,
        rendererHwmBytes: measured.hwmBytes,
        duckdbBytes: duck?.duckdbBytes ?? null,
        how: 'renderer + GPU processes of headless Chromium: summed VmRSS sampled every 0.5 s (peak) and summed VmHWM, from /proc; duckdb_memory() after the run',
      };
      const longTasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.at >= runStart);
      report.mainThread = {
        longTasks: longTasks.map((t) => ({ at: new Date(t.at).toISOString(), ms: Math.round(t.ms) })),
        maxLongTaskMs: Math.round(Math.max(0, ...longTasks.map((t) => t.ms))),
      };
      const offOrigin = requests.filter(
        (u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin,
      );
      report.egress = {
        offOrigin: [...new Set([...(report.egress?.offOrigin ?? []), ...offOrigin])],
        requests: requests.length,
        origin,
      };
      report.environment = {
        ...report.environment,
        runner: 'headless Chromium',
        chromium: browser.version(),
        engine: `DuckDB-WASM ${report.environment?.duckdb ?? ''} in headless Chromium ${browser.version()}`,
      };
      return report;
    },
    /**
     * Table `ref` (of `rows` rows) as CSV into `path`, `CHUNK_ROWS` rows per round trip to the page,
     * appended to one write stream; the first `maxRows` rows only when given.
     */
    async writeCsv(ref, path, rows, maxRows) {
      const want = maxRows === undefined ? rows : Math.min(rows, maxRows);
      const csv = (offset, limit) =>
        page.evaluate(([t, o, l]) => window.__custodian.exportCsvRows(t, o, l), [ref, offset, limit]);
      // Every chunk starts with the header row: written once, cut from the others.
      const header = await csv(0, 0);
      const out = createWriteStream(path);
      const closed = once(out, 'close');
      let bytes = 0;
      const write = async (text) => {
        bytes += Buffer.byteLength(text);
        if (!out.write(text)) await once(out, 'drain');
      };
      try {
        await write(header);
        for (let offset = 0; offset < want; offset += CHUNK_ROWS) {
          const text = await csv(offset, Math.min(CHUNK_ROWS, want - offset));
          if (!text.startsWith(header)) throw new Error(`${ref}: a CSV chunk came back without the table's header row`);
          await write(text.slice(header.length));
        }
      } finally {
        out.end();
        await closed;
      }
      return { rows: want, bytes };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
