/**
 * A Trainer for op tests that runs the neural recommendation models in this process (the training
 * worker's job in the app) on one TF.js backend — WASM by default, 5–7× faster here than the
 * plain-JS CPU backend — and counts the calls. Requests arrive as the worker gets them: cloned,
 * with the same buffers moved (detached on the sending side).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { trainNcf } from '../ml/ncf';
import { trainRanker } from '../ml/ranker';
import { trainSequenceModel } from '../ml/sequence-model';
import type { Trainer } from '../ops/types';
import { NEURAL_TRANSFER } from '../protocol/training';

/** What the worker receives: a structured clone with the request's buffers moved (detached in the caller, as postMessage does). */
function sent<T>(req: T, transfer: ArrayBuffer[]): T {
  return structuredClone(req, { transfer });
}

export interface NeuralTrainer extends Trainer {
  calls: { ncf: number; sequence: number; ranker: number };
}

export async function neuralTrainer(name: 'cpu' | 'wasm' = 'wasm'): Promise<NeuralTrainer> {
  await tf.setBackend(name);
  const backend = { name, reasons: [`test: ${name} backend in Node`] };
  const calls = { ncf: 0, sequence: 0, ranker: 0 };
  return {
    calls,
    train: () => Promise.reject(new Error('the classifier is not part of this test trainer')),
    ncf: (req, onEpoch) => (calls.ncf++, trainNcf(tf, sent(req, NEURAL_TRANSFER.ncf(req)), backend, { onEpoch })),
    sequence: (req, onEpoch) => (
      calls.sequence++,
      trainSequenceModel(tf, sent(req, NEURAL_TRANSFER.sequence(req)), backend, { onEpoch })
    ),
    ranker: (req, onEpoch) => (
      calls.ranker++,
      trainRanker(tf, sent(req, NEURAL_TRANSFER.ranker(req)), backend, { onEpoch })
    ),
  };
}
