/**
 * The three workers (DuckDB, compute, training) and the ports between them. The compute worker runs the
 * engine and talks to the other two directly; this thread keeps a handle on each for what the UI asks of
 * it. Every call into the training worker from this thread goes through `training` (or is made here).
 */
import * as Comlink from 'comlink';
import type { TrainingWorkerApi } from '../../../workers/training.worker';
import type { DuckWorkerApi } from '../../../workers/duckdb.worker';
import type { DiskForgotten } from '../../lib/data/duckdb-wasm';
import type { DiskStatus } from '../../lib/data/connector';
import type { DbConnector } from '../../lib/data/connector';
import type { EngineApi } from '../../lib/protocol/engine';
import { transferablesOf } from '../../lib/protocol/training';
import type { FactorizeRequest, FactorizeResult } from '../../lib/ml/models/factorization';
import { takeDuckdbWorker } from './early-worker';

/**
 * After a cancel, how long the training worker may take to reach its next checkpoint before it is
 * terminated and replaced (one mini-batch of a large model can outlast the 2 s a cancel may take).
 */
const RESTART_TRAINING_AFTER_MS = 750;

function trainingWorker(): Worker {
  return new Worker(new URL('../../../workers/training.worker.ts', import.meta.url), {
    type: 'module',
    name: 'training',
  });
}

export class Workers {
  readonly duck: Comlink.Remote<DbConnector>;
  readonly engine: Comlink.Remote<EngineApi>;
  #training: Comlink.Remote<TrainingWorkerApi>;
  #probeTimer: ReturnType<typeof setTimeout> | undefined;
  #trainingWorker: Worker;
  readonly #workers: Worker[];
  /** Set from a cancel until the training worker is idle again (or replaced); a new run waits for it. */
  #recovering: Promise<void> | undefined;
  /** A training worker started at a cancel, ready to replace one that does not stop in time. */
  #spareTraining: Worker | undefined;
  /** Training workers terminated because a cancel did not stop them in time (the bench reports it). */
  trainingRestarts = 0;

  ready = $state(false);
  duckdbVersion = $state('');
  /** The TF.js backends this machine would use, best first, and why faster ones are skipped. */
  backendPlan = $state.raw<{ plan: string[]; reasons: string[] } | null>(null);

  constructor() {
    const duckWorker = takeDuckdbWorker();
    const computeWorker = new Worker(new URL('../../../workers/compute.worker.ts', import.meta.url), {
      type: 'module',
      name: 'compute',
    });
    this.#trainingWorker = trainingWorker();
    this.#workers = [duckWorker, computeWorker];
    this.duck = Comlink.wrap<DbConnector>(duckWorker);
    this.engine = Comlink.wrap<EngineApi>(computeWorker);
    this.#training = Comlink.wrap<TrainingWorkerApi>(this.#trainingWorker);
  }

  /** The DuckDB worker as the connector the core's functions take. */
  get db(): DbConnector {
    return this.duck as unknown as DbConnector;
  }

  /** The training worker in service now (a cancel may replace it). */
  get training(): Comlink.Remote<TrainingWorkerApi> {
    return this.#training;
  }

  async start(): Promise<void> {
    // Worker-to-worker channels: engine ↔ DuckDB and engine ↔ TF.js, bypassing this thread.
    const duckChannel = new MessageChannel();
    const trainingChannel = new MessageChannel();
    const duckApi = this.duck as unknown as Comlink.Remote<{ connect(port: MessagePort): void }>;
    await duckApi.connect(Comlink.transfer(duckChannel.port1, [duckChannel.port1]));
    await this.#training.connect(Comlink.transfer(trainingChannel.port1, [trainingChannel.port1]));
    await this.engine.connect(
      Comlink.transfer(duckChannel.port2, [duckChannel.port2]),
      Comlink.transfer(trainingChannel.port2, [trainingChannel.port2]),
    );
    this.duckdbVersion = await this.duck.version();
    this.ready = true;
    // The backend probe loads TF.js: not on the way to the first file load (a job that trains loads it anyway).
    this.#probeTimer = setTimeout(() => void this.#training.probe().then((plan) => (this.backendPlan = plan)), 3000);
  }

  /** Stop the run in progress; the training worker stops too, or is replaced if it does not in time. */
  cancel(): void {
    void this.engine.cancel();
    this.#recovering ??= this.#settleTraining().finally(() => (this.#recovering = undefined));
  }

  /** Resolves at once, or once a cancelled training worker stopped or was replaced: new work waits for it. */
  recovered(): Promise<void> {
    return this.#recovering ?? Promise.resolve();
  }

  /** Resolves once the training worker takes new jobs (after a cancel: once it stopped, or was replaced). */
  async trainingReady(): Promise<void> {
    await this.#recovering;
    await this.#training.idle();
  }

  /**
   * The training worker stops at its next checkpoint between mini-batches; one still busy after
   * RESTART_TRAINING_AFTER_MS is terminated and the spare started at the cancel wired to the engine. Models trained but
   * not saved are lost with it (saving asks to train again).
   */
  async #settleTraining(): Promise<void> {
    // A replacement starts loading TF.js now, while the old worker gets its chance to stop.
    this.#spareTraining ??= trainingWorker();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), RESTART_TRAINING_AFTER_MS)));
    const idle = await Promise.race([this.#training.idle().then(() => true as const), late]);
    clearTimeout(timer);
    if (idle) return; // the spare waits for the next cancel
    this.trainingRestarts++;
    this.#trainingWorker.terminate();
    this.#trainingWorker = this.#spareTraining;
    this.#spareTraining = undefined;
    this.#training = Comlink.wrap<TrainingWorkerApi>(this.#trainingWorker);
    const channel = new MessageChannel();
    await this.#training.connect(Comlink.transfer(channel.port1, [channel.port1]));
    await this.engine.connectTraining(Comlink.transfer(channel.port2, [channel.port2]));
  }

  /** Interrupt the DuckDB statement the console (or a step) is running. */
  cancelQuery(): void {
    void (this.duck as unknown as { cancel(): Promise<boolean> }).cancel();
  }

  /** Whether the OPFS database is open, and DuckDB's memory limit (see lib/data/storage.ts). */
  diskStatus(): Promise<DiskStatus> {
    return (this.duck as unknown as Comlink.Remote<DuckWorkerApi>).diskStatus();
  }

  /** While an encrypted project is open, no source goes into the unencrypted database file. */
  setDiskAllowed(allowed: boolean, reason: string): Promise<void> {
    return (this.duck as unknown as Comlink.Remote<DuckWorkerApi>).setDiskAllowed(allowed, reason);
  }

  /** "Forget everything": close DuckDB, delete its database file, go on in memory until the app is reopened. */
  forgetDisk(): Promise<DiskForgotten> {
    return (this.duck as unknown as Comlink.Remote<DuckWorkerApi>).forgetDisk();
  }

  /** DuckDB's memory in use, as it prints it (`12.3 MiB`). */
  async duckdbMemory(): Promise<string> {
    const res = await this.duck.query('SELECT memory_usage FROM pragma_database_size()');
    return String(res.rows[0]?.memory_usage ?? '');
  }

  /** For the e2e test of a DuckDB crash: the restart runs for real; the crash's error line comes back. */
  simulateDuckCrash(): Promise<string> {
    return (this.duck as unknown as { simulateCrash(): Promise<string> }).simulateCrash();
  }

  /** DuckDB's memory in bytes (`duckdb_memory()`): for the runner's record of a run. */
  async duckdbBytes(): Promise<number> {
    const res = await this.duck.query('SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()');
    return Number(res.rows[0]?.b ?? 0);
  }

  /** For the soak test: tensors held by the training worker, and DuckDB's memory in bytes (`duckdb_memory()`). */
  async memory(): Promise<{ tensors: number; duckdbBytes: number }> {
    return { tensors: await this.#training.tensorCount(), duckdbBytes: await this.duckdbBytes() };
  }

  /** ALS/BPR straight on the training worker, for the e2e tests and benchmarks (`__custodian.factorize`); the request's arrays are transferred. */
  async factorize(req: FactorizeRequest): Promise<FactorizeResult> {
    return this.#training.run(
      req.algorithm,
      Comlink.transfer(req, transferablesOf(req.users, req.items, req.weights)),
      Comlink.proxy(() => {}),
    ) as Promise<FactorizeResult>;
  }

  dispose(): void {
    clearTimeout(this.#probeTimer);
    for (const w of [...this.#workers, this.#trainingWorker, this.#spareTraining]) w?.terminate();
  }
}
