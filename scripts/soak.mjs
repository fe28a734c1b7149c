// Soak: `npm run soak [-- --runs 50] [--recipe public/samples/offline.recipe.json]`
// Serves the built app, opens one headless Chromium tab and runs the recipe (its files from the
// recipe's folder) again and again in that tab, through the same hook as the headless runner.
// Every run must succeed with the first run's key figures (those a reopened project compares).
// After a forced GC in the page and in every worker, it reads the JS heap of the page and its
// workers, DuckDB's memory (duckdb_memory()) and the training worker's tensor count at run 10 and
// at the last run, and fails when the last run's exceed run 10's by more than 5%.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { buildIfStale, serve } from './serve.mjs';
import { findChromium, CHROMIUM_ARGS, INSTALL_COMMAND } from './chromium.mjs';

const { diffMetrics } = await tsImport('../src/lib/report/metrics.ts', import.meta.url);

function die(message) {
  console.error(`custodian soak: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(arg('--runs', '50'));
const recipePath = resolve(arg('--recipe', 'public/samples/offline.recipe.json'));
const MEASURE_AT = 10;
const TOLERANCE = 0.05;
if (!Number.isInteger(runs) || runs < MEASURE_AT) die(`--runs must be a whole number of at least ${MEASURE_AT}`);
const recipe = JSON.parse(readFileSync(recipePath, 'utf8'));
const files = recipe.sources.map((s) => resolve(dirname(recipePath), s.file));

const executablePath = findChromium();
if (!executablePath) die(`Chromium not found; install it with: ${INSTALL_COMMAND} (or set CHROMIUM_PATH)`);

/**
 * JS heap in use of every dedicated worker, after a GC, through the page's DevTools session
 * (Playwright gives no CDP session for a worker): auto-attach, then talk to each over the page's.
 */
async function workerHeaps(cdp) {
  const targets = [];
  const onAttach = (e) => targets.push(e);
  cdp.on('Target.attachedToTarget', onAttach);
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await new Promise((done) => setTimeout(done, 500));
  cdp.off('Target.attachedToTarget', onAttach);
  let seq = 0;
  const pending = new Map();
  const onMessage = (e) => {
    const m = JSON.parse(e.message);
    pending.get(m.id)?.(m.result ?? {});
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  const call = (sessionId, method) =>
    new Promise((done) => {
      const id = ++seq;
      pending.set(id, done);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) });
    });
  const out = {};
  for (const t of targets.filter((x) => x.targetInfo.type === 'worker')) {
    await call(t.sessionId, 'HeapProfiler.collectGarbage');
    const usage = await call(t.sessionId, 'Runtime.getHeapUsage');
    out[t.targetInfo.title || t.targetInfo.url] = usage.usedSize ?? 0;
    await cdp.send('Target.detachFromTarget', { sessionId: t.sessionId }).catch(() => undefined);
  }
  cdp.off('Target.receivedMessageFromTarget', onMessage);
  await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false, flatten: false });
  return out;
}

async function measure(page, cdp) {
  // Twice: what one collection frees can let a second free more (finalizers, weak maps).
  for (let i = 0; i < 2; i++) {
    for (const w of page.workers()) await w.evaluate(() => globalThis.gc?.()).catch(() => undefined);
    await page.evaluate(() => globalThis.gc());
  }
  const workers = await workerHeaps(cdp);
  const page_ = await page.evaluate(async () => ({
    heap: performance.memory.usedJSHeapSize,
    ...(await window.__custodian.memory()),
  }));
  const workersHeap = Object.values(workers).reduce((a, b) => a + b, 0);
  return {
    jsHeap: page_.heap + workersHeap,
    pageHeap: page_.heap,
    workers,
    duckdb: page_.duckdbBytes,
    tensors: page_.tensors,
  };
}

const mib = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;

buildIfStale();
const server = await serve({ port: 0 });
const browser = await chromium.launch({
  executablePath,
  args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', '--enable-precise-memory-info'],
});
let exitCode = 0;
try {
  const page = await (await browser.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => '__custodian' in window);
  await page.evaluate(() => window.__custodian.ready);
  await page.setInputFiles('[data-testid=runner-files]', files);
  const cdp = await page.context().newCDPSession(page);
  let first;
  const at = {};
  const times = [];
  for (let run = 1; run <= runs; run++) {
    const t0 = Date.now();
    const report = await page.evaluate((r) => window.__custodian.run(r), recipe);
    times.push(Date.now() - t0);
    if (!report) die(`run ${run}: no report${errors.length ? ` (${errors[0]})` : ''}`);
    if (report.status !== 'ok') die(`run ${run}: ${report.error}`);
    if (!first) first = report;
    const changed = diffMetrics(first, report).filter((c) => !c.same);
    if (changed.length)
      die(
        `run ${run}: ${changed.length} key figures differ from run 1, first: ${changed[0].step} ${changed[0].metric} ${changed[0].before} → ${changed[0].after}`,
      );
    // Every tenth run too, so that a long soak shows its trend on the way.
    if (run % MEASURE_AT === 0 || run === runs) {
      at[run] = await measure(page, cdp);
      const m = at[run];
      console.log(
        `run ${run}: JS heap ${mib(m.jsHeap)} (page ${mib(m.pageHeap)}, workers ${Object.entries(m.workers)
          .map(([k, v]) => `${k} ${mib(v)}`)
          .join(', ')}), duckdb_memory() ${mib(m.duckdb)}, tensors ${m.tensors}`,
      );
    } else {
      console.log(
        `run ${run}: ok in ${(times.at(-1) / 1000).toFixed(1)} s, ${diffMetrics(first, report).length} key figures as run 1`,
      );
    }
  }
  const [a, b] = [at[MEASURE_AT], at[runs]];
  const grew = [
    ['JS heap', a.jsHeap, b.jsHeap],
    ['duckdb_memory()', a.duckdb, b.duckdb],
    ['tensors', a.tensors, b.tensors],
  ]
    .filter(([, x, y]) => y > x * (1 + TOLERANCE))
    .map(([what, x, y]) => `${what} ${x} → ${y} (+${(((y - x) / Math.max(x, 1)) * 100).toFixed(1)}%)`);
  const median = [...times].sort((x, y) => x - y)[Math.floor(times.length / 2)];
  if (grew.length) {
    console.error(`custodian soak: memory grew from run ${MEASURE_AT} to run ${runs}: ${grew.join('; ')}`);
    exitCode = 1;
  } else {
    console.log(
      `custodian soak: ok — ${runs} runs in one tab (median ${(median / 1000).toFixed(1)} s), identical key figures, memory at run ${runs} within ${TOLERANCE * 100}% of run ${MEASURE_AT}`,
    );
  }
} catch (err) {
  console.error(`custodian soak: ${String(err?.message ?? err).split('\n')[0]}`);
  exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
