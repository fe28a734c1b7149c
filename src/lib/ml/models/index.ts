/**
 * The model kinds the training worker can train: one line each. A kind's module holds its
 * request, result and epoch types, the buffers that move with them and its training function
 * (see ./kind.ts); the workers and the op tests' trainer dispatch on the name alone.
 *
 * A new model: write `<kind>.ts` exporting `defineKind<Request, Result, Epoch>({ sends, returns,
 * train })`, add it to KINDS below, and an op trains it with `ctx.trainer.run('<kind>', request,
 * onEpoch)`. index.test.ts then asks for one sample request and result of it.
 */
import { als } from './als';
import { bpr } from './bpr';
import type { ModelKind } from './kind';
import { ncf } from './ncf';
import { ranker } from './ranker';
import { sequence } from './sequence';

const KINDS = { ncf, sequence, ranker, als, bpr };

export type ModelKindName = keyof typeof KINDS;

/** Per kind: the request it trains on, the result it gives back and what each epoch reports. */
export type ModelKinds = {
  [K in ModelKindName]: (typeof KINDS)[K] extends ModelKind<infer Q, infer R, infer E>
    ? { request: Q; result: R; epoch: E }
    : never;
};

export type KindOf<K extends ModelKindName> = ModelKind<
  ModelKinds[K]['request'],
  ModelKinds[K]['result'],
  ModelKinds[K]['epoch']
>;

/** Typed per name, so `MODEL_KINDS[kind]` for a generic `kind` is that kind's own contract. */
export const MODEL_KINDS: { [K in ModelKindName]: KindOf<K> } = KINDS;
