/** What the selection panel reads: each feature's scores, by rank. */
import { readStepTable, type ReadDb } from '../../data/read';

export const readSelectScores = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'scores', 'rank', signal);
