/// <reference lib="webworker" />
/** The engine host: runs recipes off the main thread, talking to DuckDB and TF.js through ports. */
import '../src/lib/privacy/no-eval'; // first: zod must not probe eval under the CSP
import * as Comlink from 'comlink';
import type { DbConnector } from '../src/lib/data/connector';
import { previewStep, runRecipe } from '../src/lib/recipe/engine';
import { fetchSource } from '../src/lib/recipe/fetch-source';
import { idbSecrets } from '../src/lib/storage/secrets';
import type { Trainer } from '../src/lib/ops/types';
import type { EngineApi } from '../src/lib/protocol/engine';
import type { TrainingWorkerApi } from './training.worker';
import { CancelledError } from '../src/lib/ml/cancel';
import { transferablesOf, type FeatureChunk, type SplitPart } from '../src/lib/protocol/training';
import { MODEL_KINDS } from '../src/lib/ml/models';

let db: DbConnector | undefined;
let training: Comlink.Remote<TrainingWorkerApi> | undefined;
let controller = new AbortController();

/**
 * A training call that gives up as soon as the run is cancelled. The training worker stops at its
 * next checkpoint; one stuck in a long mini-batch is restarted by the session, and its answer
 * would never come: the step must not wait for it.
 */
function abortable<T>(call: Promise<T>): Promise<T> {
  const signal = controller.signal;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The training worker's `run`, typed per kind (Comlink's Remote type drops a method's type parameter). */
const remoteRun = () => training!.run as unknown as NonNullable<Trainer['run']>;

const trainer: Trainer = {
  // Classifier: the training worker pulls chunks through `source`; each chunk's buffers move over.
  train: (stepId, req, source, onEpoch) =>
    abortable(
      training!.train(
        stepId,
        req,
        Comlink.proxy(async (part: SplitPart, index: number) => movable(await source(part, index))),
        Comlink.proxy(onEpoch),
      ),
    ),
  saveModel: (stepId, meta) => training!.saveModel(stepId, meta),
  findModel: (ref) => training!.findModel(ref),
  score: (modelId, req, source) =>
    abortable(
      training!.score(
        modelId,
        req,
        Comlink.proxy(async (index: number) => movable(await source(index))),
      ),
    ),
  // Every other model kind: the request's arrays move to the training worker (detached here), the result's move back.
  run: (kind, req, onEpoch) =>
    abortable(
      remoteRun()(
        kind,
        Comlink.transfer(req, transferablesOf(...MODEL_KINDS[kind].sends(req))),
        Comlink.proxy(onEpoch),
      ),
    ),
};

/** A chunk marked for transfer (its arrays are detached here once sent). */
function movable(chunk: FeatureChunk | null): FeatureChunk | null {
  return chunk && Comlink.transfer(chunk, transferablesOf(chunk.x, chunk.y));
}

const api: EngineApi = {
  async connect(duckPort, trainingPort) {
    const remote = Comlink.wrap<DbConnector>(duckPort) as unknown as DbConnector;
    db = {
      exec: (sql) => remote.exec(sql),
      query: (sql) => remote.query(sql),
      arrowIPC: (sql) => remote.arrowIPC(sql),
      registerFile: (name, file) => remote.registerFile(name, file),
      dropFile: (name) => remote.dropFile(name),
      // Progress comes back per row group through a proxied callback (functions cannot be cloned).
      importFile: (table, path, format, columns, onProgress) =>
        remote.importFile(table, path, format, columns, onProgress && Comlink.proxy(onProgress)),
      parquetInfo: (path) => remote.parquetInfo(path),
      // Result tables go to DuckDB as transferred Arrow buffers, never copies.
      insertArrow: (schema, table, ipc) => remote.insertArrow(schema, table, Comlink.transfer(ipc, [ipc.buffer])),
      exportCsv: (sql) => remote.exportCsv(sql),
      exportParquet: (sql) => remote.exportParquet(sql),
      version: () => remote.version(),
      cancel: () => remote.cancel!(),
      diskStatus: () => remote.diskStatus!(),
      ensureDisk: () => remote.ensureDisk!(),
    };
    training = Comlink.wrap<TrainingWorkerApi>(trainingPort);
  },
  async connectTraining(trainingPort) {
    // The old port's worker was terminated: its proxy is dropped with it.
    training = Comlink.wrap<TrainingWorkerApi>(trainingPort);
  },
  async run(request, onProgress) {
    if (!db) throw new Error('engine is not connected');
    controller = new AbortController();
    controller.signal.addEventListener('abort', () => void training?.stop());
    return runRecipe(request.recipe, {
      db,
      trainer,
      // Hashing secrets stay in this worker: read from this browser's IndexedDB, never posted anywhere.
      secrets: idbSecrets(),
      files: request.files,
      kept: request.kept,
      only: request.only,
      earlier: request.earlier,
      fetchSource: request.recipeUrl ? (s) => fetchSource(s, request.recipeUrl!, self.location.origin) : undefined,
      onProgress,
      signal: controller.signal,
      environment: { ...request.environment, duckdb: await db.version() },
      appVersion: __APP_VERSION__,
    });
  },
  async preview(recipe, stepId) {
    if (!db) throw new Error('engine is not connected');
    return previewStep(recipe, stepId, { db });
  },
  cancel() {
    controller.abort();
    // Also interrupt a long DuckDB statement (a big load) mid-way.
    void db?.cancel?.();
  },
};

Comlink.expose(api);
