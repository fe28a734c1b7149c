/**
 * How much of DuckDB's memory a load will take, estimated before it starts, from what is cheap to
 * know: the file's size, its format, the first 64 KB of a text file, a Parquet file's footer, and
 * the columns the source keeps. DuckDB-WASM holds every table in memory (at most its
 * `memory_limit`, 3.1 GiB by default in 32-bit WebAssembly, and it cannot spill to disk), so a load
 * that cannot fit is refused with the numbers and the way out, instead of dying half-way.
 *
 * The model: DuckDB stores a value in a fixed width per type (8 bytes for BIGINT, DOUBLE, TIMESTAMP;
 * 4 for INTEGER, DATE; a VARCHAR as a 4-byte offset and its bytes), in row groups with a little
 * overhead (validity masks, partly filled blocks): OVERHEAD below.
 * footprint.test.ts checks it against measured loads.
 */
import { mb } from './bounded-read';
import type { ParquetInfo } from './parquet-stream';

/** Validity masks, segment headers and partly filled blocks: fitted to the loads measured in footprint.test.ts. */
const OVERHEAD = 1.25;
/** A stored VARCHAR: a 4-byte offset into its segment's string area, then its bytes. */
const STRING_OFFSET = 4;
/** A dictionary-encoded string value in DuckDB, mean of the measured retail columns (footprint.test.ts). */
const DICT_STRING_BYTES = 20;
/** What a load needs beyond the table, at its peak: DuckDB's read buffers, one Arrow batch, its copy. */
const LOAD_WORKING_BYTES = 96 * 1024 ** 2;
/** Left free after the load for the steps that follow to work in. */
export const STEP_HEADROOM_BYTES = 256 * 1024 ** 2;

export interface Footprint {
  /** Rows expected (exact for Parquet, from the head's line length for text). */
  rows: number;
  /** Columns kept. */
  columns: number;
  /** DuckDB memory the loaded table is expected to hold. */
  bytes: number;
}

function isStringType(type: string): boolean {
  const t = type.toUpperCase();
  return t === 'VARCHAR' || t === 'BLOB' || t.startsWith('VARCHAR');
}

/** Bytes DuckDB keeps per value of a type; `avgLength` is a string's mean length where known. */
export function valueBytes(type: string, avgLength = 0): number {
  const t = type.toUpperCase();
  if (isStringType(t)) return STRING_OFFSET + avgLength;
  if (t === 'BOOLEAN' || t === 'TINYINT' || t === 'UTINYINT') return 1;
  if (t === 'SMALLINT' || t === 'USMALLINT') return 2;
  if (t === 'INTEGER' || t === 'UINTEGER' || t === 'DATE' || t === 'FLOAT') return 4;
  if (t.startsWith('DECIMAL')) {
    const precision = Number(/DECIMAL\((\d+)/.exec(t)?.[1] ?? 18);
    return precision <= 4 ? 2 : precision <= 9 ? 4 : precision <= 18 ? 8 : 16;
  }
  if (t === 'HUGEINT' || t === 'UHUGEINT' || t === 'UUID' || t === 'INTERVAL') return 16;
  if (t === 'LIST' || t === 'STRUCT' || t === 'MAP') return 32;
  return 8;
}

/**
 * A Parquet file's footprint: exact rows and types from the footer; a string column's mean length
 * from its uncompressed size in the file. A dictionary-encoded column stores each distinct value
 * once (under 4 bytes a value in the file): its values are taken at DICT_STRING_BYTES, as measured.
 */
export function parquetFootprint(info: ParquetInfo, keep?: readonly string[]): Footprint {
  const wanted = keep?.length ? new Set(keep) : undefined;
  const columns = info.columns.filter((c) => !wanted || wanted.has(c.name));
  let perRow = 0;
  for (const c of columns) {
    const stored = info.rows > 0 ? c.bytes / info.rows : 0;
    const isString = isStringType(c.type);
    if (isString && c.meanLength !== undefined) perRow += valueBytes(c.type, c.meanLength);
    else if (isString && stored < 4) perRow += DICT_STRING_BYTES;
    // 4 bytes of length before each plain-encoded string in the file.
    else perRow += valueBytes(c.type, Math.max(stored - 4, 0));
  }
  return { rows: info.rows, columns: columns.length, bytes: Math.round(info.rows * perRow * OVERHEAD) };
}

export interface TextHead {
  /** The file's first bytes decoded (whole lines; the last, cut line is ignored). */
  text: string;
  /** How many bytes of the file `text` is. */
  bytes: number;
  delimiter: string;
}

/**
 * A CSV/TSV file's footprint: rows from the mean line length of its head, each value's bytes from
 * what it looks like there (a number or a date takes 8 bytes; text its header and length).
 */
export function csvFootprint(fileBytes: number, head: TextHead, keep?: readonly string[]): Footprint {
  const lines = head.text.split(/\r\n|\n|\r/);
  // The last line is cut by the head (or empty after the final line end).
  if (head.bytes < fileBytes || lines[lines.length - 1] === '') lines.pop();
  const header = splitLine(lines[0] ?? '', head.delimiter);
  const body = lines.slice(1).filter((l) => l !== '');
  const wanted = keep?.length ? new Set(keep) : undefined;
  const kept = header.map((name, i) => ({ name, i })).filter((c) => !wanted || wanted.has(c.name));
  if (body.length === 0) return { rows: 0, columns: kept.length, bytes: 0 };
  let cells = 0;
  for (const line of body) {
    const fields = splitLine(line, head.delimiter);
    for (const { i } of kept) cells += cellBytes(fields[i] ?? '');
  }
  const headerBytes = utf8Length(lines[0]!) + 1;
  const bodyBytes = Math.max(1, head.bytes - headerBytes);
  const bytesPerLine = bodyBytes / body.length;
  const rows = Math.round(Math.max(0, fileBytes - headerBytes) / bytesPerLine);
  return { rows, columns: kept.length, bytes: Math.round(rows * (cells / body.length) * OVERHEAD) };
}

/** A JSON source is read whole (MAX_JSON_BYTES bounds it): its table is taken as its text's size. */
export function jsonFootprint(fileBytes: number): Footprint {
  return { rows: 0, columns: 0, bytes: Math.round(fileBytes * OVERHEAD) };
}

function cellBytes(raw: string): number {
  const v = raw.trim().replace(/^"(.*)"$/s, '$1');
  if (v === '') return 8;
  if (/^[-+]?(\d+([.,]\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v)) return 8;
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(v)) return 8;
  if (/^(true|false)$/i.test(v)) return 1;
  return valueBytes('VARCHAR', utf8Length(v));
}

/** Fields of one CSV line (quotes honoured; a quoted line end is not, which a footprint can bear). */
function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = !quoted;
    } else if (!quoted && line.startsWith(delimiter, i)) {
      out.push(field);
      field = '';
      i += delimiter.length - 1;
    } else field += ch;
  }
  out.push(field);
  return out;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

export interface Budget {
  /** DuckDB's memory_limit. */
  limit: number;
  /** What DuckDB holds now (the tables already loaded, the steps' results). */
  inUse: number;
}

/** DuckDB's printed sizes (`3.1 GiB`, `512.0 MiB`, `1.5 GB`, `100 bytes`) in bytes. */
export function parseDuckSize(text: string): number | undefined {
  const m = /^\s*([\d.]+)\s*([KMGTP]?i?B|bytes?)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'B').toUpperCase();
  if (unit.startsWith('BYTE') || unit === 'B') return n;
  const power = 'KMGTP'.indexOf(unit[0]!) + 1;
  return Math.round(n * (unit.includes('I') ? 1024 : 1000) ** power);
}

/** The way out of a load that does not fit, named in every refusal. */
export const WAY_OUT =
  `keep fewer columns (the source's "columns"), store the tables in the browser's storage (OPFS), ` +
  `or run the recipe with the native engine: npm run analyze -- recipe.json --out dir --engine native`;

/**
 * Why a load of `estimate` cannot fit `budget`, as the rest of one line after the source's label;
 * undefined when it fits (with the load's working memory and room left for the steps after it).
 */
export function footprintRefusal(estimate: Footprint, budget: Budget): string | undefined {
  const free = budget.limit - budget.inUse;
  // A small limit (a test's, a setting's) keeps an eighth of itself rather than 352 MB.
  const reserve = Math.min(LOAD_WORKING_BYTES + STEP_HEADROOM_BYTES, budget.limit / 8);
  if (estimate.bytes + reserve <= free) return undefined;
  const rows = estimate.rows ? `${estimate.rows.toLocaleString('en-US')} rows × ${estimate.columns} columns, ` : '';
  return (
    `it would take about ${mb(estimate.bytes)} of DuckDB's memory (${rows}estimated before reading it), ` +
    `and this tab's DuckDB has ${mb(Math.max(0, free))} free of its ${mb(budget.limit)} limit` +
    (budget.inUse > 0 ? ` (${mb(budget.inUse)} hold the tables already loaded)` : '') +
    ` with ${mb(reserve)} kept for loading and the steps; ${WAY_OUT}`
  );
}
