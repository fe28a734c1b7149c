/** Typed reads of an `anomalies` step's tables, for its view. */
import type { DbConnector } from '../../data/connector';
import { ident, literal } from '../../data/sql';

type Db = Pick<DbConnector, 'query'>;

export interface SeriesRow {
  /** The period's start, 'YYYY-MM-DD HH:MM:SS'. */
  period: string;
  value: number;
  expected: number | null;
  low: number | null;
  high: number | null;
  score: number | null;
  anomaly: boolean;
}

export interface CauseRow {
  period: string;
  dimension: string;
  value: string;
  expected: number;
  actual: number;
  contribution: number;
}

const table = (stepId: string, name: string) => `${ident(stepId)}.${ident(name)}`;
const PERIOD = `strftime(period, '%Y-%m-%d %H:%M:%S') AS period`;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function readSeries(db: Db, stepId: string): Promise<SeriesRow[]> {
  const res = await db.query(
    `SELECT ${PERIOD}, value, expected, low, high, score, anomaly FROM ${table(stepId, 'series')} ORDER BY 1`,
  );
  return res.rows.map((r) => ({
    period: String(r.period),
    value: Number(r.value),
    expected: num(r.expected),
    low: num(r.low),
    high: num(r.high),
    score: num(r.score),
    anomaly: r.anomaly === true,
  }));
}

/** The causes of every anomaly, or of one period's: the values that explain most first, whatever their dimension. */
export async function readCauses(db: Db, stepId: string, period?: string): Promise<CauseRow[]> {
  const where = period ? `WHERE period = CAST(${literal(period)} AS TIMESTAMP)` : '';
  const res = await db.query(
    `SELECT ${PERIOD}, dimension, value, expected, actual, contribution FROM ${table(stepId, 'causes')} ${where}
     ORDER BY 1, contribution DESC, dimension, value`,
  );
  return res.rows.map((r) => ({
    period: String(r.period),
    dimension: String(r.dimension),
    value: String(r.value),
    expected: Number(r.expected),
    actual: Number(r.actual),
    contribution: Number(r.contribution),
  }));
}
