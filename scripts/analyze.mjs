// Headless runner: `npm run analyze -- path/to/recipe.json --out outdir [--tables a.b,c.d|all]
//   [--max-rows N] [--engine browser|native] [--threads N] [--allow-absolute-paths]`
// Runs a recipe through the app's engine and writes outdir/report.json, outdir/<stepId>.<table>.csv
// for the tables a step produced (all of them up to MAX_DEFAULT_TABLES, else those named with
// --tables; --tables all for every one; each cut to its first N rows with --max-rows N), and the
// audit report beside them (audit.json, audit.html: inputs with SHA-256, steps, the network log;
// src/lib/privacy/audit.ts, the same functions as the app's Privacy view).
// Two engines, the same ops: `browser` (the default) serves the built app on 127.0.0.1 and drives
// headless Chromium (runner-browser.mjs); `native` runs in this Node process on native DuckDB and
// TF.js's WASM backend behind a guard on Node's network modules (src/native/).
// Exits non-zero with a one-line reason on any failure; 2 on any off-origin request (browser) or
// any attempt to use the network (native).
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync, realpathSync, createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve, join, isAbsolute, relative, sep } from 'node:path';
import { tsImport } from 'tsx/esm/api';

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
const APP_VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

function die(message, code = 1) {
  console.error(`custodian analyze: ${message}`);
  process.exit(code);
}

const USAGE =
  'usage: npm run analyze -- path/to/recipe.json --out outdir [--tables step.table,…|all] [--max-rows N] ' +
  `[--engine browser|native] [--threads N] [${ALLOW_ABSOLUTE_FLAG}]`;
const args = process.argv.slice(2);
/** Options that take a value, and where each is (-1 when absent). */
const valued = ['--out', '--tables', '--max-rows', '--engine', '--threads'];
const at = Object.fromEntries(valued.map((o) => [o, args.indexOf(o)]));
const valueOf = (o) => (at[o] >= 0 ? args[at[o] + 1] : undefined);
const allowAbsolute = args.includes(ALLOW_ABSOLUTE_FLAG);
const known = new Set([...valued, ALLOW_ABSOLUTE_FLAG]);
const unknown = args.find((a, i) => a.startsWith('--') && !known.has(a) && !valued.some((o) => at[o] === i - 1));
if (unknown) die(`unknown option ${unknown}; ${USAGE}`);
const recipePath = args.find((a, i) => !a.startsWith('--') && !valued.some((o) => at[o] >= 0 && i === at[o] + 1));
if (!recipePath || !valueOf('--out')) die(USAGE);
for (const o of valued) if (at[o] >= 0 && !valueOf(o)) die(`${o} needs a value; ${USAGE}`);
const outDir = resolve(valueOf('--out'));
const engineName = valueOf('--engine') ?? 'browser';
if (engineName !== 'browser' && engineName !== 'native') die(`--engine is browser or native, not '${engineName}'`);
/** A whole number ≥ 1 from option `o`, or undefined when it is absent. */
function count(o) {
  const text = valueOf(o);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) die(`${o} needs a whole number of at least 1, not '${text}'`);
  return Number(text);
}
const maxRows = count('--max-rows');
const threads = count('--threads');
if (threads !== undefined && engineName !== 'native')
  die('--threads is for --engine native (DuckDB-WASM has one thread)');
/** undefined: the default (every table, up to MAX_DEFAULT_TABLES); 'all'; or the set of refs asked for. */
const tablesAsked =
  valueOf('--tables') === undefined
    ? undefined
    : valueOf('--tables') === 'all'
      ? 'all'
      : new Set(
          valueOf('--tables')
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

mkdirSync(outDir, { recursive: true });
const engine = engineName === 'native' ? await nativeEngine() : await browser();

/** The browser engine, with its request log for the audit. */
async function browser() {
  const { browserEngine } = await import('./runner-browser.mjs');
  const e = await browserEngine({ files, fail: die });
  return {
    ...e,
    network: () => ({ origin: e.origin, log: e.requestLog }),
    writeCsv: (ref, path, rows) => e.writeCsv(ref, path, rows, maxRows),
  };
}

/**
 * The native engine, behind the network guard: it goes up before DuckDB, TF.js or the engine is
 * imported, and every attempt it refuses fails the run.
 */
async function nativeEngine() {
  const { installNetGuard } = await core('../src/native/net-guard.ts');
  const guard = installNetGuard();
  const { nativeEngine: start } = await core('../src/native/runner.ts');
  const e = await start({
    files: Object.fromEntries(sources.map((s, i) => [s.name, files[i]])),
    outDir,
    threads,
    appVersion: APP_VERSION,
  });
  const origin = 'none: the native runner serves nothing and may reach nothing';
  return {
    name: e.name,
    async run(r) {
      const report = await e.run(r);
      const tried = guard.attempts.map((a) => `${a.api} ${a.target}`);
      report.egress = {
        offOrigin: [...new Set([...(report.egress?.offOrigin ?? []), ...tried])],
        requests: tried.length,
        origin,
      };
      report.environment = { ...report.environment, networkGuard: guard.describe() };
      // This Node process is the engine: its peak resident set (ru_maxrss) covers DuckDB's memory.
      report.memory = {
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        duckdbBytes: await e.duckdbBytes(),
        how: "the Node process's peak resident set (ru_maxrss); duckdb_memory() after the run",
      };
      return report;
    },
    writeCsv: (ref, path) => e.writeCsv(ref, path, maxRows),
    network: () => ({
      origin,
      guard: guard.describe(),
      log: guard.attempts.map((a) => ({
        url: a.target,
        at: a.at,
        seenBy: 'Node network guard',
        kind: a.api,
        servedBy: 'refused',
      })),
    }),
    async close() {
      e.close();
      guard.uninstall();
    },
  };
}

let exitCode = 0;
try {
  const report = await engine.run(recipe);
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
  /** What the report says of each CSV: its rows, and whether --max-rows cut it. */
  const csvs = {};
  for (const { ref, step } of chosen) {
    const total = step.tables[ref].rows;
    const { rows, bytes } = await engine.writeCsv(ref, join(outDir, `${ref}.csv`), total);
    const capped = rows < total;
    csvs[ref] = { file: `${ref}.csv`, rows, ...(capped ? { capped: true, of: total } : {}) };
    written.push(`${ref}.csv`);
    outputs.push({
      kind: 'file',
      name: `${ref}.csv`,
      where: outDir,
      rows,
      bytes,
      at: new Date().toISOString(),
      ...(capped ? { note: `first ${rows} of ${total} rows (--max-rows ${maxRows})` } : {}),
    });
  }
  report.csv = { ...(maxRows !== undefined ? { maxRows } : {}), tables: csvs };
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  outputs.push({ kind: 'file', name: 'report.json', where: outDir });
  const network = engine.network();
  const audit = buildAudit({
    report,
    files: fingerprints,
    network: network.log,
    outputs,
    origin: network.origin,
    guard: network.guard,
    engine: report.environment?.engine ?? engine.name,
    generatedAt: new Date().toISOString(),
    generatedBy: engineName === 'native' ? 'headless runner (native engine)' : 'headless runner',
  });
  writeFileSync(join(outDir, 'audit.json'), `${JSON.stringify(audit, null, 2)}\n`);
  writeFileSync(join(outDir, 'audit.html'), auditHtml(audit));
  written.push('audit.json', 'audit.html');

  if (exitCode !== 0) {
    // already said why (a --tables name no step produced)
  } else if (engineName === 'native' && report.egress.offOrigin.length > 0) {
    // A refused attempt usually fails its step too: the attempt is the reason that matters.
    console.error(
      `custodian analyze: ${report.egress.offOrigin.length} attempt(s) to use the network, first: ${report.egress.offOrigin[0]}`,
    );
    exitCode = 2;
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
  await engine.close();
}
process.exit(exitCode);
