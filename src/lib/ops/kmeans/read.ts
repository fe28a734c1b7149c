/** What the segments panel reads from a run of the kmeans op. */
import { readStepTable, type ReadDb } from '../../data/read';

/** Mean of each feature per cluster (columns: cluster plus the features). */
export const readKmeansProfile = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'profile', '', signal);

/** The k search (inertia, silhouette… per k), when the step searched for k. */
export const readKSelection = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'selection', 'k', signal);

/** The profile, and the k search when the step wrote one (`withSelection`). */
export async function readKmeansResult(db: ReadDb, stepId: string, withSelection: boolean, signal?: AbortSignal) {
  const [profile, selection] = await Promise.all([
    readKmeansProfile(db, stepId, signal),
    withSelection ? readKSelection(db, stepId, signal) : Promise.resolve([]),
  ]);
  return { profile, selection };
}
