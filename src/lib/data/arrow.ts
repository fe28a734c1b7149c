/** Arrow IPC helpers: numeric columns out of an IPC stream without per-row objects. */
import { tableFromIPC, tableToIPC, makeVector, makeData, Table, Utf8, Float64, type Vector } from 'apache-arrow';

/** Row-major float32 matrix of `columns` from an IPC stream; nulls become NaN. */
export function numericMatrix(ipc: Uint8Array, columns: string[]): { x: Float32Array; nRows: number } {
  const table = tableFromIPC(ipc);
  const nRows = table.numRows;
  const x = new Float32Array(nRows * columns.length);
  columns.forEach((name, f) => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`column '${name}' missing from the Arrow result`);
    let row = 0;
    for (const value of vector) {
      x[row * columns.length + f] = value === null ? Number.NaN : Number(value);
      row++;
    }
  });
  return { x, nRows };
}

/**
 * Build an IPC stream from plain row objects: numeric columns as float64, the rest
 * as UTF-8 text. Vectors are assembled directly from buffers, not with Arrow's builders: those
 * compile their null checks with `new Function`, which the app's CSP (no 'unsafe-eval') forbids.
 */
export function rowsToIPC(columns: string[], rows: Record<string, unknown>[]): Uint8Array {
  return columnsToIPC(Object.fromEntries(columns.map((name) => [name, rows.map((r) => r[name])])));
}

/** As `rowsToIPC`, from column arrays (name → values, all of one length). */
export function columnsToIPC(columns: Record<string, readonly unknown[]>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, values] of Object.entries(columns)) {
    vectors[name] = values.every((v) => v === null || v === undefined || typeof v === 'number')
      ? float64Vector(values as (number | null | undefined)[])
      : utf8Vector(values.map((v) => (v === null || v === undefined ? null : String(v))));
  }
  return tableToIPC(new Table(vectors), 'stream');
}

function float64Vector(values: (number | null | undefined)[]): Vector {
  // Plain loops: `Float64Array.from(values, fn)` goes through the iterator protocol, many times slower.
  const n = values.length;
  const data = new Float64Array(n);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number') data[i] = v;
    else nullCount++;
  }
  return makeVector(
    makeData({
      type: new Float64(),
      length: n,
      nullCount,
      nullBitmap: nullCount ? validityBitmap(values.map((v) => typeof v === 'number')) : undefined,
      data,
    }),
  );
}

/** Arrow validity bitmap: bit i set when value i is present (LSB first). */
function validityBitmap(valid: boolean[]): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(valid.length / 8));
  valid.forEach((ok, i) => {
    if (ok) bitmap[i >> 3]! |= 1 << (i & 7);
  });
  return bitmap;
}

function utf8Vector(values: (string | null)[]): Vector {
  const encoder = new TextEncoder();
  const encoded = values.map((v) => (v === null ? null : encoder.encode(v)));
  const valueOffsets = new Int32Array(values.length + 1);
  let total = 0;
  encoded.forEach((bytes, i) => {
    total += bytes?.length ?? 0;
    valueOffsets[i + 1] = total;
  });
  const data = new Uint8Array(total);
  encoded.forEach((bytes, i) => bytes && data.set(bytes, valueOffsets[i]!));
  const valid = encoded.map((b) => b !== null);
  const nullCount = valid.filter((v) => !v).length;
  return makeVector(
    makeData({
      type: new Utf8(),
      length: values.length,
      nullCount,
      nullBitmap: nullCount ? validityBitmap(valid) : undefined,
      valueOffsets,
      data,
    }),
  );
}
