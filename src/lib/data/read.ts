/**
 * What every result reader shares: the slice of the connector it needs, and a row type. Readers
 * take the connector as their first argument so that state code passes it in and the UI never holds it.
 */
import type { Cell, DbConnector } from './connector';
import { tableRef } from './sql';

export type ReadDb = Pick<DbConnector, 'query'>;
export type Row = Record<string, Cell>;

/** Rows of a query, typed by the reader that knows the columns it selected. */
export async function rowsOf<T extends object = Row>(db: ReadDb, sql: string, signal?: AbortSignal): Promise<T[]> {
  signal?.throwIfAborted();
  const res = await db.query(sql);
  signal?.throwIfAborted();
  return res.rows as unknown as T[];
}

/** The table `name` written by step `stepId`, quoted (`"rfm1"."rfm"`). */
export const stepTable = (stepId: string, name: string): string => tableRef(`${stepId}.${name}`);

/** Every row of a step's table, optionally ordered (the ORDER BY text is the reader's own, never user input). */
export const readStepTable = (db: ReadDb, stepId: string, name: string, orderBy = '', signal?: AbortSignal) =>
  rowsOf<Row>(db, `SELECT * FROM ${stepTable(stepId, name)}${orderBy ? ` ORDER BY ${orderBy}` : ''}`, signal);
