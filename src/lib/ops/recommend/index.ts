/**
 * `recommend`: top-k items per customer from an interaction log (purchases, or any event types
 * named in `events`), with the reason behind each ("bought with 85123A"). Algorithms (`algorithm`):
 *   popularity   distinct buyers, overall / per segment / per category (`by`) — the baseline
 *   itemcf       Σ similarity to the history over top-N item neighbours (cosine, Jaccard,
 *                conditional probability with popularity damping α)
 *   usercf       top-N similar customers vote with their similarity
 *   tagcf        TF-IDF tag profile × item tags (itemTable tags, `|`-separated; else the category)
 *   session      recency-weighted item-to-item from the customer's last session/basket
 *   als, bpr     matrix factorisation in the training worker (ctx.trainer.run)
 *   lookalike    the input is a feature table; ranks customers like a seed set → `lookalikes`
 * Interaction weight = rows per (customer, item), or the sum of `weight`. Columns default to the
 * mapped roles, else to roles inferred from names. Lists shorter than k (small histories, or
 * `excludeSeen`) are filled with the most popular items unless `fill` is false.
 * Tables: recommendations (customer, rank, item, score, reason); for itemcf and session also
 * similar (item, rank, neighbour, similarity), each item's top k neighbours; for lookalike only
 * lookalikes (customer, rank, score).
 */
import { z } from 'zod';
import { buildInteractions } from '../../recsys/interactions';
import { popularityOrder, rankAll } from '../../recsys/rank';
import { dataFields, specFields, checkSpecOptions, resolveSpec, specSummary, RECS_TABLE_PARAMS } from './recs-params';
import { customerSegments, itemAttributes, loadLog, logColumns } from './recs-data';
import { buildModel } from './recs-models';
import { customersToRank, listSummary, recommendationRows, similarRows, writeTable } from './recs-output';
import { runLookalike } from './recs-lookalike';
import { defineOp } from '../types';

const LOOKALIKE_FIELDS = ['features', 'seedTable', 'seedKey', 'seedColumn', 'seedValue', 'audience'] as const;

const params = z
  .strictObject({
    ...dataFields,
    ...specFields,
    k: z.number().int().min(1).max(1000).default(10),
    excludeSeen: z.boolean().default(false),
    /** Only these customers (ids); default every customer in the log. */
    customers: z.array(z.string().min(1)).min(1).optional(),
    /** lookalike: numeric feature columns (default: every numeric column but the key and labels). */
    features: z.array(z.string().min(1)).min(1).optional(),
    seedTable: z.string().min(1).optional(),
    seedKey: z.string().min(1).optional(),
    seedColumn: z.string().min(1).optional(),
    seedValue: z.union([z.string(), z.number()]).optional(),
    /** lookalike: how many customers to list (default: all non-seeds). */
    audience: z.number().int().min(1).optional(),
  })
  .superRefine((p, issues) => {
    const issue = (path: string, message: string) => issues.addIssue({ code: 'custom', path: [path], message });
    checkSpecOptions(p, issue);
    if (p.algorithm !== 'lookalike') {
      for (const f of LOOKALIKE_FIELDS)
        if (p[f] !== undefined) issue(f, `'${f}' is an option of lookalike, not of ${p.algorithm}`);
    } else if (!p.seedTable) issue('seedTable', 'lookalike needs a seedTable (customers to find more of)');
    if ((p.seedColumn === undefined) !== (p.seedValue === undefined))
      issue(p.seedColumn === undefined ? 'seedColumn' : 'seedValue', 'give seedColumn and seedValue together');
  });

export type RecommendParams = z.infer<typeof params>;

export const recommendOp = defineOp({
  name: 'recommend',
  title: 'Recommendations',
  description:
    'Top-k items per customer with reasons (popularity, ItemCF, UserCF, tags, session, ALS/BPR), or lookalike customers for a seed.',
  params,
  needsInput: true,
  primaryTable: 'recommendations',
  stage: 'train',
  outputs: {
    recommendations: {
      description: 'one customer × rank: a recommended item',
      columns: ['customer', 'rank', 'item', 'score', 'reason'],
    },
    similar: {
      description: 'one item × rank: a similar item',
      columns: ['item', 'rank', 'neighbour', 'similarity'],
      when: 'the algorithm has item similarities',
    },
    lookalikes: {
      description: 'one customer × rank: a lookalike of the seed customers',
      columns: ['customer', 'rank', 'score'],
      when: 'algorithm lookalike (instead of the others)',
    },
  },
  tableParams: { ...RECS_TABLE_PARAMS, seedTable: {} },
  columns: {
    customer: { role: 'customer', required: true },
    features: { list: true, when: (p) => p.algorithm === 'lookalike' },
    item: { role: 'item', required: true, when: (p) => p.algorithm !== 'lookalike' },
    basket: { role: 'basket', when: (p) => p.algorithm !== 'lookalike' },
    time: { role: 'time', when: (p) => p.algorithm !== 'lookalike' },
    event: { role: 'event', when: (p) => p.algorithm !== 'lookalike' },
    weight: { role: 'quantity', when: (p) => p.algorithm !== 'lookalike' },
    session: { when: (p) => p.algorithm !== 'lookalike' },
    tags: { role: 'tags', when: (p) => p.algorithm !== 'lookalike' && !p.itemTable },
    category: { role: 'category', when: (p) => p.algorithm !== 'lookalike' && !p.itemTable },
  },
  async run(ctx, step, p) {
    const started = performance.now();
    if (p.algorithm === 'lookalike') {
      const summary = await runLookalike(ctx, step, p);
      return {
        tables: ['lookalikes'],
        summary: { algorithm: 'lookalike', ...summary, ms: Math.round(performance.now() - started) },
      };
    }
    const spec = resolveSpec(p);
    const cols = logColumns(step, p);
    ctx.progress({ message: 'reading interactions', fraction: 0.02 });
    const loaded = await loadLog(ctx, step, p, cols);
    const { log, customers, items } = loaded;
    const history = buildInteractions(log.customer, log.item, log.weight, log.nCustomers, log.nItems);
    const wantCategory = (spec.algorithm === 'popularity' && spec.by === 'category') || spec.algorithm === 'tagcf';
    const attributes = await itemAttributes(ctx, step, p, cols.item, items, {
      tags: spec.algorithm === 'tagcf',
      category: wantCategory,
    });
    const segments =
      spec.algorithm === 'popularity' && spec.by === 'segment'
        ? await customerSegments(ctx, step, p, cols.customer, customers)
        : undefined;

    ctx.progress({ message: `${spec.name}: training`, fraction: 0.1 });
    const model = await buildModel(
      ctx,
      step.id,
      'algorithm',
      spec,
      {
        history,
        rows: { user: log.customer, session: loaded.session, item: log.item, time: log.time },
        nSessions: loaded.nSessions,
        items,
        attributes,
        segments,
      },
      [0.1, 0.5],
    );

    const { users, unknown } = customersToRank(step.id, customers, p.customers);
    const scoreStart = performance.now();
    const lists = rankAll(
      model.scorer,
      users,
      { k: p.k, excludeSeen: p.excludeSeen, history, fillOrder: p.fill ? popularityOrder(history) : new Int32Array(0) },
      (done) => {
        ctx.signal.throwIfAborted();
        ctx.progress({ message: `${spec.name}: scoring customers`, fraction: 0.5 + 0.4 * done });
      },
    );
    const scoreMs = performance.now() - scoreStart;

    ctx.progress({ message: 'writing recommendations', fraction: 0.92 });
    await writeTable(
      ctx,
      step,
      'recommendations',
      ['customer', 'rank', 'item', 'score', 'reason'],
      recommendationRows(lists, model.scorer, customers, items),
      ['rank'],
    );
    const tables = ['recommendations'];
    if (model.similar) {
      await writeTable(
        ctx,
        step,
        'similar',
        ['item', 'rank', 'neighbour', 'similarity'],
        similarRows(model.similar, items, p.k),
        ['rank'],
      );
      tables.push('similar');
    }
    const catalogue = popularityOrder(history).length;
    return {
      tables,
      backend: model.backend,
      summary: {
        ...specSummary(spec),
        ...listSummary(cols, p.events, { customers, items, history, users, unknown }, lists, p, catalogue),
        rows: log.customer.length,
        ...(segments ? { segmentsMatched: segments.matched, segments: segments.names.length } : {}),
        ...model.info,
        trainMs: Math.round(model.trainMs),
        scoreMs: Math.round(scoreMs),
        ms: Math.round(performance.now() - started),
      },
    };
  },
});
