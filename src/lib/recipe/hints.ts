/**
 * The "Next:" line under the stage line: what to do next in a stage, from what the recipe has and
 * lacks — never a fixed sentence per stage. Nothing loaded: load a file. A step of the recipe (a
 * template's, say) not run yet: that step, wherever it lives. Otherwise the stage's own next move,
 * e.g. Prepare: check the roles, then profile; Apply: a saved model is scored in Train → Model.
 * Each hint names the view where it is done; its words are UI text (src/i18n, `shell.hints`).
 */
import type { Recipe } from './schema';
import type { StageId, StageState } from './stages';

/** The views a hint can point to (ids of src/ui/shell/StageNav.svelte's VIEWS). */
export type HintView =
  | 'data'
  | 'explore'
  | 'rfm'
  | 'clv'
  | 'customer'
  | 'contrast'
  | 'features'
  | 'rules'
  | 'segments'
  | 'recommend'
  | 'model'
  | 'compare'
  | 'fairness'
  | 'experiment'
  | 'apply'
  | 'monitor';

export type HintId =
  | 'load'
  | 'runStep'
  | 'roles'
  | 'profile'
  | 'explore'
  | 'rfm'
  | 'clv'
  | 'features'
  | 'customer'
  | 'transform'
  | 'model'
  | 'perCustomer'
  | 'segments'
  | 'rules'
  | 'recommend'
  | 'test'
  | 'trainFirst'
  | 'compare'
  | 'fairness'
  | 'metrics'
  | 'saveModel'
  | 'score'
  | 'export'
  | 'nothingToExport'
  | 'loadNewer'
  | 'drift'
  | 'driftAgain';

export interface Hint {
  id: HintId;
  view: HintView;
  /** The table, step or model the hint is about, if one. */
  subject?: string;
}

export interface HintFacts {
  recipe: Recipe;
  /** `stageStates` of the recipe and the session's report. */
  states: Record<StageId, StageState>;
  /** Names of the models saved in this browser's registry. */
  savedModels: readonly string[];
  /** Where each op's step is made and shown: the UI's one list (src/ui/ops/registry.ts). */
  views: OpViews;
}

/** Op → the view where its step is made and shown. */
export type OpViews = Readonly<Record<string, HintView>>;

/** The view of a step's op; cleaning, SQL and profile steps live in Data. */
export function viewOf(op: string, views: OpViews): HintView {
  return views[op] ?? 'data';
}

export function stageHint(stage: StageId, { recipe, states, savedModels, views }: HintFacts): Hint {
  // The recommenders: the ops made in the Recommend view.
  const recommenders = Object.keys(views).filter((op) => views[op] === 'recommend');
  const has = (...ops: string[]) => recipe.steps.some((s) => ops.includes(s.op));
  const first = (...ops: string[]) => recipe.steps.find((s) => ops.includes(s.op));

  if (recipe.sources.length === 0) return { id: 'load', view: 'data' };
  const pending = new Set(Object.values(states).flatMap((s) => s.pending));
  const next = recipe.steps.find((s) => pending.has(s.id));
  if (next) return { id: 'runStep', view: viewOf(next.op, views), subject: next.id };

  switch (stage) {
    case 'prepare': {
      // Roles are guessed on load but used only once confirmed (Data → Columns & roles).
      const mapped = recipe.sources.some((s) => Object.keys(recipe.roles?.[s.name] ?? {}).length > 0);
      if (!mapped) return { id: 'roles', view: 'data', subject: recipe.sources[0]!.name };
      if (!has('profile')) return { id: 'profile', view: 'data', subject: recipe.sources[0]!.name };
      return { id: 'explore', view: 'explore' };
    }
    case 'explore':
      if (!has('rfm')) return { id: 'rfm', view: 'rfm' };
      if (!has('clv')) return { id: 'clv', view: 'clv' };
      if (!has('features')) return { id: 'features', view: 'features' };
      return { id: 'customer', view: 'customer' };
    case 'features':
      if (!has('features')) return { id: 'features', view: 'features' };
      if (!has('transform', 'select', 'pca'))
        return { id: 'transform', view: 'features', subject: first('features')!.id };
      return has('train-classifier') ? { id: 'test', view: 'fairness' } : { id: 'model', view: 'model' };
    case 'train':
      if (!has('rfm', 'features')) return { id: 'perCustomer', view: 'rfm' };
      if (!has('kmeans', 'dbscan')) return { id: 'segments', view: 'segments', subject: first('rfm', 'features')!.id };
      if (!has('assoc-rules')) return { id: 'rules', view: 'rules' };
      if (!has(...recommenders)) return { id: 'recommend', view: 'recommend' };
      if (!has('train-classifier')) return { id: 'model', view: 'model' };
      return { id: 'test', view: has(...recommenders) ? 'compare' : 'fairness' };
    case 'test':
      if (has(...recommenders) && !has('evaluate-recs')) return { id: 'compare', view: 'compare' };
      if (has('train-classifier') && !has('fairness'))
        return { id: 'fairness', view: 'fairness', subject: first('train-classifier')!.id };
      if (has('train-classifier')) return { id: 'metrics', view: 'model', subject: first('train-classifier')!.id };
      if (!has(...recommenders)) return { id: 'trainFirst', view: 'recommend' };
      return { id: 'export', view: 'apply' };
    case 'apply': {
      const named = recipe.steps.find((s) => s.op === 'train-classifier' && typeof s.params.save === 'string');
      const saved = (named?.params.save as string | undefined) ?? savedModels[0];
      if (saved && !has('score')) return { id: 'score', view: 'model', subject: saved };
      const trained = first('train-classifier');
      if (trained && !saved) return { id: 'saveModel', view: 'model', subject: trained.id };
      if (recipe.steps.length === 0) return { id: 'nothingToExport', view: 'rfm' };
      return { id: 'export', view: 'apply' };
    }
    case 'monitor':
      if (has('drift')) return { id: 'driftAgain', view: 'monitor' };
      if (recipe.sources.length < 2) return { id: 'loadNewer', view: 'data' };
      return { id: 'drift', view: 'monitor' };
  }
}
