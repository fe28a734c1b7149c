import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import {
  decodeProjectFile,
  encodeProjectFile,
  projectFileName,
  ProjectFileError,
  readProjectFileHeader,
  type PortableProject,
} from './project-file';
import { WrongPassphraseError } from '../privacy/crypto';

const CSV = 'customer_id,email,city\nC1,alice@example.com,上海\nC2,bob@example.com,"Paris, FR"\n';
const EVENTS = 'customer_id,ts,amount\nC1,2025-01-02 10:00:00,9.99\n';
const project = (): PortableProject => ({
  name: 'Churn study — März',
  savedAt: '2025-07-01T10:00:00.000Z',
  recipe: {
    version: 1,
    sources: [
      { name: 'people', file: 'people.csv' },
      { name: 'events', file: 'events.csv' },
    ],
    steps: [],
  },
  report: { status: 'ok', startedAt: '2025-07-01T09:59:00.000Z', steps: { people: {} }, ms: 12 },
  lastRun: { at: '2025-07-01T09:59:00.000Z', status: 'ok', steps: 1, ms: 12 },
  files: [
    { name: 'people', blob: new Blob([CSV], { type: 'text/csv' }) },
    { name: 'events', blob: new Blob([EVENTS], { type: 'text/csv' }) },
  ],
});
const APP = { name: 'custodian', version: '0.1.0' };
// Node's own SHA-256 (OpenSSL), independent of the WebCrypto digest the module uses.
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** The file with `edit` applied to a copy of its bytes. */
async function altered(file: Blob, edit: (bytes: Uint8Array) => Uint8Array | void): Promise<Blob> {
  const bytes = await bytesOf(file);
  return new Blob([(edit(bytes) ?? bytes) as Uint8Array<ArrayBuffer>]);
}

describe('.custodian project file (plain)', () => {
  it('is a magic line, a JSON header line, the parts back to back and a SHA-256 trailer of everything before it', async () => {
    const file = await encodeProjectFile(project(), { app: APP, exportedAt: '2025-07-02T08:00:00.000Z' });
    const bytes = await bytesOf(file);
    const lines = text(bytes).split('\n');
    expect(lines[0]).toBe('CUSTODIAN-PROJECT 1');
    const header = JSON.parse(lines[1]!);
    expect(header).toMatchObject({
      format: 'custodian-project',
      version: 1,
      name: 'Churn study — März',
      exportedAt: '2025-07-02T08:00:00.000Z',
      app: APP,
      encryption: null,
    });
    expect(header.parts.map((p: { name: string; type: string }) => [p.name, p.type])).toEqual([
      ['project.json', 'application/json'],
      ['people', 'text/csv'],
      ['events', 'text/csv'],
    ]);
    // The CSV parts are the files' exact bytes, with their SHA-256 as sha256sum prints it.
    expect(header.parts[1]).toMatchObject({ bytes: Buffer.byteLength(CSV), sha256: sha(CSV) });
    expect(header.parts[2]).toMatchObject({ bytes: Buffer.byteLength(EVENTS), sha256: sha(EVENTS) });
    // Trailer: "SHA-256 " + 64 hex + "\n" = 73 bytes, the hash of all bytes before it (`head -c -73 f | sha256sum`).
    const trailer = text(bytes.subarray(bytes.length - 73));
    expect(trailer).toMatch(/^SHA-256 [0-9a-f]{64}\n$/);
    expect(trailer.slice(8, 72)).toBe(sha(bytes.subarray(0, bytes.length - 73)));
    // The body ends with the last file, then the trailer.
    expect(text(bytes.subarray(0, bytes.length - 73)).endsWith(CSV + EVENTS)).toBe(true);
    expect(file.type).toBe('application/x-custodian-project');
  });

  it('round-trips the recipe, the report, the last run and every file with its type', async () => {
    const back = await decodeProjectFile(await encodeProjectFile(project(), { app: APP }));
    const p = project();
    expect(back).toMatchObject({
      name: p.name,
      savedAt: p.savedAt,
      recipe: p.recipe,
      report: p.report,
      lastRun: p.lastRun,
    });
    expect(await Promise.all(back.files.map(async (f) => [f.name, f.blob.type, await f.blob.text()]))).toEqual([
      ['people', 'text/csv', CSV],
      ['events', 'text/csv', EVENTS],
    ]);
  });

  it('a project without files or report round-trips too', async () => {
    const back = await decodeProjectFile(
      await encodeProjectFile({ name: 'empty', savedAt: 'x', recipe: { version: 1 }, files: [] }, { app: APP }),
    );
    expect(back).toEqual({ name: 'empty', savedAt: 'x', recipe: { version: 1 }, files: [] });
  });

  it('refuses an altered file byte, naming the file that changed', async () => {
    const file = await encodeProjectFile(project(), { app: APP });
    const bytes = await bytesOf(file);
    const at = Buffer.from(bytes).indexOf('alice');
    const tampered = await altered(file, (b) => void (b[at] = 'A'.charCodeAt(0)));
    const attempt = decodeProjectFile(tampered);
    await expect(attempt).rejects.toThrow(ProjectFileError);
    await expect(attempt).rejects.toThrow(
      /^The project file was altered or damaged: the file 'people' does not match its SHA-256 \(expected [0-9a-f]{12}…, found [0-9a-f]{12}…\)\. Nothing was imported/,
    );
    await expect(attempt).rejects.toMatchObject({ problem: 'altered' });
  });

  it('refuses a part whose hash in the header was rewritten to match: the whole-file hash still differs', async () => {
    const file = await encodeProjectFile(project(), { app: APP });
    const tampered = await altered(file, (b) => {
      const s = text(b).replace('alice@', 'alicx@');
      // A careful editor also fixes the part's hash in the header (same length, so offsets hold)…
      return new TextEncoder().encode(s.replace(sha(CSV), sha(CSV.replace('alice@', 'alicx@'))));
    });
    await expect(decodeProjectFile(tampered)).rejects.toThrow('the SHA-256 of the whole file does not match');
  });

  it('refuses a changed header (project name), a truncated file and a file that is not a project', async () => {
    const file = await encodeProjectFile(project(), { app: APP });
    const renamed = await altered(file, (b) => new TextEncoder().encode(text(b).replace('Churn study', 'Churn stuff')));
    await expect(decodeProjectFile(renamed)).rejects.toThrow('the SHA-256 of the whole file does not match');
    const cut = await altered(file, (b) => b.subarray(0, b.length - 10));
    await expect(decodeProjectFile(cut)).rejects.toThrow(
      'its closing SHA-256 line is missing (the file is cut short or was edited)',
    );
    const short = await altered(file, (b) => {
      const s = text(b);
      return new TextEncoder().encode(s.slice(0, s.indexOf(EVENTS)) + s.slice(s.indexOf(EVENTS) + 5));
    });
    await expect(decodeProjectFile(short)).rejects.toThrow(/the header lists \d+ bytes of parts, the file holds \d+/);
    const broken = await altered(file, (b) => new TextEncoder().encode(text(b).replace('"format"', '"f0rmat"')));
    await expect(decodeProjectFile(broken)).rejects.toThrow('its header is not the JSON this app writes');
    await expect(decodeProjectFile(new Blob(['customer_id,email\nC1,a@b\n']))).rejects.toMatchObject({
      problem: 'not-a-project',
      message: 'This is not a Custodian project file (it does not start with "CUSTODIAN-PROJECT 1").',
    });
  });

  it('names the file after the project', () => {
    expect(projectFileName('Churn study — März 2025')).toBe('Churn-study-März-2025.custodian');
    expect(projectFileName('../../etc/passwd')).toBe('etc-passwd.custodian');
    expect(projectFileName('  ')).toBe('project.custodian');
  });
});

describe('.custodian project file (encrypted)', () => {
  const PASS = 'correct horse battery staple';

  it('carries only ciphertext under neutral part names, and round-trips with the passphrase', async () => {
    const file = await encodeProjectFile(project(), { app: APP, passphrase: PASS });
    const raw = Buffer.from(await bytesOf(file)).toString('latin1');
    for (const secret of ['alice@example.com', 'customer_id', 'people', 'events', 'text/csv', 'people.csv'])
      expect(raw).not.toContain(secret);
    const header = await readProjectFileHeader(file);
    expect(header.encryption).toMatchObject({ cipher: 'AES-GCM-256', kdf: 'PBKDF2-SHA-256', iterations: 600_000 });
    expect(header.parts.map((p) => p.name)).toEqual(['project.json', 'part-1', 'part-2']);
    // AES-GCM adds a 16-byte tag to each part.
    expect(header.parts[1]!.bytes).toBe(Buffer.byteLength(CSV) + 16);
    expect(new Set(header.parts.map((p) => p.iv)).size).toBe(3);
    const back = await decodeProjectFile(file, { passphrase: PASS });
    expect(back.recipe).toEqual(project().recipe);
    expect(await Promise.all(back.files.map(async (f) => [f.name, f.blob.type, await f.blob.text()]))).toEqual([
      ['people', 'text/csv', CSV],
      ['events', 'text/csv', EVENTS],
    ]);
  });

  it('asks for the passphrase, refuses a wrong one, and still checks hashes before decrypting', async () => {
    const file = await encodeProjectFile(project(), { app: APP, passphrase: PASS });
    await expect(decodeProjectFile(file)).rejects.toMatchObject({
      problem: 'passphrase-required',
      message: "Project 'Churn study — März' is encrypted: enter its passphrase to import it.",
    });
    await expect(decodeProjectFile(file, { passphrase: 'Tr0ub4dor&3' })).rejects.toThrow(WrongPassphraseError);
    const tampered = await altered(file, (b) => void (b[b.length - 100]! ^= 0x01));
    await expect(decodeProjectFile(tampered, { passphrase: PASS })).rejects.toThrow(
      /^The project file was altered or damaged: file 2 of 2 does not match its SHA-256/,
    );
  });
});
