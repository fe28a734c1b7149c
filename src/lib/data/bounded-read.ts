/**
 * The only whole-file reads on the load path, each bounded. A source can be gigabytes: reading one
 * whole would copy it into a worker's heap (or fail there), so every other read of source data is a
 * slice, a stream, or DuckDB's and parquet-wasm's own lazy reads of the file handle. ESLint forbids
 * `.arrayBuffer()` / `.text()` on anything but a `.slice(…)` in the load path outside this file.
 */

/**
 * A JSON source is parsed whole (its shape is checked on the text, then DuckDB-WASM reads it as one
 * JSON array): its text, the parsed records and DuckDB's copy are all in memory at once. Above this,
 * the load refuses it and asks for Parquet or CSV, which are read lazily.
 */
export const MAX_JSON_BYTES = 128 * 1024 ** 2;

/** Slices read at a time when a bounded file is read whole. */
const SLICE_BYTES = 8 * 1024 ** 2;

export class TooLargeToReadWhole extends Error {
  constructor(size: number, max: number) {
    super(`${mb(size)} is more than the ${mb(max)} read whole`);
    this.name = 'TooLargeToReadWhole';
  }
}

/** The whole of `blob`, read slice by slice, refused over `max` bytes. */
export async function readWholeBytes(blob: Blob, max: number): Promise<Uint8Array> {
  if (blob.size > max) throw new TooLargeToReadWhole(blob.size, max);
  const out = new Uint8Array(blob.size);
  for (let at = 0; at < blob.size; at += SLICE_BYTES) {
    out.set(new Uint8Array(await blob.slice(at, at + SLICE_BYTES).arrayBuffer()), at);
  }
  return out;
}

/** The whole of `blob` as UTF-8 text, read slice by slice, refused over `max` bytes. */
export async function readWholeText(blob: Blob, max: number): Promise<string> {
  return new TextDecoder().decode(await readWholeBytes(blob, max));
}

export function mb(bytes: number): string {
  // Two decimals in GB: an estimate and a limit both near 3 GB must not print the same.
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** Bytes gathered before they are folded into a Blob (which the browser may keep on disk). */
const FOLD_BYTES = 32 * 1024 ** 2;

/**
 * A file rewritten piece by piece (transcoded, line ends normalised): the pieces are folded into
 * Blobs as they come, so the copy never sits whole in the worker's heap as arrays.
 */
export class BlobBuilder {
  readonly #blobs: Blob[] = [];
  #parts: Uint8Array[] = [];
  #bytes = 0;

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#parts.push(bytes);
    this.#bytes += bytes.length;
    if (this.#bytes >= FOLD_BYTES) this.#fold();
  }

  blob(): Blob {
    this.#fold();
    return new Blob(this.#blobs);
  }

  #fold(): void {
    if (this.#parts.length) this.#blobs.push(new Blob(this.#parts as BlobPart[]));
    this.#parts = [];
    this.#bytes = 0;
  }
}
