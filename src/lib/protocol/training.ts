/** Messages between the engine and the training worker. Arrays are transferred, not copied. */
import type { FittedTransform } from '../features/transform';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

// --- Classifier (train-classifier, score; issue #8 part A) --------------------------------------

/** The three parts of a seeded stratified split. */
export const SPLIT_PARTS = ['train', 'validation', 'test'] as const;
export type SplitPart = (typeof SPLIT_PARTS)[number];

/**
 * One slice of rows streamed from DuckDB (compute worker) to TF.js (training worker), in a fixed
 * order, already standardised. Its buffers are transferred, so the sender's copy is detached.
 */
export interface FeatureChunk {
  /** [rows × nFeatures] row-major. */
  x: Float32Array;
  /** [rows] labels 0/1 (empty when scoring unlabelled rows). */
  y: Float32Array;
  rows: number;
}

/** Chunk `index` (0, 1, …) of one split part, or null past its end. */
export type ChunkSource = (part: SplitPart, index: number) => Promise<FeatureChunk | null>;

export interface ClassifierRequest {
  model: 'logistic' | 'mlp';
  /** Hidden layer sizes (mlp); logistic has none. */
  hidden: number[];
  /** Dropout rate after each hidden layer while training. */
  dropout: number;
  /** L2 penalty on every kernel: loss + l2 · Σ w² (Keras kernel_regularizer=l2). */
  l2: number;
  nFeatures: number;
  featureNames: string[];
  /** Rows per part; chunks of `chunkRows` (a multiple of batchSize) cover them in order. */
  counts: Record<SplitPart, number>;
  chunkRows: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without validation-loss improvement before stopping (the best weights are kept). */
  patience: number;
  /** Per-class loss weights (Keras class_weight). */
  classWeight: { 0: number; 1: number };
  seed: number;
  /** Permutation importance on at most `maxRows` test rows (the first in the shuffled test order). */
  importance: { repeats: number; maxRows: number };
  backend: 'auto' | BackendName;
}

export interface EpochLog {
  epoch: number;
  loss: number;
  valLoss: number;
  valAuc: number;
  /** The classifier's MLP first fits its linear part ('linear'), then the whole network. */
  stage?: 'linear';
}

export interface ClassifierResult {
  backend: BackendName;
  /** Why each faster backend was not used, e.g. "webgpu: software adapter (swiftshader), not a GPU". */
  backendReasons: string[];
  epochs: EpochLog[];
  stoppedEarly: boolean;
  /** The epoch whose weights the model keeps (lowest validation loss; 0 = the linear warm start). */
  bestEpoch: number;
  /** MLP: the logistic fit it started from (epochs run, its best validation loss). */
  warmStart?: { epochs: number; valLoss: number };
  /** Predicted probabilities of every row, per part, in chunk order. */
  scores: Record<SplitPart, Float32Array>;
  importance: Array<{ feature: string; importance: number; sd: number }>;
  importanceRows: number;
  /** Live tensors before and after training (equal unless something leaked), and after each epoch (flat). */
  tensors: { before: number; after: number; perEpoch: number[] };
  ms: number;
  /** Training rows per second of training time (validation excluded). */
  samplesPerSecond: number;
}

/** What the registry keeps beside a saved model's weights (database `custodian-models`). */
export interface ModelMeta {
  id: string;
  name: string;
  /** ISO time of saving. */
  created: string;
  kind: 'classifier';
  model: 'logistic' | 'mlp';
  hidden: number[];
  /** The recipe step that trained it. */
  step: { id: string; op: string; input: string; params: unknown };
  /** Model inputs, in order: columns of the (transformed) input table. */
  features: string[];
  /** The id column of the input (predictions.entity), if any. */
  entity: string | null;
  label: string;
  /**
   * Transforms replayed, in order, on a raw table before the features are read (from the input's
   * lineage: `transform` steps' fitted numbers). `input` is the table the first one read.
   */
  transforms: { input: string; fitted: FittedTransform[] } | null;
  /** (x − mean) / std per feature, fitted on the training split, applied after the transforms. */
  standardization: { mean: number[]; std: number[] };
  threshold: number;
  metrics: Record<string, number | null>;
  /** Training data: row count, and SHA-256 (hex) of the column names and of a sample of rows. */
  fingerprint: { rows: number; columns: string; sample: string };
  backend: string;
  split: { seed: number; train: number; validation: number; test: number; stratified: true };
  appVersion: string;
}

/** A model as files: model.json + weights.bin (TF.js layers format) + custodian.json (ModelMeta). */
export interface ModelFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * Matrix factorisation of an implicit-feedback matrix (users × items), trained in the training
 * worker. `users`, `items` and `weights` are transferred (detached on the caller's side).
 */
export interface FactorizeRequest {
  algorithm: 'als' | 'bpr';
  nUsers: number;
  nItems: number;
  /** One entry per distinct (user, item) pair; weights e.g. purchase counts. */
  users: Int32Array;
  items: Int32Array;
  weights: Float32Array;
  factors: number;
  epochs: number;
  regularization: number;
  /** bpr: Adam learning rate. */
  learningRate?: number;
  /** als: confidence c = 1 + alpha · weight (Hu, Koren & Volinsky 2008). */
  alpha?: number;
  seed: number;
  backend: 'auto' | BackendName;
}

/** Per-epoch progress of a factorisation. */
export interface FactorizeEpoch {
  epoch: number;
  loss: number;
}

export interface FactorizeResult {
  /** [nUsers × factors] row-major; a user's score for an item is the dot product of their rows. */
  userFactors: Float32Array;
  /** [nItems × factors] row-major. */
  itemFactors: Float32Array;
  /** One per epoch run. */
  losses: number[];
  backend: BackendName;
  backendReasons: string[];
  msPerEpoch: number;
  /** Live tensors before and after training: equal unless something leaked. */
  tensors: { before: number; after: number };
  ms: number;
}

/**
 * The buffers to transfer with a message carrying these arrays, each once: listing a buffer
 * twice (two views of one buffer) makes postMessage throw a DataCloneError.
 */
export function transferablesOf(...arrays: ArrayBufferView[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) buffers.add(a.buffer);
  return [...buffers];
}

/**
 * The buffers each neural request moves to the training worker (the compute worker sends them
 * detached; the op tests' trainer detaches the same ones, so a use after sending fails there too).
 */
export const NEURAL_TRANSFER = {
  ncf: (r: NcfRequest) => transferablesOf(r.users, r.items, r.score.users, r.score.candidates),
  sequence: (r: SequenceRequest) =>
    transferablesOf(r.ptr, r.symbols, r.candidates, ...r.contexts.flatMap((c) => [c.ptr, c.symbols])),
  ranker: (r: RankerRequest) =>
    transferablesOf(
      r.categorical,
      r.numeric,
      r.labels,
      r.split,
      ...(r.score ? [r.score.categorical, r.score.numeric] : []),
    ),
};

// ── Neural recommendation models (issue #8, part B): NCF, the Wide & Deep ranker, the GRU
// sequence model. Arrays are transferred both ways (detached on the sender's side).

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

interface NeuralTraining {
  epochs: number;
  learningRate: number;
  seed: number;
  backend: 'auto' | BackendName;
}

interface NeuralOutcome {
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

/** NeuMF on implicit feedback (He et al. 2017). */
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

/** Next-symbol GRU over ordered sequences (GRU4Rec-style). */
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

/** Wide & Deep conversion model (Cheng et al. 2016) over coded examples. */
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
