import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import { openDB } from 'idb';
import { PassphraseRequiredError, ProjectStore, runOfReport } from './projects';
import { ProjectFileError } from './project-file';
import { WrongPassphraseError, PBKDF2_ITERATIONS } from '../privacy/crypto';

let n = 0;
const fresh = () => `projects-test-${++n}`;
const CSV = 'customer_id,email\nC1,alice@example.com\n';
const recipe = {
  version: 1,
  sources: [{ name: 'people', file: 'people.csv' }],
  steps: [{ id: 'p', op: 'pseudonymise', input: 'people', params: { hash: ['email'] } }],
};
const project = () => ({
  name: 'Churn study',
  recipe,
  report: { status: 'ok' as const },
  files: [
    { name: 'people.csv', blob: new Blob([CSV], { type: 'text/csv' }) },
    { name: 'empty.json', blob: new Blob([], { type: 'application/json' }) },
  ],
});

/** The record as IndexedDB holds it, bypassing the store. */
async function raw(dbName: string, id: string) {
  const db = await openDB(dbName, 1);
  try {
    return await db.get('projects', id);
  } finally {
    db.close();
  }
}

describe('project store (plain)', () => {
  it('saves, lists, loads and deletes a project with its files', async () => {
    const name = fresh();
    const store = await ProjectStore.open(name);
    const saved = await store.save(project());
    expect(saved).toMatchObject({ name: 'Churn study', encrypted: false, files: 2, bytes: CSV.length });
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.list()).toEqual([saved]);
    const loaded = await store.load(saved.id);
    expect(loaded).toMatchObject({
      id: saved.id,
      name: 'Churn study',
      recipe,
      report: { status: 'ok' },
      savedAt: saved.savedAt,
    });
    expect(loaded.files.map((f) => [f.name, f.blob.type, f.blob.size])).toEqual([
      ['people.csv', 'text/csv', CSV.length],
      ['empty.json', 'application/json', 0],
    ]);
    expect(await loaded.files[0]!.blob.text()).toBe(CSV);
    expect(await store.delete(saved.id)).toBe(true);
    expect(await store.delete(saved.id)).toBe(false);
    expect(await store.list()).toEqual([]);
    await expect(store.load(saved.id)).rejects.toThrow(`no saved project with id '${saved.id}'`);
    store.close();
  });

  it('saving with the same id replaces; the list is newest first', async () => {
    const store = await ProjectStore.open(fresh());
    const a = await store.save({ id: 'a', name: 'A', recipe: { v: 1 } });
    await new Promise((r) => setTimeout(r, 5));
    const b = await store.save({ id: 'b', name: 'B', recipe: { v: 1 } });
    await new Promise((r) => setTimeout(r, 5));
    const a2 = await store.save({ id: 'a', name: 'A, again', recipe: { v: 2 } });
    expect((await store.list()).map((p) => p.name)).toEqual(['A, again', 'B']);
    expect(a2.savedAt > a.savedAt && a2.savedAt > b.savedAt).toBe(true);
    expect((await store.load('a')).recipe).toEqual({ v: 2 });
    store.close();
  });
});

describe('project store (encrypted at rest)', () => {
  const PASS = 'correct horse battery staple';

  it('stores only ciphertext, with a 600,000-iteration PBKDF2 salt and a fresh IV per item, and round-trips', async () => {
    const name = fresh();
    const store = await ProjectStore.open(name);
    const saved = await store.save(project(), { passphrase: PASS });
    expect(saved).toMatchObject({ name: 'Churn study', encrypted: true, files: 2 });
    // AES-GCM adds a 16-byte tag to each file.
    expect(saved.bytes).toBe(CSV.length + 16 + 16);
    const record = await raw(name, saved.id);
    expect(record.kdf).toMatchObject({ name: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(record.kdf.salt).toHaveLength(16);
    const ivs = [record.meta.iv, ...record.blobs.map((b: { iv: Uint8Array }) => b.iv)].map((iv: Uint8Array) =>
      Buffer.from(iv).toString('hex'),
    );
    expect(ivs.every((iv) => iv.length === 24)).toBe(true);
    expect(new Set(ivs).size).toBe(3);
    // Neither the recipe, the file names nor the file's content is readable in what is stored.
    const stored = Buffer.concat([
      Buffer.from(JSON.stringify(record)),
      ...[record.meta, ...record.blobs].map((s: { data: ArrayBuffer }) => Buffer.from(s.data)),
    ]).toString('latin1');
    for (const secret of ['alice@example.com', 'pseudonymise', 'people.csv', 'text/csv', 'customer_id'])
      expect(stored).not.toContain(secret);
    expect(record).not.toHaveProperty('recipe');

    const loaded = await store.load(saved.id, { passphrase: PASS });
    expect(loaded).toMatchObject({ name: 'Churn study', recipe, report: { status: 'ok' } });
    expect(loaded.files.map((f) => [f.name, f.blob.type])).toEqual([
      ['people.csv', 'text/csv'],
      ['empty.json', 'application/json'],
    ]);
    expect(await loaded.files[0]!.blob.text()).toBe(CSV);
    store.close();
  });

  it('a wrong or missing passphrase fails clearly and loses nothing', async () => {
    const name = fresh();
    const store = await ProjectStore.open(name);
    const saved = await store.save(project(), { passphrase: PASS });
    const before = await raw(name, saved.id);
    const attempt = store.load(saved.id, { passphrase: 'correct horse battery stapler' });
    await expect(attempt).rejects.toThrow(WrongPassphraseError);
    await expect(attempt).rejects.toThrow(
      "project 'Churn study': wrong passphrase (or the saved data was altered). Nothing was changed: the saved project is intact.",
    );
    await expect(store.load(saved.id)).rejects.toThrow(PassphraseRequiredError);
    await expect(store.load(saved.id, { passphrase: '' })).rejects.toThrow(
      "project 'Churn study' is encrypted: enter its passphrase to open it",
    );
    expect(await raw(name, saved.id)).toEqual(before);
    expect(await store.list()).toEqual([saved]);
    expect(await (await store.load(saved.id, { passphrase: PASS })).files[0]!.blob.text()).toBe(CSV);
    store.close();
  });

  it('altered ciphertext is refused like a wrong passphrase', async () => {
    const name = fresh();
    const store = await ProjectStore.open(name);
    const saved = await store.save(project(), { passphrase: PASS });
    const db = await openDB(name, 1);
    const record = await db.get('projects', saved.id);
    const data = new Uint8Array(record.blobs[0].data);
    data[3]! ^= 0xff;
    record.blobs[0].data = data.buffer;
    await db.put('projects', record);
    db.close();
    await expect(store.load(saved.id, { passphrase: PASS })).rejects.toThrow(WrongPassphraseError);
    store.close();
  });

  it('an open store does not block deleting the database ("forget everything")', async () => {
    const name = fresh();
    const store = await ProjectStore.open(name);
    await store.save({ name: 'x', recipe: {} });
    await new Promise<void>((done, fail) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => done();
      req.onerror = () => fail(req.error);
    });
    const again = await ProjectStore.open(name);
    expect(await again.list()).toEqual([]);
    again.close();
  });
});

describe('project store: rename, duplicate, last run, size', () => {
  const report = { status: 'ok', startedAt: '2025-07-01T09:00:00.000Z', ms: 1234.4, steps: { people: {}, p: {} } };

  it('keeps the last run from the saved report and the size of recipe + report', async () => {
    const store = await ProjectStore.open(fresh());
    const saved = await store.save({ ...project(), report });
    expect(saved.lastRun).toEqual({ at: '2025-07-01T09:00:00.000Z', status: 'ok', steps: 2, ms: 1234 });
    // metaBytes = the UTF-8 JSON of { recipe, report } as stored.
    expect(saved.metaBytes).toBe(Buffer.byteLength(JSON.stringify({ recipe, report })));
    expect((await store.load(saved.id)).lastRun).toEqual(saved.lastRun);
    const later = { at: '2025-08-01T09:00:00.000Z', status: 'error' as const, steps: 1, ms: 5 };
    expect((await store.recordRun(saved.id, later)).lastRun).toEqual(later);
    expect((await store.list())[0]!.lastRun).toEqual(later);
    expect(runOfReport({ status: 'ok' })).toBeUndefined();
    expect((await store.save({ name: 'no run', recipe: {} })).lastRun).toBeNull();
    store.close();
  });

  it('renames (trimmed; empty refused) and duplicates under a new id, the original untouched', async () => {
    const store = await ProjectStore.open(fresh());
    const saved = await store.save(project());
    expect((await store.rename(saved.id, '  Churn, Q3  ')).name).toBe('Churn, Q3');
    await expect(store.rename(saved.id, '   ')).rejects.toThrow('a project needs a name');
    await expect(store.rename('nope', 'x')).rejects.toThrow("no saved project with id 'nope'");
    const copy = await store.duplicate(saved.id);
    expect(copy.id).not.toBe(saved.id);
    expect(copy).toMatchObject({ name: 'Churn, Q3 (copy)', files: 2, bytes: saved.bytes, encrypted: false });
    const [a, b] = [await store.load(saved.id), await store.load(copy.id)];
    expect(b.recipe).toEqual(a.recipe);
    expect(await b.files[0]!.blob.text()).toBe(CSV);
    expect((await store.list()).map((p) => p.name).sort()).toEqual(['Churn, Q3', 'Churn, Q3 (copy)']);
    store.close();
  });

  it('duplicates an encrypted project without its passphrase; the copy opens with it', async () => {
    const store = await ProjectStore.open(fresh());
    const saved = await store.save(project(), { passphrase: 'pass phrase' });
    const copy = await store.duplicate(saved.id, 'Copy');
    expect(copy).toMatchObject({ name: 'Copy', encrypted: true });
    expect(await (await store.load(copy.id, { passphrase: 'pass phrase' })).files[0]!.blob.text()).toBe(CSV);
    await expect(store.load(copy.id)).rejects.toThrow(PassphraseRequiredError);
    store.close();
  });
});

describe('project store: export to one file, import elsewhere', () => {
  const APP = { app: { name: 'custodian', version: '0.1.0' } };

  it('exports and imports into another store (another machine) under a new id, with identical content', async () => {
    const here = await ProjectStore.open(fresh());
    const saved = await here.save(project());
    const { fileName, blob } = await here.exportFile(saved.id, APP);
    expect(fileName).toBe('Churn-study.custodian');
    const there = await ProjectStore.open(fresh());
    const imported = await there.importFile(blob);
    expect(imported).toMatchObject({ name: 'Churn study', files: 2, bytes: saved.bytes, encrypted: false });
    expect(imported.id).not.toBe(saved.id);
    const back = await there.load(imported.id);
    expect(back).toMatchObject({ recipe, report: { status: 'ok' } });
    expect(back.files.map((f) => [f.name, f.blob.type])).toEqual([
      ['people.csv', 'text/csv'],
      ['empty.json', 'application/json'],
    ]);
    expect(await back.files[0]!.blob.text()).toBe(CSV);
    here.close();
    there.close();
  });

  it('an altered file is refused and nothing is added', async () => {
    const here = await ProjectStore.open(fresh());
    const { blob } = await here.exportFile((await here.save(project())).id, APP);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    bytes[Buffer.from(bytes).indexOf('alice')] = 0x41;
    const there = await ProjectStore.open(fresh());
    await expect(there.importFile(new Blob([bytes]))).rejects.toThrow(ProjectFileError);
    expect(await there.list()).toEqual([]);
    here.close();
    there.close();
  });

  it('an encrypted project exports encrypted (passphrase needed) and imports encrypted', async () => {
    const here = await ProjectStore.open(fresh());
    const saved = await here.save(project(), { passphrase: 'pass phrase' });
    await expect(here.exportFile(saved.id, APP)).rejects.toThrow(PassphraseRequiredError);
    const { blob } = await here.exportFile(saved.id, { ...APP, passphrase: 'pass phrase' });
    expect(Buffer.from(await blob.arrayBuffer()).toString('latin1')).not.toContain('alice@example.com');
    const there = await ProjectStore.open(fresh());
    await expect(there.importFile(blob)).rejects.toMatchObject({ problem: 'passphrase-required' });
    await expect(there.importFile(blob, { passphrase: 'wrong' })).rejects.toThrow(WrongPassphraseError);
    expect(await there.list()).toEqual([]);
    const imported = await there.importFile(blob, { passphrase: 'pass phrase' });
    expect(imported.encrypted).toBe(true);
    expect(await (await there.load(imported.id, { passphrase: 'pass phrase' })).files[0]!.blob.text()).toBe(CSV);
    here.close();
    there.close();
  });
});
