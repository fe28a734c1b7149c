import { describe, it, expect } from 'vitest';
import { BlobBuilder, readWholeBytes, TooLargeToReadWhole } from './bounded-read';
import { transcodeToUtf8 } from './encoding';
import { normaliseLineEnds } from './precheck';

/** A Blob whose whole-file reads fail: only slices and streams may read it. */
function sliceOnly(blob: Blob): Blob {
  return new Proxy(blob, {
    get(target, prop) {
      if (prop === 'arrayBuffer' || prop === 'text' || prop === 'bytes') {
        return () => {
          throw new Error('read whole');
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe('bounded reads', () => {
  it('the test Blob refuses whole reads (so the reads below are slices or streams)', async () => {
    expect(() => sliceOnly(new Blob(['abc'])).arrayBuffer()).toThrow('read whole');
    expect(
      new Uint8Array(
        await sliceOnly(new Blob(['abc']))
          .slice(1, 2)
          .arrayBuffer(),
      ),
    ).toEqual(new Uint8Array([98]));
  });

  it('reads a file whole slice by slice, and refuses one over its bound before reading', async () => {
    const bytes = new Uint8Array(20 * 1024 ** 2 + 7).map((_, i) => (i * 31) % 251);
    const got = await readWholeBytes(sliceOnly(new Blob([bytes])), 32 * 1024 ** 2);
    expect(got.length).toBe(bytes.length);
    expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
    await expect(readWholeBytes(sliceOnly(new Blob([bytes])), 1024 ** 2)).rejects.toBeInstanceOf(TooLargeToReadWhole);
  });

  it('folds the pieces of a rewritten file into Blobs without losing or reordering a byte', async () => {
    const b = new BlobBuilder();
    const pieces = Array.from({ length: 5 }, (_, k) => new Uint8Array(9 * 1024 ** 2).fill(k + 1));
    for (const p of pieces) b.push(p);
    const out = new Uint8Array(await b.blob().arrayBuffer());
    expect(out.length).toBe(45 * 1024 ** 2);
    for (let k = 0; k < 5; k++) expect(out[k * 9 * 1024 ** 2]).toBe(k + 1);
  });

  it('transcodes a Windows-1252 file larger than one fold from its stream, never read whole', async () => {
    const line = 'café;Müller;12,50\r\n';
    const n = 2_200_000; // ≈ 40 MB
    const one = Uint8Array.from(line, (c) => c.charCodeAt(0));
    const latin = new Uint8Array(one.length * n);
    for (let i = 0; i < n; i++) latin.set(one, i * one.length);
    const { blob, replaced } = await transcodeToUtf8(sliceOnly(new Blob([latin])), 'windows-1252');
    expect(replaced).toBe(0);
    // é and ü take two bytes each in UTF-8.
    expect(blob.size).toBe((one.length + 2) * n);
    const head = new TextDecoder().decode(await blob.slice(0, 60).arrayBuffer());
    expect(head.startsWith(line + line)).toBe(true);
    const normal = await normaliseLineEnds(sliceOnly(blob));
    expect(normal.size).toBe(blob.size - n);
  });
});
