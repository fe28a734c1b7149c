/**
 * The session: one of each part, wired together. Components read its runes and call its methods (or
 * a part's: `session.history.undo()`, `session.registry.models`); they never touch a worker.
 *
 * - `workers`: the three workers and the ports between them; every call into the training worker.
 * - `history`: the recipe and its versions (Undo, Redo, edits).
 * - `runs`: running the recipe, its progress, the local files behind its sources.
 * - `results`: the report and the tables the runs made.
 * - `sources`: loading files and samples.
 * - `registry`: saved models, pausing a training.
 * - `notices`: short messages and the one-line error.
 */
import type * as Comlink from 'comlink';
import type { TableEntry } from '../lib/data/catalog';
import type { DbConnector } from '../lib/data/connector';
import type { Progress, EpochLog } from '../lib/core/step';
import type { ModelMeta } from '../lib/protocol/training';
import type { Report } from '../lib/recipe/report';
import type { Recipe, Step } from '../lib/recipe/schema';
import { tableRef } from '../lib/data/sql';
import { forgetDuckDB, type Forgotten } from '../lib/privacy/forget';
import { exportData, type ExportOptions } from './session/exports';
import { RecipeHistory } from './session/history.svelte';
import { Notices } from './session/notices.svelte';
import { fetchRecipe } from './session/recipe-fetch';
import { ModelRegistry } from './session/registry.svelte';
import { Results } from './session/results.svelte';
import { Runs, type RunOptions } from './session/runs.svelte';
import { Sources } from './session/sources';
import { Workers } from './session/workers.svelte';

export type { RunOptions } from './session/runs.svelte';
export type { NoticeKind } from './session/notices.svelte';

export class Session {
  readonly workers = new Workers();
  readonly notices = new Notices();
  readonly results = new Results(this.workers.db);
  readonly history: RecipeHistory = new RecipeHistory(this.results, this.notices, () => !!this.runs.busy);
  readonly runs = new Runs(this.workers, this.history, this.results, this.notices);
  readonly sources = new Sources(this.runs, this.history, (url) => this.fetchRecipe(url));
  readonly registry = new ModelRegistry(this.workers, this.history, this.results, this.notices);

  // The reads most components make, kept short.
  get duck(): Comlink.Remote<DbConnector> {
    return this.workers.duck;
  }
  get ready(): boolean {
    return this.workers.ready;
  }
  get recipe(): Recipe {
    return this.history.recipe;
  }
  get report(): Report | null {
    return this.results.report;
  }
  get tables(): TableEntry[] {
    return this.results.tables;
  }
  get busy(): string | null {
    return this.runs.busy;
  }
  get progress(): Progress | null {
    return this.runs.progress;
  }
  get epochs(): EpochLog[] {
    return this.runs.epochs;
  }
  set epochs(epochs: EpochLog[]) {
    this.runs.epochs = epochs;
  }
  get models(): ModelMeta[] {
    return this.registry.models;
  }
  /** The last error, one line, as the user should read it. */
  get error(): string | null {
    return this.notices.error;
  }
  set error(error: string | null) {
    this.notices.error = error;
  }

  async runStep(step: Step): Promise<Report | undefined> {
    return this.runs.runStep(step);
  }

  /** Run a whole recipe, e.g. from a deep link or the recipe editor. */
  async runRecipe(recipe: Recipe, opts: RunOptions = {}): Promise<Report | undefined> {
    return this.runs.run(recipe, opts);
  }

  /** Stop the run in progress (a paused classifier wakes to stop). */
  cancel(): void {
    this.workers.cancel();
    this.registry.paused = false;
  }

  /** A same-origin recipe by URL, or undefined with the error line set. */
  async fetchRecipe(url: string): Promise<Recipe | undefined> {
    const fetched = await fetchRecipe(url, location.href);
    if ('error' in fetched) this.notices.error = fetched.error;
    return 'recipe' in fetched ? fetched.recipe : undefined;
  }

  /** A table as CSV, without its personal-data columns unless `includePersonal`. */
  async exportCsv(ref: string, includePersonal = false): Promise<Uint8Array> {
    const roles = this.recipe.roles?.[ref];
    return (await exportData(this.workers.db, tableRef(ref), 'csv', { roles, includePersonal })).bytes;
  }

  /**
   * Rows [offset, offset + limit) of a table as CSV, every column (the headless runner's own output).
   * DuckDB-WASM runs one thread, so a plain scan reads a table in the same order every time and
   * consecutive LIMIT/OFFSET pages join up into the whole table, each row once.
   */
  async exportCsvRows(ref: string, offset: number, limit: number): Promise<Uint8Array> {
    const page = `(SELECT * FROM ${tableRef(ref)} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)})`;
    return (await exportData(this.workers.db, page, 'csv', { includePersonal: true })).bytes;
  }

  /** CSV or Parquet of a table or query (`fromSql`, already SQL), personal data left out (see `exportData`). */
  exportData(fromSql: string, format: 'csv' | 'parquet', opts: ExportOptions = {}) {
    return exportData(this.workers.db, fromSql, format, opts);
  }

  /**
   * Privacy: drop every DuckDB object and forget the recipe, the report and the files behind them.
   * `keepDisk` (opening a project) keeps the tables in the OPFS database for the run to reuse.
   */
  async forgetEverything(opts: { keepDisk?: boolean } = {}): Promise<Forgotten> {
    const forgotten = await forgetDuckDB(this.workers.db, opts);
    this.runs.reset();
    this.history.reset();
    this.results.report = null;
    this.notices.error = null;
    await this.results.refreshTables();
    return forgotten;
  }
}
