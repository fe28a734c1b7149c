/** What the transform panel reads: a sample of one column, before (input) or after (output). */
import { rowsOf, type ReadDb } from '../../data/read';
import { ident, tableRef } from '../../data/sql';

/** Up to 5,000 values of `column` in table `ref` as numbers (text that is not a number reads as null). */
export const readColumnSample = (db: ReadDb, ref: string, column: string, signal?: AbortSignal) =>
  rowsOf<{ v: number | null }>(
    db,
    `SELECT TRY_CAST(${ident(column)} AS DOUBLE) AS v FROM ${tableRef(ref)} USING SAMPLE 5000 ROWS (reservoir, 42)`,
    signal,
  );
