/**
 * What a model kind is: the contract every file in this folder fills, and the one thing the
 * training worker, the compute worker's trainer and the op tests' trainer know about a model.
 *
 * A kind module must not import TF.js at runtime (only `import type`): the compute worker and the
 * main thread import the registry for its transfer lists, and TF.js belongs in the training worker
 * alone, which passes its `tf` into `train`.
 */
import type * as TF from '@tensorflow/tfjs';
import type { BackendName } from '../../protocol/training';

/** The TF.js namespace, handed in by the host that loaded it. */
export type Tf = typeof TF;

/** The backend the host started (`reasons`: why faster ones were passed over). */
export interface TrainBackend {
  name: BackendName;
  reasons: string[];
}

export interface TrainControl<E> {
  onEpoch(log: E): void;
  /** The worker's stop flag, checked between epochs and mini-batches: once set, training throws `CancelledError`. */
  shouldStop?(): boolean;
}

/** Every request names the backend it asks for ('auto': the best one that starts). */
export interface KindRequest {
  backend: 'auto' | BackendName;
}

export interface ModelKind<Q extends KindRequest, R, E> {
  /**
   * The arrays whose buffers move with a request to the training worker (detached on the sending
   * side: the caller must not read them after sending, and must copy what it still needs).
   */
  sends(request: Q): ArrayBufferView[];
  /** The arrays whose buffers move back with the result. */
  returns(result: R): ArrayBufferView[];
  /** Train on the backend already set in `tf` (the host chooses it; model code never does). */
  train(tf: Tf, request: Q, backend: TrainBackend, control: TrainControl<E>): Promise<R>;
}

/** A kind, with its request, result and epoch types spelled out once (the registry infers them from here). */
export function defineKind<Q extends KindRequest, R, E>(kind: ModelKind<Q, R, E>): ModelKind<Q, R, E> {
  return kind;
}
