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
 */
import { openDB, type IDBPDatabase } from 'idb';
import {
  aesGcmDecrypt, aesGcmEncrypt, newKdfParams, passphraseKey, WrongPassphraseError, type KdfParams, type Sealed,
} from '../privacy/crypto';

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
}

export interface ProjectSummary {
  id: string;
  name: string;
  savedAt: string;
  encrypted: boolean;
  files: number;
  /** Bytes of the files (as stored: ciphertext when encrypted). */
  bytes: number;
}

interface StoredBase {
  id: string;
  name: string;
  savedAt: string;
  files: number;
  bytes: number;
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

const summary = (r: StoredProject): ProjectSummary => ({ id: r.id, name: r.name, savedAt: r.savedAt, encrypted: r.encrypted, files: r.files, bytes: r.bytes });

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
    project: { id?: string; name: string; recipe: unknown; report?: unknown; files?: ProjectFile[] },
    opts: { passphrase?: string } = {},
  ): Promise<ProjectSummary> {
    const id = project.id ?? globalThis.crypto.randomUUID();
    const files = project.files ?? [];
    const base = { id, name: project.name, savedAt: new Date().toISOString(), files: files.length };
    let record: StoredProject;
    // Everything is encrypted before the transaction opens: an await on WebCrypto inside it would let it commit early.
    if (opts.passphrase !== undefined) {
      const kdf = newKdfParams();
      const key = await passphraseKey(opts.passphrase, kdf.salt, kdf.iterations);
      const metaJson = JSON.stringify({ recipe: project.recipe, report: project.report, files: files.map((f) => ({ name: f.name, type: f.blob.type })) });
      const meta = await aesGcmEncrypt(key, new TextEncoder().encode(metaJson));
      const blobs: Sealed[] = [];
      for (const f of files) blobs.push(await aesGcmEncrypt(key, new Uint8Array(await f.blob.arrayBuffer())));
      record = { ...base, bytes: blobs.reduce((s, b) => s + b.data.byteLength, 0), encrypted: true, kdf, meta, blobs };
    } else {
      record = {
        ...base, bytes: files.reduce((s, f) => s + f.blob.size, 0), encrypted: false,
        recipe: project.recipe, ...(project.report !== undefined ? { report: project.report } : {}),
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
    const head = { id: record.id, name: record.name, savedAt: record.savedAt };
    if (!record.encrypted) {
      return { ...head, recipe: record.recipe, ...(record.report !== undefined ? { report: record.report } : {}), files: record.blobs.map((b) => ({ name: b.name, blob: b.blob })) };
    }
    if (opts.passphrase === undefined || opts.passphrase === '') {
      throw new PassphraseRequiredError(`project '${record.name}' is encrypted: enter its passphrase to open it`);
    }
    const key = await passphraseKey(opts.passphrase, record.kdf.salt, record.kdf.iterations);
    try {
      const meta = JSON.parse(new TextDecoder().decode(await aesGcmDecrypt(key, record.meta))) as {
        recipe: unknown; report?: unknown; files: Array<{ name: string; type: string }>;
      };
      const files: ProjectFile[] = [];
      for (const [i, f] of meta.files.entries()) files.push({ name: f.name, blob: new Blob([await aesGcmDecrypt(key, record.blobs[i]!)], { type: f.type }) });
      return { ...head, recipe: meta.recipe, ...(meta.report !== undefined ? { report: meta.report } : {}), files };
    } catch (err) {
      if (err instanceof WrongPassphraseError) {
        throw new WrongPassphraseError(`project '${record.name}': wrong passphrase (or the saved data was altered). Nothing was changed: the saved project is intact.`);
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

  close(): void {
    this.db.close();
  }
}
