/**
 * The seven stages of a customer-behaviour analysis, the ops that belong to each, and what is
 * done, stale or failed in a recipe's report. A step is stale when something it reads — its
 * input, or a table named in its params (itemTable, labelTable, reference, …) — was produced
 * after it ran, or no longer has a result, or when the step itself was edited (or undone to another
 * version) since it ran: re-running it brings it up to date.
 */
import type { Recipe } from './schema';
import type { Report } from './report';

/** In order; their titles and hints are UI text (src/i18n, `shell.stages`). */
export const STAGES = [{ id: 'prepare' }, { id: 'explore' }, { id: 'features' }, { id: 'train' }, { id: 'test' }, { id: 'apply' }, { id: 'monitor' }] as const;

export type StageId = (typeof STAGES)[number]['id'];

const OP_STAGE: Record<string, StageId> = {
  profile: 'prepare', sql: 'prepare', filter: 'prepare', dedupe: 'prepare', 'drop-missing': 'prepare', impute: 'prepare',
  outliers: 'prepare', cast: 'prepare', trim: 'prepare', 'parse-date': 'prepare', derive: 'prepare',
  pseudonymise: 'prepare', 'k-anonymity': 'prepare',
  rfm: 'explore', cohorts: 'explore', funnel: 'explore', clv: 'explore', sequences: 'explore',
  features: 'features', transform: 'features', select: 'features', pca: 'features',
  'assoc-rules': 'train', graph: 'train', kmeans: 'train', dbscan: 'train', 'rule-induction': 'train', recommend: 'train',
  'train-classifier': 'train', 'train-ncf': 'train', 'train-ranker': 'train', 'train-sequence': 'train',
  'evaluate-recs': 'test', fairness: 'test',
  score: 'apply',
  drift: 'monitor',
};

export function stageOf(op: string): StageId {
  return OP_STAGE[op] ?? 'train';
}

/** A step's op, input and params as one string with sorted keys: equal strings, same step. */
export function stepDefinition(step: Recipe['steps'][number]): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sorted({ op: step.op, input: step.input ?? null, params: step.params }));
}

/** Params that name another table a step reads. */
const TABLE_PARAMS = ['itemTable', 'profileTable', 'labelTable', 'segmentTable', 'seedTable', 'reference'];

/** The step ids and source names a step reads directly. */
export function readsFrom(step: Recipe['steps'][number]): string[] {
  const refs = [step.input, ...TABLE_PARAMS.map((p) => step.params[p])].filter((r): r is string => typeof r === 'string');
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
  const out = Object.fromEntries(STAGES.map((s) => [s.id, { done: [], stale: [], failed: [], pending: [], cancelled: [] }])) as unknown as Record<StageId, StageState>;
  const ranAt = (id: string) => {
    const s = report?.steps[id];
    return s && s.status === 'ok' ? Date.parse(s.startedAt) : undefined;
  };
  const known = new Set([...recipe.sources.map((s) => s.name), ...recipe.steps.map((s) => s.id)]);
  const stale = new Set<string>();
  // Steps in recipe order: an input's staleness is settled before its readers'.
  for (const step of recipe.steps) {
    const at = ranAt(step.id);
    const state = out[stageOf(step.op)];
    if (report?.steps[step.id]?.status === 'error') {
      state.failed.push(step.id);
      continue;
    }
    if (report?.steps[step.id]?.status === 'cancelled') {
      state.cancelled.push(step.id);
      continue;
    }
    if (at === undefined) {
      state.pending.push(step.id);
      continue;
    }
    const edited = report?.steps[step.id]?.definition !== undefined && report.steps[step.id]!.definition !== stepDefinition(step);
    const behind = edited || readsFrom(step).some((dep) => {
      if (!known.has(dep)) return false; // a table made outside the recipe (SQL console): not tracked
      if (stale.has(dep)) return true;
      const depAt = ranAt(dep);
      return depAt === undefined || depAt > at;
    });
    if (behind) {
      stale.add(step.id);
      state.stale.push(step.id);
    } else state.done.push(step.id);
  }
  // A first run that was cancelled never joined the recipe, but the user should still see it stopped.
  for (const [id, entry] of Object.entries(report?.steps ?? {})) {
    if (entry.status === 'cancelled' && entry.op !== 'load' && !known.has(id)) out[stageOf(entry.op)].cancelled.push(id);
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
