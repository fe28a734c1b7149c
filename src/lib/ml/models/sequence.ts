/** Next-symbol GRU over ordered sequences (GRU4Rec-style): train-sequence and the `sequence` recommender. Model code: ../sequence-model.ts. */
import { trainSequenceModel } from '../sequence-model';
import { defineKind } from './kind';
import type { NeuralEpoch, NeuralOutcome, NeuralTraining, TopLists } from './neural';

export interface SequenceRequest extends NeuralTraining {
  /** Symbols are items or categories, coded 0…nSymbols−1. */
  nSymbols: number;
  /** Training sequences: sequence s is symbols[ptr[s] … ptr[s+1]), oldest first. */
  ptr: Int32Array;
  symbols: Int32Array;
  /** Hidden and embedding size. */
  factors: number;
  /** Steps per training window (longer sequences are cut into windows). */
  maxLength: number;
  batchSize: number;
  /**
   * Predict the next symbol after each of these sequences (same layout), top k of `candidates`;
   * `excludeOwn` leaves out the symbols already in that sequence.
   */
  contexts: Array<{ ptr: Int32Array; symbols: Int32Array; excludeOwn: boolean }>;
  k: number;
  candidates: Uint8Array;
}

export interface SequenceResult extends NeuralOutcome {
  /** One TopLists per context, one list per context sequence; scores are log P(next = symbol). */
  top: TopLists[];
  windows: number;
  /** Training steps (input → next symbol) per epoch. */
  positions: number;
}

export const sequence = defineKind<SequenceRequest, SequenceResult, NeuralEpoch>({
  sends: (r) => [r.ptr, r.symbols, r.candidates, ...r.contexts.flatMap((c) => [c.ptr, c.symbols])],
  returns: (r) => r.top.flatMap((t) => [t.items, t.scores]),
  train: trainSequenceModel,
});
