/**
 * The neural models as recommenders of the harness (`buildModel` in recs-models.ts): `ncf`
 * (NeuMF), `sequence` (GRU next item after the customer's purchase sequence) and `ranker` (ItemCF's
 * top candidates re-ranked by the Wide & Deep conversion model). They train in the training
 * worker and rank there too: the worker returns each scored customer's top lists, which a
 * `listScorer` hands to rank.ts like any other scorer's candidates, so every metric is computed by
 * the same code as for ItemCF or ALS.
 */
import type { EpochLog } from '../../core/step';
import type { NcfRequest } from '../../ml/models/ncf';
import type { NeuralEpoch, TopLists } from '../../ml/models/neural';
import type { SequenceRequest } from '../../ml/models/sequence';
import { stepError } from '../../core/errors';
import { buyers } from '../../recsys/popularity';
import type { Csr, Interactions } from '../../recsys/interactions';
import { orderedSequences, sequenceBatchSize, subsetSequences } from '../../ml/sequence-model';
import type { Scorer } from '../../recsys/rank';
import type { Model, ModelData } from './model';
import type { ResolvedSpec } from './recs-params';
import type { OpContext } from '../types';
import type { Json } from '../../core/json';

/** Lists asked of the worker when the caller does not say (recommend): enough for k ≤ 100. */
export const DEFAULT_SCORE_K = 100;

export interface Scoring {
  users: Int32Array;
  k: number;
  excludeSeen: boolean;
}

export function scoringOf(data: ModelData): Scoring {
  return (
    data.scoring ?? {
      users: Int32Array.from({ length: data.history.nUsers }, (_, u) => u),
      k: DEFAULT_SCORE_K,
      excludeSeen: false,
    }
  );
}

/**
 * A scorer over precomputed lists: row j of `top` belongs to user users[j]; users without a row
 * get no candidates (rank.ts fills them from popularity). `score` maps a model score to the
 * table's (e.g. a logit to a probability).
 */
export function listScorer(
  users: Int32Array,
  top: TopLists,
  nUsers: number,
  score: (s: number) => number,
  reason: (u: number) => string,
): Scorer {
  const row = new Int32Array(nUsers).fill(-1);
  users.forEach((u, j) => (row[u] = j));
  return {
    score(u, emit) {
      const j = row[u]!;
      if (j < 0) return;
      for (let p = j * top.k; p < (j + 1) * top.k; p++) {
        const item = top.items[p]!;
        if (item < 0) break;
        emit(item, score(top.scores[p]!), -1);
      }
    },
    reason: (_because, u) => reason(u),
  };
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** [nnz] row code of each stored entry. */
export function expandRows(m: Csr): Int32Array {
  return expandSequences(m.ptr);
}

/** A neural epoch as the live curve's log (loss; validation loss/AUC where the model has them). */
export function curvePoint(log: NeuralEpoch): EpochLog {
  return { epoch: log.epoch, loss: log.loss, valLoss: log.valLoss ?? Number.NaN, valAuc: log.valAuc ?? Number.NaN };
}

export type Fraction = (done: number) => number;

export async function ncfModel(
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
      'ncf trains in the training worker, which this run does not have (no trainer with ncf)',
    );
  const { history } = data;
  const scoring = scoringOf(data);
  const request: NcfRequest = {
    nUsers: history.nUsers,
    nItems: history.nItems,
    users: expandRows(history.byUser),
    items: history.byUser.index.slice(),
    factors: spec.factors,
    negatives: spec.negatives,
    batchSize: spec.batchSize,
    epochs: spec.epochs,
    learningRate: spec.learningRate ?? NCF_LEARNING_RATE,
    regularization: spec.regularization,
    seed: spec.seed,
    backend: spec.backend,
    score: {
      users: scoring.users.slice(),
      k: Math.min(scoring.k, history.nItems),
      candidates: candidates(history),
      excludeSeen: scoring.excludeSeen,
    },
  };
  const users = request.score.users.slice();
  const result = await train('ncf', request, (log) => {
    ctx.signal.throwIfAborted();
    ctx.progress({
      message: `${spec.name}: epoch ${log.epoch} of ${spec.epochs}, loss ${log.loss.toPrecision(4)}`,
      fraction: fraction(log.epoch / spec.epochs),
      epoch: curvePoint(log),
    });
  });
  return {
    scorer: listScorer(
      users,
      result.top,
      history.nUsers,
      sigmoid,
      () => 'customers who bought what you bought chose it (NCF)',
    ),
    backend: { name: result.backend, reasons: result.backendReasons },
    info: {
      backend: result.backend,
      backendReasons: result.backendReasons,
      losses: result.losses,
      msPerEpoch: result.msPerEpoch,
      samplesPerSecond: result.samplesPerSecond,
      batchSize: result.batchSize,
      parameters: result.parameters,
      learningRate: request.learningRate,
      trainerMs: result.ms,
      tensorsLeaked: result.tensors.after - result.tensors.before,
    } as Record<string, Json>,
  };
}

/** He et al. 2017 use 0.001 with batches of 256; the larger default batches here train well at 0.005. */
export const NCF_LEARNING_RATE = 0.005;

/** [nItems] 1 for items with a training buyer (the only ones any recommender may list). */
export function candidates(history: Interactions): Uint8Array {
  return Uint8Array.from(buyers(history), (c) => (c > 0 ? 1 : 0));
}

/**
 * The GRU as a recommender: trained on every customer's training purchases in time order
 * (repeats of the same item in a row collapse), it lists the most likely next items after each
 * scored customer's whole training sequence; `excludeSeen` leaves out the items in that sequence,
 * which are exactly the customer's training items.
 */
export async function sequenceModel(
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
      'sequence trains in the training worker, which this run does not have (no trainer with sequence)',
    );
  const { history, rows } = data;
  const scoring = scoringOf(data);
  const sequences = orderedSequences(rows.user, rows.item, rows.time, history.nUsers, true);
  const context = subsetSequences(sequences, scoring.users);
  const request: SequenceRequest = {
    nSymbols: history.nItems,
    ptr: sequences.ptr,
    symbols: sequences.symbols,
    factors: spec.factors,
    maxLength: spec.maxLength,
    batchSize: spec.batchSize ?? sequenceBatchSize(spec.maxLength, history.nItems),
    epochs: spec.epochs,
    learningRate: spec.learningRate ?? SEQUENCE_LEARNING_RATE,
    seed: spec.seed,
    backend: spec.backend,
    contexts: [{ ...context, excludeOwn: scoring.excludeSeen }],
    k: Math.min(scoring.k, history.nItems),
    candidates: candidates(history),
  };
  const users = scoring.users.slice();
  const result = await train('sequence', request, (log) => {
    ctx.signal.throwIfAborted();
    ctx.progress({
      message: `${spec.name}: epoch ${log.epoch} of ${spec.epochs}, loss ${log.loss.toPrecision(4)}`,
      fraction: fraction(log.epoch / spec.epochs),
      epoch: curvePoint(log),
    });
  });
  return {
    scorer: listScorer(
      users,
      result.top[0]!,
      history.nUsers,
      Math.exp,
      () => 'likely next after your recent purchases (GRU)',
    ),
    backend: { name: result.backend, reasons: result.backendReasons },
    info: {
      backend: result.backend,
      backendReasons: result.backendReasons,
      losses: result.losses,
      msPerEpoch: result.msPerEpoch,
      samplesPerSecond: result.samplesPerSecond,
      batchSize: request.batchSize,
      learningRate: request.learningRate,
      parameters: result.parameters,
      trainingSteps: result.positions,
      windows: result.windows,
      trainerMs: result.ms,
      tensorsLeaked: result.tensors.after - result.tensors.before,
    },
  };
}

/** Adam's step for the GRU: 0.005 trained the sample shop and Online Retail in 10 epochs (0.001 needed > 30). */
export const SEQUENCE_LEARNING_RATE = 0.005;

/** [nnz] sequence code of each step (the row codes of a CSR layout). */
export function expandSequences(ptr: Int32Array): Int32Array {
  const out = new Int32Array(ptr[ptr.length - 1]!);
  for (let s = 0; s + 1 < ptr.length; s++) out.fill(s, ptr[s]!, ptr[s + 1]!);
  return out;
}
