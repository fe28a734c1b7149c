/** Exports of tables and queries, personal data left out unless the user asks for it. */
import type { DbConnector } from '../../lib/data/connector';
import { detectPersonalColumns, exportSelect } from '../../lib/privacy/export';

export interface ExportOptions {
  /** The column roles of the table exported (a `pii_*` role marks personal data). */
  roles?: Record<string, string>;
  includePersonal?: boolean;
}

/**
 * CSV or Parquet of a table or query (`fromSql`, already SQL). Columns mapped to a `pii_*` role or
 * detected as personal data are left out unless `includePersonal`; `excluded` says which.
 */
export async function exportData(
  db: DbConnector,
  fromSql: string,
  format: 'csv' | 'parquet',
  opts: ExportOptions = {},
): Promise<{ bytes: Uint8Array; excluded: string[] }> {
  const { columns, personal } = opts.includePersonal
    ? { columns: [], personal: [] }
    : await detectPersonalColumns(db, fromSql, opts.roles);
  const excluded = personal.map((p) => p.column);
  const sql = exportSelect(fromSql, columns, excluded);
  return { bytes: format === 'csv' ? await db.exportCsv(sql) : await db.exportParquet(sql), excluded };
}
