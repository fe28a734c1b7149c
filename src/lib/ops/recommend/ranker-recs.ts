/**
 * The Wide & Deep ranker as a re-ranker of the harness (`{ "algorithm": "ranker" }` in
 * evaluate-recs): ItemCF (cosine, 50 neighbours, popularity fill) proposes each customer's top
 * `candidates` items, and the ranker, trained on the behaviour log before each test customer's
 * held-out basket, orders them by P(purchase | the customer views the item now), the context
 * being that of the customer's latest event. So ItemCF's metrics are "before", the ranker's
 * "after" (Cheng et al. 2016 rank the candidates of a retrieval system the same way).
 */
import type { RankerRequest } from '../../ml/models/ranker';
import { stepError } from '../../core/errors';
import { itemCFScorer, itemNeighbours } from '../../recsys/itemcf';
import { popularityOrder, rankAll } from '../../recsys/rank';
import type { Split } from '../../recsys/split';
import { Rng } from '../../util/rng';
import {
  conversionLabels,
  encoding,
  exampleRows,
  keepBeforeTest,
  candidateOf,
  type Candidate,
} from '../../recsys/ranker-data';
import { loadBehaviour, sessionColumn } from './ranker-load';
import type { LoadedLog, LogColumns } from './recs-data';
import type { Model, ModelData, RankerBehaviour } from './model';
import type { ResolvedSpec } from './recs-params';
import { curvePoint, scoringOf, type Fraction } from './neural-recs';
import type { OpContext, StepInput } from '../types';
import type { Json } from '../../core/json';

/** Training settings shared with train-ranker (Adam 0.003 and batches of 512 trained the sample shop in < 10 epochs). */
export const RANKER_DEFAULTS = { learningRate: 0.003, batchSize: 512, patience: 3, validationFraction: 0.1 } as const;

/** Loads the behaviour log for evaluate-recs' split: rows from each test customer's held-out basket session on are left out. */
export async function rankerBehaviour(
  ctx: OpContext,
  step: StepInput,
  p: { events: string[]; session?: string; itemTable?: string; itemKey?: string; category?: string | null },
  cols: LogColumns,
  loaded: LoadedLog,
  split: Split,
  spec: ResolvedSpec,
  field: string,
): Promise<RankerBehaviour> {
  if (!cols.event)
    throw stepError(
      step.id,
      'event',
      'the ranker learns which views and carts end in a purchase: it needs an event column',
    );
  if (!cols.time) throw stepError(step.id, 'time', 'the ranker needs a time column (purchases after a view)');
  const names = (step.inputColumns ?? []).map((c) => c.name);
  spec.context.forEach((c, i) => {
    if (!names.includes(c))
      throw stepError(
        step.id,
        `${field}.context[${i}]`,
        `column '${c}' not found in the input (columns: ${names.join(', ')})`,
      );
  });
  const session = sessionColumn(step.inputColumns ?? [], p.session);
  const log = await loadBehaviour(
    ctx,
    step,
    { customer: cols.customer, item: cols.item, event: cols.event, time: cols.time, session, context: spec.context },
    { examples: spec.examples, purchases: p.events, itemTable: p.itemTable, itemKey: p.itemKey, category: p.category },
    { customers: loaded.customers, items: loaded.items },
  );
  const testStart = new Float64Array(log.customers.length).fill(Infinity);
  for (let r = 0; r < split.train.length; r++) {
    if (split.train[r]) continue;
    const u = loaded.log.customer[r]!;
    testStart[u] = Math.min(testStart[u]!, loaded.log.time[r]!);
  }
  return { log, keep: keepBeforeTest(log, testStart), withinDays: spec.withinDays ?? (session ? null : 7) };
}

export async function rankerModel(
  ctx: OpContext,
  stepId: string,
  at: (f: string) => string,
  spec: ResolvedSpec,
  data: ModelData,
  fraction: Fraction,
): Promise<Omit<Model, 'trainMs'>> {
  const train = ctx.trainer?.run?.bind(ctx.trainer);
  if (!train)
    throw stepError(
      stepId,
      at('algorithm'),
      'the ranker trains in the training worker, which this run does not have (no trainer with ranker)',
    );
  if (!data.behaviour)
    throw stepError(
      stepId,
      at('algorithm'),
      'the ranker re-ranks from views and carts: evaluate it in evaluate-recs (or train it with train-ranker) on an event log',
    );
  const { history } = data;
  const { log, keep, withinDays } = data.behaviour;
  const scoring = scoringOf(data);
  const similar = itemNeighbours(history, { similarity: 'cosine', neighbours: 50 });
  const itemName = (i: number) => data.items[i]!;
  const proposed = rankAll(itemCFScorer(history, similar, itemName), scoring.users, {
    k: spec.candidates,
    excludeSeen: scoring.excludeSeen,
    history,
    fillOrder: popularityOrder(history),
  });

  const rows = exampleRows(log, keep);
  if (rows.length < 20)
    throw stepError(
      stepId,
      at('examples'),
      `only ${rows.length} ${spec.examples.join('/')} rows come before the held-out baskets; the ranker needs more`,
    );
  const labels = conversionLabels(log, keep, withinDays);
  const rng = new Rng(spec.seed);
  const split = Uint8Array.from(rows, () => (rng.next() < RANKER_DEFAULTS.validationFraction ? 1 : 0));
  const trainRows = rows.filter((_, j) => split[j] === 0);
  const enc = encoding(log, trainRows, labels);
  const examples = enc.encode(Array.from(rows, (r, j) => candidateOf(log, r, split[j] === 0 ? labels[r]! : -1)));
  // Each candidate is scored as if the customer viewed it now: the first example event, in the context of their latest kept event.
  const latest = new Int32Array(log.customers.length).fill(-1);
  for (let r = 0; r < log.rows; r++) if (keep[r]) latest[log.customer[r]!] = r;
  const pairs: Candidate[] = [];
  for (let j = 0; j < proposed.users.length; j++) {
    const u = proposed.users[j]!;
    const last = latest[u]!;
    for (let q = proposed.ptr[j]!; q < proposed.ptr[j + 1]!; q++) {
      pairs.push({
        customer: u,
        item: proposed.items[q]!,
        event: 0,
        time: last >= 0 ? log.time[last]! : 0,
        contextRow: last,
        ownLabel: -1,
      });
    }
  }
  const score = enc.encode(pairs);
  const request: RankerRequest = {
    fields: enc.fields,
    nExamples: rows.length,
    categorical: examples.categorical,
    numericNames: enc.numericNames,
    numeric: examples.numeric,
    crosses: enc.crosses,
    labels: Float32Array.from(rows, (r) => labels[r]!),
    split,
    factors: spec.factors,
    hidden: spec.hidden,
    epochs: spec.epochs,
    batchSize: spec.batchSize ?? RANKER_DEFAULTS.batchSize,
    learningRate: spec.learningRate ?? RANKER_DEFAULTS.learningRate,
    patience: RANKER_DEFAULTS.patience,
    regularization: spec.regularization,
    seed: spec.seed,
    backend: spec.backend,
    score: { n: score.n, categorical: score.categorical, numeric: score.numeric },
  };
  // Counted before sending: the request's arrays are detached once they move to the training worker.
  const positiveRate = request.labels.reduce((a, v) => a + v, 0) / rows.length;
  const result = await train('ranker', request, (l) => {
    ctx.signal.throwIfAborted();
    ctx.progress({
      message: `${spec.name}: epoch ${l.epoch}, loss ${l.loss.toPrecision(4)}, validation AUC ${(l.valAuc ?? Number.NaN).toFixed(3)}`,
      fraction: fraction(l.epoch / spec.epochs),
      epoch: curvePoint(l),
    });
  });
  const probability = result.scores;
  const row = new Int32Array(history.nUsers).fill(-1);
  proposed.users.forEach((u, j) => (row[u] = j));
  return {
    scorer: {
      score(u, emit) {
        const j = row[u]!;
        if (j < 0) return;
        for (let q = proposed.ptr[j]!; q < proposed.ptr[j + 1]!; q++)
          emit(proposed.items[q]!, probability[q]!, proposed.items[q]!);
      },
      reason: () => 'likely to buy once viewed (Wide & Deep, re-ranking ItemCF)',
    },
    backend: { name: result.backend, reasons: result.backendReasons },
    info: {
      rerankOf: 'itemcf',
      candidates: spec.candidates,
      examples: rows.length,
      positiveRate,
      validationAuc: result.valAucs.at(-1) ?? null,
      epochsRun: result.epochsRun,
      stoppedEarly: result.stoppedEarly,
      withinDays: withinDays ?? 'session',
      fields: enc.fields.map((f) => f.name),
      numbers: enc.numericNames,
      backend: result.backend,
      backendReasons: result.backendReasons,
      losses: result.losses,
      valLosses: result.valLosses.map(finite),
      msPerEpoch: result.msPerEpoch,
      parameters: result.parameters,
      trainerMs: result.ms,
      tensorsLeaked: result.tensors.after - result.tensors.before,
    } as Record<string, Json>,
  };
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
