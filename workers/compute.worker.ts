/// <reference lib="webworker" />
/** The engine host: runs recipes off the main thread, talking to DuckDB and TF.js through ports. */
import * as Comlink from 'comlink';
import type { DbConnector } from '../src/lib/data/connector';
import { previewStep, runRecipe } from '../src/lib/recipe/engine';
import { fetchSource } from '../src/lib/recipe/fetch-source';
import type { Trainer } from '../src/lib/ops/types';
import type { EngineApi } from '../src/lib/protocol/engine';
import type { TrainingWorkerApi } from './training.worker';

let db: DbConnector | undefined;
let training: Comlink.Remote<TrainingWorkerApi> | undefined;
let controller = new AbortController();

const trainer: Trainer = {
  train: (req, onEpoch) =>
    training!.train(Comlink.transfer(req, [req.x.buffer, req.y.buffer]), Comlink.proxy(onEpoch)),
};

const api: EngineApi = {
  async connect(duckPort, trainingPort) {
    const remote = Comlink.wrap<DbConnector>(duckPort) as unknown as DbConnector;
    db = {
      exec: (sql) => remote.exec(sql),
      query: (sql) => remote.query(sql),
      arrowIPC: (sql) => remote.arrowIPC(sql),
      registerFile: (name, file) => remote.registerFile(name, file),
      dropFile: (name) => remote.dropFile(name),
      importFile: (table, path, format) => remote.importFile(table, path, format),
      // Result tables go to DuckDB as transferred Arrow buffers, never copies.
      insertArrow: (schema, table, ipc) => remote.insertArrow(schema, table, Comlink.transfer(ipc, [ipc.buffer])),
      exportCsv: (sql) => remote.exportCsv(sql),
      exportParquet: (sql) => remote.exportParquet(sql),
      version: () => remote.version(),
      cancel: () => remote.cancel!(),
    };
    training = Comlink.wrap<TrainingWorkerApi>(trainingPort);
  },
  async run(request, onProgress) {
    if (!db) throw new Error('engine is not connected');
    controller = new AbortController();
    controller.signal.addEventListener('abort', () => void training?.stop());
    return runRecipe(request.recipe, {
      db,
      trainer,
      files: request.files,
      only: request.only,
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
