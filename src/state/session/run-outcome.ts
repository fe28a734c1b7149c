/** The plain rules around a run: what is refused before it, how progress feeds the epoch log, what it tells the user after. */
import { t } from '../../i18n';
import type { Progress, EpochLog } from '../../lib/core/step';
import { MAX_RECIPE_BYTES, recipeSizeProblem } from '../../lib/recipe/limits';
import type { Report } from '../../lib/recipe/report';
import type { Recipe } from '../../lib/recipe/schema';
import type { NoticeKind } from './notices.svelte';

/** Why `recipe` is refused before it is cloned, validated or shown (a huge one would hold up the page), or undefined. */
export function recipeTooBig(recipe: Recipe): string | undefined {
  const bytes = JSON.stringify(recipe)?.length ?? 0;
  return recipeSizeProblem(bytes, '')
    ? t.shell.recipeTooBig(bytes / 1024 ** 2, MAX_RECIPE_BYTES / 1024 ** 2)
    : undefined;
}

/** The live epoch log after progress `p`: epoch 1 starts a new training, later epochs are appended. */
export function withEpoch(epochs: EpochLog[], p: Progress): EpochLog[] {
  return p.epoch ? [...(p.epoch.epoch === 1 ? [] : epochs), p.epoch] : epochs;
}

/** What a finished run of `recipe` says: its error line, and a notice (steps done, or cancelled). */
export function runOutcome(
  recipe: Recipe,
  report: Report,
): { error?: string; notice?: { text: string; kind: NoticeKind } } {
  if (report.status === 'error') return { error: report.error ?? t.shell.failed };
  const ids = (status: string) =>
    Object.entries(report.steps)
      .filter(([, st]) => st.status === status)
      .map(([id]) => id);
  if (report.status === 'cancelled')
    return { notice: { text: t.shell.cancelledRun(ids('cancelled')), kind: 'cancelled' } };
  // Sources load as steps of the report too: only the recipe's own steps are announced.
  const ran = ids('ok').filter((id) => recipe.steps.some((s) => s.id === id));
  if (!ran.length) return {};
  const what = ran.length > 3 ? t.shell.nSteps(ran.length) : ran.join(', ');
  return { notice: { text: t.shell.stepsDone(what, report.ms / 1000), kind: 'ok' } };
}
