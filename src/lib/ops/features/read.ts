/** What the feature catalogue reads from a run of the features op. */
import { readStepTable, type ReadDb } from '../../data/read';

export const readFeatureCatalog = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'catalog', '', signal);
