/**
 * `train-ncf`: neural collaborative filtering (NeuMF: GMF + MLP towers fused, He et al. 2017;
 * src/lib/ml/ncf.ts) on implicit feedback from an interaction log, trained in the training worker
 * with seeded negative sampling (`negatives` per positive, redrawn each epoch) and Adam, then top-k
 * items for every customer as the `recommend` op lists them (rank.ts: excludeSeen, popularity fill).
 * The same model is the `ncf` algorithm of `recommend` and `evaluate-recs`.
 * Tables:
 *   recommendations  customer, rank, item, score, reason    score = predicted P(interaction)
 *   history          epoch, loss, ms                         mean binary cross-entropy per epoch
 */
import { z } from 'zod';
import { buildInteractions } from '../../recsys/interactions';
import { popularityOrder, rankAll } from '../../recsys/rank';
import { stepError } from '../../core/errors';
import { BACKENDS } from '../../protocol/training';
import { loadLog, logColumns } from '../recommend/recs-data';
import { customersToRank, listSummary, recommendationRows, writeTable } from '../recommend/recs-output';
import { resolveSpec } from '../recommend/recs-params';
import { ncfModel } from '../recommend/neural-recs';
import { defineOp } from '../types';

const column = z.string().min(1).nullable().optional();

const params = z.strictObject({
  customer: column,
  item: column,
  event: column,
  /** Event values that count as interactions, when there is an event column. */
  events: z.array(z.string().min(1)).min(1).default(['purchase']),
  k: z.number().int().min(1).max(1000).default(10),
  excludeSeen: z.boolean().default(false),
  fill: z.boolean().default(true),
  /** Only these customers get lists (ids); default every customer in the log. */
  customers: z.array(z.string().min(1)).min(1).optional(),
  factors: z.number().int().min(1).max(256).default(16),
  negatives: z.number().int().min(1).max(100).default(4),
  epochs: z.number().int().min(1).max(1000).default(10),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(1 << 20)
    .optional(),
  learningRate: z.number().gt(0).optional(),
  /** L2 on the embedding rows of each batch (the harness default for factor models). */
  regularization: z.number().min(0).default(0.01),
  seed: z.number().int().default(42),
  backend: z.enum(['auto', ...BACKENDS]).default('auto'),
});

export type TrainNcfParams = z.infer<typeof params>;

export const trainNcfOp = defineOp({
  name: 'train-ncf',
  title: 'Neural collaborative filtering',
  description:
    'NeuMF (GMF + MLP) on implicit feedback with negative sampling, trained in the browser; top-k items per customer.',
  params,
  needsInput: true,
  primaryTable: 'recommendations',
  onNewData: 'retrain',
  stage: 'train',
  outputs: {
    recommendations: {
      description: 'one customer × rank: a recommended item',
      columns: ['customer', 'rank', 'item', 'score', 'reason'],
    },
    history: { description: 'one epoch: training loss', columns: ['epoch', 'loss'] },
  },
  columns: {
    customer: { role: 'customer', required: true },
    item: { role: 'item', required: true },
    event: { role: 'event' },
  },
  async run(ctx, step, p) {
    const started = performance.now();
    const cols = logColumns(step, { ...p, basket: null, time: null });
    ctx.progress({ message: 'reading interactions', fraction: 0.02 });
    const loaded = await loadLog(ctx, step, { ...p, basket: null, time: null }, cols);
    const { log, customers, items } = loaded;
    const history = buildInteractions(log.customer, log.item, log.weight, log.nCustomers, log.nItems);
    if (history.nItems < 2)
      throw stepError(step.id, 'item', 'NCF needs at least 2 items (a negative must differ from the positive)');
    const { users, unknown } = customersToRank(step.id, customers, p.customers);

    const spec = resolveSpec({
      algorithm: 'ncf',
      factors: p.factors,
      negatives: p.negatives,
      epochs: p.epochs,
      batchSize: p.batchSize,
      learningRate: p.learningRate,
      regularization: p.regularization,
      seed: p.seed,
      backend: p.backend,
    });
    const trainStart = performance.now();
    const model = await ncfModel(
      ctx,
      step.id,
      (f) => f,
      spec,
      {
        history,
        rows: { user: log.customer, session: loaded.session, item: log.item, time: log.time },
        nSessions: 0,
        items,
        attributes: {},
        scoring: { users, k: p.k, excludeSeen: p.excludeSeen },
      },
      (done) => 0.05 + 0.8 * done,
    );
    const trainMs = performance.now() - trainStart;
    const lists = rankAll(model.scorer, users, {
      k: p.k,
      excludeSeen: p.excludeSeen,
      history,
      fillOrder: p.fill ? popularityOrder(history) : new Int32Array(0),
    });

    ctx.progress({ message: 'writing recommendations', fraction: 0.9 });
    await writeTable(
      ctx,
      step,
      'recommendations',
      ['customer', 'rank', 'item', 'score', 'reason'],
      recommendationRows(lists, model.scorer, customers, items),
      ['rank'],
    );
    const losses = model.info.losses as number[];
    await writeTable(
      ctx,
      step,
      'history',
      ['epoch', 'loss'],
      losses.map((loss, e) => ({ epoch: e + 1, loss })),
      ['epoch'],
    );
    return {
      tables: ['recommendations', 'history'],
      backend: model.backend,
      summary: {
        model: 'NeuMF',
        ...listSummary(
          cols,
          p.events,
          { customers, items, history, users, unknown },
          lists,
          p,
          popularityOrder(history).length,
        ),
        factors: spec.factors,
        negatives: spec.negatives,
        epochs: spec.epochs,
        learningRate: spec.learningRate ?? null,
        regularization: spec.regularization,
        seed: spec.seed,
        ...model.info,
        trainMs: Math.round(trainMs),
        ms: Math.round(performance.now() - started),
      },
    };
  },
});
