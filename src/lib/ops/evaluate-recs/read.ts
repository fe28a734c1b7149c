/** What the recommender evaluation reads: metrics per algorithm and cut-off k. */
import { readStepTable, rowsOf, stepTable, type ReadDb } from '../../data/read';

export const readRecsMetrics = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  readStepTable(db, stepId, 'metrics', 'algorithm, k', signal);

export type RecsMetricAt10 = {
  algorithm: string;
  k: number;
  hr: number | null;
  ndcg: number | null;
  mrr: number | null;
  coverage: number | null;
};

/** The metrics at k = 10, best NDCG first (the neural panels and the template answer read these). */
export const readRecsMetricsAt10 = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<RecsMetricAt10>(
    db,
    `SELECT algorithm, k, hr, ndcg, mrr, coverage FROM ${stepTable(stepId, 'metrics')} WHERE k = 10 ORDER BY ndcg DESC`,
    signal,
  );
