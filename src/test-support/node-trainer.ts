/**
 * The training worker's classifier host on TF.js's CPU backend in Node, with the model registry in
 * fake-indexeddb (for op tests). TF.js's indexeddb:// handler runs only where it believes it is
 * in a browser and finds IndexedDB on `self`, hence the two shims.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { classifierHost } from '../lib/ml/classifier-host';
import { modelStore } from '../lib/ml/model-store';
import type { Trainer } from '../lib/ops/types';

export async function nodeTrainer(
  dbName: string,
): Promise<{ trainer: Trainer; host: ReturnType<typeof classifierHost> }> {
  (globalThis as { self?: unknown }).self ??= globalThis;
  tf.env().set('IS_BROWSER', true);
  await tf.setBackend('cpu');
  const host = classifierHost(tf, {
    store: modelStore(tf, dbName),
    backend: async () => ({ name: 'cpu', reasons: [] }),
  });
  const trainer: Trainer = {
    train: (stepId, req, source, onEpoch) => host.train(stepId, req, source, onEpoch, () => false),
    saveModel: (stepId, meta) => host.save(stepId, { ...meta, appVersion: 'test' }),
    findModel: (ref) => host.find(ref),
    score: (id, req, source) => host.score(id, req, source),
  };
  return { trainer, host };
}
