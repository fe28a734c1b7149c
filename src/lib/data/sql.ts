/** SQL builders. Identifiers are always quoted; literals always escaped. */

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A table reference as recipes write it: `events` (a source, main schema),
 * `rfm1.rfm` (table `rfm` produced by step `rfm1`).
 */
export function tableRef(ref: string): string {
  const dot = ref.indexOf('.');
  if (dot < 0) return ident(ref);
  return `${ident(ref.slice(0, dot))}.${ident(ref.slice(dot + 1))}`;
}

/** Names a recipe may use for sources, steps, tables and columns created by the app. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** DuckDB column types read as numbers (booleans, dates and text are not). */
export const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/i;
