/**
 * Name, size and SHA-256 of each input file of the session's last run, for the audit report.
 * A file from this machine is hashed from the Blob the session kept; one the recipe fetched from
 * the app's own origin (samples, a deep link) is fetched again from there — the service worker
 * answers from its cache — under the same same-origin rules as the first time.
 */
import type { Session } from './session.svelte.ts';
import type { FileFingerprint } from '../lib/privacy/audit';
import { sha256Hex } from '../lib/privacy/audit';
import { fetchSource } from '../lib/recipe/fetch-source';
import { recipeSchema } from '../lib/recipe/schema';
import type { Source } from '../lib/data/source';

/** WebCrypto digests one buffer: a file is read whole to hash it, which a tab can afford up to here. */
const MAX_HASH_BYTES = 1024 ** 3;

export async function fingerprintSources(session: Session): Promise<FileFingerprint[]> {
  const ran = recipeSchema.safeParse(session.report?.recipe);
  const sources: Source[] = ran.success ? ran.data.sources : session.recipe.sources;
  const out: FileFingerprint[] = [];
  for (const source of sources) {
    let blob: Blob | undefined = session.runs.files.get(source.name);
    let name = source.file;
    let note: string | undefined;
    if (!blob && session.runs.recipeUrl) {
      try {
        blob = await fetchSource(source, session.runs.recipeUrl, location.origin);
        name = new URL(source.file, session.runs.recipeUrl).pathname;
        note = "fetched from this app's origin";
      } catch (err) {
        note = `could not be read again: ${(err as Error).message}`;
      }
    }
    if (!blob) {
      out.push({
        source: source.name,
        name,
        bytes: 0,
        sha256: null,
        note: note ?? 'the file is no longer held by this tab',
      });
    } else if (blob.size > MAX_HASH_BYTES) {
      out.push({
        source: source.name,
        name,
        bytes: blob.size,
        sha256: null,
        note: 'larger than 1 GiB: not read again to hash',
      });
    } else {
      out.push({
        source: source.name,
        name,
        bytes: blob.size,
        sha256: await sha256Hex(await blob.arrayBuffer()),
        ...(note ? { note } : {}),
      });
    }
  }
  return out;
}
