/**
 * Exports leave personal data out unless the user includes it. A column is personal data when
 * the user mapped it to a `pii_*` role, or detection (pii.ts) finds it with confidence ≥ 0.5 —
 * except ages, which identify only in combination (a quasi-identifier, not an identifier).
 */
import { tableColumns, type ColumnInfo, type DbConnector } from '../data/connector';
import { ident } from '../data/sql';
import { detectPii, type PiiFinding } from './pii';

export const EXPORT_MIN_CONFIDENCE = 0.5;
const SAMPLE_ROWS = 500;

export interface PersonalColumn {
  column: string;
  /** `role` (mapped by the user) or the detected kind. */
  reason: string;
}

/** Which of `columns` an export leaves out by default. */
export function personalColumns(
  findings: PiiFinding[],
  columns: ColumnInfo[],
  roles: Record<string, string | undefined> = {},
): PersonalColumn[] {
  const byColumn = new Map(findings.map((f) => [f.column, f]));
  const out: PersonalColumn[] = [];
  for (const c of columns) {
    const role = roles[c.name];
    const f = byColumn.get(c.name);
    if (role?.startsWith('pii_')) out.push({ column: c.name, reason: role });
    else if (f && f.kind !== 'age' && f.confidence >= EXPORT_MIN_CONFIDENCE)
      out.push({ column: c.name, reason: f.kind });
  }
  return out;
}

/** Detect personal columns of a table or query (`fromSql`, already SQL) on a sample of its rows. */
export async function detectPersonalColumns(
  db: DbConnector,
  fromSql: string,
  roles?: Record<string, string | undefined>,
): Promise<{ columns: ColumnInfo[]; personal: PersonalColumn[] }> {
  const columns = await tableColumns(db, fromSql);
  const sample = await db.query(`SELECT * FROM ${fromSql} USING SAMPLE ${SAMPLE_ROWS} ROWS`);
  const samples = Object.fromEntries(columns.map((c) => [c.name, sample.rows.map((r) => r[c.name] ?? null)]));
  return { columns, personal: personalColumns(detectPii(columns, samples, roles), columns, roles) };
}

/** The SELECT an export runs: everything but `excluded`. */
export function exportSelect(fromSql: string, columns: ColumnInfo[], excluded: string[]): string {
  if (excluded.length === 0) return `SELECT * FROM ${fromSql}`;
  const kept = columns.filter((c) => !excluded.includes(c.name));
  if (kept.length === 0)
    throw new Error(
      `every column holds personal data (${excluded.join(', ')}): tick "include personal data" to export them`,
    );
  return `SELECT ${kept.map((c) => ident(c.name)).join(', ')} FROM ${fromSql}`;
}
