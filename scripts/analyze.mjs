// Headless runner: `npm run analyze -- path/to/recipe.json --out outdir`
// Serves the built app on 127.0.0.1, drives headless Chromium through the same engine as the UI,
// and writes outdir/report.json plus outdir/<stepId>.<table>.csv for every table a step produced.
// Exits non-zero with a one-line reason on any failure, including any off-origin request.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { chromium } from '@playwright/test';
import { buildIfStale, serve } from './serve.mjs';
import { findChromium, CHROMIUM_ARGS, INSTALL_COMMAND } from './chromium.mjs';

function die(message, code = 1) {
  console.error(`custodian analyze: ${message}`);
  process.exit(code);
}

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const recipePath = args.find((a, i) => !a.startsWith('--') && i !== outAt + 1);
if (!recipePath || outAt < 0 || !args[outAt + 1]) die('usage: npm run analyze -- path/to/recipe.json --out outdir');
const outDir = resolve(args[outAt + 1]);

let recipe;
try {
  recipe = JSON.parse(readFileSync(recipePath, 'utf8'));
} catch (err) {
  die(`cannot read the recipe ${recipePath}: ${err.message.split('\n')[0]}`);
}
const sources = Array.isArray(recipe?.sources) ? recipe.sources : [];
const files = sources.map((s) => {
  const path = resolve(dirname(resolve(recipePath)), String(s?.file ?? ''));
  if (!existsSync(path) || !statSync(path).isFile()) die(`source '${s?.name}': file not found: ${path}`);
  return path;
});

const executablePath = findChromium();
if (!executablePath) die(`Chromium not found; install it with: ${INSTALL_COMMAND} (or set CHROMIUM_PATH)`);

buildIfStale();
const server = await serve({ port: 0 });
const origin = new URL(server.url).origin;
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const requests = [];
let exitCode = 0;
try {
  const context = await browser.newContext();
  // Context-level: sees requests from the page, its workers and nested workers.
  context.on('request', (r) => requests.push(r.url()));
  // Main-thread long tasks (> 50 ms) while the recipe runs: the UI must stay responsive.
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ at: performance.timeOrigin + e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => 'custodian' in window || '__custodian' in window);
  await page.evaluate(() => window.__custodian.ready);
  if (files.length) await page.setInputFiles('[data-testid=runner-files]', files);
  const runStart = await page.evaluate(() => performance.timeOrigin + performance.now());
  const report = await page.evaluate((r) => window.__custodian.run(r), recipe);
  if (!report) die(`the app did not produce a report${consoleErrors.length ? `: ${consoleErrors[0]}` : ''}`);
  const longTasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.at >= runStart);
  report.mainThread = {
    longTasks: longTasks.map((t) => ({ at: new Date(t.at).toISOString(), ms: Math.round(t.ms) })),
    maxLongTaskMs: Math.round(Math.max(0, ...longTasks.map((t) => t.ms))),
  };

  const offOrigin = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  report.egress = { offOrigin: [...new Set([...(report.egress?.offOrigin ?? []), ...offOrigin])], requests: requests.length, origin };
  report.environment = { ...report.environment, runner: 'headless Chromium', chromium: browser.version() };

  mkdirSync(outDir, { recursive: true });
  const sourceNames = new Set(sources.map((s) => s.name));
  const written = [];
  for (const [id, step] of Object.entries(report.steps ?? {})) {
    if (step.status !== 'ok' || sourceNames.has(id)) continue;
    for (const ref of Object.keys(step.tables ?? {})) {
      const csv = await page.evaluate((t) => window.__custodian.exportCsv(t), ref);
      writeFileSync(join(outDir, `${ref}.csv`), csv);
      written.push(`${ref}.csv`);
    }
  }
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);

  if (report.status !== 'ok') {
    console.error(`custodian analyze: ${report.error}`);
    exitCode = 1;
  } else if (report.egress.offOrigin.length > 0) {
    console.error(`custodian analyze: ${report.egress.offOrigin.length} off-origin request(s), first: ${report.egress.offOrigin[0]}`);
    exitCode = 2;
  } else {
    console.log(`custodian analyze: ok — ${Object.keys(report.steps).length} steps, wrote ${['report.json', ...written].join(', ')} to ${outDir}`);
  }
} catch (err) {
  console.error(`custodian analyze: ${String(err?.message ?? err).split('\n')[0]}`);
  exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
