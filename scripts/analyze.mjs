// Headless runner: `npm run analyze -- path/to/recipe.json --out outdir [--tables a.b,c.d|all] [--allow-absolute-paths]`
// Serves the built app on 127.0.0.1, drives headless Chromium through the same engine as the UI,
// and writes outdir/report.json plus outdir/<stepId>.<table>.csv for the tables a step produced
// (all of them up to MAX_DEFAULT_TABLES, else those named with --tables; --tables all for every one),
// and the audit report beside them (audit.json, audit.html: inputs with SHA-256, steps, the
// request log; src/lib/privacy/audit.ts, the same functions as the app's Privacy view).
// Exits non-zero with a one-line reason on any failure, including any off-origin request.
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync, realpathSync, createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve, join, isAbsolute, relative, sep } from 'node:path';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { buildIfStale, serve } from './serve.mjs';
import { findChromium, CHROMIUM_ARGS, INSTALL_COMMAND } from './chromium.mjs';

// The app's own pure core, run here in Node: the recipe is checked before any file is read.
const core = (path) => tsImport(path, import.meta.url);
const [
  { validateRecipe },
  { parseRecipeText },
  { sourcePathProblem, ALLOW_ABSOLUTE_FLAG },
  { buildAudit },
  { auditHtml },
  { recipeSizeProblem },
] = await Promise.all([
  core('../src/lib/recipe/validate.ts'),
  core('../src/lib/recipe/recipe-text.ts'),
  core('../src/lib/privacy/source-path.ts'),
  core('../src/lib/privacy/audit.ts'),
  core('../src/lib/privacy/audit-html.ts'),
  core('../src/lib/recipe/limits.ts'),
]);
/** Past this many result tables, only those named with --tables are written (one CSV export each costs time). */
const MAX_DEFAULT_TABLES = 100;

function die(message, code = 1) {
  console.error(`custodian analyze: ${message}`);
  process.exit(code);
}

const USAGE = `usage: npm run analyze -- path/to/recipe.json --out outdir [--tables step.table,…|all] [${ALLOW_ABSOLUTE_FLAG}]`;
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const tablesAt = args.indexOf('--tables');
const allowAbsolute = args.includes(ALLOW_ABSOLUTE_FLAG);
const known = new Set(['--out', '--tables', ALLOW_ABSOLUTE_FLAG]);
const unknown = args.find((a) => a.startsWith('--') && !known.has(a));
if (unknown) die(`unknown option ${unknown}; ${USAGE}`);
const recipePath = args.find((a, i) => !a.startsWith('--') && i !== outAt + 1 && (tablesAt < 0 || i !== tablesAt + 1));
if (!recipePath || outAt < 0 || !args[outAt + 1]) die(USAGE);
if (tablesAt >= 0 && !args[tablesAt + 1]) die(`--tables needs a list (step.table,…) or all; ${USAGE}`);
const outDir = resolve(args[outAt + 1]);
/** undefined: the default (every table, up to MAX_DEFAULT_TABLES); 'all'; or the set of refs asked for. */
const tablesAsked =
  tablesAt < 0
    ? undefined
    : args[tablesAt + 1] === 'all'
      ? 'all'
      : new Set(
          args[tablesAt + 1]
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        );

let recipe;
try {
  const tooBig = existsSync(recipePath) && recipeSizeProblem(statSync(recipePath).size, recipePath);
  if (tooBig) die(tooBig);
  recipe = parseRecipeText(readFileSync(recipePath, 'utf8'));
} catch (err) {
  die(`cannot read the recipe ${recipePath}: ${err.message.split('\n')[0]}`);
}
try {
  validateRecipe(recipe);
} catch (err) {
  die(err.message);
}
const sources = recipe.sources ?? [];
const recipeDir = dirname(resolve(recipePath));
// Relative paths stay inside the recipe's folder, links included; URLs are refused (source-path.ts).
const files = sources.map((s) => {
  const problem = sourcePathProblem(s.file, { allowAbsolute });
  if (problem) die(`source '${s.name}': ${problem}`);
  const path = resolve(recipeDir, s.file);
  if (!existsSync(path) || !statSync(path).isFile()) die(`source '${s.name}': file not found: ${path}`);
  const inside = relative(realpathSync(recipeDir), realpathSync(path));
  if (!isAbsolute(s.file) && (inside.startsWith(`..${sep}`) || isAbsolute(inside))) {
    die(`source '${s.name}': '${s.file}' leads outside the recipe's folder through a link (to ${realpathSync(path)})`);
  }
  return path;
});

function sha256File(path) {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => done(hash.digest('hex')))
      .on('error', fail);
  });
}
const fingerprints = await Promise.all(
  sources.map(async (s, i) => ({
    source: s.name,
    name: files[i],
    bytes: statSync(files[i]).size,
    sha256: await sha256File(files[i]),
  })),
);

const executablePath = findChromium();
if (!executablePath) die(`Chromium not found; install it with: ${INSTALL_COMMAND} (or set CHROMIUM_PATH)`);

buildIfStale();
const server = await serve({ port: 0 });
const origin = new URL(server.url).origin;
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const requests = [];
/** The same requests with when, what and who, for the audit. */
const requestLog = [];
let exitCode = 0;
try {
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

  const offOrigin = requests.filter(
    (u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin,
  );
  report.egress = {
    offOrigin: [...new Set([...(report.egress?.offOrigin ?? []), ...offOrigin])],
    requests: requests.length,
    origin,
  };
  report.environment = { ...report.environment, runner: 'headless Chromium', chromium: browser.version() };

  mkdirSync(outDir, { recursive: true });
  const sourceNames = new Set(sources.map((s) => s.name));
  const written = [];
  const outputs = [];
  const produced = Object.entries(report.steps ?? {})
    .filter(([id, step]) => step.status === 'ok' && !sourceNames.has(id))
    .flatMap(([, step]) => Object.keys(step.tables ?? {}).map((ref) => ({ ref, step })));
  if (tablesAsked instanceof Set) {
    const missing = [...tablesAsked].filter((t) => !produced.some((p) => p.ref === t));
    if (missing.length) {
      console.error(
        `custodian analyze: --tables names ${missing.join(', ')}, which no step produced (tables: ${
          produced
            .map((p) => p.ref)
            .slice(0, 20)
            .join(', ') || 'none'
        })`,
      );
      exitCode = 1;
    }
  }
  const chosen =
    tablesAsked === 'all' || (tablesAsked === undefined && produced.length <= MAX_DEFAULT_TABLES)
      ? produced
      : tablesAsked instanceof Set
        ? produced.filter((p) => tablesAsked.has(p.ref))
        : [];
  if (tablesAsked === undefined && chosen.length < produced.length) {
    console.error(
      `custodian analyze: the recipe produced ${produced.length} tables, more than the ${MAX_DEFAULT_TABLES} written by default: ` +
        'none written as CSV; name those you want with --tables step.table,… (or --tables all)',
    );
  }
  for (const { ref, step } of chosen) {
    const csv = await page.evaluate((t) => window.__custodian.exportCsv(t), ref);
    writeFileSync(join(outDir, `${ref}.csv`), csv);
    written.push(`${ref}.csv`);
    outputs.push({
      kind: 'file',
      name: `${ref}.csv`,
      where: outDir,
      rows: step.tables[ref].rows,
      bytes: Buffer.byteLength(csv),
      at: new Date().toISOString(),
    });
  }
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  outputs.push({ kind: 'file', name: 'report.json', where: outDir });
  const audit = buildAudit({
    report,
    files: fingerprints,
    network: requestLog,
    outputs,
    origin,
    generatedAt: new Date().toISOString(),
    generatedBy: 'headless runner',
  });
  writeFileSync(join(outDir, 'audit.json'), `${JSON.stringify(audit, null, 2)}\n`);
  writeFileSync(join(outDir, 'audit.html'), auditHtml(audit));
  written.push('audit.json', 'audit.html');

  if (exitCode !== 0) {
    // already said why (a --tables name no step produced)
  } else if (report.status !== 'ok') {
    console.error(`custodian analyze: ${report.error}`);
    exitCode = 1;
  } else if (report.egress.offOrigin.length > 0) {
    console.error(
      `custodian analyze: ${report.egress.offOrigin.length} off-origin request(s), first: ${report.egress.offOrigin[0]}`,
    );
    exitCode = 2;
  } else {
    const files = ['report.json', ...written];
    const listed =
      files.length <= 30 ? files.join(', ') : `${files.slice(0, 10).join(', ')} … and ${files.length - 10} more files`;
    console.log(`custodian analyze: ok — ${Object.keys(report.steps).length} steps, wrote ${listed} to ${outDir}`);
  }
} catch (err) {
  console.error(`custodian analyze: ${String(err?.message ?? err).split('\n')[0]}`);
  exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
process.exit(exitCode);
