/**
 * The seven stages of a customer-behaviour analysis, the ops that belong to each, and what is
 * done, stale or failed in a recipe's report. A step is stale when something it reads — its
 * input, or a table named in its params (itemTable, labelTable, reference, …) — was produced
 * after it ran, or no longer has a result: re-running it brings it up to date.
 */
import type { Recipe } from './schema';
import type { Report } from './report';

export const STAGES = [
  { id: 'prepare', title: 'Prepare data', next: 'Load a file (or the sample data), check the column roles, clean what needs cleaning.' },
  { id: 'explore', title: 'Explore', next: 'Look at activity and funnels, score customers by RFM, fit lifetime value.' },
  { id: 'features', title: 'Features', next: 'Build the customer feature matrix; transform, select and project it.' },
  { id: 'train', title: 'Train', next: 'Mine bundles and segments, train recommenders and churn models.' },
  { id: 'test', title: 'Test', next: 'Compare recommenders on held-out orders; read the models\u2019 test metrics.' },
  { id: 'apply', title: 'Apply', next: 'Score customers with a saved model and export segments, recommendations and predictions.' },
  { id: 'monitor', title: 'Monitor', next: 'Compare new data with the training data; retrain when it has drifted.' },
] as const;

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
}

export function stageStates(recipe: Recipe, report: Report | null): Record<StageId, StageState> {
  const out = Object.fromEntries(STAGES.map((s) => [s.id, { done: [], stale: [], failed: [], pending: [] }])) as unknown as Record<StageId, StageState>;
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
    if (at === undefined) {
      state.pending.push(step.id);
      continue;
    }
    const behind = readsFrom(step).some((dep) => {
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
  return out;
}
