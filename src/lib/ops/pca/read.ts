/** What the PCA panel reads: explained variance, loadings, and a sample of the scores. */
import { readStepTable, rowsOf, stepTable, type ReadDb } from '../../data/read';
import { ident, tableRef } from '../../data/sql';

export const readPcaVariance = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'variance', 'component LIMIT 20', signal);

export const readPcaLoadings = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'loadings', '', signal);

export type PcaPoint = {
  pc1: number;
  pc2: number;
  colour: string | null;
};

/**
 * Up to 4,000 scores on the first two components, coloured by `colour.column` of table
 * `colour.ref` joined on the entity key (compared as text), or uncoloured.
 */
export function readPcaPoints(
  db: ReadDb,
  stepId: string,
  entity: string,
  colour: { ref: string; column: string } | undefined,
  signal?: AbortSignal,
) {
  const key = ident(entity);
  const scores = stepTable(stepId, 'scores');
  const sql = colour
    ? `SELECT s.pc1, s.pc2, CAST(c.${ident(colour.column)} AS VARCHAR) AS colour FROM ${scores} s
       LEFT JOIN ${tableRef(colour.ref)} c ON CAST(c.${key} AS VARCHAR) = CAST(s.${key} AS VARCHAR) USING SAMPLE 4000 ROWS (reservoir, 42)`
    : `SELECT pc1, pc2, NULL AS colour FROM ${scores} USING SAMPLE 4000 ROWS (reservoir, 42)`;
  return rowsOf<PcaPoint>(db, sql, signal);
}

/** The variance and loadings tables together. */
export async function readPcaResult(db: ReadDb, stepId: string, signal?: AbortSignal) {
  const [variance, loadings] = await Promise.all([
    readPcaVariance(db, stepId, signal),
    readPcaLoadings(db, stepId, signal),
  ]);
  return { variance, loadings };
}
