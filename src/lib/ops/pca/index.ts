/**
 * `pca`: principal components of one row per entity, as scikit-learn's PCA (src/lib/features/pca.ts).
 * Rows need an id and every feature finite (the rest are dropped and counted, as for kmeans);
 * features are z-scored with the population sd first unless `standardize: false`.
 * With `fitted` (a previous run's `summary.fitted`) nothing is fitted: rows are projected with
 * the stored means, scales and components, and the variance figures reported are the fit's.
 *
 * Tables (in the step's schema):
 *   scores     <entity> (as text), pc1..pck                  one row per entity used
 *   loadings   feature, pc1..pck                             unit component vectors (sklearn components_)
 *   variance   component, eigenvalue, ratio, cumulative      every component of the fit, min(n, d)
 * Eigenvalues use the n − 1 denominator, as sklearn's explained_variance_.
 */
import { z } from 'zod';
import { ident, NUMERIC_TYPE } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { tableColumns } from '../../data/connector';
import { stepError } from '../../core/errors';
import { FITTED_PCA, fitPca, pcaScores, type FittedPca } from '../../features/pca';
import { defineOp, type OpContext, type StepInput } from '../types';
import type { Json } from '../../core/json';
import { bool, last } from '../shared/key-figures';
import { entityFeatures } from '../shared/entity-features';

const MAX_COMPONENTS = 1000;

const params = z.strictObject({
  /** The id column: one row per entity. */
  entity: z.string().min(1),
  /** Default: every numeric column except the entity (on replay: the fitted features). */
  features: z.array(z.string().min(1)).min(1).optional(),
  /** Components kept in `scores` and `loadings`. Default 2 (on replay: the fitted count). */
  components: z.number().int().min(1).max(MAX_COMPONENTS).optional(),
  /** z-score the features first (population sd, as StandardScaler). Default true. */
  standardize: z.boolean().optional(),
  /** A previous run's `summary.fitted`: project with it, fit nothing. */
  fitted: FITTED_PCA.optional(),
});

export type PcaParams = z.infer<typeof params>;

export const pcaOp = defineOp({
  name: 'pca',
  title: 'Principal components',
  description:
    'Summarise numeric features in a few uncorrelated components (PCA, as scikit-learn); replayable on new data.',
  params,
  needsInput: true,
  primaryTable: 'scores',
  onNewData: 'replay',
  stage: 'features',
  outputs: {
    scores: { description: 'one entity: its component scores pc1…pcK', columns: ['pc1'] },
    loadings: { description: 'one feature: its loading on each component', columns: ['feature', 'pc1'] },
    variance: {
      description: 'one component: variance explained',
      columns: ['component', 'eigenvalue', 'ratio', 'cumulative'],
    },
  },
  columns: {
    entity: { byName: true },
    features: { list: true, byName: true },
    fitted: { inside: { path: 'features' }, byName: true },
  },
  keyFigures: (s) => [
    ['variance explained', last(s.cumulativeVarianceRatio), 3],
    ['replayed fitted', bool(s.replayed), 0],
  ],
  async run(ctx, step, p) {
    const started = performance.now();
    if (/^pc\d+$/i.test(p.entity))
      throw stepError(
        step.id,
        'entity',
        `an entity column named '${p.entity}' would clash with the score columns; rename it first`,
      );
    if (p.fitted) checkReplay(step, p, p.fitted);
    await checkFeatures(ctx, step, p);
    const prepared = await entityFeatures(
      ctx,
      step,
      { entity: p.entity, features: p.fitted?.features ?? p.features },
      'PCA',
    );
    const { features, total, usable } = prepared;
    const d = features.length;
    const k = p.components ?? p.fitted?.components.length ?? Math.min(2, d);
    if (k > d)
      throw stepError(
        step.id,
        'components',
        `${k} components need at least ${k} features, and there are ${d} (${features.join(', ')})`,
      );
    if (p.fitted && k > p.fitted.components.length)
      throw stepError(
        step.id,
        'components',
        `the fitted PCA has ${plural(p.fitted.components.length, 'component')}, not ${k}`,
      );
    if (!p.fitted && usable < Math.max(2, k)) {
      throw stepError(
        step.id,
        'components',
        `only ${plural(usable, 'row')} ${usable === 1 ? 'has' : 'have'} an id and every feature; ${plural(k, 'component')} need at least ${Math.max(2, k)}`,
      );
    }

    const { ids, raw, n } = await prepared.fetch({ standardize: false });
    ctx.progress({ message: p.fitted ? `projecting ${n} rows` : `PCA of ${n} rows × ${d} features`, fraction: 0.5 });
    const standardize = p.fitted?.standardize ?? p.standardize ?? true;
    const fit = p.fitted ?? fitted(features, standardize, k, fitPca(raw, n, d, { standardize }));
    const variance = fit.explainedVariance;
    const totalVariance = variance.reduce((a, b) => a + b, 0);
    if (!(totalVariance > 0))
      throw stepError(
        step.id,
        'features',
        `every feature is constant over the ${n} rows used: there is no variance to decompose`,
      );
    const ratio = variance.map((v) => v / totalVariance);
    const cumulative = ratio.map((_, j) => ratio.slice(0, j + 1).reduce((a, b) => a + b, 0));
    const scores = pcaScores(raw, n, d, fit, k);

    ctx.progress({ message: 'writing components', fraction: 0.9 });
    const pcs = Array.from({ length: k }, (_, j) => `pc${j + 1}`);
    await write(
      ctx,
      step,
      'scores',
      [p.entity, ...pcs],
      ids.map((id, i) => ({ [p.entity]: id, ...Object.fromEntries(pcs.map((pc, j) => [pc, scores[i * k + j]!])) })),
    );
    await write(
      ctx,
      step,
      'loadings',
      ['feature', ...pcs],
      features.map((f, c) => ({ feature: f, ...Object.fromEntries(pcs.map((pc, j) => [pc, fit.components[j]![c]!])) })),
    );
    await write(
      ctx,
      step,
      'variance',
      ['component', 'eigenvalue', 'ratio', 'cumulative'],
      variance.map((v, j) => ({ component: j + 1, eigenvalue: v, ratio: ratio[j]!, cumulative: cumulative[j]! })),
      ['component'],
    );
    return {
      tables: ['scores', 'loadings', 'variance'],
      summary: {
        rows: { total, used: n, dropped: total - n },
        features,
        standardize,
        components: k,
        explainedVariance: variance,
        explainedVarianceRatio: ratio,
        cumulativeVarianceRatio: cumulative,
        replayed: p.fitted !== undefined,
        notes: p.fitted
          ? [
              "projected with the fitted PCA from params.fitted: nothing was refitted; the variance figures are the fit's",
            ]
          : [],
        fitted: fit as unknown as Json,
        ms: Math.round(performance.now() - started),
      },
    };
  },
});

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The JSON a later run replays: the first `k` components and every eigenvalue. */
function fitted(features: string[], standardize: boolean, k: number, fit: ReturnType<typeof fitPca>): FittedPca {
  return {
    version: 1,
    features,
    standardize,
    means: fit.means,
    scales: fit.scales,
    components: fit.components.slice(0, k),
    explainedVariance: fit.explainedVariance,
  };
}

/** On replay, params that restate the fit must agree with it. */
function checkReplay(step: StepInput, p: PcaParams, fit: FittedPca): void {
  if (p.features && p.features.join('\u0000') !== fit.features.join('\u0000')) {
    throw stepError(
      step.id,
      'features',
      `the fitted PCA uses ${fit.features.join(', ')}, in that order; remove \`features\` or \`fitted\``,
    );
  }
  if (p.standardize !== undefined && p.standardize !== fit.standardize) {
    throw stepError(
      step.id,
      'standardize',
      `the fitted PCA was fitted with standardize ${fit.standardize}; remove it, or remove \`fitted\` to refit`,
    );
  }
}

/** Named features must be numeric (entityFeatures' TRY_CAST would silently drop every row). */
async function checkFeatures(ctx: OpContext, step: StepInput, p: PcaParams): Promise<void> {
  const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const named: Array<[string, string]> = p.fitted
    ? p.fitted.features.map((f, i) => [`fitted.features.${i}`, f])
    : (p.features ?? []).map((f, i) => [`features[${i}]`, f]);
  for (const [field, f] of named) {
    const type = typeOf.get(f);
    if (type === undefined)
      throw stepError(step.id, field, `column '${f}' not found (columns: ${[...typeOf.keys()].join(', ')})`);
    if (!NUMERIC_TYPE.test(type))
      throw stepError(
        step.id,
        field,
        `PCA needs numeric features, and '${f}' is ${type} (cast it, or one-hot encode it with a transform step first)`,
      );
  }
}

async function write(
  ctx: OpContext,
  step: StepInput,
  name: string,
  cols: string[],
  rows: Record<string, unknown>[],
  integers: string[] = [],
): Promise<void> {
  await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.${ident(name)}`);
  await ctx.db.insertArrow(step.schema, name, rowsToIPC(cols, rows));
  for (const col of integers)
    await ctx.db.exec(`ALTER TABLE ${step.schemaSql}.${ident(name)} ALTER ${ident(col)} SET DATA TYPE INTEGER`);
}
