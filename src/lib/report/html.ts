/**
 * The shareable report: one self-contained HTML page of an analysis — data summary, segments,
 * rules, recommendation quality, model metrics and curves, drift and the audit summary — for
 * people who will not open the app. Like the audit page (privacy/audit-html.ts): inline CSS, the
 * charts as inline SVG (svg.ts), no script, no link, no image, no font, and a `default-src 'none'`
 * policy of its own, so opening it fetches nothing and it reads the same offline. Printing (or
 * "Save as PDF") starts each section on a new page and repeats table headers across pages.
 */
import type { ReportData } from './gather';
import { keyMetrics } from './metrics';
import { esc, fmt, table } from './parts';
import { dataSection, recommendationsSection, rulesSection, segmentsSection, type Section } from './sections';
import { auditSection, driftSection, modelSection } from './sections-model';
import { comparisonSection, experimentSection } from './sections-stats';
import { anomaliesSection, journeysSection } from './sections-journeys';

export const REPORT_SECTIONS = [
  'Data summary',
  'Segments',
  'Segment comparison',
  'Journeys',
  'Rules',
  'Recommendations quality',
  'Model metrics',
  'Experiments',
  'Drift',
  'Anomalies',
  'Audit summary',
] as const;

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 'Liberation Sans', 'Helvetica Neue', Arial, sans-serif; color: #1b2733; background: #f5f7f9; margin: 0; }
header { background: #1d3b53; color: #fff; padding: 18px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 40px; }
nav ol { columns: 2; margin: 0; padding-left: 20px; }
nav a { color: #1d6f8f; }
section { background: #fff; border: 1px solid #dde3e9; border-radius: 10px; padding: 14px 18px; margin: 14px 0; }
h2 { font-size: 18px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
caption { text-align: left; color: #5b6b7a; font-size: 12px; padding-bottom: 2px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #dde3e9; font-size: 12.5px; vertical-align: top; }
th { color: #5b6b7a; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.columns { font-size: 11.5px; color: #5b6b7a; }
.hash, pre { font-family: 'Liberation Mono', monospace; font-size: 11.5px; word-break: break-all; }
pre { background: #f0f3f6; padding: 10px; border-radius: 6px; white-space: pre-wrap; margin: 0; }
.muted { color: #5b6b7a; }
.empty { font-style: italic; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure.chart { margin: 6px 0; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 12px; color: #5b6b7a; }
.advice { padding: 8px 12px; border-radius: 8px; font-weight: 600; }
.advice.good { background: #e3f4ea; } .advice.bad { background: #fdecea; }
.verdict { display: flex; gap: 18px; align-items: center; }
.big { font-size: 44px; font-weight: 700; }
.good { color: #1f7a4d; } .bad { color: #b3261e; }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  header { background: none; color: #000; padding: 0 0 8px; border-bottom: 2px solid #1d3b53; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  section { border: none; border-radius: 0; padding: 0; margin: 0; break-before: page; }
  section.first { break-before: auto; }
  figure, tr, h3, .verdict { break-inside: avoid; }
  h3 { break-after: avoid; }
  thead { display: table-header-group; }
}
`;

function render(s: Section, first: boolean): string {
  return `<section id="${s.id}"${first ? ' class="first"' : ''}><h2>${esc(s.title)}</h2>\n${s.body}\n</section>`;
}

/** Key figures of the run (metrics.ts), the numbers a reader asks for first. */
function glance(d: ReportData): Section {
  const rows = keyMetrics(d.report)
    .filter((m) => m.metric !== 'rows out' && m.value !== null)
    .slice(0, 24)
    .map((m) => [m.step, m.op, m.metric, fmt(m.value, m.digits)]);
  return {
    id: 'glance',
    title: 'Key figures',
    body: rows.length
      ? table(['Step', 'Op', 'Figure', 'Value'], rows, { numeric: [3] })
      : '<p class="muted empty">No step has a figure to show yet.</p>',
  };
}

export function reportHtml(d: ReportData): string {
  const sections = [
    glance(d),
    dataSection(d),
    segmentsSection(d),
    comparisonSection(d),
    journeysSection(d),
    rulesSection(d),
    recommendationsSection(d),
    modelSection(d),
    experimentSection(d),
    driftSection(d),
    anomaliesSection(d),
    auditSection(d),
  ];
  const recipe: Section = {
    id: 'recipe',
    title: 'Appendix: the recipe',
    body: `<p class="muted">Runs again in Custodian (Recipe &amp; report → paste, or <code>npm run analyze -- recipe.json</code>) on the same files to give the same results.</p><pre>${esc(JSON.stringify(d.recipe, null, 2))}</pre>`,
  };
  const all = [...sections, recipe];
  const run = d.report;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.title)} — Custodian report</title>
<style>${STYLE}</style></head>
<body><header><h1>${esc(d.title)}</h1>
<div>Custodian report · generated ${esc(d.generatedAt)} · ${esc(d.app.name)} ${esc(d.app.version)} · run of ${esc(run.startedAt)}: ${esc(run.status)}${run.error ? ` (${esc(run.error)})` : ''}${d.audit?.network.offOriginCount === 0 ? ' · computed in this browser; no request left the app’s origin' : ''}</div></header>
<main>
<nav aria-label="Contents"><ol>${all.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('')}</ol></nav>
${all.map((s, i) => render(s, i === 0)).join('\n')}
</main></body></html>
`;
}
