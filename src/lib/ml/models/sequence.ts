/** Next-symbol GRU over ordered sequences (GRU4Rec-style): train-sequence and the `sequence` recommender. Model code: ../sequence-model.ts. */
import { trainSequenceModel } from '../sequence-model';
import type { SequenceRequest, SequenceResult } from '../sequence-model';
import { defineKind } from './kind';
import type { NeuralEpoch } from './neural';

export const sequence = defineKind<SequenceRequest, SequenceResult, NeuralEpoch>({
  sends: (r) => [r.ptr, r.symbols, r.candidates, ...r.contexts.flatMap((c) => [c.ptr, c.symbols])],
  returns: (r) => r.top.flatMap((t) => [t.items, t.scores]),
  train: trainSequenceModel,
});

export type { SequenceRequest, SequenceResult };
