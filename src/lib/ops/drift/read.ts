/** What the drift panel reads: PSI per feature, and the bins of one feature. */
import { readStepTable, rowsOf, stepTable, type ReadDb } from '../../data/read';
import { literal } from '../../data/sql';

export const readPsi = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'psi', 'psi DESC', signal);

export type DriftBin = {
  bin: number;
  label: string;
  reference_share: number | null;
  current_share: number | null;
};

export const readDriftBins = (db: ReadDb, stepId: string, feature: string, signal?: AbortSignal) =>
  rowsOf<DriftBin>(
    db,
    `SELECT bin, label, reference_share, current_share FROM ${stepTable(stepId, 'bins')}
     WHERE feature = ${literal(feature)} ORDER BY bin`,
    signal,
  );
