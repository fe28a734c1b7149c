/** Messages between the engine and the training worker. Arrays are transferred, not copied. */

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface TrainRequest {
  /** [nRows × nFeatures] row-major raw feature values (standardised inside, on the training split). */
  x: Float32Array;
  /** [nRows] labels, 0 or 1. */
  y: Float32Array;
  nRows: number;
  nFeatures: number;
  featureNames: string[];
  seed: number;
  testFraction: number;
  validationFraction: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  hidden: number[];
  /** Epochs without validation-loss improvement before stopping. */
  patience: number;
  classWeights: boolean;
  backend: 'auto' | BackendName;
}

export interface EpochLog {
  epoch: number;
  loss: number;
  valLoss: number;
  valAuc: number;
}

export interface TrainResult {
  backend: BackendName;
  /** Why each faster backend was not used, e.g. "webgpu: software adapter (swiftshader), not a GPU". */
  backendReasons: string[];
  epochs: EpochLog[];
  stoppedEarly: boolean;
  metrics: {
    testAuc: number;
    testAccuracy: number;
    testLogLoss: number;
    positiveRate: number;
  };
  split: { seed: number; train: number; validation: number; test: number; stratified: true };
  classWeight: { 0: number; 1: number };
  standardization: { mean: number[]; std: number[] };
  /** Live tensors before and after training: equal unless something leaked. */
  tensors: { before: number; after: number };
  ms: number;
}
