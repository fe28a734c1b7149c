import { describe, it, expect } from 'vitest';
import { transferablesOf } from '../../protocol/training';
import { MODEL_KINDS, type ModelKindName, type ModelKinds } from '.';
import type { Tf } from './kind';
import type { NeuralOutcome } from './neural';

/** Every typed array anywhere in a value (nested objects and arrays included). */
function typedArrays(value: unknown, found: ArrayBufferView[] = []): ArrayBufferView[] {
  if (ArrayBuffer.isView(value)) found.push(value);
  else if (Array.isArray(value)) for (const v of value) typedArrays(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) typedArrays(v, found);
  return found;
}

const i32 = (...v: number[]) => Int32Array.from(v);
const f32 = (...v: number[]) => Float32Array.from(v);
const u8 = (...v: number[]) => Uint8Array.from(v);
const neural = { epochs: 1, learningRate: 0.01, seed: 1, backend: 'cpu' as const };
const outcome: NeuralOutcome = {
  losses: [0.5],
  samplesPerSecond: 1,
  msPerEpoch: 1,
  parameters: 10,
  backend: 'cpu',
  backendReasons: [],
  tensors: { before: 0, after: 0 },
  ms: 1,
};
const factorize = {
  nUsers: 2,
  nItems: 2,
  users: i32(0, 1),
  items: i32(1, 0),
  weights: f32(1, 2),
  factors: 2,
  epochs: 1,
  regularization: 0.01,
  seed: 1,
  backend: 'cpu' as const,
};
const factors = {
  userFactors: f32(1, 2, 3, 4),
  itemFactors: f32(5, 6, 7, 8),
  losses: [0.1],
  backend: 'cpu' as const,
  backendReasons: [],
  msPerEpoch: 1,
  tensors: { before: 0, after: 0 },
  ms: 1,
};

/** One request and one result per registered kind: a kind added to the registry must add its own here. */
const samples: { [K in ModelKindName]: { request: ModelKinds[K]['request']; result: ModelKinds[K]['result'] } } = {
  ncf: {
    request: {
      ...neural,
      nUsers: 2,
      nItems: 3,
      users: i32(0, 1),
      items: i32(2, 0),
      factors: 4,
      negatives: 1,
      regularization: 0,
      score: { users: i32(0), k: 2, candidates: u8(1, 1, 0), excludeSeen: true },
    },
    result: { ...outcome, top: { k: 2, items: i32(1, 0), scores: f32(0.3, 0.1) }, batchSize: 256 },
  },
  sequence: {
    request: {
      ...neural,
      nSymbols: 3,
      ptr: i32(0, 2),
      symbols: i32(0, 1),
      factors: 4,
      maxLength: 4,
      batchSize: 8,
      contexts: [
        { ptr: i32(0, 1), symbols: i32(2), excludeOwn: true },
        { ptr: i32(0, 2), symbols: i32(1, 2), excludeOwn: false },
      ],
      k: 2,
      candidates: u8(1, 1, 1),
    },
    result: {
      ...outcome,
      top: [
        { k: 2, items: i32(0, 1), scores: f32(-1, -2) },
        { k: 2, items: i32(2, -1), scores: f32(-1, NaN) },
      ],
      windows: 1,
      positions: 1,
    },
  },
  ranker: {
    request: {
      ...neural,
      fields: [{ name: 'item', size: 3 }],
      nExamples: 2,
      categorical: i32(0, 2),
      numericNames: ['price'],
      numeric: f32(1.5, 2.5),
      crosses: [],
      labels: f32(0, 1),
      split: u8(0, 1),
      factors: 4,
      hidden: [4],
      batchSize: 2,
      patience: 1,
      regularization: 0,
      score: { n: 1, categorical: i32(1), numeric: f32(3) },
    },
    result: {
      ...outcome,
      valLosses: [0.6],
      valAucs: [0.5],
      epochsRun: 1,
      bestEpoch: 1,
      stoppedEarly: false,
      test: null,
      testScores: f32(),
      scores: f32(0.4),
      split: { train: 1, validation: 1, test: 0 },
      standardization: { mean: [2], std: [0.5] },
    },
  },
  als: { request: { ...factorize, algorithm: 'als', alpha: 1 }, result: factors },
  bpr: { request: { ...factorize, algorithm: 'bpr', learningRate: 0.05 }, result: factors },
};

describe('model kinds', () => {
  it.each(Object.keys(MODEL_KINDS) as ModelKindName[])(
    '%s: every array of a request moves to the worker, every array of a result moves back',
    (kind) => {
      const model = MODEL_KINDS[kind];
      const { request, result } = samples[kind];
      const buffers = (values: ArrayBufferView[]) => new Set(transferablesOf(...values));
      // An array left out would be copied rather than moved; an extra one would detach a buffer the caller keeps.
      expect(buffers(model.sends(request as never))).toEqual(buffers(typedArrays(request)));
      expect(buffers(model.returns(result as never))).toEqual(buffers(typedArrays(result)));
    },
  );

  it('als and bpr refuse the other algorithm’s request instead of training it', async () => {
    const control = { onEpoch: () => {} };
    const backend = { name: 'cpu' as const, reasons: [] };
    // Before any tensor is made, so no TF.js is needed.
    await expect(MODEL_KINDS.als.train({} as Tf, samples.bpr.request as never, backend, control)).rejects.toThrow(
      'factorize: algorithm: the als trainer got a bpr request',
    );
    await expect(MODEL_KINDS.bpr.train({} as Tf, samples.als.request as never, backend, control)).rejects.toThrow(
      'factorize: algorithm: the bpr trainer got a als request',
    );
  });
});
