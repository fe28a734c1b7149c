/**
 * `evaluate-recs`: several recommenders under one offline split, measured the same way
 * (src/lib/recsys/metrics.ts has the definitions). Each algorithm trains on the training rows
 * only, ranks max(k) items for every test customer, and is scored at every K against the set of
 * items in the customer's test rows. Splits (src/lib/recsys/split.ts): `leave-last-basket`
 * (default), `temporal` (a cut-off date), `random-holdout` (seeded). `excludeSeen` (default
 * false: repeat purchases are normal in retail) drops training items from the lists; test items
 * the customer already bought then cannot be hit. Popularity is always measured, as the
 * baseline, and the summary says in a sentence which algorithms do not beat it on NDCG@10.
 * Table: metrics (algorithm, k, hr, precision, recall, ndcg, map, mrr, coverage, avg_popularity).
 */
import { z } from 'zod';
import { buildInteractions } from '../../recsys/interactions';
import { popularityOrder, rankAll } from '../../recsys/rank';
import { buyers } from '../../recsys/popularity';
import { splitLog, type SplitSpec } from '../../recsys/split';
import { topKMetrics, type MetricsAtK } from '../../recsys/metrics';
import { stepError } from '../../core/errors';
import {
  dataFields,
  specFields,
  checkSpecOptions,
  resolveSpec,
  specSummary,
  type ResolvedSpec,
  RECS_TABLE_PARAMS,
} from '../recommend/recs-params';
import { customerSegments, itemAttributes, loadLog, logColumns } from '../recommend/recs-data';
import { buildModel } from '../recommend/recs-models';
import { verdict, writeTable } from '../recommend/recs-output';
import { rankerBehaviour } from '../recommend/ranker-recs';
import { defineOp, type KeyFigure } from '../types';
import type { Json } from '../../core/json';
import { commonFigures } from '../shared/key-figures';

const algorithm = z
  .strictObject(specFields)
  .superRefine((s, issues) =>
    checkSpecOptions(s, (path, message) => issues.addIssue({ code: 'custom', path: [path], message })),
  );

const split = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('leave-last-basket') }),
  z.strictObject({
    type: z.literal('temporal'),
    cutoff: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  }),
  z.strictObject({
    type: z.literal('random-holdout'),
    fraction: z.number().gt(0).lt(1).default(0.2),
    seed: z.number().int().default(42),
  }),
]);

const params = z
  .strictObject({
    ...dataFields,
    split: split.default({ type: 'leave-last-basket' }),
    excludeSeen: z.boolean().default(false),
    k: z.array(z.number().int().min(1).max(1000)).min(1).default([5, 10, 20]),
    algorithms: z.array(algorithm).min(1),
  })
  .superRefine((p, issues) => {
    const names = p.algorithms.map((a) => resolveSpec(a).name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i)
        issues.addIssue({
          code: 'custom',
          path: ['algorithms', i, 'name'],
          message: `'${n}' is evaluated twice: give each variant a distinct name`,
        });
    });
    p.algorithms.forEach((a, i) => {
      if (a.algorithm === 'lookalike')
        issues.addIssue({
          code: 'custom',
          path: ['algorithms', i, 'algorithm'],
          message: 'lookalike ranks customers, not items: it cannot be scored on held-out items',
        });
    });
  });

export type EvaluateRecsParams = z.infer<typeof params>;

/** The K of the "beats popularity" comparison: 10, or the largest K asked for when 10 is not. */
const COMPARE_AT = 10;

export const evaluateRecsOp = defineOp({
  name: 'evaluate-recs',
  title: 'Evaluate recommenders',
  description:
    'Offline comparison of recommenders under one split: HR, precision, recall, NDCG, MAP, MRR at K, coverage and popularity bias.',
  params,
  needsInput: true,
  primaryTable: 'metrics',
  stage: 'test',
  outputs: {
    metrics: {
      description: 'one algorithm × k: held-out ranking metrics',
      columns: ['algorithm', 'k', 'hr', 'precision', 'recall', 'ndcg', 'map', 'mrr', 'coverage', 'avg_popularity'],
    },
  },
  tableParams: RECS_TABLE_PARAMS,
  reportReads: {
    metrics: (t) => `SELECT * FROM ${t} ORDER BY algorithm, k`,
  },
  columns: {
    customer: { role: 'customer', required: true },
    item: { role: 'item', required: true },
    basket: { role: 'basket' },
    time: { role: 'time' },
    event: { role: 'event' },
    weight: { role: 'quantity' },
    session: {},
    tags: { role: 'tags', when: (p) => !p.itemTable },
    category: { role: 'category', when: (p) => !p.itemTable },
  },
  // NDCG at the K the op compares at (10 by default), per algorithm, as its summary carries it.
  keyFigures(s) {
    const at = typeof s.compareAt === 'number' && Number.isFinite(s.compareAt) ? s.compareAt : 10;
    const perAlgorithm = (Array.isArray(s.algorithms) ? s.algorithms : []).flatMap((a): KeyFigure[] =>
      a && typeof a === 'object' && !Array.isArray(a)
        ? [[`NDCG@${at} ${String(a.name ?? a.algorithm)}`, a[`ndcg@${at}`], 3]]
        : [],
    );
    return [...commonFigures(s), ...perAlgorithm];
  },
  async run(ctx, step, p) {
    const started = performance.now();
    const cols = logColumns(step, p);
    if (p.split.type === 'leave-last-basket' && !cols.basket)
      throw stepError(step.id, 'basket', 'leave-last-basket needs a basket (order) column');
    if (p.split.type === 'temporal' && !cols.time)
      throw stepError(step.id, 'time', 'a temporal split needs a time column');
    ctx.progress({ message: 'reading interactions', fraction: 0.02 });
    const loaded = await loadLog(ctx, step, p, cols);
    const { log, customers, items } = loaded;
    const splitSpec: SplitSpec =
      p.split.type === 'temporal' ? { type: 'temporal', cutoff: Date.parse(`${p.split.cutoff}T00:00:00Z`) } : p.split;
    const split = splitLog(log, splitSpec);
    if (split.testUsers.length === 0)
      throw stepError(
        step.id,
        'split',
        `the ${p.split.type} split leaves no test customer (each needs training history and held-out items)`,
      );

    const keep = (a: Int32Array) => a.filter((_, r) => split.train[r] === 1);
    const rows = {
      user: keep(log.customer),
      session: keep(loaded.session),
      item: keep(log.item),
      time: log.time.filter((_, r) => split.train[r] === 1),
    };
    const history = buildInteractions(
      rows.user,
      rows.item,
      log.weight.filter((_, r) => split.train[r] === 1),
      log.nCustomers,
      log.nItems,
    );
    const specs: ResolvedSpec[] = p.algorithms.map(resolveSpec);
    // Popularity is always the baseline.
    if (!specs.some((s) => s.algorithm === 'popularity' && s.by === 'overall'))
      specs.unshift(resolveSpec({ algorithm: 'popularity' }));
    const baseline = specs.find((s) => s.algorithm === 'popularity' && s.by === 'overall')!.name;
    const needTags = specs.some((s) => s.algorithm === 'tagcf');
    const needCategory = needTags || specs.some((s) => s.algorithm === 'popularity' && s.by === 'category');
    const attributes = await itemAttributes(ctx, step, p, cols.item, items, { tags: needTags, category: needCategory });
    const segments = specs.some((s) => s.algorithm === 'popularity' && s.by === 'segment')
      ? await customerSegments(ctx, step, p, cols.customer, customers)
      : undefined;

    const ks = [...new Set(p.k)].sort((a, b) => a - b);
    const maxK = ks[ks.length - 1]!;
    const popularity = buyers(history);
    const fillOrder = popularityOrder(history);
    const catalogue = fillOrder.length;
    // The neural models rank in the training worker: they are told whom and how many.
    const scoring = { users: split.testUsers, k: maxK, excludeSeen: p.excludeSeen };
    const rankerAt = specs.findIndex((s) => s.algorithm === 'ranker');
    const behaviour =
      rankerAt >= 0
        ? await rankerBehaviour(
            ctx,
            step,
            p,
            cols,
            loaded,
            split,
            specs[rankerAt]!,
            `algorithms[${p.algorithms.findIndex((x) => resolveSpec(x).name === specs[rankerAt]!.name)}]`,
          )
        : undefined;
    const results: Array<{
      spec: ResolvedSpec;
      metrics: MetricsAtK[];
      trainMs: number;
      scoreMs: number;
      filled: number;
      info: Record<string, Json>;
      backend?: { name: string; reasons: string[] };
    }> = [];
    for (const [a, spec] of specs.entries()) {
      ctx.signal.throwIfAborted();
      ctx.progress({
        message: `${spec.name}: training (${a + 1} of ${specs.length})`,
        fraction: 0.05 + (0.9 * a) / specs.length,
      });
      const field = `algorithms[${p.algorithms.findIndex((x) => resolveSpec(x).name === spec.name)}]`;
      const span: [number, number] = [0.05 + (0.9 * a) / specs.length, 0.05 + (0.9 * (a + 0.7)) / specs.length];
      const model = await buildModel(
        ctx,
        step.id,
        field,
        spec,
        { history, rows, nSessions: loaded.nSessions, items, attributes, segments, scoring, behaviour },
        span,
      );
      const scoreStart = performance.now();
      const lists = rankAll(model.scorer, split.testUsers, {
        k: maxK,
        excludeSeen: p.excludeSeen,
        history,
        fillOrder: p.fill ? fillOrder : new Int32Array(0),
      });
      const scoreMs = performance.now() - scoreStart;
      results.push({
        spec,
        metrics: topKMetrics(lists, split.target, ks, popularity, catalogue),
        trainMs: model.trainMs,
        scoreMs,
        filled: lists.filled,
        info: model.info,
        backend: model.backend,
      });
    }

    await writeTable(
      ctx,
      step,
      'metrics',
      ['algorithm', 'k', 'hr', 'precision', 'recall', 'ndcg', 'map', 'mrr', 'coverage', 'avg_popularity'],
      results.flatMap((r) =>
        r.metrics.map((m) => ({
          algorithm: r.spec.name,
          k: m.k,
          hr: m.hr,
          precision: m.precision,
          recall: m.recall,
          ndcg: m.ndcg,
          map: m.map,
          mrr: m.mrr,
          coverage: m.coverage,
          avg_popularity: m.avgPopularity,
        })),
      ),
      ['k'],
    );

    const compareAt = ks.includes(COMPARE_AT) ? COMPARE_AT : maxK;
    const ndcgAt = (r: (typeof results)[number]) => r.metrics.find((m) => m.k === compareAt)!.ndcg;
    const scores = results.map((r) => ({ name: r.spec.name, ndcg: ndcgAt(r) }));
    const testItems = split.testUsers.reduce((s, u) => s + split.target.ptr[u + 1]! - split.target.ptr[u]!, 0);
    const trainRows = split.train.reduce((s, v) => s + v, 0);
    return {
      tables: ['metrics'],
      backend: results.find((r) => r.backend)?.backend,
      summary: {
        split: p.split as unknown as Json,
        columns: Object.fromEntries(Object.entries(cols).filter(([, v]) => v)) as Record<string, Json>,
        rows: {
          total: log.customer.length,
          train: trainRows,
          test: log.customer.length - trainRows - split.droppedRows,
          dropped: split.droppedRows,
        },
        customers: {
          total: customers.length,
          test: split.testUsers.length,
          trainOnly: customers.length - split.testUsers.length,
        },
        meanTestItems: testItems / split.testUsers.length,
        items: items.length,
        catalogue,
        k: ks,
        excludeSeen: p.excludeSeen,
        baseline,
        compareAt,
        algorithms: results.map((r) => ({
          ...specSummary(r.spec),
          trainMs: Math.round(r.trainMs),
          scoreMs: Math.round(r.scoreMs),
          filled: r.filled,
          [`ndcg@${compareAt}`]: ndcgAt(r),
          ...r.info,
        })) as Json[],
        ...verdict(scores, baseline, compareAt),
        ms: Math.round(performance.now() - started),
      },
    };
  },
});
