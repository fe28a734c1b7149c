/**
 * Running the recipe on the compute worker: one run at a time, its progress and live epoch log, the
 * report it leaves, and the local files behind the sources (kept so later runs can read them again).
 */
import * as Comlink from 'comlink';
import { t } from '../../i18n';
import type { OpPreview, Progress, EpochLog } from '../../lib/core/step';
import { upsertStep } from '../../lib/recipe/edit';
import { oneLine } from '../../lib/core/errors';
import { mergeReports } from '../../lib/recipe/merge';
import type { Report } from '../../lib/recipe/report';
import type { Recipe, Step } from '../../lib/recipe/schema';
import type { RecipeHistory } from './history.svelte';
import type { Notices } from './notices.svelte';
import type { Results } from './results.svelte';
import { recipeTooBig, runOutcome, withEpoch } from './run-outcome';
import type { Workers } from './workers.svelte';

export interface RunOptions {
  /** New local files, by source name. */
  files?: Record<string, Blob>;
  /** Run only these steps (and load new sources); `[]`: load sources only. Undefined: the whole recipe. */
  only?: string[];
  /** Where the recipe came from; relative source files are read from there. */
  recipeUrl?: string;
}

export class Runs {
  /** What runs now (`'running'`), or null when idle. */
  busy = $state<string | null>(null);
  progress = $state.raw<Progress | null>(null);
  /** When the step now reporting progress started (performance.now()), for the ETA. */
  progressSince = $state(0);
  /** Live per-epoch log of the training in progress (or the last one). */
  epochs = $state.raw<EpochLog[]>([]);
  /** Local files behind the recipe's sources, by source name. */
  readonly files = new Map<string, Blob>();
  /** Where the current recipe was fetched from (deep link, samples), if it was. */
  recipeUrl: string | undefined;

  constructor(
    private readonly workers: Workers,
    private readonly history: RecipeHistory,
    private readonly results: Results,
    private readonly notices: Notices,
  ) {}

  async runStep(step: Step): Promise<Report | undefined> {
    return this.run(upsertStep(this.history.recipe, step), { only: [step.id] });
  }

  /** Run `recipe` (or part of it); it replaces the session's recipe only if the run succeeds. */
  async run(recipe: Recipe, opts: RunOptions = {}): Promise<Report | undefined> {
    if (this.busy) {
      this.notices.error = t.shell.busy;
      return undefined;
    }
    const tooBig = recipeTooBig(recipe);
    if (tooBig) {
      this.notices.error = tooBig;
      return undefined;
    }
    this.busy = 'running';
    this.notices.error = null;
    if (opts.recipeUrl) this.recipeUrl = opts.recipeUrl;
    try {
      await this.workers.recovered(); // a cancelled training worker stops, or is replaced, before new work
      const report = await this.workers.engine.run(
        {
          recipe: $state.snapshot(recipe),
          // Only new files are loaded; those loaded before are read again only if their table is gone.
          files: opts.files,
          kept: Object.fromEntries(this.files),
          only: opts.only,
          // The report is $state.raw (never proxied): plain data, clonable as it is. A full run
          // uses it only for the sources it keeps.
          earlier: this.results.report?.steps,
          recipeUrl: opts.recipeUrl ?? this.recipeUrl,
          environment: { userAgent: navigator.userAgent, hardwareConcurrency: String(navigator.hardwareConcurrency) },
        },
        Comlink.proxy((p: Progress) => {
          if (p.step !== this.progress?.step) this.progressSince = performance.now();
          this.progress = p;
          this.epochs = withEpoch(this.epochs, p);
        }),
      );
      // The recipe changes only when the run succeeds: a bad file or step never replaces good ones.
      if (report.status === 'ok') {
        this.history.commit(report.recipe as Recipe);
        for (const [name, file] of Object.entries(opts.files ?? {})) this.files.set(name, file);
      }
      this.results.report = opts.only ? mergeReports(this.results.report, report) : report;
      const { error, notice } = runOutcome(recipe, report);
      if (error) this.notices.error = error;
      if (notice) this.notices.notify(notice.text, notice.kind);
      return report;
    } catch (err) {
      this.notices.error = err instanceof Error ? err.message : String(err);
      return undefined;
    } finally {
      // Tables first: views that default to "the table this step made" must see it once idle.
      await this.results.refreshTables().catch(() => {});
      this.busy = null;
      this.progress = null;
    }
  }

  /** What a step would do to its input, without creating anything. */
  async preview(step: Step): Promise<OpPreview | undefined> {
    this.notices.error = null;
    try {
      return await this.workers.engine.preview($state.snapshot(upsertStep(this.history.recipe, step)), step.id);
    } catch (err) {
      this.notices.error = oneLine(err);
      return undefined;
    }
  }

  /** Forget the files, where the recipe came from and the epoch log. */
  reset(): void {
    this.files.clear();
    this.recipeUrl = undefined;
    this.epochs = [];
  }
}
