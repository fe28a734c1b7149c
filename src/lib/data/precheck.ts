/**
 * Checks of a CSV text file (already UTF-8) before DuckDB reads it, for what DuckDB would turn
 * into an out-of-memory crash, a dialect-sniffing error or a misleading reject: a header too wide,
 * a line too long, no line break at all, NUL bytes or invalid UTF-8 deep in the file, and mixed
 * line endings (which are normalised, not refused). Each problem is one line: what is wrong and
 * what to do; the caller prefixes the source.
 */
import { BlobBuilder } from './bounded-read';

/** Wider headers are refused: DuckDB's memory for one row grows with the field count. */
export const MAX_HEADER_FIELDS = 10_000;
/** DuckDB's `max_line_size` default (bytes): a longer line fails with the whole line in the error. */
export const MAX_LINE_BYTES = 2_000_000;
/** A line break must come within this many bytes of the start. */
export const HEAD_BYTES = 64 * 1024;

/** What is wrong with the first 64 KB (decoded), or undefined. */
export function headProblem(head: string, fileSize: number, headerFields: number): string | undefined {
  if (fileSize > HEAD_BYTES && !/[\r\n]/.test(head)) {
    return (
      `there is no line break in the first 64 KB, so this is not a table of rows ` +
      `(one endless line, or not CSV at all); check that this is the file you meant, or export it again as CSV`
    );
  }
  if (headerFields > MAX_HEADER_FIELDS) {
    return (
      `the header has ${headerFields.toLocaleString('en-US')} fields, more than the ${MAX_HEADER_FIELDS.toLocaleString('en-US')} ` +
      `that can be loaded; check the delimiter, or split the file into narrower ones`
    );
  }
  return undefined;
}

export interface TextScan {
  lines: number;
  /** Longest line in bytes and its 1-based line number. */
  longest: number;
  longestLine: number;
  /** 1-based line of the first NUL byte / invalid UTF-8 sequence, if any. */
  nulLine?: number;
  invalidUtf8Line?: number;
  crlf: number;
  lf: number;
  /** CRs not followed by LF (old Mac line ends). */
  cr: number;
}

/**
 * One streaming pass over the whole file: line lengths, line endings, NUL bytes and UTF-8 validity.
 * The per-byte work is left to native code (indexOf, TextDecoder) wherever a chunk allows it.
 * `signal`: a cancel stops the scan between chunks (a large file takes seconds).
 */
export async function scanText(file: Blob, signal?: AbortSignal): Promise<TextScan> {
  const s: TextScan = { lines: 1, longest: 0, longestLine: 1, crlf: 0, lf: 0, cr: 0 };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let lineLen = 0; // bytes of the current line seen in earlier chunks
  let pendingCr = false;
  const endLine = (len: number) => {
    if (len > s.longest) {
      s.longest = len;
      s.longestLine = s.lines;
    }
    s.lines++;
  };
  const reader = file.stream().getReader();
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel();
      signal.throwIfAborted();
    }
    const { done, value } = await reader.read();
    if (done) break;
    const bytes = value as Uint8Array;
    const firstLine = s.lines;
    if (s.nulLine === undefined) {
      const at = bytes.indexOf(0);
      if (at >= 0) s.nulLine = firstLine + lineEndsBefore(bytes, at, pendingCr);
    }
    if (s.invalidUtf8Line === undefined) {
      try {
        utf8.decode(bytes, { stream: true });
      } catch {
        s.invalidUtf8Line = firstLine + lineEndsBefore(bytes, firstInvalidUtf8(bytes), pendingCr);
      }
    }
    if (!pendingCr && everyCrBeforeLf(bytes)) {
      // LF or CRLF line ends only: native search from line end to line end
      let from = 0;
      for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, from)) {
        const crlf = at > 0 && bytes[at - 1] === 0x0d;
        if (crlf) s.crlf++;
        else s.lf++;
        endLine(lineLen + at - from - (crlf ? 1 : 0));
        lineLen = 0;
        from = at + 1;
      }
      lineLen += bytes.length - from;
      continue;
    }
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (b === 0x0a) {
          s.crlf++;
          endLine(lineLen);
          lineLen = 0;
          continue;
        }
        s.cr++;
        endLine(lineLen);
        lineLen = 0;
      }
      if (b === 0x0a) {
        s.lf++;
        endLine(lineLen);
        lineLen = 0;
      } else if (b === 0x0d) pendingCr = true;
      else lineLen++;
    }
  }
  if (pendingCr) s.cr++;
  if (s.invalidUtf8Line === undefined) {
    try {
      utf8.decode();
    } catch {
      s.invalidUtf8Line = s.lines;
    }
  }
  if (lineLen > 0 || pendingCr) endLine(lineLen);
  s.lines--;
  return s;
}

/** Whether every CR in the chunk is followed by an LF in it (no old-Mac line end, none cut at the end). */
function everyCrBeforeLf(bytes: Uint8Array): boolean {
  for (let at = bytes.indexOf(0x0d); at >= 0; at = bytes.indexOf(0x0d, at + 1)) {
    if (bytes[at + 1] !== 0x0a) return false;
  }
  return true;
}

/** Line ends (LF, CRLF or lone CR) in bytes[0, end). */
function lineEndsBefore(bytes: Uint8Array, end: number, pendingCr: boolean): number {
  let n = pendingCr && bytes[0] !== 0x0a ? 1 : 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x0a) n++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) n++;
  }
  return n;
}

/**
 * Offset of the first byte that breaks UTF-8 in a chunk the decoder refused (the WHATWG decoder's
 * byte ranges); leading continuation bytes belong to a character begun in the chunk before.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < bytes.length && bytes[i]! >= 0x80 && bytes[i]! <= 0xbf) i++;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i + k >= bytes.length ? bytes.length - 1 : i;
      if (c < lower || c > upper) return i;
      lower = 0x80;
      upper = 0xbf;
    }
    i += need + 1;
  }
  return bytes.length - 1;
}

/** What the scan says cannot be loaded, or undefined. */
export function scanProblem(scan: TextScan, encodingKnown: boolean): string | undefined {
  if (scan.nulLine !== undefined) {
    return (
      `line ${scan.nulLine} holds a NUL byte, which CSV text never has (a binary file, or an export damaged there); ` +
      `export the data again, or remove that line`
    );
  }
  if (scan.invalidUtf8Line !== undefined) {
    return (
      `line ${scan.invalidUtf8Line} is not valid UTF-8 although the text before it is, so the file mixes encodings or is damaged there; ` +
      (encodingKnown
        ? `export it again as UTF-8`
        : `export it again as UTF-8, or set the source's encoding if the whole file is in another one (e.g. windows-1252)`)
    );
  }
  if (scan.longest > MAX_LINE_BYTES) {
    return (
      `line ${scan.longestLine} is ${(scan.longest / 1e6).toFixed(1)} MB long, more than the ${MAX_LINE_BYTES / 1e6} MB ` +
      `DuckDB reads as one row; check that this is a CSV file of rows, or shorten that line`
    );
  }
  return undefined;
}

/** Whether the file mixes line-end styles (old Mac CR with LF or CRLF), which DuckDB's dialect sniffer cannot read. */
export function mixedLineEnds(scan: TextScan): boolean {
  return scan.cr > 0 && scan.crlf + scan.lf > 0;
}

/** The file with every CRLF and lone CR as LF, streamed. */
export async function normaliseLineEnds(file: Blob, signal?: AbortSignal): Promise<Blob> {
  const parts = new BlobBuilder();
  let pendingCr = false;
  const reader = file.stream().getReader();
  for (;;) {
    signal?.throwIfAborted();
    const { done, value } = await reader.read();
    if (done) break;
    const bytes = value as Uint8Array;
    const out = new Uint8Array(bytes.length + 1);
    let n = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (pendingCr) {
        pendingCr = false;
        out[n++] = 0x0a;
        if (b === 0x0a) continue;
      }
      if (b === 0x0d) pendingCr = true;
      else out[n++] = b;
    }
    parts.push(out.subarray(0, n));
  }
  if (pendingCr) parts.push(new Uint8Array([0x0a]));
  return parts.blob();
}
