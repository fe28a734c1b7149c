/**
 * The one engine: the UI, the deep link and the headless runner all run recipes through here.
 * validate → load sources → for each step: resolve input, check columns, run op, record report.
 */
import { type DbConnector, countRows, tableColumns } from '../data/connector';
import { ident, tableRef } from '../data/sql';
import { OPS } from '../ops/registry';
import { loadSource } from '../ops/load';
import type { OpContext, StepInput, Trainer, UpstreamStep } from '../ops/types';
import type { Json } from '../core/json';
import type { OpPreview, Progress } from '../core/step';
import type { Secrets } from '../privacy/secrets';
import type { Recipe, Step } from './schema';
import type { Source } from '../data/source';
import { RecipeError, inStep, stepError } from '../core/errors';
import { toErrorInfo } from './error-info';
import type { Report, StepReport, TableInfo } from './report';
import { validateRecipe } from './validate';
import { fileFingerprint, stepBasis, stepDefinition } from './stages';
import { assertFiniteOutputs } from './finite';
import { abortStepRun, beginStepRun, commitStepRun } from './step-tables';
import { isCancellation } from '../ml/cancel';

export interface EngineOptions {
  db: DbConnector;
  trainer?: Trainer;
  /** Secrets for ops that need them (`pseudonymise`), handed to ops as `OpContext.secrets`. */
  secrets?: Secrets;
  /** New files for sources, by source name: each is loaded, replacing the table of that name. */
  files?: Record<string, Blob>;
  /**
   * Files loaded before (the session's), by source name: a source with one is loaded from it only
   * when its table is missing, so a file is read once however many steps run on it.
   */
  kept?: Record<string, Blob>;
  /** Fetch a source that has no file in `files` (deep link: same-origin URL). */
  fetchSource?(source: Source): Promise<Blob>;
  /** Run only these step ids; sources without a file are then reused if already loaded. */
  only?: string[];
  onProgress?(p: Progress): void;
  signal?: AbortSignal;
  environment?: Record<string, Json>;
  appVersion?: string;
  /** Reports of steps run before (the session's), so an op sees upstream summaries in a partial run. */
  earlier?: Record<string, StepReport>;
}

export async function runRecipe(input: unknown, opts: EngineOptions): Promise<Report> {
  const t0 = performance.now();
  const report: Report = {
    app: { name: 'custodian', version: opts.appVersion ?? '0.0.0' },
    status: 'ok',
    recipe: input,
    environment: { ...opts.environment },
    startedAt: new Date().toISOString(),
    ms: 0,
    steps: {},
    egress: { offOrigin: [] },
  };
  const fail = (message: string) => {
    if (report.status === 'ok') report.error = message;
    report.status = 'error';
  };
  /** A cancel is not a failure: the report says so unless something failed first. */
  const settle = (entry: StepReport) => {
    if (entry.status === 'error') fail(entry.error!.message);
    else if (entry.status === 'cancelled' && report.status === 'ok') report.status = 'cancelled';
  };
  const signal = opts.signal ?? new AbortController().signal;
  const ctxFor = (step: string): OpContext => ({
    db: opts.db,
    trainer: opts.trainer,
    secrets: opts.secrets,
    signal,
    progress: (p) => opts.onProgress?.({ ...p, step }),
  });

  let valid;
  try {
    valid = validateRecipe(input);
  } catch (err) {
    fail(toErrorInfo(err).message);
    report.ms = performance.now() - t0;
    return report;
  }
  const { recipe, params } = valid;
  report.recipe = recipe;

  for (const source of recipe.sources) {
    if (report.status !== 'ok') break;
    // A loaded table is reused unless a new file is given for it; a full run re-fetches URL sources.
    const given = opts.files?.[source.name];
    const kept = opts.kept?.[source.name];
    if (!given && (opts.only || kept) && (await tableExists(opts.db, ident(source.name)))) {
      // The report keeps saying which file the table holds (its readers' staleness compares it).
      const before = opts.earlier?.[source.name];
      if (before) report.steps[source.name] = before;
      continue;
    }
    let fingerprint: string | undefined;
    const entry = await timed('load', async () => {
      const file = given ?? kept ?? (await opts.fetchSource?.(source));
      if (!file) throw new RecipeError(`source '${source.name}': no file was given for '${source.file}'`, source.name);
      fingerprint = fileFingerprint(file, source.file);
      const res = await loadSource(ctxFor(source.name), source, file);
      return { summary: res.summary, tables: await describe(opts.db, { [source.name]: ident(source.name) }) };
    });
    report.steps[source.name] = {
      ...cancelled(named(entry, `source '${source.name}'`), signal, `source '${source.name}'`),
      fingerprint,
    };
    settle(report.steps[source.name]!);
  }

  for (const step of recipe.steps) {
    if (opts.only && !opts.only.includes(step.id)) continue;
    if (report.status !== 'ok' || signal.aborted) {
      const stopped = report.status === 'cancelled' || (report.status === 'ok' && signal.aborted);
      report.steps[step.id] = {
        op: step.op,
        status: 'skipped',
        startedAt: new Date().toISOString(),
        ms: 0,
        tables: {},
        error: { name: 'Skipped', message: stopped ? 'cancelled' : 'an earlier step failed' },
      };
      if (stopped) report.status = 'cancelled';
      continue;
    }
    const op = OPS[step.op]!;
    // What the tables it reads were made from, before it runs (compared later by stageStates).
    const basis = stepBasis(recipe, step, { ...opts.earlier, ...report.steps });
    const entry = await timed(step.op, async () => {
      const { stepInput, rowsIn } = await prepareStep(opts.db, recipe.steps, step, params.get(step.id), recipe.roles);
      stepInput.upstream = upstreamSteps(recipe.steps, step, params, { ...opts.earlier, ...report.steps });
      // The op writes into a fresh schema; the step's tables are replaced only once it succeeds.
      const run = await beginStepRun(opts.db, step.id);
      let res;
      let tables: Record<string, TableInfo>;
      try {
        res = await op
          .run(ctxFor(step.id), { ...stepInput, schema: run, schemaSql: ident(run) }, params.get(step.id) as never)
          .catch((err: unknown) => {
            throw inStep(err, step.id);
          });
        signal.throwIfAborted();
        // A non-finite output fails the step before it replaces the previous run's tables.
        // It also reads each table's row count and columns for the report (the views show the same).
        tables = await assertFiniteOutputs(
          opts.db,
          step.id,
          Object.fromEntries(res.tables.map((t) => [`${step.id}.${t}`, `${ident(run)}.${ident(t)}`])),
        );
        await commitStepRun(opts.db, step.id, run);
      } catch (err) {
        await abortStepRun(opts.db, run).catch(() => undefined);
        throw err;
      }
      const primary = tables[`${step.id}.${res.tables[0]}`];
      return { summary: res.summary, tables, rowsIn, rowsOut: primary?.rows, backend: res.backend };
    });
    report.steps[step.id] = {
      ...cancelled(named(entry, `step '${step.id}'`), signal, `step '${step.id}'`),
      definition: stepDefinition(step),
      basis,
    };
    settle(report.steps[step.id]!);
  }
  report.ms = performance.now() - t0;
  return report;
}

/** Resolve a step's input table and check every column its params name. */
async function prepareStep(
  db: DbConnector,
  steps: Step[],
  step: Step,
  params: unknown,
  roles?: Recipe['roles'],
): Promise<{ stepInput: StepInput; rowsIn?: number }> {
  const op = OPS[step.op]!;
  const stepInput: StepInput = { id: step.id, schema: step.id, schemaSql: ident(step.id) };
  if (!op.needsInput || !step.input) return { stepInput };
  const ref = step.input.includes('.') ? step.input : primaryRef(step.input, steps);
  stepInput.inputSql = tableRef(ref);
  stepInput.inputColumns = await tableColumns(db, stepInput.inputSql).catch(() => {
    throw stepError(step.id, 'input', `table '${ref}' does not exist (run the step that makes it first)`);
  });
  const names = stepInput.inputColumns.map((c) => c.name);
  stepInput.roles = lineageRoles(roles, steps, ref, names);
  for (const [field, column] of op.columnParams?.(params as never) ?? []) {
    if (column !== undefined && !names.includes(column)) {
      throw stepError(step.id, field, `column '${column}' not found in '${ref}' (columns: ${names.join(', ')})`);
    }
  }
  return { stepInput, rowsIn: await countRows(db, stepInput.inputSql) };
}

/**
 * What one step of a recipe would do, without creating anything. The step's input must exist
 * (earlier steps already run).
 */
export async function previewStep(
  input: unknown,
  stepId: string,
  opts: Pick<EngineOptions, 'db' | 'onProgress' | 'signal'>,
): Promise<OpPreview> {
  const { recipe, params } = validateRecipe(input);
  const step = recipe.steps.find((s) => s.id === stepId);
  if (!step) throw new RecipeError(`no step '${stepId}' in the recipe`);
  const op = OPS[step.op]!;
  if (!op.preview) throw stepError(step.id, 'op', `op '${step.op}' has no preview`);
  const { stepInput } = await prepareStep(opts.db, recipe.steps, step, params.get(step.id), recipe.roles);
  return op.preview(
    {
      db: opts.db,
      signal: opts.signal ?? new AbortController().signal,
      progress: (p) => opts.onProgress?.({ ...p, step: step.id }),
    },
    stepInput,
    params.get(step.id) as never,
  );
}

/** An error the op did not word itself (DuckDB's, say) still names the step or source it came from. */
function named(entry: StepReport, what: string): StepReport {
  const error = entry.error;
  if (entry.status !== 'error' || !error || error.name === 'RecipeError' || error.message.startsWith(what))
    return entry;
  entry.error = { ...error, message: `${what}: ${error.message}` };
  return entry;
}

/**
 * A step that stopped because the user cancelled is `cancelled`, not an error, and says so rather
 * than quoting the interrupted query or training call.
 */
function cancelled(entry: StepReport, signal: AbortSignal, what: string): StepReport {
  if (entry.status !== 'error' || !(signal.aborted || isCancellation(entry.error))) return entry;
  return { ...entry, status: 'cancelled', error: { name: 'Cancelled', message: `${what}: cancelled` } };
}

type StepOutcome = Partial<Pick<StepReport, 'summary' | 'tables' | 'rowsIn' | 'rowsOut' | 'backend'>>;

async function timed(op: string, work: () => Promise<StepOutcome>): Promise<StepReport> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  try {
    const out = await work();
    return { op, status: 'ok', startedAt, ms: performance.now() - t0, tables: {}, ...out };
  } catch (err) {
    return { op, status: 'error', startedAt, ms: performance.now() - t0, tables: {}, error: toErrorInfo(err) };
  }
}

/**
 * Roles of table `ref`: those the recipe sets on it, then those of the table its step read, and
 * so on back to a source, keeping only roles of columns the table still has (nearest wins).
 */
export function lineageRoles(
  roles: Recipe['roles'],
  steps: Step[],
  ref: string,
  columns: string[],
): Record<string, string> | undefined {
  if (!roles) return undefined;
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (let at: string | undefined = ref; at && !seen.has(at);) {
    seen.add(at);
    for (const [column, role] of Object.entries(roles[at] ?? roles[at.split('.')[0]!] ?? {})) {
      if (columns.includes(column) && !(column in out)) out[column] = role;
    }
    const step = steps.find((s) => s.id === at!.split('.')[0]);
    at = step?.input;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The chain of steps behind `step`'s input, nearest first (e.g. a model's transform and features steps). */
function upstreamSteps(
  steps: Step[],
  step: Step,
  params: Map<string, unknown>,
  reports: Record<string, StepReport>,
): UpstreamStep[] {
  const out: UpstreamStep[] = [];
  const seen = new Set<string>();
  for (let at = step.input?.split('.')[0]; at && !seen.has(at);) {
    seen.add(at);
    const s = steps.find((x) => x.id === at);
    if (!s) break;
    const r = reports[s.id];
    out.push({
      id: s.id,
      op: s.op,
      input: s.input,
      params: params.get(s.id) ?? s.params,
      summary: r?.status === 'ok' && r.op === s.op ? r.summary : undefined,
    });
    at = s.input?.split('.')[0];
  }
  return out;
}

/** `rfm1` → `rfm1.rfm` (a step's primary table); a source name stays as is. */
function primaryRef(ref: string, steps: { id: string; op: string }[]): string {
  const step = steps.find((s) => s.id === ref);
  return step ? `${ref}.${OPS[step.op]!.primaryTable}` : ref;
}

async function tableExists(db: DbConnector, sql: string): Promise<boolean> {
  return tableColumns(db, sql).then(
    () => true,
    () => false,
  );
}

async function describe(db: DbConnector, refs: Record<string, string>): Promise<Record<string, TableInfo>> {
  const out: Record<string, TableInfo> = {};
  for (const [ref, sql] of Object.entries(refs)) {
    out[ref] = { rows: await countRows(db, sql), columns: await tableColumns(db, sql) };
  }
  return out;
}
