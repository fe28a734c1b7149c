/** What the Explore view reads from a run of the funnel op. */
import { readStepTable, rowsOf, stepTable, type ReadDb, type Row } from '../../data/read';

export const readFunnelStages = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'stages', 'stage_index', signal);

/** Conversion from the first stage, per segment (when the step split by one). */
export const readFunnelBySegment = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<Row>(
    db,
    `SELECT CAST(segment AS VARCHAR) AS segment, stage, stage_index, conversion_from_first
     FROM ${stepTable(stepId, 'by_segment')} ORDER BY stage_index`,
    signal,
  );
