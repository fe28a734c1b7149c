/**
 * `train-sequence`: next-item (or next-category, `target`) prediction from each customer's ordered
 * behaviour with a GRU (src/lib/ml/sequence-model.ts), trained in the training worker, and
 * evaluated leave-last-out: each customer's last step (after collapsing immediate repeats) is held
 * out, the model trains on everything before it, and ranks the next step from the rest of that
 * customer's sequence. Beside it, under the same split and metrics (recsys/metrics.ts, a single
 * target item, so precision = HR/K, recall = HR and MAP = MRR):
 *   popularity        distinct customers per symbol in the training steps
 *   itemcf-last-item  the most recent step's ItemCF neighbours (cosine over customers, top 50)
 * The summary says plainly which of them the GRU does and does not beat on NDCG@10.
 * Tables:
 *   metrics          algorithm, k, hr, precision, recall, ndcg, map, mrr, coverage, avg_popularity
 *   recommendations  customer, rank, item, score, reason   the next `top` symbols after each
 *                    customer's whole sequence (score = the model's P(next = symbol))
 *   history          epoch, loss                            mean next-step cross-entropy
 */
import { z } from 'zod';
import { tableFromIPC } from 'apache-arrow';
import { ident, literal, tableRef } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { stepError } from '../../core/errors';
import { BACKENDS } from '../../protocol/training';
import type { SequenceRequest } from '../../ml/models/sequence';
import { buildInteractions, type Csr } from '../../recsys/interactions';
import { popularityOrder, rankAll, type Scorer } from '../../recsys/rank';
import { popularityScorer, buyers } from '../../recsys/popularity';
import { itemNeighbours, weightedItemScorer } from '../../recsys/itemcf';
import { topKMetrics, type MetricsAtK } from '../../recsys/metrics';
import {
  leaveLastOut,
  orderedSequences,
  sequenceBatchSize,
  subsetSequences,
  type Sequences,
} from '../../ml/sequence-model';
import { resolveRole } from '../recommend/recs-data';
import { recommendationRows, writeTable } from '../recommend/recs-output';
import { candidates as candidatesOf, curvePoint, listScorer, expandSequences } from '../recommend/neural-recs';
import { defineOp, type OpContext, type StepInput } from '../types';
import type { Json } from '../../core/json';

const column = z.string().min(1).nullable().optional();

const params = z.strictObject({
  customer: column,
  item: column,
  time: column,
  event: column,
  /** Event values that are steps; default every row. */
  events: z.array(z.string().min(1)).min(1).optional(),
  /** Predict the next item, or the next item's category. */
  target: z.enum(['item', 'category']).default('item'),
  category: column,
  itemTable: z.string().min(1).optional(),
  itemKey: z.string().min(1).optional(),
  /** Consecutive identical steps count once (view, cart, purchase of one item = one step). */
  collapseRepeats: z.boolean().default(true),
  k: z.array(z.number().int().min(1).max(1000)).min(1).default([5, 10, 20]),
  /** Next symbols listed per customer in `recommendations`. */
  top: z.number().int().min(1).max(1000).default(10),
  factors: z.number().int().min(1).max(512).default(32),
  maxLength: z.number().int().min(2).max(200).default(20),
  epochs: z.number().int().min(1).max(1000).default(10),
  batchSize: z.number().int().min(1).max(4096).optional(),
  learningRate: z.number().gt(0).default(0.005),
  seed: z.number().int().default(42),
  backend: z.enum(['auto', ...BACKENDS]).default('auto'),
});

export type TrainSequenceParams = z.infer<typeof params>;

const COMPARE_AT = 10;

export const trainSequenceOp = defineOp({
  name: 'train-sequence',
  title: 'Next-item sequence model',
  description:
    "GRU next-item (or next-category) prediction from each customer's ordered behaviour, evaluated leave-last-out beside popularity and last-item ItemCF.",
  params,
  needsInput: true,
  primaryTable: 'metrics',
  onNewData: 'retrain',
  stage: 'train',
  outputs: {
    metrics: {
      description: 'one k: next-item ranking metrics on held-out sessions',
      columns: ['algorithm', 'k', 'hr', 'precision', 'recall', 'ndcg', 'map', 'mrr', 'coverage', 'avg_popularity'],
    },
    recommendations: {
      description: 'one customer × rank: a next item',
      columns: ['customer', 'rank', 'item', 'score', 'reason'],
    },
    history: { description: 'one epoch: training loss', columns: ['epoch', 'loss'] },
  },
  tableParams: { itemTable: { keys: { itemKey: 'item' }, optional: true } },
  columns: {
    customer: { role: 'customer', required: true },
    item: { role: 'item', required: true },
    time: { role: 'time', required: true },
    event: { role: 'event' },
    category: { role: 'category', when: (p) => !p.itemTable },
  },
  async run(ctx, step, p) {
    const started = performance.now();
    const train = ctx.trainer?.run?.bind(ctx.trainer);
    if (!train)
      throw stepError(
        step.id,
        undefined,
        'train-sequence trains in the training worker, which this run does not have (no trainer with sequence)',
      );
    ctx.progress({ message: 'reading behaviour sequences', fraction: 0.02 });
    const data = await loadSteps(ctx, step, p);
    const sequences = orderedSequences(data.customer, data.symbol, data.time, data.customers.length, p.collapseRepeats);
    const split = leaveLastOut(sequences);
    const testUsers = Int32Array.from(Array.from(split.target.keys()).filter((u) => split.target[u]! >= 0));
    if (testUsers.length === 0)
      throw stepError(step.id, 'customer', 'no customer has two steps: there is nothing to predict');
    if (
      !Array.from({ length: split.train.ptr.length - 1 }, (_, u) => split.train.ptr[u + 1]! - split.train.ptr[u]!).some(
        (n) => n >= 2,
      )
    ) {
      throw stepError(
        step.id,
        'customer',
        'no customer has two steps before the held-out one: there is no transition to learn from',
      );
    }
    const nSymbols = data.symbols.length;
    const history = buildInteractions(
      expandSequences(split.train.ptr),
      split.train.symbols,
      new Float32Array(split.train.symbols.length).fill(1),
      data.customers.length,
      nSymbols,
    );
    const target = targetCsr(split.target, nSymbols);
    const ks = [...new Set(p.k)].sort((a, b) => a - b);
    const maxK = Math.min(ks[ks.length - 1]!, nSymbols);
    const everyone = Int32Array.from({ length: data.customers.length }, (_, u) => u).filter(
      (u) => sequences.ptr[u + 1]! > sequences.ptr[u]!,
    );
    const request: SequenceRequest = {
      nSymbols,
      // Copies: the request's arrays move to the training worker; the split is read again below.
      ptr: split.train.ptr.slice(),
      symbols: split.train.symbols.slice(),
      factors: p.factors,
      maxLength: p.maxLength,
      batchSize: p.batchSize ?? sequenceBatchSize(p.maxLength, nSymbols),
      epochs: p.epochs,
      learningRate: p.learningRate,
      seed: p.seed,
      backend: p.backend,
      contexts: [subset(split.train, testUsers), subset(sequences, everyone)],
      k: Math.max(maxK, Math.min(p.top, nSymbols)),
      candidates: candidatesOf(history),
    };
    // An epoch can take minutes on a big catalogue: say that training has started.
    ctx.progress({ message: `GRU: training epoch 1 of ${p.epochs}`, fraction: 0.05 });
    const result = await train('sequence', request, (log) => {
      ctx.signal.throwIfAborted();
      ctx.progress({
        message: `GRU: epoch ${log.epoch} of ${p.epochs}, loss ${log.loss.toPrecision(4)}`,
        fraction: 0.05 + (0.8 * log.epoch) / p.epochs,
        epoch: curvePoint(log),
      });
    });

    const symbolName = (s: number) => data.symbols[s]!;
    const lastOf = (seq: { ptr: Int32Array; symbols: Int32Array }, u: number) => seq.symbols[seq.ptr[u + 1]! - 1]!;
    const gru = listScorer(
      testUsers,
      result.top[0]!,
      data.customers.length,
      Math.exp,
      (u) => `after ${symbolName(lastOf(split.train, u))}`,
    );
    const similar = itemNeighbours(history, { similarity: 'cosine', neighbours: 50 });
    const lastItem = weightedItemScorer(
      similar,
      (u, visit) => {
        if (split.train.ptr[u + 1]! > split.train.ptr[u]!) visit(lastOf(split.train, u), 1);
      },
      (h) => `after ${symbolName(h)}`,
    );
    const fillOrder = popularityOrder(history);
    const popularity = buyers(history);
    const catalogue = fillOrder.length;
    const models: Array<[string, Scorer]> = [
      ['sequence', gru],
      ['popularity', popularityScorer(history)],
      ['itemcf-last-item', lastItem],
    ];
    const measured = models.map(([name, scorer]) => {
      const lists = rankAll(scorer, testUsers, { k: maxK, excludeSeen: false, history, fillOrder });
      return { name, metrics: topKMetrics(lists, target, ks, popularity, catalogue), filled: lists.filled };
    });
    await writeTable(
      ctx,
      step,
      'metrics',
      ['algorithm', 'k', 'hr', 'precision', 'recall', 'ndcg', 'map', 'mrr', 'coverage', 'avg_popularity'],
      measured.flatMap((m) =>
        m.metrics.map((x) => ({
          algorithm: m.name,
          k: x.k,
          hr: x.hr,
          precision: x.precision,
          recall: x.recall,
          ndcg: x.ndcg,
          map: x.map,
          mrr: x.mrr,
          coverage: x.coverage,
          avg_popularity: x.avgPopularity,
        })),
      ),
      ['k'],
    );

    ctx.progress({ message: 'writing next-step lists', fraction: 0.92 });
    const serve = listScorer(
      everyone,
      result.top[1]!,
      data.customers.length,
      Math.exp,
      (u) => `after ${symbolName(lastOf(sequences, u))}`,
    );
    const nextLists = rankAll(serve, everyone, {
      k: Math.min(p.top, nSymbols),
      excludeSeen: false,
      history,
      fillOrder: new Int32Array(0),
    });
    await writeTable(
      ctx,
      step,
      'recommendations',
      ['customer', 'rank', 'item', 'score', 'reason'],
      recommendationRows(nextLists, serve, data.customers, data.symbols),
      ['rank'],
    );
    await writeTable(
      ctx,
      step,
      'history',
      ['epoch', 'loss'],
      result.losses.map((loss, e) => ({ epoch: e + 1, loss })),
      ['epoch'],
    );

    const compareAt = ks.includes(COMPARE_AT) ? COMPARE_AT : ks[ks.length - 1]!;
    const ndcgOf = (m: { metrics: MetricsAtK[] }) => m.metrics.find((x) => x.k === compareAt)!.ndcg;
    const scores = measured.map((m) => ({ name: m.name, ndcg: ndcgOf(m) }));
    const [seq, pop, cf] = scores as [(typeof scores)[0], (typeof scores)[0], (typeof scores)[0]];
    return {
      tables: ['metrics', 'recommendations', 'history'],
      backend: { name: result.backend, reasons: result.backendReasons },
      summary: {
        target: p.target,
        columns: data.columns as Record<string, Json>,
        events: p.events ?? null,
        customers: data.customers.length,
        evaluated: testUsers.length,
        symbols: nSymbols,
        steps: sequences.symbols.length,
        rows: data.rows,
        collapseRepeats: p.collapseRepeats,
        trainingSteps: result.positions,
        windows: result.windows,
        k: ks,
        compareAt,
        [`ndcg@${compareAt}`]: Object.fromEntries(scores.map((s) => [s.name, s.ndcg])),
        beatsPopularity: seq.ndcg > pop.ndcg,
        beatsItemcfLastItem: seq.ndcg > cf.ndcg,
        verdict: sentence(seq.ndcg, pop.ndcg, cf.ndcg, compareAt),
        factors: p.factors,
        maxLength: p.maxLength,
        epochs: p.epochs,
        batchSize: request.batchSize,
        learningRate: p.learningRate,
        seed: p.seed,
        losses: result.losses,
        msPerEpoch: result.msPerEpoch,
        samplesPerSecond: result.samplesPerSecond,
        parameters: result.parameters,
        backend: result.backend,
        backendReasons: result.backendReasons,
        tensorsLeaked: result.tensors.after - result.tensors.before,
        trainerMs: Math.round(result.ms),
        ms: Math.round(performance.now() - started),
      },
    };
  },
});

/** The comparison in one plain sentence for the report. */
export function sentence(gru: number, popularity: number, lastItem: number, k: number): string {
  const f = (v: number) => v.toFixed(4);
  const vs = (other: number, name: string) => `${gru > other ? 'beats' : 'does not beat'} ${name} (${f(other)})`;
  return `On NDCG@${k} the GRU (${f(gru)}) ${vs(popularity, 'popularity')} and ${vs(lastItem, "the last item's ItemCF neighbours")}.`;
}

interface Steps {
  rows: number;
  customer: Int32Array;
  symbol: Int32Array;
  time: Float64Array;
  customers: string[];
  symbols: string[];
  columns: Record<string, string>;
}

/** Each step's customer, symbol (the item, or its category) and time, coded in sorted-id order by DuckDB. */
async function loadSteps(ctx: OpContext, step: StepInput, p: TrainSequenceParams): Promise<Steps> {
  const columns = step.inputColumns ?? [];
  const names = columns.map((c) => c.name).join(', ');
  const role = (field: 'customer' | 'item' | 'time' | 'event') => resolveRole(p[field], field, columns, step.roles);
  const customer = role('customer');
  const item = role('item');
  const time = role('time');
  const event = role('event');
  if (!customer) throw stepError(step.id, 'customer', `no customer column: name one (columns: ${names})`);
  if (!item) throw stepError(step.id, 'item', `no item column: name one (columns: ${names})`);
  if (!time) throw stepError(step.id, 'time', `no time column: the steps need an order (columns: ${names})`);
  if (p.events && !event) throw stepError(step.id, 'event', `'events' needs an event column (columns: ${names})`);
  const where = [
    `i.${ident(customer)} IS NOT NULL`,
    `i.${ident(item)} IS NOT NULL`,
    `TRY_CAST(i.${ident(time)} AS TIMESTAMP) IS NOT NULL`,
  ];
  if (p.events && event) where.push(`CAST(i.${ident(event)} AS VARCHAR) IN (${p.events.map(literal).join(', ')})`);
  let symbolSql = `CAST(i.${ident(item)} AS VARCHAR)`;
  let join = '';
  const used: Record<string, string> = { customer, item, time, ...(p.events && event ? { event } : {}) };
  if (p.target === 'category') {
    const source = p.itemTable ? tableRef(p.itemTable) : undefined;
    const sourceColumns = source
      ? await tableColumns(ctx.db, source).catch(() => {
          throw stepError(step.id, 'itemTable', `table '${p.itemTable}' does not exist`);
        })
      : columns;
    const category = resolveRole(p.category, 'category', sourceColumns, source ? undefined : step.roles);
    if (!category || !sourceColumns.some((c) => c.name === category))
      throw stepError(
        step.id,
        'category',
        `next-category prediction needs a category column${p.itemTable ? ` in '${p.itemTable}'` : ''} (columns: ${sourceColumns.map((c) => c.name).join(', ')})`,
      );
    used.category = category;
    if (source) {
      const key = p.itemKey ?? item;
      if (!sourceColumns.some((c) => c.name === key))
        throw stepError(step.id, 'itemKey', `column '${key}' not found in '${p.itemTable}'`);
      join = `JOIN (SELECT CAST(${ident(key)} AS VARCHAR) AS k, any_value(CAST(${ident(category)} AS VARCHAR)) AS g FROM ${source} GROUP BY 1) AS cat ON cat.k = CAST(i.${ident(item)} AS VARCHAR)`;
      symbolSql = 'cat.g';
    } else symbolSql = `CAST(i.${ident(category)} AS VARCHAR)`;
    where.push(`${symbolSql} IS NOT NULL`);
  }
  const sql = `WITH s AS (SELECT CAST(i.${ident(customer)} AS VARCHAR) AS c, ${symbolSql} AS sym, epoch_ms(TRY_CAST(i.${ident(time)} AS TIMESTAMP))::DOUBLE AS t
      FROM ${step.inputSql} AS i ${join} WHERE ${where.join(' AND ')})
    SELECT (dense_rank() OVER (ORDER BY c) - 1)::INTEGER AS ci, (dense_rank() OVER (ORDER BY sym) - 1)::INTEGER AS si, t, c, sym FROM s`;
  const table = tableFromIPC(await ctx.db.arrowIPC(sql));
  if (table.numRows === 0)
    throw stepError(
      step.id,
      p.events ? 'events' : 'input',
      `no steps: no row has a ${customer}, an ${item} and a readable ${time}${p.events ? ` with ${event} in (${p.events.join(', ')})` : ''}`,
    );
  const customerCode = Int32Array.from(table.getChild('ci')!.toArray() as ArrayLike<number>);
  const symbolCode = Int32Array.from(table.getChild('si')!.toArray() as ArrayLike<number>);
  const names_ = (codes: Int32Array, child: string) => {
    const out: string[] = [];
    const values = table.getChild(child)!;
    codes.forEach((k, r) => {
      if (out[k] === undefined) out[k] = String(values.get(r));
    });
    return out;
  };
  return {
    rows: table.numRows,
    customer: customerCode,
    symbol: symbolCode,
    time: Float64Array.from(table.getChild('t')!.toArray() as ArrayLike<number>),
    customers: names_(customerCode, 'c'),
    symbols: names_(symbolCode, 'sym'),
    columns: used,
  };
}

/** Rows per sequence → the leave-last-out targets as a [sequences × symbols] CSR (one item per evaluated row). */
function targetCsr(target: Int32Array, nSymbols: number): Csr {
  const ptr = new Int32Array(target.length + 1);
  const index: number[] = [];
  target.forEach((t, s) => {
    if (t >= 0) index.push(t);
    ptr[s + 1] = index.length;
  });
  return {
    nRows: target.length,
    nCols: nSymbols,
    ptr,
    index: Int32Array.from(index),
    value: new Float32Array(index.length).fill(1),
  };
}

/** The rows' sequences, same layout (a copy: the request's arrays are transferred). */
function subset(seq: Sequences, rows: Int32Array): SequenceRequest['contexts'][number] {
  return { ...subsetSequences(seq, rows), excludeOwn: false };
}
