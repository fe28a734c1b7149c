/**
 * The audit report as one self-contained HTML page for people: inline CSS, no script, no link,
 * no image, no font — nothing that could make whoever opens it fetch anything. Every value is
 * escaped (file and column names come from the user's data and may hold markup).
 */
import type { AuditReport } from './audit';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const bytes = (n: number | undefined) =>
  n === undefined
    ? ''
    : n < 1024
      ? `${n} B`
      : n < 1024 ** 2
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${(n / 1024 ** 2).toFixed(1)} MiB`;
const count = (n: number | undefined) => (n === undefined ? '' : n.toLocaleString('en'));

/** A cell: its text, or its text with a class (`hash`, `bad`). */
type Cell = unknown | { text: unknown; cls: string };
const isStyled = (c: Cell): c is { text: unknown; cls: string } => typeof c === 'object' && c !== null && 'cls' in c;

function table(headers: string[], rows: Cell[][], empty: string, numeric: number[] = []): string {
  if (rows.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`;
  const cls = (i: number, c?: Cell) => {
    const names = [...(numeric.includes(i) ? ['num'] : []), ...(c !== undefined && isStyled(c) ? [c.cls] : [])];
    return names.length ? ` class="${names.join(' ')}"` : '';
  };
  const head = headers.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i, c)}>${escapeHtml(isStyled(c) ? c.text : c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
body { font: 14px/1.45 'Liberation Sans', 'Helvetica Neue', Arial, sans-serif; color: #1b2733; background: #f5f7f9; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
header { background: #1d3b53; color: #fff; padding: 18px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
section { background: #fff; border: 1px solid #dde3e9; border-radius: 10px; padding: 14px 18px; margin: 14px 0; }
h2 { font-size: 17px; margin: 0 0 10px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #dde3e9; font-size: 13px; vertical-align: top; }
th { color: #5b6b7a; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.hash, pre, .url { font-family: 'Liberation Mono', monospace; font-size: 12px; word-break: break-all; }
pre { background: #f0f3f6; padding: 10px; border-radius: 6px; white-space: pre-wrap; margin: 0; }
.muted { color: #5b6b7a; }
.verdict { display: flex; gap: 18px; align-items: center; }
.big { font-size: 44px; font-weight: 700; }
.good { color: #1f7a4d; } .bad { color: #b3261e; }
@media print { body { background: #fff; } section { break-inside: avoid; } }
`;

export function auditHtml(a: AuditReport): string {
  const clean = a.network.offOriginCount === 0;
  const s = (title: string, body: string) => `<section><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
  const sections = [
    s(
      'Network',
      `<div class="verdict"><div class="big ${clean ? 'good' : 'bad'}" data-off-origin="${a.network.offOriginCount}">${a.network.offOriginCount}</div>
<div><strong>${clean ? 'requests left this app’s origin' : 'requests LEFT this app’s origin'}</strong> (${escapeHtml(a.network.origin)}),
out of ${count(a.network.requests)} requests seen.${a.network.guard ? `<div data-guard>${escapeHtml(a.network.guard)}</div>` : ''}${a.network.offOrigin.length ? `<div class="url bad">${a.network.offOrigin.map(escapeHtml).join('<br>')}</div>` : ''}</div></div>`,
    ),
    s(
      'Input files',
      table(
        ['Source', 'File', 'Size', 'SHA-256'],
        a.inputs.map((f) => [
          f.source,
          f.name,
          bytes(f.bytes),
          f.sha256 ? { text: f.sha256, cls: 'hash' } : `not computed${f.note ? `: ${f.note}` : ''}`,
        ]),
        'No input files.',
        [2],
      ),
    ),
    s(
      'Steps',
      table(
        ['Step', 'Op', 'Status', 'Started', 'ms', 'Backend', 'Rows in', 'Rows out', 'Message'],
        a.steps.map((t) => [
          t.id,
          t.op,
          t.status,
          t.startedAt,
          count(t.ms),
          t.backend ?? '',
          count(t.rowsIn),
          count(t.rowsOut),
          t.error ?? '',
        ]),
        'No steps ran.',
        [4, 6, 7],
      ),
    ),
    s(
      'Personal data',
      table(
        ['Step', 'Column', 'Treatment'],
        a.personalData.map((p) => [p.step, p.column, p.action]),
        'No step treated any column as personal data (the recipe has no pseudonymise step).',
      ),
    ),
    s(
      'Where results went',
      table(
        ['Kind', 'Name', 'Where', 'Rows', 'Size', 'At', 'Note'],
        a.outputs.map((o) => [o.kind, o.name, o.where, count(o.rows), bytes(o.bytes), o.at ?? '', o.note ?? '']),
        'Nothing was stored or exported.',
        [3, 4],
      ),
    ),
    s(
      'Network log',
      table(
        ['At', 'Seen by', 'Kind', 'Served by', 'Origin', 'URL'],
        a.network.log.map((r) => [
          r.at ?? '',
          r.seenBy,
          r.kind ?? '',
          r.servedBy ?? '',
          r.sameOrigin ? 'same' : { text: 'OTHER', cls: 'bad' },
          { text: r.url, cls: 'url' },
        ]),
        'No requests were recorded.',
      ),
    ),
    s(
      'Environment',
      table(
        ['', ''],
        Object.entries(a.environment).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        'Not recorded.',
      ),
    ),
    s('Recipe', `<pre>${escapeHtml(JSON.stringify(a.recipe, null, 2))}</pre>`),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Custodian audit report — ${escapeHtml(a.generatedAt)}</title>
<style>${STYLE}</style></head>
<body><header><h1>Custodian audit report</h1>
<div>${escapeHtml(a.app.name)} ${escapeHtml(a.app.version)} · generated ${escapeHtml(a.generatedAt)} by the ${escapeHtml(a.generatedBy)}${a.engine ? ` · engine: <span data-engine>${escapeHtml(a.engine)}</span>` : ''} · run ${escapeHtml(a.status)}${a.error ? `: ${escapeHtml(a.error)}` : ''}</div></header>
<main>
${sections.join('\n')}
</main></body></html>
`;
}
