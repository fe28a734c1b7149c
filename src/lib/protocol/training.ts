/** Messages between the engine and the training worker (the classifier's; the other models' are in ml/models/). Arrays are transferred, not copied. */
import type { FittedTransform } from '../features/transform';
import type { EpochLog } from '../core/step';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

// --- Classifier (train-classifier, score) --------------------------------------

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
 * The buffers to transfer with a message carrying these arrays, each once: listing a buffer
 * twice (two views of one buffer) makes postMessage throw a DataCloneError.
 */
export function transferablesOf(...arrays: ArrayBufferView[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) buffers.add(a.buffer);
  return [...buffers];
}
