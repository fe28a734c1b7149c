/** Wide & Deep conversion model (Cheng et al. 2016): train-ranker and the `ranker` re-ranker. Model code: ../ranker.ts. */
import { trainRanker } from '../ranker';
import type { RankerRequest, RankerResult } from '../ranker';
import { defineKind } from './kind';
import type { NeuralEpoch } from './neural';

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

export type { RankerRequest, RankerResult };
