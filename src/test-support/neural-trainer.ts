/**
 * A Trainer for op tests that runs the model kinds (ml/models) in this process (the training
 * worker's job in the app) on one TF.js backend — WASM by default, 5–7× faster here than the
 * plain-JS CPU backend — and counts the calls. Requests arrive as the worker gets them: cloned,
 * with the same buffers moved (detached on the sending side).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { MODEL_KINDS, type ModelKindName } from '../lib/ml/models';
import type { Trainer } from '../lib/ops/types';
import { transferablesOf } from '../lib/protocol/training';
import { runKind } from '../native/trainer';

/** What the worker receives: a structured clone with the request's buffers moved (detached in the caller, as postMessage does). */
function sent<T>(req: T, transfer: ArrayBuffer[]): T {
  return structuredClone(req, { transfer });
}

export interface NeuralTrainer extends Trainer {
  calls: Record<ModelKindName, number>;
}

export async function neuralTrainer(name: 'cpu' | 'wasm' = 'wasm'): Promise<NeuralTrainer> {
  await tf.setBackend(name);
  const reasons = [`test: ${name} backend in Node`];
  const calls = Object.fromEntries(Object.keys(MODEL_KINDS).map((kind) => [kind, 0])) as Record<ModelKindName, number>;
  return {
    calls,
    train: () => Promise.reject(new Error('the classifier is not part of this test trainer')),
    run: (kind, req, onEpoch) => {
      calls[kind]++;
      return runKind(kind, sent(req, transferablesOf(...MODEL_KINDS[kind].sends(req))), onEpoch, name, reasons);
    },
  };
}
