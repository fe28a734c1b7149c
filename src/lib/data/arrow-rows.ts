/** DuckDB-WASM's Arrow results as JSON-safe rows (shared by the app's connector and the WASM test connector). */
import { Type, type Table } from 'apache-arrow';
import { type Cell, type QueryResult, toCell } from './connector';

/** Arrow → JSON-safe rows. Temporal values become text as DuckDB prints them. */
export function tableToRows(table: Table): QueryResult {
  const fields = table.schema.fields;
  const columns = fields.map((f) => ({ name: f.name, type: String(f.type) }));
  const converters = fields.map((f) => converter(f.type.typeId));
  const vectors = fields.map((f) => table.getChild(f.name)!);
  const rows: Record<string, Cell>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, Cell> = {};
    fields.forEach((f, c) => (row[f.name] = converters[c]!(vectors[c]!.get(i))));
    rows.push(row);
  }
  return { columns, rows };
}

function converter(typeId: Type): (v: unknown) => Cell {
  if (typeId === Type.Timestamp) {
    return (v) =>
      v === null || v === undefined
        ? null
        : new Date(Number(v))
            .toISOString()
            .replace('T', ' ')
            .replace(/\.000Z$|Z$/, '');
  }
  if (typeId === Type.Date) {
    return (v) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString().slice(0, 10));
  }
  return toCell;
}
