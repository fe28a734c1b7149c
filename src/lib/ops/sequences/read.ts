/** What the Explore view reads from a run of the sequences op: the 40 commonest patterns of 2+ events. */
import { rowsOf, stepTable, type ReadDb, type Row } from '../../data/read';

export const readPatterns = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<Row>(
    db,
    `SELECT * FROM ${stepTable(stepId, 'patterns')} WHERE length >= 2 ORDER BY count DESC LIMIT 40`,
    signal,
  );
