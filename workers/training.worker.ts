/// <reference lib="webworker" />
/**
 * Hosts TF.js. The engine (compute worker) sends training jobs through a Comlink port. TF.js (a few
 * MB of script and its WebAssembly) loads on the first job or probe, not at start-up: the app is
 * ready without it.
 */
import * as Comlink from 'comlink';
import { MODEL_KINDS, type ModelKindName, type ModelKinds } from '../src/lib/ml/models';
import { planBackends } from '../src/lib/ml/backend';
import {
  transferablesOf,
  type ChunkSource,
  type ClassifierRequest,
  type FeatureChunk,
  type ModelFile,
  type ModelMeta,
} from '../src/lib/protocol/training';
import type { EpochLog } from '../src/lib/core/step';

/**
 * The training jobs running now, each with its own stop flag: a stop marks every one of them, and a
 * job that starts later gets a fresh flag (one shared flag would be cleared by the next job before
 * a cancelled one, waiting for its next checkpoint, had seen it).
 */
const running = new Set<{ stopped: boolean }>();

type TfHost = typeof import('../src/lib/ml/tf-host');
/** Set once TF.js has loaded (before that no model exists, nothing trains and no tensor is held). */
let host: TfHost | undefined;
let loading: Promise<TfHost> | undefined;
const tf = (): Promise<TfHost> => (loading ??= import('../src/lib/ml/tf-host').then((m) => (host = m)));
const settled: Array<() => void> = [];

async function job<T>(work: (shouldStop: () => boolean) => Promise<T>): Promise<T> {
  const token = { stopped: false };
  running.add(token);
  try {
    return await work(() => token.stopped);
  } finally {
    running.delete(token);
    if (running.size === 0) for (const done of settled.splice(0)) done();
  }
}

const api = {
  async probe() {
    const plan = planBackends(await (await tf()).probeBackends(), 'auto');
    return { plan: plan.order, reasons: plan.reasons };
  },
  // --- Classifier (train-classifier, score) and the model registry.
  /** Rows come from `source` (the compute worker, reading DuckDB) chunk by chunk; the scores move back. */
  async train(stepId: string, req: ClassifierRequest, source: ChunkSource, onEpoch: (log: EpochLog) => void) {
    const { classifier } = await tf();
    const result = await job((shouldStop) => classifier.train(stepId, req, source, onEpoch, shouldStop));
    return Comlink.transfer(result, transferablesOf(result.scores.train, result.scores.validation, result.scores.test));
  },
  pause: () => host?.classifier.pause(),
  resume: () => host?.classifier.resume(),
  paused: () => host?.classifier.paused ?? false,
  saveModel: async (stepId: string, meta: Omit<ModelMeta, 'id' | 'created' | 'backend'>) =>
    (await tf()).classifier.save(stepId, { ...meta, appVersion: __APP_VERSION__ }),
  hasTrained: async (stepId: string) => (await tf()).classifier.hasTrained(stepId),
  findModel: async (ref: string) => (await tf()).classifier.find(ref),
  listModels: async () => (await tf()).classifier.list(),
  deleteModel: async (id: string) => (await tf()).classifier.remove(id),
  async exportModel(id: string) {
    const files = await (await tf()).classifier.exportFiles(id);
    return Comlink.transfer(files, transferablesOf(...files.map((f) => f.bytes)));
  },
  importModel: async (files: ModelFile[]) => (await tf()).classifier.importFiles(files),
  async score(
    modelId: string,
    req: { nFeatures: number; backend: ClassifierRequest['backend'] },
    source: (index: number) => Promise<FeatureChunk | null>,
  ) {
    const result = await (await tf()).classifier.score(modelId, req, source);
    return Comlink.transfer(result, [result.scores.buffer]);
  },
  // --- end of the classifier block.
  /** Train a model kind (ml/models); the request's arrays arrive moved, the result's move back, not copied. */
  async run<K extends ModelKindName>(
    kind: K,
    req: ModelKinds[K]['request'],
    onEpoch: (log: ModelKinds[K]['epoch']) => void,
  ): Promise<ModelKinds[K]['result']> {
    const { trainKind } = await tf();
    const result = await job((shouldStop) => trainKind(kind, req, onEpoch, shouldStop));
    return Comlink.transfer(result, transferablesOf(...MODEL_KINDS[kind].returns(result)));
  },
  tensorCount: () => host?.tensorCount() ?? 0,
  /** Stop every training job running now; each throws `CancelledError` at its next checkpoint. */
  stop() {
    for (const token of running) token.stopped = true;
    host?.classifier.resume(); // a paused classifier must wake up to see the stop
  },
  /** Resolves once no training job runs (the session waits for this after a cancel before it restarts the worker). */
  idle(): Promise<void> {
    return running.size === 0 ? Promise.resolve() : new Promise((resolve) => settled.push(resolve));
  },
  connect(port: MessagePort) {
    Comlink.expose(api, port);
  },
};
export type TrainingWorkerApi = typeof api;

Comlink.expose(api);
