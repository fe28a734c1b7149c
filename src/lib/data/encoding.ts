/**
 * The text encoding of a source file, and its streaming transcoding to UTF-8 (what DuckDB reads).
 *
 * Detection, on the first 64 KB: a byte-order mark (UTF-8, UTF-16 LE/BE); else UTF-16 without a
 * mark when nearly every other byte is NUL (ASCII text written as UTF-16); else UTF-8 when the
 * sample is valid UTF-8; else a choice between Windows-1252 (Western European exports) and
 * GB18030 (Chinese exports; a superset of GBK and GB2312): GB18030 when at least 90 % of the
 * bytes above 0x7F pair up as GB2312 characters (lead 0xB0–0xF7, trail 0xA1–0xFE), which
 * accented Latin letters next to ASCII almost never do; Windows-1252 otherwise.
 */
import { BlobBuilder } from './bounded-read';

export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface DetectedEncoding {
  encoding: Encoding;
  /** How it was found, for the load summary. */
  by: 'bom' | 'nul-pattern' | 'utf-8-valid' | 'heuristic';
}

export function detectEncoding(head: Uint8Array): DetectedEncoding {
  const [a, b, c] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', by: 'bom' };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', by: 'bom' };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', by: 'bom' };
  const utf16 = utf16ByNuls(head);
  if (utf16) return { encoding: utf16, by: 'nul-pattern' };
  if (isUtf8(head)) return { encoding: 'utf-8', by: 'utf-8-valid' };
  return { encoding: looksLikeGb(head) ? 'gb18030' : 'windows-1252', by: 'heuristic' };
}

/** ASCII-heavy UTF-16 without a BOM: ≥ 90 % of the odd (LE) or even (BE) bytes are NUL, the others almost never. */
function utf16ByNuls(head: Uint8Array): Encoding | undefined {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 8) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= 0.9 * pairs && even <= 0.05 * pairs) return 'utf-16le';
  if (even >= 0.9 * pairs && odd <= 0.05 * pairs) return 'utf-16be';
  return undefined;
}

function isUtf8(head: Uint8Array): boolean {
  try {
    // stream: a character cut at the end of the sample is not an error
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function looksLikeGb(head: Uint8Array): boolean {
  let high = 0;
  let paired = 0;
  for (let i = 0; i < head.length; i++) {
    const x = head[i]!;
    if (x < 0x80) continue;
    const y = head[i + 1];
    if (x >= 0xb0 && x <= 0xf7 && y !== undefined && y >= 0xa1 && y <= 0xfe) {
      high += 2;
      paired += 2;
      i++;
    } else {
      high++;
    }
  }
  return high > 0 && paired >= 0.9 * high;
}

/**
 * The file as UTF-8, decoded chunk by chunk (the BOM dropped; bytes the encoding has no character
 * for become U+FFFD, counted). The original is read as a stream, never whole.
 */
export async function transcodeToUtf8(
  file: Blob,
  encoding: Encoding,
  signal?: AbortSignal,
): Promise<{ blob: Blob; replaced: number }> {
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  const parts = new BlobBuilder();
  let replaced = 0;
  const push = (text: string) => {
    if (text === '') return;
    for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) replaced++;
    parts.push(encoder.encode(text));
  };
  const reader = file.stream().getReader();
  for (;;) {
    signal?.throwIfAborted();
    const { done, value } = await reader.read();
    if (done) break;
    push(decoder.decode(value, { stream: true }));
  }
  push(decoder.decode());
  return { blob: parts.blob(), replaced };
}

/** What the load summary and messages call it. */
export function encodingLabel(encoding: Encoding): string {
  return {
    'utf-8': 'UTF-8',
    'utf-16le': 'UTF-16 LE',
    'utf-16be': 'UTF-16 BE',
    'windows-1252': 'Windows-1252',
    gb18030: 'GB18030 (GBK)',
  }[encoding];
}
