/**
 * A saved project as one file (`.custodian`), to carry an analysis to another machine (the offline
 * consultant's case) and open it there. No zip: a zip reader is a dependency and a parser of its
 * own, and this needs neither compression (the CSVs are the user's) nor random access. The layout,
 * byte for byte:
 *
 *   CUSTODIAN-PROJECT 1\n                       magic line (20 bytes)
 *   {"format":"custodian-project",…}\n          header: one line of JSON (see ProjectFileHeader)
 *   <part 0><part 1>…                            the parts' bytes back to back, in header order
 *   SHA-256 <64 hex>\n                           trailer: SHA-256 of every byte before it (73 bytes)
 *
 * Part 0 is `project.json` ({ recipe, report, lastRun, files: [{ name, type }] }); parts 1… are the
 * source files, named by their source. The header gives every part's size and SHA-256, so an
 * import names the part that changed; the trailer covers the whole, header included, and can be
 * checked with standard tools: `head -c -73 x.custodian | sha256sum`.
 *
 * The hashes detect damage and editing, not a forger: whoever alters a part can also rewrite its
 * hash. With a passphrase the parts are AES-GCM-256 ciphertext (key by PBKDF2-SHA-256, as the
 * project store) under neutral names, and AES-GCM's tag authenticates each part as well.
 */
import { z } from 'zod';
import { aesGcmDecrypt, aesGcmEncrypt, fromHex, newKdfParams, passphraseKey, toHex } from '../privacy/crypto';

export const PROJECT_FILE_EXTENSION = '.custodian';
export const PROJECT_FILE_TYPE = 'application/x-custodian-project';
const MAGIC = 'CUSTODIAN-PROJECT 1\n';
const TRAILER_BYTES = 'SHA-256 '.length + 64 + 1;
/** WebCrypto digests one buffer, so the file is read whole: as the audit report, up to 1 GiB. */
const MAX_FILE_BYTES = 1024 ** 3;

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const headerSchema = z.strictObject({
  format: z.literal('custodian-project'),
  version: z.literal(1),
  name: z.string(),
  savedAt: z.string(),
  exportedAt: z.string(),
  app: z.strictObject({ name: z.string(), version: z.string() }),
  encryption: z
    .strictObject({
      cipher: z.literal('AES-GCM-256'),
      kdf: z.literal('PBKDF2-SHA-256'),
      iterations: z.number().int(),
      salt: hex(16),
    })
    .nullable(),
  parts: z
    .array(
      z.strictObject({
        name: z.string(),
        type: z.string(),
        bytes: z.number().int().min(0),
        sha256: hex(32),
        iv: hex(12).optional(),
      }),
    )
    .min(1),
});
export type ProjectFileHeader = z.infer<typeof headerSchema>;

const contentSchema = z.object({
  recipe: z.unknown(),
  report: z.unknown().optional(),
  lastRun: z.unknown().optional(),
  files: z.array(z.object({ name: z.string(), type: z.string() })),
});

export interface PortableProject {
  name: string;
  savedAt: string;
  recipe: unknown;
  report?: unknown;
  lastRun?: unknown;
  files: Array<{ name: string; blob: Blob }>;
}

export type ProjectFileProblem = 'not-a-project' | 'too-large' | 'altered' | 'passphrase-required';

/** Why a file was refused, in one line the user can act on; `problem` says which case it is. */
export class ProjectFileError extends Error {
  override name = 'ProjectFileError';
  constructor(
    readonly problem: ProjectFileProblem,
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextEncoder();

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes)));
}

export function projectFileName(name: string): string {
  const stem = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${stem || 'project'}${PROJECT_FILE_EXTENSION}`;
}

/** The project as one `.custodian` file; its parts are encrypted when `passphrase` is given. */
export async function encodeProjectFile(
  project: PortableProject,
  opts: { app: { name: string; version: string }; passphrase?: string; exportedAt?: string },
): Promise<Blob> {
  const content = {
    recipe: project.recipe,
    report: project.report,
    lastRun: project.lastRun,
    files: project.files.map((f) => ({ name: f.name, type: f.blob.type })),
  };
  const plain: Array<{ name: string; type: string; data: Uint8Array<ArrayBuffer> }> = [
    { name: 'project.json', type: 'application/json', data: utf8.encode(JSON.stringify(content)) },
    ...(await Promise.all(
      project.files.map(async (f) => ({
        name: f.name,
        type: f.blob.type,
        data: new Uint8Array(await f.blob.arrayBuffer()),
      })),
    )),
  ];
  let encryption: ProjectFileHeader['encryption'] = null;
  let parts: Array<{ name: string; type: string; data: Uint8Array<ArrayBuffer>; iv?: string }> = plain;
  if (opts.passphrase !== undefined) {
    const kdf = newKdfParams();
    const key = await passphraseKey(opts.passphrase, kdf.salt, kdf.iterations);
    encryption = { cipher: 'AES-GCM-256', kdf: 'PBKDF2-SHA-256', iterations: kdf.iterations, salt: toHex(kdf.salt) };
    parts = [];
    // Names and types would tell what the files are: they travel inside the encrypted project.json.
    for (const [i, p] of plain.entries()) {
      const sealed = await aesGcmEncrypt(key, p.data);
      parts.push({
        name: i === 0 ? 'project.json' : `part-${i}`,
        type: 'application/octet-stream',
        data: new Uint8Array(sealed.data),
        iv: toHex(sealed.iv),
      });
    }
  }
  const header: ProjectFileHeader = {
    format: 'custodian-project',
    version: 1,
    name: project.name,
    savedAt: project.savedAt,
    exportedAt: opts.exportedAt ?? new Date().toISOString(),
    app: opts.app,
    encryption,
    parts: await Promise.all(
      parts.map(async (p) => ({
        name: p.name,
        type: p.type,
        bytes: p.data.byteLength,
        sha256: await sha256(p.data),
        ...(p.iv ? { iv: p.iv } : {}),
      })),
    ),
  };
  const head = utf8.encode(`${MAGIC}${JSON.stringify(header)}\n`);
  const whole = new Uint8Array(await new Blob([head, ...parts.map((p) => p.data)]).arrayBuffer());
  return new Blob([whole, `SHA-256 ${await sha256(whole)}\n`], { type: PROJECT_FILE_TYPE });
}

interface Parsed {
  header: ProjectFileHeader;
  bytes: Uint8Array<ArrayBuffer>;
  /** Offset of part 0. */
  body: number;
}

async function parse(file: Blob): Promise<Parsed> {
  const notOurs = (why: string) =>
    new ProjectFileError('not-a-project', `This is not a Custodian project file (${why}).`);
  if (file.size > MAX_FILE_BYTES)
    throw new ProjectFileError(
      'too-large',
      `The project file is ${(file.size / 1024 ** 3).toFixed(1)} GiB: files over 1 GiB cannot be checked in a browser tab.`,
    );
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC)
    throw notOurs(`it does not start with "${MAGIC.trim()}"`);
  const end = bytes.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw altered('its header line is cut off');
  let header: ProjectFileHeader;
  try {
    header = headerSchema.parse(
      JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(MAGIC.length, end))),
    );
  } catch {
    throw altered('its header is not the JSON this app writes');
  }
  return { header, bytes, body: end + 1 };
}

function altered(what: string): ProjectFileError {
  return new ProjectFileError(
    'altered',
    `The project file was altered or damaged: ${what}. Nothing was imported; export it again from the original.`,
  );
}

/** The header (name, dates, whether a passphrase is needed), without checking the parts. */
export async function readProjectFileHeader(file: Blob): Promise<ProjectFileHeader> {
  return (await parse(file)).header;
}

/**
 * Check every hash, then decrypt (with `passphrase`, when the file is encrypted) and return the
 * project. Any mismatch refuses the whole file, naming the part.
 */
export async function decodeProjectFile(file: Blob, opts: { passphrase?: string } = {}): Promise<PortableProject> {
  const { header, bytes, body } = await parse(file);
  const trailerAt = bytes.byteLength - TRAILER_BYTES;
  const trailer = /^SHA-256 ([0-9a-f]{64})\n$/.exec(
    new TextDecoder().decode(bytes.subarray(Math.max(body, trailerAt))),
  );
  if (trailerAt < body || !trailer)
    throw altered('its closing SHA-256 line is missing (the file is cut short or was edited)');
  const declared = header.parts.reduce((s, p) => s + p.bytes, 0);
  if (declared !== trailerAt - body)
    throw altered(`the header lists ${declared} bytes of parts, the file holds ${trailerAt - body}`);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let at = body;
  for (const [i, p] of header.parts.entries()) {
    const data = bytes.slice(at, at + p.bytes);
    at += p.bytes;
    const actual = await sha256(data);
    if (actual !== p.sha256) {
      const which =
        i === 0
          ? 'the recipe and report (project.json)'
          : header.encryption
            ? `file ${i} of ${header.parts.length - 1}`
            : `the file '${p.name}'`;
      throw altered(
        `${which} does not match its SHA-256 (expected ${p.sha256.slice(0, 12)}…, found ${actual.slice(0, 12)}…)`,
      );
    }
    parts.push(data);
  }
  const whole = await sha256(bytes.slice(0, trailerAt));
  if (whole !== trailer[1])
    throw altered(
      `the SHA-256 of the whole file does not match (expected ${trailer[1]!.slice(0, 12)}…, found ${whole.slice(0, 12)}…)`,
    );

  let plain = parts;
  if (header.encryption) {
    if (!opts.passphrase)
      throw new ProjectFileError(
        'passphrase-required',
        `Project '${header.name}' is encrypted: enter its passphrase to import it.`,
      );
    const key = await passphraseKey(opts.passphrase, fromHex(header.encryption.salt), header.encryption.iterations);
    plain = [];
    // A wrong passphrase fails on the first part (WrongPassphraseError); nothing has been written.
    for (const [i, p] of header.parts.entries()) {
      plain.push(await aesGcmDecrypt(key, { iv: fromHex(p.iv ?? ''), data: parts[i]!.buffer }));
    }
  }
  let content: z.infer<typeof contentSchema>;
  try {
    content = contentSchema.parse(JSON.parse(new TextDecoder().decode(plain[0])));
  } catch {
    throw altered('its project.json is not the JSON this app writes');
  }
  if (content.files.length !== plain.length - 1)
    throw altered(`project.json lists ${content.files.length} files, the file holds ${plain.length - 1}`);
  return {
    name: header.name,
    savedAt: header.savedAt,
    recipe: content.recipe,
    ...(content.report !== undefined ? { report: content.report } : {}),
    ...(content.lastRun !== undefined ? { lastRun: content.lastRun } : {}),
    files: content.files.map((f, i) => ({ name: f.name, blob: new Blob([plain[i + 1]!], { type: f.type }) })),
  };
}
