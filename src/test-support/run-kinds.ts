/** A fake trainer's `run` for op tests, from one handler per model kind (no TF.js loaded). */
import type { ModelKindName, ModelKinds } from '../lib/ml/models';
import type { Trainer } from '../lib/ops/types';

/** Per kind, what a test trainer does with its requests. */
export type KindHandlers = {
  [K in ModelKindName]?: (
    request: ModelKinds[K]['request'],
    onEpoch: (log: ModelKinds[K]['epoch']) => void,
  ) => Promise<ModelKinds[K]['result']>;
};

/** A trainer's `run` that hands each kind to its handler; a kind without one fails, as a worker without it would. */
export function runKinds(handlers: KindHandlers): NonNullable<Trainer['run']> {
  return (kind, request, onEpoch) => {
    const handler = handlers[kind];
    return handler ? handler(request, onEpoch) : Promise.reject(new Error(`this test trainer does not train ${kind}`));
  };
}
