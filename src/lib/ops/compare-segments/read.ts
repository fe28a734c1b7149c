/** Typed reads of a compare-segments step's result, for its view and the report. */
import type { DbConnector } from '../../data/connector';
import { ident, tableRef } from '../../data/sql';

export interface Comparison {
  feature: string;
  kind: 'number' | 'category';
  level: string | null;
  a: number | null;
  b: number | null;
  difference: number | null;
  effect: number | null;
  p: number | null;
  q: number | null;
  strength: number | null;
  n_a: number;
  n_b: number;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Every feature compared, the strongest difference first (the order the op wrote). */
export async function readComparison(db: Pick<DbConnector, 'query'>, stepId: string): Promise<Comparison[]> {
  const rows = (
    await db.query(`SELECT * FROM ${tableRef(`${stepId}.comparison`)} ORDER BY strength DESC NULLS LAST, feature`)
  ).rows;
  return rows.map((r) => ({
    feature: String(r.feature),
    kind: r.kind === 'category' ? 'category' : 'number',
    level: r.level === null || r.level === undefined ? null : String(r.level),
    a: num(r.a),
    b: num(r.b),
    difference: num(r.difference),
    effect: num(r.effect),
    p: num(r.p),
    q: num(r.q),
    strength: num(r.strength),
    n_a: Number(r.n_a),
    n_b: Number(r.n_b),
  }));
}

/** The values of a group column (the groups to compare), most frequent first, at most `limit`. */
export async function readGroups(
  db: Pick<DbConnector, 'query'>,
  table: string,
  column: string,
  limit = 50,
): Promise<string[]> {
  const rows = (
    await db.query(
      `SELECT CAST(${ident(column)} AS VARCHAR) AS value FROM ${tableRef(table)} WHERE ${ident(column)} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, value LIMIT ${limit}`,
    )
  ).rows;
  return rows.map((r) => String(r.value));
}
