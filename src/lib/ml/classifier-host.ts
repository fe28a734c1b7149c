/**
 * What the training worker does for the classifier ops, with TF.js, the backend choice and the
 * model store passed in, so the same code runs in the worker (tf-host.ts) and in Node tests:
 * train from streamed chunks (pausable, stoppable), keep the last trained model of each step in
 * memory as plain artifacts (no tensors) until it is saved, save it to the registry, and score
 * streamed rows with a saved model.
 */
import type * as TF from '@tensorflow/tfjs';
import type {
  BackendName,
  ChunkSource,
  ClassifierRequest,
  ClassifierResult,
  FeatureChunk,
  ModelFile,
  ModelMeta,
} from '../protocol/training';
import type { EpochLog } from '../core/step';
import type { ModelStore } from './model-store';
import { predictArray, trainClassifier } from './train-classifier';

type Tf = typeof TF;
type Backend = { name: BackendName; reasons: string[] };

/** Rows to score, chunk by chunk (index 0, 1, …; null past the end). */
export type RowSource = (index: number) => Promise<FeatureChunk | null>;

export interface ScoreResult {
  scores: Float32Array;
  backend: BackendName;
  backendReasons: string[];
}

/** Trained models not yet saved, per step; older ones are dropped past this many. */
const KEEP_TRAINED = 4;

export function classifierHost(
  tf: Tf,
  opts: {
    store: ModelStore;
    backend(requested: 'auto' | BackendName): Promise<Backend>;
    /** Wraps a run on a backend (the worker turns WebGPU validation errors into errors). */
    guard?<T>(backend: BackendName, run: () => Promise<T>): Promise<T>;
  },
) {
  const guard = opts.guard ?? (<T>(_b: BackendName, run: () => Promise<T>) => run());
  const trained = new Map<string, { artifacts: TF.io.ModelArtifacts; backend: BackendName }>();
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;

  const resume = () => {
    release?.();
    [release, gate] = [undefined, undefined];
  };

  return {
    async train(
      stepId: string,
      req: ClassifierRequest,
      source: ChunkSource,
      onEpoch: (log: EpochLog) => void,
      shouldStop: () => boolean,
    ): Promise<ClassifierResult> {
      resume();
      const backend = await opts.backend(req.backend);
      const { result, artifacts } = await guard(backend.name, () =>
        trainClassifier(tf, req, source, backend, {
          onEpoch,
          shouldStop,
          whilePaused: () => gate ?? Promise.resolve(),
        }),
      );
      trained.delete(stepId);
      trained.set(stepId, { artifacts, backend: backend.name });
      while (trained.size > KEEP_TRAINED) trained.delete(trained.keys().next().value!);
      return result;
    },
    /** Hold training before its next mini-batch until `resume` (or a stop, which resumes first). */
    pause() {
      gate ??= new Promise<void>((r) => (release = r));
    },
    resume,
    get paused() {
      return gate !== undefined;
    },
    /** Save the model step `stepId` trained last (in this worker's lifetime). */
    async save(stepId: string, meta: Omit<ModelMeta, 'id' | 'created' | 'backend'>) {
      const model = trained.get(stepId);
      if (!model) throw new Error(`no trained model of step '${stepId}' to save: train it again first`);
      return opts.store.save(model.artifacts, { ...meta, backend: model.backend });
    },
    /** Whether `stepId` has a trained model waiting to be saved. */
    hasTrained(stepId: string) {
      return trained.has(stepId);
    },
    list: () => opts.store.list(),
    find: (ref: string) => opts.store.find(ref),
    remove: (id: string) => opts.store.remove(id),
    exportFiles: (id: string): Promise<ModelFile[]> => opts.store.exportFiles(id),
    importFiles: (files: ModelFile[]) => opts.store.importFiles(files),
    async score(
      modelId: string,
      req: { nFeatures: number; backend: 'auto' | BackendName },
      source: RowSource,
    ): Promise<ScoreResult> {
      const backend = await opts.backend(req.backend);
      return guard(backend.name, async () => {
        const model = await opts.store.load(modelId);
        try {
          const inputs = model.inputs[0]!.shape[1];
          if (inputs !== req.nFeatures)
            throw new Error(`the saved model takes ${inputs} features, not ${req.nFeatures}`);
          const parts: Float32Array[] = [];
          for (let index = 0; ; index++) {
            const chunk = await source(index);
            if (!chunk || chunk.rows === 0) break;
            parts.push(await predictArray(tf, model, chunk.x, chunk.rows, req.nFeatures));
          }
          const scores = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
          let at = 0;
          for (const p of parts) {
            scores.set(p, at);
            at += p.length;
          }
          return { scores, backend: backend.name, backendReasons: backend.reasons };
        } finally {
          model.dispose();
        }
      });
    },
  };
}

export type ClassifierHost = ReturnType<typeof classifierHost>;
