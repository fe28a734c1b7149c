/**
 * No op writes NaN or ±Infinity into a result: at load they become NULL, so a non-finite number
 * in an output is an aggregate that overflowed the range of a double (`1e308` summed) or a 0/0,
 * and every number computed from it would be meaningless. The engine checks each step's output
 * tables once, for every op alike.
 */
import { type DbConnector, tableColumns } from '../data/connector';
import { ident } from '../data/sql';
import { stepError } from '../core/errors';
import type { TableInfo } from './report';

const FLOAT = /^(DOUBLE|FLOAT|REAL)$/i;

/**
 * `tables`: output ref (`r1.rfm`) → its SQL reference. Returns each table's row count and columns
 * (what the step report shows), read in the same pass: one DESCRIBE and one aggregate per table,
 * whose non-finite counts cover only the floating-point columns (no other type can hold NaN).
 */
export async function assertFiniteOutputs(
  db: DbConnector,
  stepId: string,
  tables: Record<string, string>,
): Promise<Record<string, TableInfo>> {
  const out: Record<string, TableInfo> = {};
  for (const [ref, sql] of Object.entries(tables)) {
    const all = await tableColumns(db, sql);
    const columns = all.filter((c) => FLOAT.test(c.type));
    const res = await db.query(
      `SELECT ${['count(*)::DOUBLE AS n', ...columns.map((c, i) => `count(*) FILTER (WHERE NOT isfinite(${ident(c.name)}))::DOUBLE AS n${i}`)].join(', ')} FROM ${sql}`,
    );
    out[ref] = { rows: Number(res.rows[0]?.n ?? 0), columns: all };
    const bad = columns.findIndex((_, i) => Number(res.rows[0]?.[`n${i}`] ?? 0) > 0);
    if (bad < 0) continue;
    const n = Number(res.rows[0]![`n${bad}`]);
    throw stepError(
      stepId,
      undefined,
      `column '${columns[bad]!.name}' of ${ref} has ${n} non-finite value${n === 1 ? '' : 's'} (NaN or ±Infinity): ` +
        `a sum or product went past the largest number a double holds (about 1.8e308), or divided zero by zero; ` +
        `check the input for extreme values (the outliers step can cap them)`,
    );
  }
  return out;
}
