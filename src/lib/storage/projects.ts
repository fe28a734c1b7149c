/**
 * Saved projects in IndexedDB (`custodian-projects`, store `projects`, keyed by id): the recipe,
 * the last report and the source files, so a project can be reopened later in this browser.
 *
 * With a passphrase, a project is encrypted at rest: a key is derived with PBKDF2-HMAC-SHA-256
 * (600,000 iterations, OWASP 2023; a fresh 16-byte salt per save) into AES-GCM-256, and the
 * record's JSON (recipe, report, file names and types) and every file are encrypted, each with
 * its own random 12-byte IV. Only the id, the project's name, the save time and sizes stay
 * readable, so the list can show them. AES-GCM authenticates: a wrong passphrase (or altered
 * bytes) fails on the first decryption, before anything is returned, and loading never writes,
 * so the encrypted record stays exactly as it was.
 *
 * A project keeps the source files, not DuckDB's tables: opening one loads the files and runs
 * the recipe again, which re-derives every table (the ops are seeded and deterministic, so the
 * results are the ones saved). DuckDB's own database in OPFS would hold only DuckDB's copies —
 * not the files the audit fingerprints, and not the recipe — in a second place that "forget
 * everything" must also reach; the files and the recipe are what the analysis is made of.
 *
 * Beside save / list / load / delete: rename, duplicate, the last run (time, status, steps; kept
 * readable, so the list can show it) and export / import as one `.custodian` file
 * (project-file.ts: SHA-256 of every part and of the whole, checked on import).
 */
import { openDB, type IDBPDatabase } from 'idb';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  newKdfParams,
  passphraseKey,
  WrongPassphraseError,
  type KdfParams,
  type Sealed,
} from '../privacy/crypto';
import { decodeProjectFile, encodeProjectFile, projectFileName, readProjectFileHeader } from './project-file';

export const PROJECTS_DB = 'custodian-projects';
const STORE = 'projects';

export interface ProjectFile {
  name: string;
  blob: Blob;
}

export interface Project {
  id: string;
  name: string;
  recipe: unknown;
  report?: unknown;
  files: ProjectFile[];
  /** ISO time of the save. */
  savedAt: string;
  lastRun?: LastRun;
}

/** When the project's recipe last ran and how it went (from the report saved with it, or a reopen). */
export interface LastRun {
  at: string;
  status: 'ok' | 'error';
  /** Sources and steps that ran. */
  steps: number;
  ms: number;
}

export interface ProjectSummary {
  id: string;
  name: string;
  savedAt: string;
  encrypted: boolean;
  files: number;
  /** Bytes of the files (as stored: ciphertext when encrypted). */
  bytes: number;
  /** Bytes of the recipe and report JSON (as stored). */
  metaBytes: number;
  lastRun: LastRun | null;
}

interface StoredBase {
  id: string;
  name: string;
  savedAt: string;
  files: number;
  bytes: number;
  /** Absent in records saved before it was kept. */
  metaBytes?: number;
  lastRun?: LastRun;
}
interface PlainRecord extends StoredBase {
  encrypted: false;
  recipe: unknown;
  report?: unknown;
  blobs: Array<{ name: string; blob: Blob }>;
}
interface EncryptedRecord extends StoredBase {
  encrypted: true;
  kdf: KdfParams;
  /** JSON of { recipe, report, files: [{ name, type }] }. */
  meta: Sealed;
  blobs: Sealed[];
}
type StoredProject = PlainRecord | EncryptedRecord;

export class PassphraseRequiredError extends Error {
  override name = 'PassphraseRequiredError';
}

const summary = (r: StoredProject): ProjectSummary => ({
  id: r.id,
  name: r.name,
  savedAt: r.savedAt,
  encrypted: r.encrypted,
  files: r.files,
  bytes: r.bytes,
  metaBytes: r.metaBytes ?? (r.encrypted ? r.meta.data.byteLength : jsonBytes({ recipe: r.recipe, report: r.report })),
  lastRun: r.lastRun ?? null,
});

const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value) ?? '').byteLength;

/** The run a report describes, if it is one (`startedAt`, `status`, `steps`, `ms`). */
export function runOfReport(report: unknown): LastRun | undefined {
  const r = report as { startedAt?: unknown; status?: unknown; steps?: unknown; ms?: unknown } | null | undefined;
  if (
    !r ||
    typeof r.startedAt !== 'string' ||
    (r.status !== 'ok' && r.status !== 'error') ||
    typeof r.steps !== 'object' ||
    r.steps === null
  )
    return undefined;
  return {
    at: r.startedAt,
    status: r.status,
    steps: Object.keys(r.steps).length,
    ms: typeof r.ms === 'number' ? Math.round(r.ms) : 0,
  };
}

/** A `LastRun` read back from a file, or undefined when it is not one. */
function asLastRun(value: unknown): LastRun | undefined {
  const r = value as Partial<LastRun> | null | undefined;
  return r &&
    typeof r.at === 'string' &&
    (r.status === 'ok' || r.status === 'error') &&
    typeof r.steps === 'number' &&
    typeof r.ms === 'number'
    ? { at: r.at, status: r.status, steps: r.steps, ms: r.ms }
    : undefined;
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('a project needs a name');
  if (trimmed.length > 120) throw new Error(`a project name has at most 120 characters, not ${trimmed.length}`);
  return trimmed;
}

export class ProjectStore {
  private constructor(private readonly db: IDBPDatabase) {}

  static async open(name = PROJECTS_DB): Promise<ProjectStore> {
    const db = await openDB(name, 1, {
      upgrade(d) {
        d.createObjectStore(STORE, { keyPath: 'id' });
      },
      // Let "forget everything" delete the database while this store is open.
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
      },
    });
    return new ProjectStore(db);
  }

  /** Save (or replace, same id) a project; encrypted when `passphrase` is given. */
  async save(
    project: { id?: string; name: string; recipe: unknown; report?: unknown; files?: ProjectFile[]; lastRun?: LastRun },
    opts: { passphrase?: string } = {},
  ): Promise<ProjectSummary> {
    const id = project.id ?? globalThis.crypto.randomUUID();
    const files = project.files ?? [];
    const lastRun = project.lastRun ?? runOfReport(project.report);
    const base = {
      id,
      name: checkedName(project.name),
      savedAt: new Date().toISOString(),
      files: files.length,
      ...(lastRun ? { lastRun } : {}),
    };
    let record: StoredProject;
    // Everything is encrypted before the transaction opens: an await on WebCrypto inside it would let it commit early.
    if (opts.passphrase !== undefined) {
      const kdf = newKdfParams();
      const key = await passphraseKey(opts.passphrase, kdf.salt, kdf.iterations);
      const metaJson = JSON.stringify({
        recipe: project.recipe,
        report: project.report,
        files: files.map((f) => ({ name: f.name, type: f.blob.type })),
      });
      const meta = await aesGcmEncrypt(key, new TextEncoder().encode(metaJson));
      const blobs: Sealed[] = [];
      for (const f of files) blobs.push(await aesGcmEncrypt(key, new Uint8Array(await f.blob.arrayBuffer())));
      record = {
        ...base,
        bytes: blobs.reduce((s, b) => s + b.data.byteLength, 0),
        metaBytes: meta.data.byteLength,
        encrypted: true,
        kdf,
        meta,
        blobs,
      };
    } else {
      record = {
        ...base,
        bytes: files.reduce((s, f) => s + f.blob.size, 0),
        metaBytes: jsonBytes({ recipe: project.recipe, report: project.report }),
        encrypted: false,
        recipe: project.recipe,
        ...(project.report !== undefined ? { report: project.report } : {}),
        blobs: files.map((f) => ({ name: f.name, blob: f.blob })),
      };
    }
    await this.db.put(STORE, record);
    return summary(record);
  }

  /** Every saved project, newest first. */
  async list(): Promise<ProjectSummary[]> {
    const all = (await this.db.getAll(STORE)) as StoredProject[];
    return all.map(summary).sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.id.localeCompare(b.id));
  }

  async load(id: string, opts: { passphrase?: string } = {}): Promise<Project> {
    const record = (await this.db.get(STORE, id)) as StoredProject | undefined;
    if (!record) throw new Error(`no saved project with id '${id}'`);
    const head = {
      id: record.id,
      name: record.name,
      savedAt: record.savedAt,
      ...(record.lastRun ? { lastRun: record.lastRun } : {}),
    };
    if (!record.encrypted) {
      return {
        ...head,
        recipe: record.recipe,
        ...(record.report !== undefined ? { report: record.report } : {}),
        files: record.blobs.map((b) => ({ name: b.name, blob: b.blob })),
      };
    }
    if (opts.passphrase === undefined || opts.passphrase === '') {
      throw new PassphraseRequiredError(`project '${record.name}' is encrypted: enter its passphrase to open it`);
    }
    const key = await passphraseKey(opts.passphrase, record.kdf.salt, record.kdf.iterations);
    try {
      const meta = JSON.parse(new TextDecoder().decode(await aesGcmDecrypt(key, record.meta))) as {
        recipe: unknown;
        report?: unknown;
        files: Array<{ name: string; type: string }>;
      };
      const files: ProjectFile[] = [];
      for (const [i, f] of meta.files.entries())
        files.push({ name: f.name, blob: new Blob([await aesGcmDecrypt(key, record.blobs[i]!)], { type: f.type }) });
      return { ...head, recipe: meta.recipe, ...(meta.report !== undefined ? { report: meta.report } : {}), files };
    } catch (err) {
      if (err instanceof WrongPassphraseError) {
        throw new WrongPassphraseError(
          `project '${record.name}': wrong passphrase (or the saved data was altered). Nothing was changed: the saved project is intact.`,
        );
      }
      throw err;
    }
  }

  /** Remove a project; false when there was none with that id. */
  async delete(id: string): Promise<boolean> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const existed = (await tx.store.getKey(id)) !== undefined;
    if (existed) await tx.store.delete(id);
    await tx.done;
    return existed;
  }

  /** Give a project another name (encrypted ones too: the name is stored readable). */
  async rename(id: string, name: string): Promise<ProjectSummary> {
    return this.#update(id, (r) => ({ ...r, name: checkedName(name) }));
  }

  /** Note a run of a project's recipe (after reopening it), without touching what was saved. */
  async recordRun(id: string, run: LastRun): Promise<ProjectSummary> {
    return this.#update(id, (r) => ({ ...r, lastRun: run }));
  }

  /**
   * A copy under a new id, saved now. The stored record is copied as it is, so an encrypted
   * project stays encrypted under the same passphrase and needs none to be copied.
   */
  async duplicate(id: string, name?: string): Promise<ProjectSummary> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const record = (await tx.store.get(id)) as StoredProject | undefined;
    if (!record) throw new Error(`no saved project with id '${id}'`);
    const copy: StoredProject = {
      ...record,
      id: globalThis.crypto.randomUUID(),
      name: checkedName(name ?? `${record.name} (copy)`),
      savedAt: new Date().toISOString(),
    };
    await tx.store.put(copy);
    await tx.done;
    return summary(copy);
  }

  /**
   * The project as one `.custodian` file (project-file.ts), with a file name from its name. An
   * encrypted project needs its passphrase, and the file is encrypted with it again.
   */
  async exportFile(
    id: string,
    opts: { passphrase?: string; app: { name: string; version: string } },
  ): Promise<{ fileName: string; blob: Blob }> {
    const record = (await this.db.get(STORE, id)) as StoredProject | undefined;
    const project = await this.load(id, opts);
    const blob = await encodeProjectFile(project, {
      app: opts.app,
      ...(record?.encrypted ? { passphrase: opts.passphrase } : {}),
    });
    return { fileName: projectFileName(project.name), blob };
  }

  /**
   * Add a project from a `.custodian` file, under a new id (a project of the same id here is never
   * overwritten). Every hash is checked first; an encrypted file needs its passphrase and is kept
   * encrypted with it. A refused file leaves the store as it was.
   */
  async importFile(file: Blob, opts: { passphrase?: string } = {}): Promise<ProjectSummary> {
    const header = await readProjectFileHeader(file);
    const project = await decodeProjectFile(file, opts);
    return this.save(
      {
        name: project.name,
        recipe: project.recipe,
        report: project.report,
        files: project.files,
        lastRun: asLastRun(project.lastRun) ?? runOfReport(project.report),
      },
      header.encryption ? { passphrase: opts.passphrase } : {},
    );
  }

  /** Change a record in one transaction (no await on anything but IndexedDB inside it). */
  async #update(id: string, change: (r: StoredProject) => StoredProject): Promise<ProjectSummary> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const record = (await tx.store.get(id)) as StoredProject | undefined;
    if (!record) throw new Error(`no saved project with id '${id}'`);
    const next = change(record);
    await tx.store.put(next);
    await tx.done;
    return summary(next);
  }

  close(): void {
    this.db.close();
  }
}
