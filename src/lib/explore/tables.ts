/** Reads of loaded tables that are not op results: column samples (roles, PII) and grid pages. */
import type { Cell } from '../data/connector';
import { rowsOf, type ReadDb, type Row } from '../data/read';
import { tableRef } from '../data/sql';

export type ColumnSamples = Record<string, (string | number | null)[]>;

/**
 * Up to `rows` sampled rows of table `ref`, by column (booleans as text: the role and PII guesses
 * read text and numbers), and how many rows came.
 */
export async function readColumnSamples(
  db: ReadDb,
  ref: string,
  rows: number,
  signal?: AbortSignal,
): Promise<{ samples: ColumnSamples; sampled: number }> {
  signal?.throwIfAborted();
  const res = await db.query(`SELECT * FROM ${tableRef(ref)} USING SAMPLE ${Math.trunc(rows)} ROWS`);
  const cell = (v: Cell | undefined) => (typeof v === 'boolean' ? String(v) : (v ?? null));
  return {
    samples: Object.fromEntries(res.columns.map((c) => [c.name, res.rows.map((r) => cell(r[c.name]))])),
    sampled: res.rows.length,
  };
}

/** Page `page` (from 0) of `size` rows of table `ref`, in table order. */
export const readPage = (db: ReadDb, ref: string, page: number, size: number, signal?: AbortSignal) =>
  rowsOf<Row>(
    db,
    `SELECT * FROM ${tableRef(ref)} LIMIT ${Math.trunc(size)} OFFSET ${Math.trunc(page) * Math.trunc(size)}`,
    signal,
  );

/** What the session's PII-filtered export reads for a table ref (`rfm1.rfm` → `"rfm1"."rfm"`). */
export const exportSource = (ref: string): string => tableRef(ref);
