/**
 * The session owns the three workers and the ports between them, the recipe, the report and
 * the list of tables. Components read its runes and call its methods; they never touch a worker.
 */
import { MAX_RECIPE_BYTES, recipeSizeProblem } from '../lib/recipe/limits';
import * as Comlink from 'comlink';
import type { DbConnector } from '../lib/data/connector';
import { listTables, type TableEntry } from '../lib/data/catalog';
import { tableRef } from '../lib/data/sql';
import type { EngineApi } from '../lib/protocol/engine';
import type { EpochLog, ModelFile, ModelMeta } from '../lib/protocol/training';
import type { OpPreview, Progress } from '../lib/ops/types';
import type { Report } from '../lib/recipe/report';
import { emptyRecipe, type Recipe, type Step } from '../lib/recipe/schema';
import { mergeReports } from '../lib/recipe/merge';
import {
  dependentsOf,
  isNoChange,
  nameFromFile,
  recipeChange,
  removeStep,
  setRole,
  upsertSource,
  upsertStep,
} from '../lib/recipe/edit';
import { dropStepTables } from '../lib/recipe/step-tables';
import { oneLine } from '../lib/recipe/errors';
import type { TrainingWorkerApi } from '../../workers/training.worker';
import { transferablesOf } from '../lib/protocol/training';
import type { FactorizeRequest, FactorizeResult } from '../lib/ml/models/factorization';
import { forgetDuckDB, type Forgotten } from '../lib/privacy/forget';
import { detectPersonalColumns, exportSelect } from '../lib/privacy/export';
import { t } from '../i18n';
import { parseRecipeText } from '../lib/recipe/recipe-text';
import type { Encoding } from '../lib/data/encoding';
import { recordDetectedEncodings, withEncoding } from '../lib/recipe/source-encoding';

/** `cancelled` is neutral: the user stopped something, nothing went wrong. */
export type NoticeKind = 'ok' | 'error' | 'cancelled';

export interface RunOptions {
  files?: Record<string, Blob>;
  only?: string[];
  recipeUrl?: string;
}

/**
 * After a cancel, how long the training worker may take to reach its next checkpoint before it is
 * terminated and replaced (one mini-batch of a large model can outlast the 2 s a cancel may take).
 */
const RESTART_TRAINING_AFTER_MS = 750;

function trainingWorker(): Worker {
  return new Worker(new URL('../../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
}

export class Session {
  readonly duck: Comlink.Remote<DbConnector>;
  readonly #engine: Comlink.Remote<EngineApi>;
  #training: Comlink.Remote<TrainingWorkerApi>;
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
  recipe = $state.raw<Recipe>(emptyRecipe());
  /**
   * Earlier versions of the recipe (`past`, newest last) for Undo, and what Undo took back
   * (`future`) for Redo. Every edit of the steps or roles is one entry; loading data is not.
   */
  history = $state.raw<{ past: Recipe[]; future: Recipe[] }>({ past: [], future: [] });
  report = $state.raw<Report | null>(null);
  tables = $state.raw<TableEntry[]>([]);
  busy = $state<string | null>(null);
  progress = $state.raw<Progress | null>(null);
  /** When the step now reporting progress started (performance.now()), for the ETA. */
  progressSince = $state(0);
  /** Short non-blocking messages ("rfm1 done in 0.4 s"), newest last; they fade on their own. */
  notices = $state.raw<Array<{ id: number; text: string; kind: NoticeKind }>>([]);
  #noticeId = 0;
  /** The last error, one line, as the user should read it. */
  error = $state<string | null>(null);
  /** Live per-epoch log of the training in progress (or the last one). */
  epochs = $state.raw<EpochLog[]>([]);
  /** Saved classifiers in this browser's model registry, newest first (issue #8). */
  models = $state.raw<ModelMeta[]>([]);
  /** The classifier in training is paused (its worker waits before the next mini-batch). */
  trainingPaused = $state(false);

  /** Local files behind the recipe's sources, by source name (kept for re-runs). */
  readonly #files = new Map<string, Blob>();
  #recipeUrl: string | undefined;

  constructor() {
    const duckWorker = new Worker(new URL('../../workers/duckdb.worker.ts', import.meta.url), {
      type: 'module',
      name: 'duckdb',
    });
    const computeWorker = new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), {
      type: 'module',
      name: 'compute',
    });
    this.#trainingWorker = trainingWorker();
    this.#workers = [duckWorker, computeWorker];
    this.duck = Comlink.wrap<DbConnector>(duckWorker);
    this.#engine = Comlink.wrap<EngineApi>(computeWorker);
    this.#training = Comlink.wrap<TrainingWorkerApi>(this.#trainingWorker);
  }

  async start(): Promise<void> {
    // Worker-to-worker channels: engine ↔ DuckDB and engine ↔ TF.js, bypassing this thread.
    const duckChannel = new MessageChannel();
    const trainingChannel = new MessageChannel();
    const duckApi = this.duck as unknown as Comlink.Remote<{ connect(port: MessagePort): void }>;
    await duckApi.connect(Comlink.transfer(duckChannel.port1, [duckChannel.port1]));
    await this.#training.connect(Comlink.transfer(trainingChannel.port1, [trainingChannel.port1]));
    await this.#engine.connect(
      Comlink.transfer(duckChannel.port2, [duckChannel.port2]),
      Comlink.transfer(trainingChannel.port2, [trainingChannel.port2]),
    );
    this.duckdbVersion = await this.duck.version();
    this.ready = true;
    void this.#training.probe().then((plan) => (this.backendPlan = plan));
  }

  /** Local files become sources; tables already loaded stay as they are if one fails. */
  async addFiles(files: Iterable<File>): Promise<Report | undefined> {
    let recipe = this.recipe;
    const byName: Record<string, Blob> = {};
    for (const file of files) {
      // A file with the name of a loaded table replaces it (only once it has loaded fine).
      const name = nameFromFile(file.name, Object.keys(byName));
      byName[name] = file;
      recipe = upsertSource(recipe, { name, file: file.name });
    }
    const report = await this.run(recipe, { files: byName, only: [] });
    if (report?.status === 'ok') this.recipe = recordDetectedEncodings(this.recipe, report, Object.keys(byName));
    return report;
  }

  /** Whether source `name` has a local file here (so it can be read again, e.g. in another encoding). */
  hasFile(name: string): boolean {
    return this.#files.has(name);
  }

  /** Read source `name` again in `encoding` (undefined: detect it); the table stays as it was if that fails. */
  async setSourceEncoding(name: string, encoding: Encoding | undefined): Promise<Report | undefined> {
    const file = this.#files.get(name);
    if (!file) return undefined;
    return this.run(withEncoding(this.recipe, name, encoding), { files: { [name]: file }, only: [] });
  }

  /** The bundled sample data set (same origin), without running its steps. */
  async loadSamples(recipeUrl = '/samples/demo.recipe.json'): Promise<Report | undefined> {
    const recipe = await this.fetchRecipe(recipeUrl);
    if (!recipe) return undefined;
    let merged = this.recipe;
    for (const s of recipe.sources) merged = upsertSource(merged, s);
    return this.run(merged, { recipeUrl: new URL(recipeUrl, location.href).href, only: [] });
  }

  async runStep(step: Step): Promise<Report | undefined> {
    return this.run(upsertStep(this.recipe, step), { only: [step.id] });
  }

  /** Run a whole recipe, e.g. from a deep link or the recipe editor. */
  async runRecipe(recipe: Recipe, opts: RunOptions = {}): Promise<Report | undefined> {
    return this.run(recipe, opts);
  }

  async fetchRecipe(url: string): Promise<Recipe | undefined> {
    const resolved = new URL(url, location.href);
    if (resolved.origin !== location.origin) {
      // A data:, javascript: or blob: link has the opaque origin "null": name its scheme instead.
      const other = resolved.origin === 'null' ? t.shell.schemeUrl(resolved.protocol) : resolved.origin;
      this.error = t.shell.recipeOffOrigin(location.origin, other);
      return undefined;
    }
    const res = await fetch(resolved);
    if (!res.ok) {
      this.error = t.shell.recipeHttp(resolved.pathname, res.status);
      return undefined;
    }
    try {
      const text = await res.text();
      if (recipeSizeProblem(text.length, resolved.pathname)) {
        this.error = t.shell.recipeTooBig(text.length / 1024 ** 2, MAX_RECIPE_BYTES / 1024 ** 2);
        return undefined;
      }
      return parseRecipeText(text) as Recipe;
    } catch {
      this.error = t.shell.recipeNotJson(resolved.pathname);
      return undefined;
    }
  }

  cancel(): void {
    void this.#engine.cancel();
    this.trainingPaused = false; // the training worker's stop wakes a paused classifier
    this.#recovering ??= this.#settleTraining().finally(() => (this.#recovering = undefined));
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
    await this.#engine.connectTraining(Comlink.transfer(channel.port2, [channel.port2]));
  }

  /** Interrupt the DuckDB statement the console (or a step) is running. */
  cancelQuery(): void {
    void (this.duck as unknown as { cancel(): Promise<boolean> }).cancel();
  }

  /** What a step would do to its input, without creating anything. */
  async preview(step: Step): Promise<OpPreview | undefined> {
    this.error = null;
    try {
      return await this.#engine.preview($state.snapshot(upsertStep(this.recipe, step)), step.id);
    } catch (err) {
      this.error = oneLine(err);
      return undefined;
    }
  }

  /** Undo a step: drop it from the recipe and its tables from DuckDB. Later steps that read it block this. */
  async removeStep(id: string): Promise<boolean> {
    const users = dependentsOf(this.recipe, id);
    if (users.length > 0) {
      this.error = t.shell.stepInUse(id, users);
      return false;
    }
    const next = removeStep(this.recipe, id);
    await this.#dropResults(next);
    this.#commit(next);
    await this.refreshTables();
    return true;
  }

  /** Take back the last edit of the recipe (steps and roles; loaded data stays). */
  undo(): Promise<void> {
    return this.#travel('past');
  }

  /** Put back what Undo took back. */
  redo(): Promise<void> {
    return this.#travel('future');
  }

  async #travel(from: 'past' | 'future'): Promise<void> {
    const target = this.history[from].at(-1);
    if (!target) return;
    if (this.busy) {
      this.error = t.shell.busy;
      return;
    }
    const restored: Recipe = { ...target, sources: this.recipe.sources };
    const { past, future } = this.history;
    this.history =
      from === 'past'
        ? { past: past.slice(0, -1), future: [...future, this.recipe] }
        : { past: [...past, this.recipe], future: future.slice(0, -1) };
    await this.#dropResults(restored);
    // Steps that come back, or come back in another version, show as to run / stale (stageStates).
    this.recipe = restored;
    await this.refreshTables();
  }

  /** A new version of the recipe; the one it replaces goes on the Undo list when steps or roles changed. */
  #commit(next: Recipe): void {
    if (!isNoChange(recipeChange(this.recipe, next))) {
      this.history = { past: [...this.history.past.slice(-99), this.recipe], future: [] };
    }
    this.recipe = next;
  }

  /** Drop the tables and report entries of the current steps that `next` no longer has. */
  async #dropResults(next: Recipe): Promise<void> {
    const gone = this.recipe.steps.filter((s) => !next.steps.some((n) => n.id === s.id)).map((s) => s.id);
    for (const id of gone) await dropStepTables(this.duck as unknown as DbConnector, id);
    if (this.report && gone.length) {
      const steps = { ...this.report.steps };
      for (const id of gone) delete steps[id];
      this.report = { ...this.report, steps };
    }
  }

  setRole(table: string, column: string, role: string | undefined): void {
    this.#commit(setRole(this.recipe, table, column, role));
  }

  async run(recipe: Recipe, opts: RunOptions): Promise<Report | undefined> {
    if (this.busy) {
      this.error = t.shell.busy;
      return undefined;
    }
    // Refused before it is cloned, validated or shown: a huge recipe would hold up the page.
    const bytes = JSON.stringify(recipe)?.length ?? 0;
    if (recipeSizeProblem(bytes, '')) {
      this.error = t.shell.recipeTooBig(bytes / 1024 ** 2, MAX_RECIPE_BYTES / 1024 ** 2);
      return undefined;
    }
    this.busy = 'running';
    this.error = null;
    if (opts.recipeUrl) this.#recipeUrl = opts.recipeUrl;
    try {
      await this.#recovering; // a cancelled training worker stops, or is replaced, before new work
      const report = await this.#engine.run(
        {
          recipe: $state.snapshot(recipe),
          // Only new files are loaded; those loaded before are read again only if their table is gone.
          files: opts.files,
          kept: Object.fromEntries(this.#files),
          only: opts.only,
          // The report is $state.raw (never proxied): plain data, clonable as it is. A full run
          // uses it only for the sources it keeps.
          earlier: this.report?.steps,
          recipeUrl: opts.recipeUrl ?? this.#recipeUrl,
          environment: { userAgent: navigator.userAgent, hardwareConcurrency: String(navigator.hardwareConcurrency) },
        },
        Comlink.proxy((p: Progress) => {
          if (p.step !== this.progress?.step) this.progressSince = performance.now();
          this.progress = p;
          if (p.epoch) this.epochs = [...(p.epoch.epoch === 1 ? [] : this.epochs), p.epoch];
        }),
      );
      // The recipe changes only when the run succeeds: a bad file or step never replaces good ones.
      if (report.status === 'ok') {
        this.#commit(report.recipe as Recipe);
        for (const [name, file] of Object.entries(opts.files ?? {})) this.#files.set(name, file);
      }
      this.report = opts.only ? mergeReports(this.report, report) : report;
      if (report.status === 'error') this.error = report.error ?? t.shell.failed;
      if (report.status === 'cancelled')
        this.notify(
          t.shell.cancelledRun(
            Object.entries(report.steps)
              .filter(([, st]) => st.status === 'cancelled')
              .map(([id]) => id),
          ),
          'cancelled',
        );
      const ran = Object.entries(report.steps)
        .filter(([id, st]) => st.status === 'ok' && recipe.steps.some((s) => s.id === id))
        .map(([id]) => id);
      if (report.status === 'ok' && ran.length)
        this.notify(t.shell.stepsDone(ran.length > 3 ? t.shell.nSteps(ran.length) : ran.join(', '), report.ms / 1000));
      return report;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return undefined;
    } finally {
      // Tables first: views that default to "the table this step made" must see it once idle.
      await this.refreshTables().catch(() => {});
      this.busy = null;
      this.progress = null;
    }
  }

  notify(text: string, kind: NoticeKind = 'ok'): void {
    const id = ++this.#noticeId;
    this.notices = [...this.notices.slice(-3), { id, text, kind }];
    setTimeout(() => (this.notices = this.notices.filter((n) => n.id !== id)), 6000);
  }

  async refreshTables(): Promise<void> {
    this.tables = await listTables(this.duck as unknown as DbConnector);
  }

  /** A table as CSV, without its personal-data columns unless `includePersonal` (issue #9). */
  async exportCsv(ref: string, includePersonal = false): Promise<Uint8Array> {
    return (await this.exportData(tableRef(ref), 'csv', { roles: this.recipe.roles?.[ref], includePersonal })).bytes;
  }

  /**
   * CSV or Parquet of a table or query (`fromSql`, already SQL). Columns mapped to a `pii_*` role or
   * detected as personal data are left out unless `includePersonal`; `excluded` says which.
   */
  async exportData(
    fromSql: string,
    format: 'csv' | 'parquet',
    opts: { roles?: Record<string, string>; includePersonal?: boolean } = {},
  ): Promise<{ bytes: Uint8Array; excluded: string[] }> {
    const db = this.duck as unknown as DbConnector;
    const { columns, personal } = opts.includePersonal
      ? { columns: [], personal: [] }
      : await detectPersonalColumns(db, fromSql, opts.roles);
    const excluded = personal.map((p) => p.column);
    const sql = exportSelect(fromSql, columns, excluded);
    return { bytes: format === 'csv' ? await this.duck.exportCsv(sql) : await this.duck.exportParquet(sql), excluded };
  }

  /** The local file behind a source, when it came from this machine (the audit report hashes it). */
  sourceFile(name: string): Blob | undefined {
    return this.#files.get(name);
  }

  /** Where the current recipe was fetched from (deep link, samples), if it was. */
  get recipeUrl(): string | undefined {
    return this.#recipeUrl;
  }

  /** DuckDB's memory in use, as it prints it (`12.3 MiB`). */
  async duckdbMemory(): Promise<string> {
    const res = await this.duck.query('SELECT memory_usage FROM pragma_database_size()');
    return String(res.rows[0]?.memory_usage ?? '');
  }

  /** For the soak test: tensors held by the training worker, and DuckDB's memory in bytes (`duckdb_memory()`). */
  async memory(): Promise<{ tensors: number; duckdbBytes: number }> {
    const res = await this.duck.query('SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()');
    return { tensors: await this.#training.tensorCount(), duckdbBytes: Number(res.rows[0]?.b ?? 0) };
  }

  /** Privacy: drop every DuckDB object and forget the recipe, the report and the files behind them. */
  async forgetEverything(): Promise<Forgotten> {
    const forgotten = await forgetDuckDB(this.duck as unknown as DbConnector);
    this.#files.clear();
    this.#recipeUrl = undefined;
    this.recipe = emptyRecipe();
    this.history = { past: [], future: [] };
    this.report = null;
    this.epochs = [];
    this.error = null;
    await this.refreshTables();
    return forgotten;
  }

  /** ALS/BPR straight on the training worker, for the e2e tests and benchmarks (`__custodian.factorize`); the request's arrays are transferred. */
  async factorize(req: FactorizeRequest): Promise<FactorizeResult> {
    return this.#training.run(
      req.algorithm,
      Comlink.transfer(req, transferablesOf(req.users, req.items, req.weights)),
      Comlink.proxy(() => {}),
    ) as Promise<FactorizeResult>;
  }

  // --- Model registry and training control (issue #8 part A) -------------------------------

  async refreshModels(): Promise<void> {
    this.models = await this.#training.listModels();
  }

  /** Save the model a train-classifier step trained last; the recipe step records the name. */
  async saveModel(stepId: string, name: string): Promise<ModelMeta | undefined> {
    const summary = this.report?.steps[stepId]?.summary;
    const step = this.recipe.steps.find((s) => s.id === stepId);
    if (!summary?.modelMeta || !step) {
      this.error = t.shell.noModelToSave(stepId);
      return undefined;
    }
    try {
      const { meta } = await this.#training.saveModel(stepId, {
        ...(summary.modelMeta as unknown as Omit<ModelMeta, 'id' | 'created' | 'backend' | 'name'>),
        name,
      });
      const saved = { ...step, params: { ...(step.params as object), save: name } };
      // Saving changes no table (`save` is not part of stepDefinition): the result stays current.
      this.#commit(upsertStep(this.recipe, saved));
      await this.refreshModels();
      return meta;
    } catch (err) {
      this.error = oneLine(err);
      return undefined;
    }
  }

  async deleteModel(id: string): Promise<void> {
    await this.#training.deleteModel(id);
    await this.refreshModels();
  }

  /** model.json, weights.bin and custodian.json of a saved model. */
  exportModel(id: string): Promise<ModelFile[]> {
    return this.#training.exportModel(id);
  }

  async importModel(files: File[]): Promise<ModelMeta | undefined> {
    try {
      const read = await Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const meta = await this.#training.importModel(
        Comlink.transfer(read, transferablesOf(...read.map((f) => f.bytes))),
      );
      await this.refreshModels();
      return meta;
    } catch (err) {
      this.error = oneLine(err);
      return undefined;
    }
  }

  async pauseTraining(): Promise<void> {
    await this.#training.pause();
    this.trainingPaused = true;
  }

  async resumeTraining(): Promise<void> {
    await this.#training.resume();
    this.trainingPaused = false;
  }

  dispose(): void {
    for (const w of [...this.#workers, this.#trainingWorker, this.#spareTraining]) w?.terminate();
  }
}
