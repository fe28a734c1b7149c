/**
 * Re-running a recipe on new data (the Monitor stage): the same steps on next month's files, with
 * what was fitted on the old data replayed unchanged, so the new numbers are comparable with the
 * old ones and a model sees its inputs scaled as it was trained (no train/serve skew):
 *
 * Each op says which it is (`onNewData`, `driftSnapshot`):
 *
 *   transform, pca     the previous run's `summary.fitted` goes into `params.fitted` (both ops
 *                      then fit nothing: src/lib/ops/transform, ops/pca)
 *   score              already applies a saved model; nothing to change
 *   train-classifier   retrains on the new data (a model is what it fits); its `save` is dropped
 *                      for the re-run, so the registry keeps the model trained on the old data
 *   select             ranks the features again on the new data (said in the UI)
 *
 * The old feature tables (`features`, `rfm`) are kept for the drift comparison as sources of
 * their own (`<step>_previous`, Parquet made from the table before the re-run): as sources they
 * are files of the project like any other, saved and reopened with it, where a copy inside
 * DuckDB would be lost on reopening.
 */
import { NAME_PATTERN } from '../data/sql';
import { OPS } from '../ops/registry';
import type { Report } from '../recipe/report';
import type { Recipe, Step } from '../recipe/schema';
import type { Source } from '../data/source';

/** What a step of `op` does on new data, as its op declares (`onNewData`). */
const onNewData = (op: string) => OPS[op]?.onNewData;

export interface Snapshot {
  step: string;
  /** The table copied, as a recipe reference: `features1.features`. */
  table: string;
  /** The source it becomes: `features1_previous`. */
  source: string;
  file: string;
}

export interface ReplayPlan {
  recipe: Recipe;
  /** transform / pca steps given their previous fit. */
  replayed: string[];
  /** Steps that already had `params.fitted` (frozen before). */
  frozen: string[];
  /** transform / pca steps with no previous fit to replay (their last run failed or never ran): they fit again. */
  unfitted: string[];
  retrained: string[];
  /** Retrained steps whose `save` was dropped for this run. */
  unsaved: string[];
  refitted: string[];
  snapshots: Snapshot[];
}

const extension = (file: string) => file.toLowerCase().split(/[?#]/)[0]!.split('.').pop() ?? '';

/** `<step>_previous`, shortened to a valid name, never one the recipe uses for something else. */
function snapshotName(step: string, taken: Set<string>): string | undefined {
  const name = `${step.slice(0, 54)}_previous`;
  return NAME_PATTERN.test(name) && !taken.has(name) ? name : undefined;
}

/**
 * The recipe to run on new data. `files` names the new file per source (sources not named keep
 * theirs); `previous` is the report of the run on the old data.
 */
export function replayPlan(recipe: Recipe, previous: Report | null, files: Record<string, string>): ReplayPlan {
  const plan: ReplayPlan = {
    recipe,
    replayed: [],
    frozen: [],
    unfitted: [],
    retrained: [],
    unsaved: [],
    refitted: [],
    snapshots: [],
  };
  const ran = (id: string) => (previous?.steps[id]?.status === 'ok' ? previous.steps[id] : undefined);

  const steps: Step[] = recipe.steps.map((step) => {
    const how = onNewData(step.op);
    if (how === 'replay') {
      if (step.params.fitted !== undefined) plan.frozen.push(step.id);
      else {
        const fitted = ran(step.id)?.summary?.fitted;
        if (fitted === undefined) plan.unfitted.push(step.id);
        else {
          plan.replayed.push(step.id);
          return { ...step, params: { ...step.params, fitted } };
        }
      }
    } else if (how === 'retrain') {
      plan.retrained.push(step.id);
      if (step.params.save !== undefined) {
        plan.unsaved.push(step.id);
        const params = { ...step.params };
        delete params.save;
        return { ...step, params };
      }
    } else if (how === 'refit') plan.refitted.push(step.id);
    return step;
  });

  const snapshotSources = new Set<string>();
  const taken = new Set([...recipe.sources.map((s) => s.name), ...recipe.steps.map((s) => s.id)]);
  for (const step of recipe.steps) {
    // Ops whose primary table is kept as the "before" side of the drift comparison.
    const op = OPS[step.op];
    const table = op?.driftSnapshot ? op.primaryTable : undefined;
    if (!table || !ran(step.id)) continue;
    const name = `${step.id.slice(0, 54)}_previous`;
    // The snapshot source of an earlier re-run is replaced by this one's.
    const wasSnapshot = recipe.sources.some((s) => s.name === name && s.file === `${name}.parquet`);
    const source = wasSnapshot ? name : snapshotName(step.id, taken);
    if (!source) continue;
    snapshotSources.add(source);
    plan.snapshots.push({ step: step.id, table: `${step.id}.${table}`, source, file: `${source}.parquet` });
  }

  const sources: Source[] = recipe.sources
    .filter((s) => !snapshotSources.has(s.name))
    .map((s) => {
      const file = files[s.name];
      if (file === undefined || file === s.file) return s;
      // A new format (CSV last month, Parquet now) is read from the new file's extension.
      const { format: _f, delimiter: _d, ...rest } = s;
      return extension(file) === extension(s.file) ? { ...s, file } : { ...rest, file };
    });
  sources.push(...plan.snapshots.map((s) => ({ name: s.source, file: s.file, format: 'parquet' as const })));
  plan.recipe = { ...recipe, sources, steps };
  return plan;
}

/** A drift step comparing a snapshot (before) with the step's table now; reuses a drift step that already does. */
export function driftStepFor(recipe: Recipe, snapshot: Snapshot): Step {
  const existing = recipe.steps.find(
    (s) => s.op === 'drift' && s.input === snapshot.table && s.params.reference === snapshot.source,
  );
  if (existing) return existing;
  const used = new Set([...recipe.steps.map((s) => s.id), ...recipe.sources.map((s) => s.name)]);
  let i = 1;
  while (used.has(`drift_${snapshot.step.slice(0, 40)}${i}`)) i++;
  return {
    id: `drift_${snapshot.step.slice(0, 40)}${i}`,
    op: 'drift',
    input: snapshot.table,
    params: { reference: snapshot.source },
  };
}
