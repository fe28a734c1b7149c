/** What the model registry panel reads from a run of the score op: the ten highest scores. */
import { rowsOf, stepTable, type ReadDb, type Row } from '../../data/read';

export const readTopPredictions = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<Row>(db, `SELECT * FROM ${stepTable(stepId, 'predictions')} ORDER BY score DESC LIMIT 10`, signal);
