/** Typed reads of an ab-test step's result, for its view and the report. */
import type { DbConnector } from '../../data/connector';
import { ident, tableRef } from '../../data/sql';

export interface Arm {
  variant: string;
  n: number;
  mean: number;
  ci_low: number;
  ci_high: number;
  /** Null for the control arm. */
  lift: number | null;
  lift_ci_low: number | null;
  lift_ci_high: number | null;
  p: number | null;
  prob_best: number | null;
  expected_loss: number | null;
  mde: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The arms, control first (the order the op wrote them in). */
export async function readArms(db: Pick<DbConnector, 'query'>, stepId: string): Promise<Arm[]> {
  const rows = (await db.query(`SELECT * FROM ${tableRef(`${stepId}.arms`)}`)).rows;
  return rows.map((r) => ({
    variant: String(r.variant),
    n: Number(r.n),
    mean: Number(r.mean),
    ci_low: Number(r.ci_low),
    ci_high: Number(r.ci_high),
    lift: num(r.lift),
    lift_ci_low: num(r.lift_ci_low),
    lift_ci_high: num(r.lift_ci_high),
    p: num(r.p),
    prob_best: num(r.prob_best),
    expected_loss: num(r.expected_loss),
    mde: num(r.mde),
  }));
}

/** The most frequent values of a column of a table (the arms to pick the control from), at most `limit`. */
export async function readValues(
  db: Pick<DbConnector, 'query'>,
  table: string,
  column: string,
  limit = 21,
): Promise<Array<{ value: string; n: number }>> {
  const rows = (
    await db.query(
      `SELECT CAST(${ident(column)} AS VARCHAR) AS value, count(*) AS n FROM ${tableRef(table)} WHERE ${ident(column)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ${limit}`,
    )
  ).rows;
  return rows.map((r) => ({ value: String(r.value), n: Number(r.n) }));
}
