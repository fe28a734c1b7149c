/**
 * The seven stages of a customer-behaviour analysis, the ops that belong to each, and what is
 * done, stale or failed in a recipe's report. A step is stale when what made its tables differs
 * from what the recipe and the loaded files say now: the step itself was edited (or undone to
 * another version) since it ran, or a table it reads — its input, or a table named in its params
 * (itemTable, labelTable, reference, …) — was since made by another definition of its step, from
 * another file (name, size, last modified), or no longer has a result. Re-running a step with the
 * same definition on the same files changes nothing, so its readers stay current: staleness is
 * judged by what was computed from, never by when.
 */
import type { Recipe } from './schema';
import type { Report, StepReport } from './report';

/** In order; their titles and hints are UI text (src/i18n, `shell.stages`). */
export const STAGES = [
  { id: 'prepare' },
  { id: 'explore' },
  { id: 'features' },
  { id: 'train' },
  { id: 'test' },
  { id: 'apply' },
  { id: 'monitor' },
] as const;

export type StageId = (typeof STAGES)[number]['id'];

const OP_STAGE: Record<string, StageId> = {
  profile: 'prepare',
  sql: 'prepare',
  filter: 'prepare',
  dedupe: 'prepare',
  'drop-missing': 'prepare',
  impute: 'prepare',
  outliers: 'prepare',
  cast: 'prepare',
  trim: 'prepare',
  'parse-date': 'prepare',
  derive: 'prepare',
  pseudonymise: 'prepare',
  'k-anonymity': 'prepare',
  rfm: 'explore',
  cohorts: 'explore',
  funnel: 'explore',
  clv: 'explore',
  sequences: 'explore',
  paths: 'explore',
  features: 'features',
  transform: 'features',
  select: 'features',
  pca: 'features',
  'assoc-rules': 'train',
  graph: 'train',
  kmeans: 'train',
  dbscan: 'train',
  'rule-induction': 'train',
  recommend: 'train',
  'train-classifier': 'train',
  'train-ncf': 'train',
  'train-ranker': 'train',
  'train-sequence': 'train',
  'evaluate-recs': 'test',
  fairness: 'test',
  score: 'apply',
  drift: 'monitor',
  anomalies: 'monitor',
};

export function stageOf(op: string): StageId {
  return OP_STAGE[op] ?? 'train';
}

/** Params that change no table a step makes: `save` only names the model in this browser's registry. */
const NOT_COMPUTED = new Set(['save']);

const sorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : v;

/** A step's op, input and params as one string with sorted keys: equal strings, same step. */
export function stepText(step: Recipe['steps'][number]): string {
  return JSON.stringify(sorted({ op: step.op, input: step.input ?? null, params: step.params }));
}

/** What a step computes: `stepText` less the params that change none of its tables. */
export function stepDefinition(step: Recipe['steps'][number]): string {
  return stepText({
    ...step,
    params: Object.fromEntries(Object.entries(step.params).filter(([k]) => !NOT_COMPUTED.has(k))),
  });
}

/** A loaded file as the staleness check tells files apart: name, size and last-modified time. */
export function fileFingerprint(file: Blob, fallbackName: string): string {
  const f = file as Partial<File>;
  return JSON.stringify([f.name || fallbackName, file.size, f.lastModified ?? null]);
}

/**
 * What a step's tables are computed from, as recorded in `steps` (a report's): for each source or
 * step it reads, the file's fingerprint, or that step's definition and, through its own basis, what
 * it was computed from in turn. A short hash; equal hashes, same inputs. The engine records it when
 * the step runs; `stageStates` compares it with the one the current report gives.
 */
export function stepBasis(
  recipe: Recipe,
  step: Recipe['steps'][number],
  steps: Readonly<Record<string, StepReport>> | undefined,
): string {
  const known = new Set([...recipe.sources.map((s) => s.name), ...recipe.steps.map((s) => s.id)]);
  const parts = readsFrom(step)
    .filter((dep) => known.has(dep)) // a table made outside the recipe (SQL console): not tracked
    .sort()
    .map((dep) => {
      const r = steps?.[dep];
      return r?.status === 'ok' ? [dep, r.fingerprint ?? null, r.definition ?? null, r.basis ?? null] : [dep, null];
    });
  return hash(JSON.stringify(parts));
}

/** cyrb53: a fast 53-bit string hash, as 14 hex digits (a change detector, not a security measure). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** Params that name another table a step reads. */
const TABLE_PARAMS = ['itemTable', 'profileTable', 'labelTable', 'segmentTable', 'seedTable', 'reference'];

/** The step ids and source names a step reads directly. */
export function readsFrom(step: Recipe['steps'][number]): string[] {
  const refs = [step.input, ...TABLE_PARAMS.map((p) => step.params[p])].filter(
    (r): r is string => typeof r === 'string',
  );
  return [...new Set(refs.map((r) => r.split('.')[0]!))];
}

export interface StageState {
  done: string[];
  stale: string[];
  failed: string[];
  /** Steps in the recipe that have no result yet. */
  pending: string[];
  /** Steps whose last run the user cancelled (no complete result; not a failure). */
  cancelled: string[];
}

export function stageStates(recipe: Recipe, report: Report | null): Record<StageId, StageState> {
  const out = Object.fromEntries(
    STAGES.map((s) => [s.id, { done: [], stale: [], failed: [], pending: [], cancelled: [] }]),
  ) as unknown as Record<StageId, StageState>;
  const ok = (id: string) => report?.steps[id]?.status === 'ok';
  const known = new Set([...recipe.sources.map((s) => s.name), ...recipe.steps.map((s) => s.id)]);
  const stale = new Set<string>();
  // Steps in recipe order: an input's staleness is settled before its readers'.
  for (const step of recipe.steps) {
    const ran = report?.steps[step.id];
    const state = out[stageOf(step.op)];
    if (ran?.status === 'error') {
      state.failed.push(step.id);
      continue;
    }
    if (ran?.status === 'cancelled') {
      state.cancelled.push(step.id);
      continue;
    }
    if (ran?.status !== 'ok') {
      state.pending.push(step.id);
      continue;
    }
    // Reports saved before a field was recorded lack it: nothing to compare, so not stale by it.
    const edited = ran.definition !== undefined && ran.definition !== stepDefinition(step);
    const rebased = ran.basis !== undefined && ran.basis !== stepBasis(recipe, step, report!.steps);
    const behind = edited || rebased || readsFrom(step).some((dep) => known.has(dep) && (stale.has(dep) || !ok(dep)));
    if (behind) {
      stale.add(step.id);
      state.stale.push(step.id);
    } else state.done.push(step.id);
  }
  // A first run that was cancelled never joined the recipe, but the user should still see it stopped.
  for (const [id, entry] of Object.entries(report?.steps ?? {})) {
    if (entry.status === 'cancelled' && entry.op !== 'load' && !known.has(id))
      out[stageOf(entry.op)].cancelled.push(id);
  }
  return out;
}

/**
 * What to run to bring `ids` up to date: them, and every stale or not-yet-run step they read from
 * (transitively), in recipe order.
 */
export function outdatedClosure(recipe: Recipe, states: Record<StageId, StageState>, ids: readonly string[]): string[] {
  const outdated = new Set(Object.values(states).flatMap((s) => [...s.stale, ...s.pending, ...s.cancelled]));
  const need = new Set(ids);
  // Inputs come before their readers in a recipe: one backward pass collects every level.
  for (const step of [...recipe.steps].reverse()) {
    if (need.has(step.id)) for (const dep of readsFrom(step)) if (outdated.has(dep)) need.add(dep);
  }
  return recipe.steps.filter((s) => need.has(s.id)).map((s) => s.id);
}
