/** What the Explore view reads from a run of the cohorts op. */
import { rowsOf, stepTable, type ReadDb, type Row } from '../../data/read';

/** Retention by cohort (first day of the cohort as 'YYYY-MM-DD') and period index. */
export const readRetention = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<Row>(
    db,
    `SELECT strftime(cohort, '%Y-%m-%d') AS cohort, period_index, retention, customers FROM ${stepTable(stepId, 'retention')}`,
    signal,
  );

/** Each cohort's size and first-period revenue, by month. */
export const readCohortSizes = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<Row>(
    db,
    `SELECT strftime(cohort, '%Y-%m') AS cohort, customers, first_period_revenue FROM ${stepTable(stepId, 'sizes')} ORDER BY 1`,
    signal,
  );
