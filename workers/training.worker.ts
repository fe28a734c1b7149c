/// <reference lib="webworker" />
/** Hosts TF.js. The engine (compute worker) sends training jobs through a Comlink port. */
import * as Comlink from 'comlink';
import { probeBackends, train } from '../src/lib/ml/tf-host';
import { planBackends } from '../src/lib/ml/backend';
import type { EpochLog, TrainRequest } from '../src/lib/protocol/training';

let stopRequested = false;

const api = {
  async probe() {
    const plan = planBackends(await probeBackends(), 'auto');
    return { plan: plan.order, reasons: plan.reasons };
  },
  async train(req: TrainRequest, onEpoch: (log: EpochLog) => void) {
    stopRequested = false;
    return train(req, onEpoch, () => stopRequested);
  },
  stop() {
    stopRequested = true;
  },
  connect(port: MessagePort) {
    Comlink.expose(api, port);
  },
};
export type TrainingWorkerApi = typeof api;

Comlink.expose(api);
