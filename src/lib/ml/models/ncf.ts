/** NeuMF on implicit feedback (He et al. 2017): train-ncf and the `ncf` recommender. Model code: ../ncf.ts. */
import { trainNcf } from '../ncf';
import { defineKind } from './kind';
import type { NeuralEpoch, NeuralOutcome, NeuralTraining, TopLists } from './neural';

export interface NcfRequest extends NeuralTraining {
  nUsers: number;
  nItems: number;
  /** [nnz] one entry per observed (user, item) pair. */
  users: Int32Array;
  items: Int32Array;
  /** GMF factors f; the MLP tower is 4f → 2f → f. */
  factors: number;
  /** Sampled non-interacted items per positive, redrawn each epoch. */
  negatives: number;
  /** Default: about 50 batches per epoch (256 … 8192 samples). */
  batchSize?: number;
  /** L2 on the embedding rows of each batch. */
  regularization: number;
  /** Rank items for these users after training. */
  score: {
    users: Int32Array;
    k: number;
    /** [nItems] 1 = may be recommended. */
    candidates: Uint8Array;
    /** Leave out each user's own observed pairs. */
    excludeSeen: boolean;
  };
}

export interface NcfResult extends NeuralOutcome {
  /** One list per `score.users` entry. */
  top: TopLists;
  batchSize: number;
}

export const ncf = defineKind<NcfRequest, NcfResult, NeuralEpoch>({
  sends: (r) => [r.users, r.items, r.score.users, r.score.candidates],
  returns: (r) => [r.top.items, r.top.scores],
  train: trainNcf,
});
