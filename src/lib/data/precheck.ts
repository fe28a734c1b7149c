/**
 * Checks of a CSV text file (already UTF-8) before DuckDB reads it, for what DuckDB would turn
 * into an out-of-memory crash, a dialect-sniffing error or a misleading reject: a header too wide,
 * a line too long, no line break at all, NUL bytes or invalid UTF-8 deep in the file, and mixed
 * line endings (which are normalised, not refused). Each problem is one line: what is wrong and
 * what to do; the caller prefixes the source.
 */

/** Wider headers are refused: DuckDB's memory for one row grows with the field count. */
export const MAX_HEADER_FIELDS = 10_000;
/** DuckDB's `max_line_size` default (bytes): a longer line fails with the whole line in the error. */
export const MAX_LINE_BYTES = 2_000_000;
/** A line break must come within this many bytes of the start. */
export const HEAD_BYTES = 64 * 1024;

/** What is wrong with the first 64 KB (decoded), or undefined. */
export function headProblem(head: string, fileSize: number, headerFields: number): string | undefined {
  if (fileSize > HEAD_BYTES && !/[\r\n]/.test(head)) {
    return `there is no line break in the first 64 KB, so this is not a table of rows ` +
      `(one endless line, or not CSV at all); check that this is the file you meant, or export it again as CSV`;
  }
  if (headerFields > MAX_HEADER_FIELDS) {
    return `the header has ${headerFields.toLocaleString('en-US')} fields, more than the ${MAX_HEADER_FIELDS.toLocaleString('en-US')} ` +
      `that can be loaded; check the delimiter, or split the file into narrower ones`;
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

/** One streaming pass over the whole file: line lengths, line endings, NUL bytes and UTF-8 validity. */
export async function scanText(file: Blob): Promise<TextScan> {
  const s: TextScan = { lines: 1, longest: 0, longestLine: 1, crlf: 0, lf: 0, cr: 0 };
  let lineLen = 0;
  let pendingCr = false;
  let need = 0; // UTF-8 continuation bytes still expected
  let lower = 0x80;
  let upper = 0xbf;
  const endLine = () => {
    if (lineLen > s.longest) {
      s.longest = lineLen;
      s.longestLine = s.lines;
    }
    s.lines++;
    lineLen = 0;
  };
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const bytes = value as Uint8Array;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (b === 0x0a) {
          s.crlf++;
          endLine();
          continue;
        }
        s.cr++;
        endLine();
      }
      if (need > 0) {
        if (b < lower || b > upper) {
          s.invalidUtf8Line ??= s.lines;
          need = 0;
          lower = 0x80;
          upper = 0xbf;
        } else {
          need--;
          lower = 0x80;
          upper = 0xbf;
          lineLen++;
          continue;
        }
      }
      if (b < 0x80) {
        if (b === 0x0a) {
          s.lf++;
          endLine();
        } else if (b === 0x0d) {
          pendingCr = true;
        } else {
          if (b === 0) s.nulLine ??= s.lines;
          lineLen++;
        }
        continue;
      }
      lineLen++;
      // The WHATWG UTF-8 decoder's byte ranges (no overlong forms, no surrogates, nothing past U+10FFFF).
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
      } else s.invalidUtf8Line ??= s.lines;
    }
  }
  if (pendingCr) s.cr++;
  if (need > 0) s.invalidUtf8Line ??= s.lines;
  if (lineLen > 0 || pendingCr) endLine();
  s.lines--;
  return s;
}

/** What the scan says cannot be loaded, or undefined. */
export function scanProblem(scan: TextScan, encodingKnown: boolean): string | undefined {
  if (scan.nulLine !== undefined) {
    return `line ${scan.nulLine} holds a NUL byte, which CSV text never has (a binary file, or an export damaged there); ` +
      `export the data again, or remove that line`;
  }
  if (scan.invalidUtf8Line !== undefined) {
    return `line ${scan.invalidUtf8Line} is not valid UTF-8 although the text before it is, so the file mixes encodings or is damaged there; ` +
      (encodingKnown ? `export it again as UTF-8` : `export it again as UTF-8, or set the source's encoding if the whole file is in another one (e.g. windows-1252)`);
  }
  if (scan.longest > MAX_LINE_BYTES) {
    return `line ${scan.longestLine} is ${(scan.longest / 1e6).toFixed(1)} MB long, more than the ${MAX_LINE_BYTES / 1e6} MB ` +
      `DuckDB reads as one row; check that this is a CSV file of rows, or shorten that line`;
  }
  return undefined;
}

/** Whether the file mixes line-end styles (old Mac CR with LF or CRLF), which DuckDB's dialect sniffer cannot read. */
export function mixedLineEnds(scan: TextScan): boolean {
  return scan.cr > 0 && scan.crlf + scan.lf > 0;
}

/** The file with every CRLF and lone CR as LF, streamed. */
export async function normaliseLineEnds(file: Blob): Promise<Blob> {
  const parts: Uint8Array[] = [];
  let pendingCr = false;
  const reader = file.stream().getReader();
  for (;;) {
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
  return new Blob(parts as BlobPart[]);
}
