/** NeuMF on implicit feedback (He et al. 2017): train-ncf and the `ncf` recommender. Model code: ../ncf.ts. */
import { trainNcf } from '../ncf';
import type { NcfRequest, NcfResult } from '../ncf';
import { defineKind } from './kind';
import type { NeuralEpoch } from './neural';

export const ncf = defineKind<NcfRequest, NcfResult, NeuralEpoch>({
  sends: (r) => [r.users, r.items, r.score.users, r.score.candidates],
  returns: (r) => [r.top.items, r.top.scores],
  train: trainNcf,
});

export type { NcfRequest, NcfResult };
