/** Types shared by the neural recommendation kinds (ncf, sequence, ranker). */
import type { BackendName } from '../../protocol/training';

/** Per-epoch progress of a neural recommendation model. */
export interface NeuralEpoch {
  epoch: number;
  /** Mean training loss (binary or softmax cross-entropy) over the epoch's samples. */
  loss: number;
  /** Held-out loss and AUC, where the model has a validation split (the ranker). */
  valLoss?: number;
  valAuc?: number;
  /** Training samples (pairs, examples or sequence steps) seen in the epoch. */
  samples: number;
  ms: number;
}

/** Top-k lists from the training worker: row j's items are items[j·k … j·k + k), best first; −1 pads a short list. */
export interface TopLists {
  k: number;
  items: Int32Array;
  /** Model scores (logits), NaN where the item is −1. */
  scores: Float32Array;
}

export interface NeuralTraining {
  epochs: number;
  learningRate: number;
  seed: number;
  backend: 'auto' | BackendName;
}

export interface NeuralOutcome {
  losses: number[];
  samplesPerSecond: number;
  msPerEpoch: number;
  /** Trainable numbers in the model. */
  parameters: number;
  backend: BackendName;
  backendReasons: string[];
  /** Live tensors before and after training: equal unless something leaked. */
  tensors: { before: number; after: number };
  ms: number;
}
