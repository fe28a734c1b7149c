/**
 * Matrix factorisation of an implicit-feedback matrix (users × items): what the `als` and `bpr`
 * kinds share (one request layout, one training function: ../factorize.ts).
 */
import type { BackendName } from '../../protocol/training';
import { factorizeMatrix } from '../factorize';
import { defineKind, type ModelKind } from './kind';

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

/** The kind for one algorithm: its requests name that algorithm (a request for the other one does not type-check). */
export function factorization<A extends FactorizeRequest['algorithm']>(
  algorithm: A,
): ModelKind<FactorizeRequest & { algorithm: A }, FactorizeResult, FactorizeEpoch> {
  return defineKind<FactorizeRequest & { algorithm: A }, FactorizeResult, FactorizeEpoch>({
    sends: (r) => [r.users, r.items, r.weights],
    // The factor matrices own their buffers: they move back, not copied.
    returns: (r) => [r.userFactors, r.itemFactors],
    train: async (tf, req, backend, control) => {
      // Untyped callers (the e2e hook) can still send the other algorithm's request.
      if (req.algorithm !== algorithm)
        throw new Error(`factorize: algorithm: the ${algorithm} trainer got a ${String(req.algorithm)} request`);
      return factorizeMatrix(tf, req, backend, control);
    },
  });
}
