/** What the DBSCAN panel reads from a run of the dbscan op. */
import { readStepTable, rowsOf, stepTable, type ReadDb } from '../../data/read';

export type KDistance = {
  rank: number;
  distance: number;
};

/** The sorted k-distance curve (its knee suggests eps). */
export const readKDistance = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<KDistance>(db, `SELECT rank, distance FROM ${stepTable(stepId, 'kdistance')} ORDER BY rank`, signal);

/** Mean of each feature per cluster (columns: cluster plus the features). */
export const readDbscanProfile = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'profile', '', signal);

/** Both reads of the DBSCAN panel. */
export async function readDbscanResult(db: ReadDb, stepId: string, signal?: AbortSignal) {
  const [kdistance, profile] = await Promise.all([
    readKDistance(db, stepId, signal),
    readDbscanProfile(db, stepId, signal),
  ]);
  return { kdistance, profile };
}
