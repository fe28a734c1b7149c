/** Arrow IPC helpers: numeric columns out of an IPC stream without per-row objects. */
import { tableFromIPC, tableFromArrays, tableToIPC } from 'apache-arrow';

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

export function numericColumn(ipc: Uint8Array, name: string): Float32Array {
  return numericMatrix(ipc, [name]).x;
}

/** Build an IPC stream from plain row objects (Node test connector only; the app gets Arrow from DuckDB). */
export function rowsToIPC(columns: string[], rows: Record<string, unknown>[]): Uint8Array {
  const arrays: Record<string, Float64Array | (string | null)[]> = {};
  for (const name of columns) {
    const values = rows.map((r) => r[name]);
    arrays[name] = values.every((v) => v === null || typeof v === 'number')
      ? Float64Array.from(values, (v) => (v === null ? Number.NaN : (v as number)))
      : values.map((v) => (v === null || v === undefined ? null : String(v)));
  }
  return tableToIPC(tableFromArrays(arrays as Parameters<typeof tableFromArrays>[0]), 'stream');
}
