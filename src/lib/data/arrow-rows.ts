/** DuckDB-WASM's Arrow results as JSON-safe rows (shared by the app's connector and the WASM test connector). */
import { Type, type Table } from 'apache-arrow';
import { type Cell, type QueryResult, toCell } from './connector';

/** Arrow → JSON-safe rows. Temporal values become text as DuckDB prints them. */
export function tableToRows(table: Table): QueryResult {
  const fields = table.schema.fields;
  const columns = fields.map((f) => ({ name: f.name, type: String(f.type) }));
  const converters = fields.map((f) => converter(f.type.typeId, (f.type as { scale?: number }).scale ?? 0));
  const vectors = fields.map((f) => table.getChild(f.name)!);
  const rows: Record<string, Cell>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, Cell> = {};
    fields.forEach((f, c) => (row[f.name] = converters[c]!(vectors[c]!.get(i))));
    rows.push(row);
  }
  return { columns, rows };
}

function converter(typeId: Type, scale: number): (v: unknown) => Cell {
  // Arrow hands a DECIMAL over as its unscaled integer (1.5 as DECIMAL(4,2) is 150): put the point back.
  if (typeId === Type.Decimal) return (v) => (v === null || v === undefined ? null : decimalValue(String(v), scale));
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

/** `digits` (an integer as text, maybe negative) divided by 10^scale, as a number (as native DuckDB's client gives it). */
export function decimalValue(digits: string, scale: number): number {
  if (scale <= 0) return Number(digits);
  const negative = digits.startsWith('-');
  const abs = (negative ? digits.slice(1) : digits).padStart(scale + 1, '0');
  const text = `${abs.slice(0, abs.length - scale)}.${abs.slice(abs.length - scale)}`;
  return Number(negative ? `-${text}` : text);
}
