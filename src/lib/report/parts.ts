/** Small HTML pieces of the report: escaped text, tables, numbers. Every value is escaped (it may come from the user's data). */
import { escapeHtml } from '../privacy/audit-html';
import type { Json } from '../core/json';

export { escapeHtml as esc };

export type Row = Record<string, string | number | boolean | null>;

/** A cell: text (escaped), or HTML this module built (`{ html }`), optionally with a class. */
export type Cell = string | number | null | undefined | { html: string; cls?: string };

export function table(headers: string[], rows: Cell[][], opts: { numeric?: number[]; caption?: string } = {}): string {
  const num = new Set(opts.numeric ?? []);
  const td = (c: Cell, i: number, tag: 'td' | 'th') => {
    const cls = [num.has(i) ? 'num' : '', typeof c === 'object' && c ? (c.cls ?? '') : ''].filter(Boolean).join(' ');
    const body = typeof c === 'object' && c ? c.html : escapeHtml(c ?? '');
    return `<${tag}${cls ? ` class="${cls}"` : ''}>${body}</${tag}>`;
  };
  return `<table>${opts.caption ? `<caption>${escapeHtml(opts.caption)}</caption>` : ''}<thead><tr>${headers.map((h, i) => td(h, i, 'th')).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c, i) => td(c, i, 'td')).join('')}</tr>`).join('\n')}</tbody></table>`;
}

export const p = (text: string, cls = '') => `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;
export const h3 = (text: string) => `<h3>${escapeHtml(text)}</h3>`;
export const empty = (text: string) => `<p class="muted empty">${escapeHtml(text)}</p>`;

/** A figure with `digits` decimals, grouped thousands; '–' when missing. */
export function fmt(v: unknown, digits = 3): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en', {
    minimumFractionDigits: Number.isInteger(v) ? 0 : Math.min(digits, 2),
    maximumFractionDigits: Number.isInteger(v) ? 0 : digits,
  });
}

export const pct = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

export function bytes(n: unknown): string {
  if (typeof n !== 'number') return '–';
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const str = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** A summary field as an object, or {} (summaries are JSON of ops' own shapes). */
export function obj(v: Json | undefined): Record<string, Json> {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

export function arr(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}
