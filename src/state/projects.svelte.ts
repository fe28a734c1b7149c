/**
 * Saved projects and re-runs on new data, on the UI's side (the store itself is
 * src/lib/storage/projects.ts; the replay and the metric diff are src/lib/report/).
 *
 * A project holds the recipe, the last report and the source files — never DuckDB's tables.
 * Opening one clears the session and runs the recipe again on the stored files, which re-derives
 * every table: the ops are seeded and deterministic, so the results are the saved ones, and the
 * reopen compares the new run's key figures with the saved report's to show it. OPFS was the
 * other choice: it would hold only DuckDB's copies of the data, not the files the audit
 * fingerprints nor the recipe, in one more place that "forget everything" has to reach.
 *
 * One instance per session (`projectsFor`, `rerunFor`), so what the panels show survives
 * switching views.
 */
import type { Session } from './session.svelte';
import type { Recipe } from '../lib/recipe/schema';
import type { Source } from '../lib/data/source';
import type { Report } from '../lib/recipe/report';
import { tableRef } from '../lib/data/sql';
import { fetchSource } from '../lib/recipe/fetch-source';
import {
  PassphraseRequiredError,
  PROJECTS_DB,
  ProjectStore,
  runOfReport,
  type ProjectSummary,
} from '../lib/storage/projects';
import { ProjectFileError, readProjectFileHeader } from '../lib/storage/project-file';
import { WrongPassphraseError } from '../lib/privacy/crypto';
import { diffMetrics, type MetricChange } from '../lib/report/metrics';
import { driftStepFor, replayPlan, type ReplayPlan, type Snapshot } from '../lib/report/replay';
import { t } from '../i18n';

type Message = { text: string; kind: 'ok' | 'error' };

/** The file behind a source: the one the session holds, or (samples, deep link) fetched again from the app's own origin. */
async function sourceBlob(session: Session, source: Source): Promise<Blob> {
  const held = session.runs.files.get(source.name);
  if (held) return held;
  if (session.runs.recipeUrl) return fetchSource(source, session.runs.recipeUrl, location.origin);
  throw new Error(t.workflow.sourceGone(source.name, source.file));
}

function oneLine(err: unknown): string {
  if (err instanceof PassphraseRequiredError || err instanceof WrongPassphraseError || err instanceof ProjectFileError)
    return err.message;
  return err instanceof Error ? err.message : String(err);
}

export class ProjectsState {
  list = $state.raw<ProjectSummary[]>([]);
  busy = $state<string | null>(null);
  message = $state.raw<Message | null>(null);
  /** The saved project the session now shows (Save replaces it). */
  openId = $state<string | null>(null);
  /** After a reopen: the saved run's key figures against the new run's (`same` on every row = identical). */
  reopened = $state.raw<{ name: string; changes: MetricChange[] } | null>(null);
  /** A file picked for import that needs its passphrase first. */
  pendingImport = $state.raw<{ file: File; name: string } | null>(null);

  constructor(readonly session: Session) {}

  async #withStore<T>(
    label: string,
    work: (store: ProjectStore) => Promise<T>,
    opts: { keepMessage?: boolean } = {},
  ): Promise<T | undefined> {
    this.busy = label;
    if (!opts.keepMessage) this.message = null;
    // Opened per action and closed after: a connection held open would hold up "forget everything".
    const store = await ProjectStore.open();
    try {
      return await work(store);
    } catch (err) {
      this.message = { text: oneLine(err), kind: 'error' };
      return undefined;
    } finally {
      store.close();
      this.busy = null;
    }
  }

  async refresh(): Promise<void> {
    // Listing never creates the database: a visit that saves nothing leaves nothing in storage.
    const names = await indexedDB.databases?.().then(
      (d) => d.map((x) => x.name),
      () => undefined,
    );
    if (names && !names.includes(PROJECTS_DB)) {
      this.list = [];
      this.openId = null;
      return;
    }
    // Listing keeps the message of the action that led to it ("Saved …", "Imported …").
    const list = await this.#withStore(t.workflow.busy.reading, (s) => s.list(), { keepMessage: true });
    if (list) this.list = list;
    if (this.openId && !this.list.some((p) => p.id === this.openId)) this.openId = null;
  }

  get open(): ProjectSummary | undefined {
    return this.list.find((p) => p.id === this.openId);
  }

  /** Save the analysis: recipe, report and every source file. `replace` overwrites the open project. */
  async save(name: string, opts: { passphrase?: string; replace?: boolean } = {}): Promise<boolean> {
    const { recipe, report } = this.session;
    const replacing = opts.replace ? this.open : undefined;
    const saved = await this.#withStore(t.workflow.busy.saving, async (store) => {
      if (recipe.sources.length === 0) throw new Error(t.workflow.nothingToSave);
      if (replacing?.encrypted && !opts.passphrase) throw new Error(t.workflow.encryptedSaveOver(replacing.name));
      const files = [];
      for (const source of recipe.sources)
        files.push({ name: source.name, blob: await sourceBlob(this.session, source) });
      return store.save(
        { id: replacing?.id, name, recipe, report: report ?? undefined, files },
        opts.passphrase ? { passphrase: opts.passphrase } : {},
      );
    });
    if (!saved) return false;
    this.openId = saved.id;
    // Sources already on disk stay in DuckDB's (unencrypted) database file: said, and no more go there.
    const onDisk = saved.encrypted
      ? recipe.sources.filter((s) => report?.steps[s.name]?.summary?.storage === 'opfs').map((s) => s.name)
      : [];
    if (saved.encrypted) await this.session.workers.setDiskAllowed(false, t.workflow.diskEncrypted);
    this.message = {
      text: t.workflow.saved(saved.name, saved.encrypted) + (onDisk.length ? ` ${t.workflow.savedOnDisk(onDisk)}` : ''),
      kind: 'ok',
    };
    await this.refresh();
    return true;
  }

  /** Load a project's files and run its recipe again from scratch; compare with the saved report. */
  async openProject(id: string, passphrase?: string): Promise<boolean> {
    const project = await this.#withStore(t.workflow.busy.opening, (s) => s.load(id, passphrase ? { passphrase } : {}));
    if (!project) return false;
    this.busy = t.workflow.busy.running;
    try {
      // Tables in the OPFS database stay: a source whose file is unchanged is not read again. An
      // encrypted project's data is kept out of that file, which DuckDB-WASM cannot encrypt.
      await this.session.forgetEverything({ keepDisk: true });
      const encrypted = !!passphrase || !!this.list.find((p) => p.id === id)?.encrypted;
      await this.session.workers.setDiskAllowed(!encrypted, t.workflow.diskEncrypted);
      const files = Object.fromEntries(project.files.map((f) => [f.name, f.blob]));
      const report = await this.session.runRecipe(project.recipe as Recipe, { files });
      if (!report || report.status !== 'ok') {
        this.message = {
          text: t.workflow.openFailed(project.name, report?.error ?? this.session.error ?? t.workflow.unknownError),
          kind: 'error',
        };
        return false;
      }
      this.openId = id;
      const changes = project.report ? diffMetrics(project.report as Report, report) : [];
      this.reopened = { name: project.name, changes };
      const differ = changes.filter((c) => !c.same).length;
      this.message = { text: t.workflow.opened(project.name, differ, changes.length), kind: differ ? 'error' : 'ok' };
    } finally {
      this.busy = null;
    }
    const run = runOfReport(this.session.report);
    if (run) await this.#withStore(t.workflow.busy.noting, (s) => s.recordRun(id, run), { keepMessage: true });
    await this.refresh();
    return true;
  }

  async duplicate(id: string): Promise<void> {
    const copy = await this.#withStore(t.workflow.busy.duplicating, (s) => s.duplicate(id));
    if (copy) this.message = { text: t.workflow.copied(copy.name), kind: 'ok' };
    await this.refresh();
  }

  /** Show what a failed action threw as the one-line message (for a promise a component started). */
  fail(err: unknown): void {
    this.message = { text: oneLine(err), kind: 'error' };
  }

  async rename(id: string, name: string): Promise<void> {
    const renamed = await this.#withStore(t.workflow.busy.renaming, (s) => s.rename(id, name));
    if (renamed) this.message = { text: t.workflow.renamed(renamed.name), kind: 'ok' };
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    const name = this.list.find((p) => p.id === id)?.name ?? id;
    if (await this.#withStore(t.workflow.busy.deleting, (s) => s.delete(id)))
      this.message = { text: t.workflow.deleted(name), kind: 'ok' };
    await this.refresh();
  }

  /** One `.custodian` file of a saved project (encrypted again with its passphrase, when it has one). */
  async exportFile(id: string, passphrase?: string): Promise<{ fileName: string; blob: Blob } | undefined> {
    const app = { name: 'custodian', version: __APP_VERSION__ };
    return this.#withStore(t.workflow.busy.exporting, (s) =>
      s.exportFile(id, { app, ...(passphrase ? { passphrase } : {}) }),
    );
  }

  /** Import a `.custodian` file; an encrypted one waits in `pendingImport` for its passphrase. */
  async importFile(file: File, passphrase?: string): Promise<void> {
    const header = await readProjectFileHeader(file).catch((err: unknown) => {
      this.message = { text: oneLine(err), kind: 'error' };
      return undefined;
    });
    if (!header) return;
    if (header.encryption && !passphrase) {
      this.pendingImport = { file, name: header.name };
      return;
    }
    const imported = await this.#withStore(t.workflow.busy.importing, (s) =>
      s.importFile(file, passphrase ? { passphrase } : {}),
    );
    if (imported) {
      this.pendingImport = null;
      this.message = { text: t.workflow.imported(imported.name), kind: 'ok' };
    }
    await this.refresh();
  }
}

/** Re-run the recipe on new files for its sources, with fits replayed, and diff the key figures. */
export class RerunState {
  /** New files picked, by source name. */
  files = $state.raw<Record<string, File>>({});
  busy = $state(false);
  error = $state<string | null>(null);
  result = $state.raw<{ plan: ReplayPlan; changes: MetricChange[]; at: string } | null>(null);

  constructor(readonly session: Session) {}

  /** What a re-run would do now (for the panel, before it runs). */
  get plan(): ReplayPlan {
    return replayPlan(
      this.session.recipe,
      this.session.report,
      Object.fromEntries(Object.entries(this.files).map(([k, f]) => [k, f.name])),
    );
  }

  async run(): Promise<boolean> {
    const session = this.session;
    const previous = session.report;
    const plan = this.plan;
    this.busy = true;
    this.error = null;
    try {
      const files: Record<string, Blob> = {};
      // The old feature tables as Parquet, read before the re-run replaces them (replay.ts).
      for (const snap of plan.snapshots) {
        files[snap.source] = new Blob(
          [(await session.duck.exportParquet(`SELECT * FROM ${tableRef(snap.table)}`)) as Uint8Array<ArrayBuffer>],
          { type: 'application/vnd.apache.parquet' },
        );
      }
      for (const source of session.recipe.sources) {
        if (!(source.name in files))
          files[source.name] = this.files[source.name] ?? (await sourceBlob(session, source));
      }
      const report = await session.runRecipe(plan.recipe, { files });
      if (!report || report.status !== 'ok') {
        this.error = report?.error ?? session.error ?? t.workflow.rerunFailed;
        return false;
      }
      this.result = { plan, changes: diffMetrics(previous, report), at: report.startedAt };
      this.files = {};
      return true;
    } catch (err) {
      this.error = oneLine(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Drift of a step's table now against its copy from before the re-run. */
  async compare(snapshot: Snapshot): Promise<void> {
    await this.session.runStep(driftStepFor(this.session.recipe, snapshot));
  }
}

const projects = new WeakMap<Session, ProjectsState>();
const reruns = new WeakMap<Session, RerunState>();

export function projectsFor(session: Session): ProjectsState {
  if (!projects.has(session)) projects.set(session, new ProjectsState(session));
  return projects.get(session)!;
}

export function rerunFor(session: Session): RerunState {
  if (!reruns.has(session)) reruns.set(session, new RerunState(session));
  return reruns.get(session)!;
}
