/**
 * The training worker's job in this Node process: the classifier (train, save, score, with the
 * model registry in an in-memory IndexedDB) and the model kinds of ml/models, on one TF.js backend
 * chosen by the caller. The native runner uses WASM (the same kernels as the browser's WASM
 * backend, no binary download); unit tests may use the plain-JS CPU backend.
 *
 * TF.js's indexeddb:// handler runs only where it believes it is in a browser and finds IndexedDB
 * on `self`, hence the two shims; the store lives and dies with the process, as a fresh browser
 * context's would with the headless runner.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { classifierHost } from '../lib/ml/classifier-host';
import { modelStore } from '../lib/ml/model-store';
import { MODEL_KINDS, type ModelKindName, type ModelKinds } from '../lib/ml/models';
import type { Trainer } from '../lib/ops/types';
import type { BackendName } from '../lib/protocol/training';

export type NodeBackend = Extract<BackendName, 'wasm' | 'cpu'>;

export interface NativeTrainer {
  trainer: Trainer;
  host: ReturnType<typeof classifierHost>;
  /** The backend every model trains on here, whatever a step asks for (`auto`, `webgl`, …). */
  backend: NodeBackend;
  /** e.g. `tfjs 4.22.0 wasm` */
  describe: string;
}

export async function nativeTrainer(
  opts: { backend?: NodeBackend; dbName?: string; appVersion?: string } = {},
): Promise<NativeTrainer> {
  const name = opts.backend ?? 'wasm';
  (globalThis as { self?: unknown }).self ??= globalThis;
  tf.env().set('IS_BROWSER', true);
  if (!(await tf.setBackend(name))) throw new Error(`TF.js's ${name} backend did not start in this Node`);
  await tf.ready();
  const reasons = [`${name}: the one backend of TF.js in Node here (no GPU backend, no binary download)`];
  const backend = async () => ({ name, reasons });
  const host = classifierHost(tf, { store: modelStore(tf, opts.dbName), backend });
  const trainer: Trainer = {
    train: (stepId, req, source, onEpoch) => host.train(stepId, req, source, onEpoch, () => false),
    saveModel: (stepId, meta) => host.save(stepId, { ...meta, appVersion: opts.appVersion ?? 'test' }),
    findModel: (ref) => host.find(ref),
    score: (id, req, source) => host.score(id, req, source),
    run: (kind, req, onEpoch) => runKind(kind, req, onEpoch, name, reasons),
  };
  return { trainer, host, backend: name, describe: `tfjs ${tf.version.tfjs} ${name}` };
}

/** One model kind on the current backend, as the training worker's `trainKind` does on its chosen one. */
export function runKind<K extends ModelKindName>(
  kind: K,
  req: ModelKinds[K]['request'],
  onEpoch: (log: ModelKinds[K]['epoch']) => void,
  name: NodeBackend,
  reasons: string[],
): Promise<ModelKinds[K]['result']> {
  return MODEL_KINDS[kind].train(tf, req, { name, reasons }, { onEpoch });
}
