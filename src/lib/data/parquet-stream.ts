/**
 * Parquet read lazily by parquet-wasm: the footer first (row count, row groups, column types and
 * sizes, for the footprint estimate), then the row groups one at a time, only the columns asked
 * for, in record batches of bounded size. The file is a disk-backed `File`/`Blob`: parquet-wasm reads
 * the byte ranges it needs from it, so neither the file nor its decoded whole is ever in memory.
 * The caller writes each batch into DuckDB; the same code runs in the browser's DuckDB worker and,
 * with parquet-wasm's Node build, in the unit tests.
 */
import { DataType, tableFromIPC, tableToIPC, type Field } from 'apache-arrow';
import type { ParquetFile } from 'parquet-wasm/esm';

/** The part of parquet-wasm used here: its browser (esm) and Node builds both have it. */
export interface ParquetWasm {
  ParquetFile: { fromFile(handle: Blob): Promise<ParquetFile> };
}

export interface ParquetColumn {
  name: string;
  /** DuckDB's name for the type the column is read as (VARCHAR, BIGINT, DOUBLE, TIMESTAMP, …). */
  type: string;
  /** Its uncompressed size in the file, all row groups together. */
  bytes: number;
  /** A string column's mean length in bytes, from a sample of its first values. */
  meanLength?: number;
}

export interface ParquetInfo {
  rows: number;
  rowGroups: number;
  columns: ParquetColumn[];
}

/** What one record batch aims at: small enough to cross to DuckDB's worker, large enough to be few. */
const BATCH_BYTES = 32 * 1024 ** 2;
const MIN_BATCH_ROWS = 8 * 1024;
const MAX_BATCH_ROWS = 1024 * 1024;

/** Thrown between row groups once `stopped()` says so (a cancel). */
export class ParquetStopped extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** Rows sampled from the first row group for a string column's mean length. */
const SAMPLE_ROWS = 4096;

export async function parquetInfo(pq: ParquetWasm, file: Blob): Promise<ParquetInfo> {
  const pf = await pq.ParquetFile.fromFile(file);
  try {
    const info = describe(pf);
    // A string column's size in the file says little of its values' lengths (dictionary encoding
    // stores each distinct value once): a few thousand of its first values do.
    const strings = info.columns.filter((c) => c.type === 'VARCHAR');
    if (strings.length && info.rows > 0) {
      // stream(), not read(): read() with columns writes the whole file's schema over the projected batch.
      const stream = await pf.stream({ rowGroups: [0], batchSize: SAMPLE_ROWS, columns: strings.map((c) => c.name) });
      const reader = (stream as ReadableStream<RecordBatchLike>).getReader();
      const first = await reader.read();
      await reader.cancel().catch(() => undefined);
      if (first.done) return info;
      const table = tableFromIPC(first.value.intoIPCStream());
      for (const c of strings) {
        const values = table.getChild(c.name)?.toArray() ?? [];
        let bytes = 0;
        for (const v of values) if (typeof v === 'string') bytes += utf8Length(v);
        c.meanLength = values.length ? bytes / values.length : 0;
      }
    }
    return info;
  } finally {
    pf.free();
  }
}

function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 ? 1 : c >= 0xd800 && c < 0xdc00 ? 0 : 2;
  }
  return n;
}

function describe(pf: ParquetFile): ParquetInfo {
  const meta = pf.metadata();
  const fields = tableFromIPC(pf.schema().intoIPCStream()).schema.fields;
  const bytes = new Map<string, number>();
  const groups = meta.rowGroups();
  for (const group of groups) {
    for (const chunk of group.columns()) {
      // A nested column is several leaf chunks under one top-level name.
      const name = chunk.columnPath()[0] ?? '';
      bytes.set(name, (bytes.get(name) ?? 0) + chunk.uncompressedSize());
    }
  }
  return {
    rows: meta.fileMetadata().numRows(),
    rowGroups: groups.length,
    columns: fields.map((f) => ({ name: f.name, type: duckTypeOf(f), bytes: bytes.get(f.name) ?? 0 })),
  };
}

export interface StreamOptions {
  /** Read only these columns (all when absent). */
  columns?: string[];
  /**
   * Write one batch (an Arrow IPC stream) into DuckDB: `first` creates the table. The first call
   * may carry no rows (a file without row groups still makes its empty table).
   */
  insert(ipc: Uint8Array, first: boolean): Promise<void>;
  /** After each row group: how many are done, of how many, and the rows so far; false stops the read. */
  onRowGroup?(done: number, total: number, rows: number): boolean | void | Promise<boolean | void>;
  /** Checked between batches: true stops the read with ParquetStopped. */
  stopped?(): boolean;
}

/** Read the file row group by row group into `insert`; returns the rows read. */
export async function streamParquet(pq: ParquetWasm, file: Blob, opts: StreamOptions): Promise<number> {
  const pf = await pq.ParquetFile.fromFile(file);
  try {
    const meta = pf.metadata();
    const total = meta.numRowGroups();
    const columns = opts.columns?.length ? opts.columns : undefined;
    let rows = 0;
    let first = true;
    for (let g = 0; g < total; g++) {
      const group = meta.rowGroup(g);
      const groupRows = group.numRows();
      const perRow = groupRows > 0 ? group.totalByteSize() / groupRows : 1;
      const batchSize = Math.max(
        MIN_BATCH_ROWS,
        Math.min(MAX_BATCH_ROWS, Math.floor(BATCH_BYTES / Math.max(perRow, 1))),
      );
      // One row group at a time: parquet-wasm fetches its column chunks, then decodes batch by batch.
      const stream = await pf.stream({ rowGroups: [g], columns, batchSize });
      const reader = (stream as ReadableStream<RecordBatchLike>).getReader();
      try {
        for (;;) {
          if (opts.stopped?.()) throw new ParquetStopped();
          const { done, value } = await reader.read();
          if (done) break;
          rows += value.numRows;
          const ipc = value.intoIPCStream();
          await opts.insert(ipc, first);
          first = false;
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
      if ((await opts.onRowGroup?.(g + 1, total, rows)) === false) throw new ParquetStopped();
    }
    if (first) {
      // No row groups (or none with rows): the table is made from the schema alone.
      const schema = pf.schema();
      const names = columns ? new Set(columns) : undefined;
      const empty = tableFromIPC(schema.intoIPCStream());
      const kept = names ? empty.select(empty.schema.fields.map((f) => f.name).filter((n) => names.has(n))) : empty;
      await opts.insert(tableToIPC(kept, 'stream'), true);
    }
    return rows;
  } finally {
    pf.free();
  }
}

interface RecordBatchLike {
  readonly numRows: number;
  intoIPCStream(): Uint8Array;
}

/** DuckDB's type name for an Arrow field as DuckDB-WASM's Arrow insert creates the column. */
export function duckTypeOf(field: Field): string {
  const t = field.type;
  if (DataType.isDictionary(t)) return duckTypeOf({ ...field, type: t.dictionary } as Field);
  if (DataType.isBool(t)) return 'BOOLEAN';
  if (DataType.isInt(t)) {
    const width = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' }[t.bitWidth] ?? 'BIGINT';
    return t.isSigned ? width : `U${width}`;
  }
  if (DataType.isFloat(t)) return t.precision === 0 ? 'FLOAT' : t.precision === 1 ? 'FLOAT' : 'DOUBLE';
  if (DataType.isDecimal(t)) return `DECIMAL(${t.precision},${t.scale})`;
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t)) return 'VARCHAR';
  if (DataType.isBinary(t) || DataType.isLargeBinary(t)) return 'BLOB';
  if (DataType.isDate(t)) return 'DATE';
  if (DataType.isTimestamp(t)) return 'TIMESTAMP';
  if (DataType.isTime(t)) return 'TIME';
  if (DataType.isInterval(t)) return 'INTERVAL';
  if (DataType.isList(t) || DataType.isFixedSizeList(t)) return 'LIST';
  if (DataType.isStruct(t)) return 'STRUCT';
  if (DataType.isMap(t)) return 'MAP';
  return 'VARCHAR';
}
