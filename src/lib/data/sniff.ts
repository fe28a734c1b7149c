/**
 * A look at the first bytes of a file before DuckDB reads it, for messages DuckDB cannot give:
 * an empty file, a binary file renamed `.csv`, and the delimiter of the header line (passed to
 * DuckDB explicitly so that a ragged row is reported as such instead of the sniffer silently
 * falling back to a one-column table).
 */

export type SniffResult =
  { kind: 'empty' } | { kind: 'binary'; reason: string } | { kind: 'text'; delimiter: string; headerFields: number };

const DELIMITERS = [',', ';', '\t', '|'] as const;
/** The delimiter of a one-column file: ASCII's unit separator, which text files do not contain. */
export const ONE_COLUMN = '\u001f';

export function sniffText(head: Uint8Array, fileSize: number): SniffResult {
  if (fileSize === 0 || head.length === 0) return { kind: 'empty' };
  let bytes = head;
  // UTF-8 BOM
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { kind: 'binary', reason: 'it is UTF-16 encoded; save it as UTF-8' };
  if (bytes.includes(0)) return { kind: 'binary', reason: 'it contains binary data (NUL bytes)' };
  let text: string;
  try {
    // stream: a multi-byte character cut at the end of the head is not an error
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return { kind: 'binary', reason: 'it is not UTF-8 text' };
  }
  // Control characters other than tab/CR/LF/FF: text files have almost none.
  // eslint-disable-next-line no-control-regex
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f]/g)?.length ?? 0;
  if (controls > Math.max(2, text.length / 1000)) return { kind: 'binary', reason: 'it contains binary data' };
  const header = firstLine(text);
  if (header.trim() === '') return { kind: 'empty' };
  const counts = DELIMITERS.map((d) => countOutsideQuotes(header, d));
  // A header of one name is a one-column file: its cells are read whole. Given a comma, DuckDB would
  // drop what follows a cell's trailing commas (`a,,` read as `a`) without a reject.
  if (Math.max(...counts) === 0) return { kind: 'text', delimiter: ONE_COLUMN, headerFields: 1 };
  const delimiter = chooseDelimiter(header, counts, records(text, head.length < fileSize).slice(1, SAMPLE_RECORDS + 1));
  return { kind: 'text', delimiter, headerFields: counts[(DELIMITERS as readonly string[]).indexOf(delimiter)]! + 1 };
}

/** Records after the header that the delimiter is judged on. */
const SAMPLE_RECORDS = 50;
/**
 * On a tie, the delimiter less likely to be text: a tab or a bar is hardly ever inside a value, a
 * semicolon seldom, a comma often (`Smith, John`, and the decimal comma of European exports).
 */
const TIE_ORDER = ['\t', '|', ';', ','];

/**
 * The delimiter under which the most records have the header's number of fields; then the one
 * whose quoted fields are whole (`"c,d"`, not `"c,d",semi` cut at a semicolon inside a text cell);
 * then by TIE_ORDER; then the one giving the most fields. The header alone is not enough: a
 * European export with `Umsatz, netto;Datum` over `12,50;2024-01-01` splits into two fields at
 * either ',' or ';', and only ';' is right. Only a header holding two candidates gets past the
 * first test, and a comma inside a name (in a file split by tabs or semicolons) is far likelier
 * than a tab or semicolon inside one.
 */
function chooseDelimiter(header: string, headerCounts: number[], sample: string[]): string {
  const scored = DELIMITERS.map((d, i) => {
    const fields = headerCounts[i]! + 1;
    const fit =
      sample.length === 0 ? 1 : sample.filter((r) => countOutsideQuotes(r, d) + 1 === fields).length / sample.length;
    const broken = [header, ...sample].reduce((n, r) => n + brokenQuotes(r, d), 0);
    return { d, fields, fit, broken };
  }).filter((s) => s.fields > 1);
  scored.sort(
    (a, b) =>
      b.fit - a.fit || a.broken - b.broken || TIE_ORDER.indexOf(a.d) - TIE_ORDER.indexOf(b.d) || b.fields - a.fields,
  );
  return scored[0]!.d;
}

/** Fields of `record` split at `delimiter` that open a quote they do not close at their end. */
function brokenQuotes(record: string, delimiter: string): number {
  let broken = 0;
  let inQuotes = false;
  let start = 0;
  const check = (end: number) => {
    const field = record.slice(start, end).trim();
    if (field.startsWith('"') && (field.length < 2 || !field.endsWith('"'))) broken++;
  };
  for (let i = 0; i < record.length; i++) {
    const ch = record[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) {
      check(i);
      start = i + 1;
    }
  }
  check(record.length);
  return broken;
}

/** The text's records (line breaks inside quotes kept), without the last when the head cut it. */
function records(text: string, cut: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      out.push(text.slice(start, i));
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (start < text.length && !cut) out.push(text.slice(start));
  return out.filter((r) => r.trim() !== '');
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) count++;
  }
  return count;
}
