import { neutraliseFormula } from '../lib/privacy/csv-safe';

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : decimal.format(value);
  return String(value);
}

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatMoney(n: number): string {
  return decimal.format(n);
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

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

/** RFC 4180 CSV of rows sharing the first row's keys; text that a spreadsheet would run as a formula gets a leading '. */
export function toCsv(rows: readonly object[]): string {
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'string' ? neutraliseFormula(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(','))].join('\n') + '\n';
}
