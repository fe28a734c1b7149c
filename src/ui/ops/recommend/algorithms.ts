/** What each recommender is, in a line, for the UI's menus and help (the text lives in the `models` catalogue). */
import { t } from '../../../i18n';
import { RECOMMENDERS, takesOption } from '../../../lib/ops/recommend/recs-params';

/** The recommenders the menus offer, in order, as the recommend op lists them (`lookalike` has its own panel). */
export type UiAlgorithm = (typeof RECOMMENDERS)[number];

export const ALGORITHM_ORDER: UiAlgorithm[] = [...RECOMMENDERS];

/** Recommenders that take a `similarity` parameter. */
const SIMILARITY: ReadonlySet<UiAlgorithm> = new Set(ALGORITHM_ORDER.filter((a) => takesOption(a, 'similarity')));

/** Title and help read the current language on each access (getters), so menus follow a language switch. */
export const ALGORITHM_INFO = Object.fromEntries(
  ALGORITHM_ORDER.map((a) => [
    a,
    {
      get title() {
        return t.models.algorithms[a].title;
      },
      get help() {
        return t.models.algorithms[a].help;
      },
      ...(SIMILARITY.has(a) ? { similarity: true } : {}),
    },
  ]),
) as Record<UiAlgorithm, { readonly title: string; readonly help: string; readonly similarity?: boolean }>;

/** Metric definitions, as the evaluation harness (src/lib/recsys/metrics.ts) computes them, keyed by metric id. */
export function metricHelp(): Array<[string, string]> {
  const h = t.models.metricHelp;
  return [
    ['hr', h.hr],
    ['precision', h.precision],
    ['recall', h.recall],
    ['ndcg', h.ndcg],
    ['map', h.map],
    ['mrr', h.mrr],
    ['coverage', h.coverage],
    ['avg_popularity', h.avgPopularity],
  ];
}
