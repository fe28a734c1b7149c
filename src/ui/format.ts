import { neutraliseFormula } from '../lib/privacy/csv-safe';
import { fmt } from '../i18n';

/** A grid cell: whole numbers as they are (ids and years must not be grouped), others by the locale. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : fmt.number(value);
  return String(value);
}

export const formatCount = fmt.count;

/** Money always with two decimals, so amounts line up in a column (945.70 beside 1,666.34, not 945.7). */
export const formatMoney = (n: number) => fmt.fixed(n, 2);

export const formatPercent = (share: number) => fmt.percent(share);

/** Save bytes or text as a file, locally (no request leaves the page). */
export function download(name: string, content: BlobPart, type = 'text/plain'): void {
  const blob = new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  // The Privacy view's audit lists what was exported (state/privacy.svelte.ts listens).
  window.dispatchEvent(new CustomEvent('custodian:export', { detail: { name, type, bytes: blob.size } }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A calendar day (local midnight, as the charts build them) as YYYY-MM-DD; any other instant as ISO 8601. */
function dateText(d: Date): string {
  if (d.getHours() || d.getMinutes() || d.getSeconds() || d.getMilliseconds()) return d.toISOString();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** RFC 4180 CSV of rows sharing the first row's keys; text that a spreadsheet would run as a formula gets a leading '. */
export function toCsv(rows: readonly object[]): string {
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  const cell = (v: unknown) => {
    const s =
      v === null || v === undefined
        ? ''
        : v instanceof Date
          ? dateText(v)
          : typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean'
            ? String(v)
            : neutraliseFormula(String(v));
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return (
    [
      columns.map(cell).join(','),
      ...rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(',')),
    ].join('\n') + '\n'
  );
}
