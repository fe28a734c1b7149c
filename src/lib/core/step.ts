/**
 * What a running step tells its host: progress (with the training log of an epoch) and the preview
 * of what it would change. Ops emit these, the engine forwards them, and the compute worker's API
 * (protocol/engine) hands them to the UI thread, so they sit below all three.
 */
import type { Scalar } from './json';

/** One epoch of a training run, for live loss curves and the report. */
export interface EpochLog {
  epoch: number;
  loss: number;
  valLoss: number;
  valAuc: number;
  /** The classifier's MLP first fits its linear part ('linear'), then the whole network. */
  stage?: 'linear';
}

export interface Progress {
  step: string;
  message: string;
  /** 0..1 when known. */
  fraction?: number;
  /** Per-epoch training log, for live loss curves. */
  epoch?: EpochLog;
}

/** What a step would do, computed without creating anything (for "preview before apply"). */
export interface OpPreview {
  rowsIn: number;
  rowsOut: number;
  /** Values changed per column (imputed, clipped, trimmed, cast…), where the op changes values. */
  changedValues?: Record<string, number>;
  /** New columns the step would add. */
  addedColumns?: string[];
  /** A few rows of the result, JSON-safe. */
  sample?: Record<string, Scalar>[];
  /** Anything else worth saying in one line, e.g. "3 rows could not be parsed as dates". */
  notes?: string[];
}
