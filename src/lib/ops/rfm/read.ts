/** What the RFM panel reads from a run of the rfm op. */
import type { DbConnector } from '../../data/connector';
import { rowsOf, stepTable, type ReadDb } from '../../data/read';
import { literal, tableRef } from '../../data/sql';

export type RfmGridCell = {
  r_score: number;
  f_score: number;
  customers: number;
  avg_monetary: number | null;
};

/** Customers and mean spend in each (R, F) score pair: the grid of the RFM view. */
export const readRfmGrid = (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  rowsOf<RfmGridCell>(
    db,
    `SELECT r_score, f_score, count(*)::DOUBLE AS customers, avg(monetary)::DOUBLE AS avg_monetary
     FROM ${stepTable(stepId, 'rfm')} GROUP BY ALL`,
    signal,
  );

/** The customers of one segment as CSV, biggest spenders first. */
export const exportRfmSegmentCsv = (db: Pick<DbConnector, 'exportCsv'>, ref: string, segment: string) =>
  db.exportCsv(`SELECT * FROM ${tableRef(ref)} WHERE segment = ${literal(segment)} ORDER BY monetary DESC`);
