/** Wide & Deep conversion model (Cheng et al. 2016): train-ranker and the `ranker` re-ranker. Model code: ../ranker.ts. */
import { trainRanker } from '../ranker';
import { defineKind } from './kind';
import type { NeuralEpoch, NeuralOutcome, NeuralTraining } from './neural';

export interface RankerRequest extends NeuralTraining {
  /** Categorical fields; example r's code of field f is categorical[r·F + f] in 0…size−1. */
  fields: Array<{ name: string; size: number }>;
  nExamples: number;
  categorical: Int32Array;
  /** Numeric inputs of the deep part, [nExamples × N] raw (standardised on the training rows). */
  numericNames: string[];
  numeric: Float32Array;
  /** Field pairs crossed in the wide part. */
  crosses: Array<[number, number]>;
  /** [nExamples] 0 / 1. */
  labels: Float32Array;
  /** [nExamples] 0 train, 1 validation (early stopping), 2 test (scored only). */
  split: Uint8Array;
  /** Embedding size per field. */
  factors: number;
  hidden: number[];
  batchSize: number;
  /** Epochs without validation-loss improvement before stopping; the best epoch's weights are kept. */
  patience: number;
  /** L2 on the embedding rows of each batch (λ · Σ squares / batch size). */
  regularization: number;
  /** Extra rows to score after training (candidates to re-rank). */
  score?: { n: number; categorical: Int32Array; numeric: Float32Array };
}

export interface RankerResult extends NeuralOutcome {
  valLosses: number[];
  valAucs: number[];
  epochsRun: number;
  /** The epoch whose weights were kept (the best validation loss). */
  bestEpoch: number;
  stoppedEarly: boolean;
  test: { rows: number; auc: number; logLoss: number; positiveRate: number } | null;
  /** [test rows, in example order] P(purchase). */
  testScores: Float32Array;
  /** [score.n] P(purchase). */
  scores: Float32Array;
  split: { train: number; validation: number; test: number };
  standardization: { mean: number[]; std: number[] };
}

export const ranker = defineKind<RankerRequest, RankerResult, NeuralEpoch>({
  sends: (r) => [
    r.categorical,
    r.numeric,
    r.labels,
    r.split,
    ...(r.score ? [r.score.categorical, r.score.numeric] : []),
  ],
  returns: (r) => [r.testScores, r.scores],
  train: trainRanker,
});
