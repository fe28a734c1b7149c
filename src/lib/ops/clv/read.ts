/** What the CLV panel reads from a run of the clv op (table `<step>.clv`). */
import { rowsOf, stepTable, type ReadDb } from '../../data/read';

export type ClvMatrixCell = {
  x: number;
  recency_bin: number;
  p_alive: number | null;
  expected: number | null;
  n: number;
};
export type ClvHoldoutMean = {
  x: number;
  predicted: number | null;
  actual: number | null;
};
export type ClvTopCustomer = {
  customer: string;
  frequency: number;
  p_alive: number | null;
  expected_purchases: number | null;
  clv: number | null;
};

/** Mean P(alive) and expected purchases by frequency (capped at 10) and recency decile. */
export const readClvMatrix = (db: ReadDb, stepId: string, signal?: AbortSignal) => {
  const ref = stepTable(stepId, 'clv');
  return rowsOf<ClvMatrixCell>(
    db,
    `WITH m AS (SELECT max(T) AS longest FROM ${ref})
     SELECT least(frequency, 10)::INTEGER AS x, least(9, floor(10 * recency / longest))::INTEGER AS recency_bin,
       avg(p_alive)::DOUBLE AS p_alive, avg(expected_purchases)::DOUBLE AS expected, count(*)::DOUBLE AS n
     FROM ${ref}, m GROUP BY 1, 2`,
    signal,
  );
};

/** Predicted against actual hold-out purchases, by frequency (capped at 7). */
export const readClvHoldout = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<ClvHoldoutMean>(
    db,
    `SELECT least(frequency, 7)::INTEGER AS x, avg(predicted_holdout)::DOUBLE AS predicted, avg(actual_holdout)::DOUBLE AS actual
     FROM ${stepTable(stepId, 'clv')} WHERE actual_holdout IS NOT NULL GROUP BY ALL ORDER BY x`,
    signal,
  );

/** The ten customers of highest value. */
export const readClvTop = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<ClvTopCustomer>(
    db,
    `SELECT customer, frequency, round(p_alive, 3) AS p_alive, round(expected_purchases, 2) AS expected_purchases,
       round(clv, 2) AS clv FROM ${stepTable(stepId, 'clv')} ORDER BY clv DESC LIMIT 10`,
    signal,
  );

/** The three reads of the CLV panel, together. */
export async function readClvResult(db: ReadDb, stepId: string, signal?: AbortSignal) {
  const [matrix, holdout, top] = await Promise.all([
    readClvMatrix(db, stepId, signal),
    readClvHoldout(db, stepId, signal),
    readClvTop(db, stepId, signal),
  ]);
  return { matrix, holdout, top };
}
