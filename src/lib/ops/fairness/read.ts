/** What the fairness panel reads: the metrics of each group. */
import { readStepTable, type ReadDb } from '../../data/read';

export const readFairnessGroups = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'groups', '', signal);
