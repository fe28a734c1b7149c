/**
 * `train-ranker`: conversion prediction, Wide & Deep style (Cheng et al. 2016; src/lib/ml/ranker.ts),
 * from an event log: for every view or cart row (`examples`), will the customer buy that item
 * afterwards — in the same session, or within `withinDays` days (default: the session when there
 * is a session column, else 7 days)? Inputs: customer, item, event type, hour, weekday, the item's
 * category and price where known, and `context` columns (device, position…) as categorical fields;
 * smoothed conversion rates of the customer and the item (src/lib/recsys/ranker-data.ts).
 *
 * Held-out evaluation: the latest `testFraction` of the examples by time are the test set (AUC,
 * log loss); a seeded `validationFraction` of the rest drives early stopping. Rates are counted on
 * the training rows only. Labels near the cut-off may look past it (a purchase later in the
 * session), as they would in production.
 *
 * Re-ranking (`rerank`, default on when there is a basket column): evaluate-recs runs ItemCF and
 * the ranker re-ranking ItemCF's top `candidates` under leave-last-basket — the ranker retrained on
 * the behaviour before each test customer's last basket — so NDCG@10 before and after come from
 * the harness itself, written as this step's `metrics` table.
 * Tables:
 *   history      epoch, loss, val_loss, val_auc
 *   predictions  customer, item, time, event, label, score    the test rows, score = P(purchase)
 *   metrics      (rerank) algorithm, k, hr, precision, recall, ndcg, map, mrr, coverage, avg_popularity
 */
import { z } from 'zod';
import { BACKENDS } from '../../protocol/training';
import type { RankerRequest } from '../../ml/models/ranker';
import { stepError } from '../../core/errors';
import { Rng } from '../../util/rng';
import { candidateOf, conversionLabels, encoding, exampleRows } from '../../recsys/ranker-data';
import { loadBehaviour, sessionColumn } from '../recommend/ranker-load';
import { RANKER_DEFAULTS } from '../recommend/ranker-recs';
import { resolveRole } from '../recommend/recs-data';
import { writeTable } from '../recommend/recs-output';
import { curvePoint } from '../recommend/neural-recs';
import { evaluateRecsOp } from '../evaluate-recs';
import { defineOp } from '../types';
import type { Json } from '../../core/json';

const column = z.string().min(1).nullable().optional();

const params = z.strictObject({
  customer: column,
  item: column,
  event: column,
  time: column,
  /** Default: a column whose name says session or visit; null = none. */
  session: column,
  basket: column,
  examples: z.array(z.string().min(1)).min(1).default(['view', 'cart']),
  purchases: z.array(z.string().min(1)).min(1).default(['purchase']),
  withinDays: z.number().gt(0).max(3650).optional(),
  context: z.array(z.string().min(1)).max(16).default([]),
  itemTable: z.string().min(1).optional(),
  itemKey: z.string().min(1).optional(),
  category: column,
  price: column,
  testFraction: z.number().gt(0).lt(0.9).default(0.2),
  validationFraction: z.number().gt(0).lt(0.5).default(RANKER_DEFAULTS.validationFraction),
  factors: z.number().int().min(1).max(256).default(8),
  hidden: z.array(z.number().int().min(1).max(1024)).min(1).max(8).default([64, 32]),
  epochs: z.number().int().min(1).max(1000).default(20),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(1 << 20)
    .default(RANKER_DEFAULTS.batchSize),
  learningRate: z.number().gt(0).default(RANKER_DEFAULTS.learningRate),
  patience: z.number().int().min(1).max(100).default(RANKER_DEFAULTS.patience),
  regularization: z.number().min(0).default(0),
  rerank: z.boolean().optional(),
  candidates: z.number().int().min(1).max(1000).default(50),
  seed: z.number().int().default(42),
  backend: z.enum(['auto', ...BACKENDS]).default('auto'),
});

export type TrainRankerParams = z.infer<typeof params>;

export const trainRankerOp = defineOp({
  name: 'train-ranker',
  title: 'Conversion ranker (Wide & Deep)',
  description:
    'Predicts which views and carts end in a purchase (Wide & Deep, in the browser); held-out AUC and the NDCG@10 of ItemCF candidates re-ranked by it.',
  params,
  needsInput: true,
  primaryTable: 'history',
  onNewData: 'retrain',
  stage: 'train',
  outputs: {
    history: {
      description: 'one epoch: training and validation loss, validation AUC',
      columns: ['epoch', 'loss', 'val_loss', 'val_auc'],
    },
    predictions: {
      description: 'one test example: its label and score',
      columns: ['customer', 'item', 'time', 'event', 'label', 'score'],
    },
    metrics: {
      description: 'one k: ranking metrics of the re-ranked candidates',
      columns: ['algorithm', 'k', 'hr', 'precision', 'recall', 'ndcg', 'map', 'mrr', 'coverage', 'avg_popularity'],
      when: 'there are held-out purchases to rank',
    },
  },
  tableParams: { itemTable: { keys: { itemKey: 'item' }, optional: true } },
  columns: {
    customer: { role: 'customer', required: true },
    item: { role: 'item', required: true },
    event: { role: 'event' },
    time: { role: 'time' },
    session: {},
    basket: { role: 'basket' },
    context: { list: true },
    category: { role: 'category', when: (p) => !p.itemTable },
    price: { role: 'price', when: (p) => !p.itemTable },
  },
  async run(ctx, step, p) {
    const started = performance.now();
    const train = ctx.trainer?.run?.bind(ctx.trainer);
    if (!train)
      throw stepError(
        step.id,
        undefined,
        'train-ranker trains in the training worker, which this run does not have (no trainer with ranker)',
      );
    const columns = step.inputColumns ?? [];
    const names = columns.map((c) => c.name).join(', ');
    const role = (field: 'customer' | 'item' | 'event' | 'time' | 'basket') =>
      resolveRole(p[field], field, columns, step.roles);
    const [customer, item, event, time] = [role('customer'), role('item'), role('event'), role('time')];
    for (const [field, col] of [
      ['customer', customer],
      ['item', item],
      ['event', event],
      ['time', time],
    ] as const) {
      if (!col) throw stepError(step.id, field, `no ${field} column: name one (columns: ${names})`);
    }
    const session = sessionColumn(columns, p.session);
    ctx.progress({ message: 'reading views, carts and purchases', fraction: 0.02 });
    const log = await loadBehaviour(
      ctx,
      step,
      { customer: customer!, item: item!, event: event!, time: time!, session, context: p.context },
      {
        examples: p.examples,
        purchases: p.purchases,
        itemTable: p.itemTable,
        itemKey: p.itemKey,
        category: p.category,
        price: p.price,
      },
    );
    const withinDays = p.withinDays ?? (session ? null : 7);
    const all = new Uint8Array(log.rows).fill(1);
    const labels = conversionLabels(log, all, withinDays);
    const rows = exampleRows(log, all);
    if (rows.length < 50)
      throw stepError(
        step.id,
        'examples',
        `only ${rows.length} rows have ${event} in (${p.examples.join(', ')}); the ranker needs at least 50`,
      );

    // Time split: the latest testFraction of the examples (rows come in time order) are the test set.
    const split = new Uint8Array(rows.length);
    const cutoff = log.time[rows[Math.min(rows.length - 1, Math.floor(rows.length * (1 - p.testFraction)))]!]!;
    const rng = new Rng(p.seed);
    rows.forEach((r, j) => (split[j] = log.time[r]! >= cutoff ? 2 : rng.next() < p.validationFraction ? 1 : 0));
    const trainRows = rows.filter((_, j) => split[j] === 0);
    const positives = (code: number) => rows.reduce((a, r, j) => a + (split[j] === code ? labels[r]! : 0), 0);
    if (positives(0) === 0 || positives(0) === trainRows.length)
      throw stepError(
        step.id,
        'purchases',
        `every training example has the same label (${positives(0) ? 'bought' : 'not bought'}): nothing to learn`,
      );
    const enc = encoding(log, trainRows, labels);
    const examples = enc.encode(Array.from(rows, (r, j) => candidateOf(log, r, split[j] === 0 ? labels[r]! : -1)));
    const request: RankerRequest = {
      fields: enc.fields,
      nExamples: rows.length,
      categorical: examples.categorical,
      numericNames: enc.numericNames,
      numeric: examples.numeric,
      crosses: enc.crosses,
      labels: Float32Array.from(rows, (r) => labels[r]!),
      split: split.slice(),
      factors: p.factors,
      hidden: p.hidden,
      epochs: p.epochs,
      batchSize: p.batchSize,
      learningRate: p.learningRate,
      patience: p.patience,
      regularization: p.regularization,
      seed: p.seed,
      backend: p.backend,
    };
    // The request's arrays are transferred to the training worker (detached here once it starts).
    const positiveRate = request.labels.reduce((a, v) => a + v, 0) / rows.length;
    const result = await train('ranker', request, (l) => {
      ctx.signal.throwIfAborted();
      ctx.progress({
        message: `Wide & Deep: epoch ${l.epoch}, loss ${l.loss.toPrecision(4)}, validation AUC ${(l.valAuc ?? Number.NaN).toFixed(3)}`,
        fraction: 0.05 + (0.5 * l.epoch) / p.epochs,
        epoch: curvePoint(l),
      });
    });

    await writeTable(
      ctx,
      step,
      'history',
      ['epoch', 'loss', 'val_loss', 'val_auc'],
      result.losses.map((loss, e) => ({
        epoch: e + 1,
        loss,
        val_loss: finite(result.valLosses[e]!),
        val_auc: finite(result.valAucs[e]!),
      })),
      ['epoch'],
    );
    const testRows = rows.filter((_, j) => split[j] === 2);
    await writeTable(
      ctx,
      step,
      'predictions',
      ['customer', 'item', 'time', 'event', 'label', 'score'],
      Array.from(testRows, (r, j) => ({
        customer: log.customers[log.customer[r]!]!,
        item: log.items[log.item[r]!]!,
        time: new Date(log.time[r]!).toISOString().slice(0, 19).replace('T', ' '),
        event: log.eventNames[log.event[r]!]!,
        label: labels[r]!,
        score: result.testScores[j]!,
      })),
      ['label'],
    );
    const tables = ['history', 'predictions'];

    const basket = role('basket');
    let rerank: Record<string, Json> | null = null;
    if (p.rerank ?? !!basket) {
      if (!basket)
        throw stepError(
          step.id,
          'basket',
          're-ranking is measured under leave-last-basket, which needs a basket (order) column',
        );
      ctx.progress({ message: `re-ranking ItemCF's top ${p.candidates} under leave-last-basket`, fraction: 0.6 });
      const evaluation = await evaluateRecsOp.run(
        ctx,
        step,
        evaluateRecsOp.params.parse({
          customer,
          item,
          basket,
          time,
          event,
          events: p.purchases,
          session: session ?? undefined,
          itemTable: p.itemTable,
          itemKey: p.itemKey,
          category: p.category,
          k: [10],
          algorithms: [
            { algorithm: 'itemcf' },
            {
              algorithm: 'ranker',
              candidates: p.candidates,
              factors: p.factors,
              hidden: p.hidden,
              epochs: p.epochs,
              learningRate: p.learningRate,
              batchSize: p.batchSize,
              examples: p.examples,
              withinDays: p.withinDays,
              context: p.context.length ? p.context : undefined,
              seed: p.seed,
              backend: p.backend,
            },
          ],
        }),
      );
      tables.push('metrics');
      const s = evaluation.summary;
      const ndcg = Object.fromEntries(
        (s.algorithms as Array<Record<string, Json>>).map((a) => [a.name as string, a['ndcg@10'] as number]),
      );
      rerank = {
        split: 'leave-last-basket',
        candidates: p.candidates,
        testCustomers: (s.customers as Record<string, Json>).test!,
        ndcgBefore: ndcg.itemcf!,
        ndcgAfter: ndcg.ranker!,
        popularity: ndcg.popularity!,
        verdict: `Re-ranking ItemCF's top ${p.candidates} by the ranker ${ndcg.ranker! > ndcg.itemcf! ? 'raises' : 'does not raise'} NDCG@10: ${ndcg.itemcf!.toFixed(4)} before, ${ndcg.ranker!.toFixed(4)} after (popularity ${ndcg.popularity!.toFixed(4)}).`,
      };
    }
    const test = result.test;
    return {
      tables,
      backend: { name: result.backend, reasons: result.backendReasons },
      summary: {
        model: 'Wide & Deep',
        columns: {
          customer: customer!,
          item: item!,
          event: event!,
          time: time!,
          ...(session ? { session } : {}),
          ...(basket ? { basket } : {}),
        },
        examples: rows.length,
        labelWindow: withinDays === null ? 'same session' : `${withinDays} days`,
        positiveRate,
        split: {
          ...result.split,
          testFrom: new Date(cutoff).toISOString().slice(0, 19).replace('T', ' '),
          seed: p.seed,
        },
        testAuc: test ? test.auc : null,
        testLogLoss: test ? test.logLoss : null,
        testPositiveRate: test ? test.positiveRate : null,
        fields: enc.fields.map((f) => ({ name: f.name, levels: f.size })),
        numbers: enc.numericNames,
        crosses: enc.crosses.map(([a, b]) => `${enc.fields[a]!.name} × ${enc.fields[b]!.name}`),
        epochsRun: result.epochsRun,
        stoppedEarly: result.stoppedEarly,
        losses: result.losses,
        valLosses: result.valLosses.map(finite),
        factors: p.factors,
        hidden: p.hidden,
        batchSize: p.batchSize,
        learningRate: p.learningRate,
        msPerEpoch: result.msPerEpoch,
        samplesPerSecond: result.samplesPerSecond,
        parameters: result.parameters,
        backend: result.backend,
        backendReasons: result.backendReasons,
        tensorsLeaked: result.tensors.after - result.tensors.before,
        rerank,
        trainerMs: Math.round(result.ms),
        ms: Math.round(performance.now() - started),
      },
    };
  },
});

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
