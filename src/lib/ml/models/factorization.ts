/**
 * Matrix factorisation of an implicit-feedback matrix (users × items): what the `als` and `bpr`
 * kinds share (one request layout, one training function: ../factorize.ts).
 */
import { factorizeMatrix } from '../factorize';
import type { FactorizeRequest, FactorizeEpoch, FactorizeResult } from '../factorize';
import { defineKind, type ModelKind } from './kind';

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

export type { FactorizeRequest, FactorizeEpoch, FactorizeResult };
