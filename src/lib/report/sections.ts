/**
 * The report's first sections: the data, the segments, the rules and the recommenders' quality.
 * Each reads the run's report (summaries, table sizes) and the few rows `gather.ts` fetched; a
 * section with nothing to show says so, so the reader knows it was not left out by mistake.
 */
import type { Json } from '../core/json';
import type { StepReport } from '../recipe/report';
import type { ReportData } from './gather';
import { arr, bytes, empty, esc, fmt, h3, num, obj, p, pct, str, table, type Row } from './parts';
import { barChart, lineChart, PALETTE } from './svg';

export interface Section {
  id: string;
  title: string;
  body: string;
}

/** The recipe's steps of these ops that ran, with their report. */
export function ranSteps(
  d: ReportData,
  ops: string[],
): Array<{ id: string; op: string; s: StepReport; summary: Record<string, Json> }> {
  return d.recipe.steps.flatMap((step) => {
    const s = d.report.steps[step.id];
    return ops.includes(step.op) && s?.status === 'ok'
      ? [{ id: step.id, op: step.op, s, summary: s.summary ?? {} }]
      : [];
  });
}

const MAX_COLUMNS = 24;

export function dataSection(d: ReportData): Section {
  const sources = d.recipe.sources.map((src) => {
    const s = d.report.steps[src.name];
    const summary = s?.summary ?? {};
    const columns = arr(summary.columns).map((c) => `${str(obj(c).name)} ${str(obj(c).type)}`);
    const shown =
      columns.slice(0, MAX_COLUMNS).join(', ') +
      (columns.length > MAX_COLUMNS ? ` … and ${columns.length - MAX_COLUMNS} more` : '');
    return [
      src.name,
      src.file,
      s?.status ?? 'not loaded',
      fmt(num(summary.rows) ?? Object.values(s?.tables ?? {})[0]?.rows, 0),
      fmt(columns.length, 0),
      bytes(summary.bytes),
      { html: esc(shown), cls: 'columns' },
    ];
  });
  const steps = d.recipe.steps.map((step) => {
    const s = d.report.steps[step.id];
    return [
      step.id,
      step.op,
      step.input ?? '',
      s?.status ?? 'not run',
      fmt(s?.rowsIn, 0),
      fmt(s?.rowsOut ?? Object.values(s?.tables ?? {})[0]?.rows, 0),
      fmt(s ? Math.round(s.ms) : undefined, 0),
      s?.error?.message ?? '',
    ];
  });
  return {
    id: 'data',
    title: 'Data summary',
    body: [
      d.recipe.description ? p(d.recipe.description) : '',
      sources.length
        ? table(['Source', 'File', 'Status', 'Rows', 'Columns', 'Size', 'Column names and types'], sources, {
            numeric: [3, 4, 5],
          })
        : empty('No data was loaded.'),
      h3('Steps'),
      steps.length
        ? table(['Step', 'Op', 'Input', 'Status', 'Rows in', 'Rows out', 'ms', 'Message'], steps, {
            numeric: [4, 5, 6],
          })
        : empty('The recipe has no steps yet: only the data was loaded.'),
    ].join('\n'),
  };
}

export function segmentsSection(d: ReportData): Section {
  const parts = ranSteps(d, ['kmeans', 'dbscan']).map(({ id, op, summary }) => {
    const clusters = arr(summary.clusters).map(obj);
    const used = num(obj(summary.rows).used);
    const head =
      op === 'kmeans'
        ? `k-means: ${summary.k} segments (k ${summary.chosenBy === 'silhouette' ? 'chosen by silhouette' : 'given'}), silhouette ${fmt(summary.silhouette)}, on ${fmt(used, 0)} rows.`
        : `DBSCAN: ${summary.k} clusters and ${fmt(summary.noise, 0)} noise points (${pct(summary.noiseShare)}), eps ${fmt(summary.eps)}, minPts ${fmt(summary.minPts, 0)}, silhouette ${fmt(summary.silhouette)}, on ${fmt(used, 0)} rows.`;
    const ties = arr(summary.nearTies).map((k) => fmt(k, 0));
    const tieNote =
      op === 'kmeans' && ties.length > 1
        ? p(
            `Near-ties (mean silhouette within 0.02 of the best): k = ${ties.join(', ')}; ${summary.kRule === 'balanced' ? `k = ${summary.k} is the smallest of them whose largest segment holds at most 60% of the rows.` : `none keeps its largest segment to 60% of the rows, so k = ${summary.k} has the best silhouette.`}`,
            'muted',
          )
        : '';
    const rows = clusters.map((c) => [fmt(c.cluster, 0), fmt(c.size, 0), pct(c.share), str(c.description)]);
    const selection = arr(summary.selection)
      .map(obj)
      .filter((s) => num(s.silhouette) !== null);
    return [
      h3(`${id} (${op})`),
      p(head),
      tieNote,
      p(`Features: ${arr(summary.features).map(str).join(', ')}.`, 'muted'),
      `<div class="charts">${barChart({ title: `${id}: customers per segment`, xLabel: 'rows', bars: clusters.map((c, i) => ({ label: `${str(c.cluster)} · ${str(c.description)}`, value: num(c.size) ?? 0, colour: PALETTE[i % PALETTE.length] })) })}${
        selection.length > 1
          ? lineChart({
              title: `${id}: silhouette by k`,
              xLabel: 'k',
              yLabel: 'mean silhouette',
              series: [{ name: 'silhouette', points: selection.map((s) => [num(s.k)!, num(s.silhouette)!]) }],
            })
          : ''
      }</div>`,
      table(['Segment', 'Size', 'Share', 'What sets it apart'], rows, { numeric: [0, 1, 2] }),
    ].join('\n');
  });
  // RFM segments (rule-based: recency, frequency and money quintiles), from the step's summary.
  const rfm = ranSteps(d, ['rfm']).map(({ id, summary }) => {
    const segments = arr(summary.segments)
      .map(obj)
      .filter((g) => num(g.customers) !== null);
    if (!segments.length) return '';
    const total = segments.reduce((a, g) => a + (num(g.customers) ?? 0), 0);
    return [
      h3(`${id} (RFM)`),
      p(
        `${fmt(summary.customers, 0)} customers scored by recency, frequency and money (quintiles 1–5), named by the segment rules.`,
      ),
      ...arr(summary.warnings).map((w) => p(`Warning: ${str(w)}`)),
      `<div class="charts">${barChart({ title: `${id}: customers per RFM segment`, xLabel: 'customers', bars: segments.map((g, i) => ({ label: str(g.segment), value: num(g.customers) ?? 0, colour: PALETTE[i % PALETTE.length] })) })}</div>`,
      table(
        ['Segment', 'Customers', 'Share of customers', 'Share of revenue'],
        segments.map((g) => [
          str(g.segment),
          fmt(g.customers, 0),
          pct(total ? (num(g.customers) ?? 0) / total : null),
          pct(g.revenue_share),
        ]),
        { numeric: [1, 2, 3] },
      ),
    ].join('\n');
  });
  const body = [...rfm, ...parts].filter(Boolean).join('\n');
  return {
    id: 'segments',
    title: 'Segments',
    body: body || empty('No RFM, k-means or DBSCAN step ran in this analysis.'),
  };
}

/** `["I002","I008"]` → `Chef's Knife + Cutting Board` (the items table's labels), else the ids. */
function itemsText(json: unknown, labels: Map<string, string>): string {
  let items: unknown;
  try {
    items = JSON.parse(String(json));
  } catch {
    return String(json);
  }
  return Array.isArray(items) ? items.map((i) => labels.get(String(i)) ?? String(i)).join(' + ') : String(json);
}

export function rulesSection(d: ReportData): Section {
  const assoc = ranSteps(d, ['assoc-rules']).map(({ id, summary }) => {
    const rules = d.tables[`${id}.rules`] ?? [];
    const labels = new Map((d.tables[`${id}.items`] ?? []).map((r: Row) => [String(r.item), String(r.label)]));
    const text = (r: Row) => `${itemsText(r.antecedent, labels)} → ${itemsText(r.consequent, labels)}`;
    return [
      h3(`${id}: association rules`),
      p(
        `${fmt(summary.rules, 0)} rules from ${fmt(summary.itemsets, 0)} frequent itemsets over ${fmt(summary.transactions, 0)} baskets. The ${rules.length} with the highest lift:`,
      ),
      rules.length
        ? barChart({
            title: `${id}: top rules by lift`,
            xLabel: 'lift',
            bars: rules.map((r) => ({ label: text(r), value: num(r.lift) ?? 0 })),
            rules: [{ at: 1, colour: '#5b6b7a' }],
          })
        : '',
      rules.length
        ? table(
            ['If a basket has', 'it also has', 'Support', 'Confidence', 'Lift', 'Baskets'],
            rules.map((r) => [
              itemsText(r.antecedent, labels),
              itemsText(r.consequent, labels),
              pct(r.support),
              pct(r.confidence),
              fmt(r.lift, 2),
              fmt(r.count, 0),
            ]),
            { numeric: [2, 3, 4, 5] },
          )
        : empty('No rule passed the thresholds.'),
    ].join('\n');
  });
  const induced = ranSteps(d, ['rule-induction']).map(({ id, summary }) =>
    [
      h3(`${id}: rules that describe '${str(summary.label)}'`),
      p(
        `A decision tree of depth ${fmt(summary.depth, 0)} with ${fmt(summary.leaves, 0)} leaves; held-out accuracy ${pct(summary.testAccuracy)} (base rate ${pct(summary.baseRate)}).`,
      ),
      table(
        ['If', 'then', 'Coverage', 'Confidence', 'Lift'],
        arr(summary.topRules)
          .map(obj)
          .map((r) => [str(r.conditions), str(r.outcome), pct(r.coverage), pct(r.confidence), fmt(r.lift, 2)]),
        { numeric: [2, 3, 4] },
      ),
    ].join('\n'),
  );
  return {
    id: 'rules',
    title: 'Rules',
    body:
      [...assoc, ...induced].join('\n') || empty('No association-rule or rule-induction step ran in this analysis.'),
  };
}

export function recommendationsSection(d: ReportData): Section {
  const parts = ranSteps(d, ['evaluate-recs']).map(({ id, summary }) => {
    const metrics = d.tables[`${id}.metrics`] ?? [];
    const at = num(summary.compareAt) ?? 10;
    const algorithms = [...new Set(metrics.map((m) => String(m.algorithm)))];
    const series = algorithms.map((a, i) => ({
      name: a,
      colour: PALETTE[i % PALETTE.length],
      points: metrics
        .filter((m) => m.algorithm === a)
        .map((m) => [num(m.k) ?? 0, num(m.ndcg) ?? 0] as [number, number]),
    }));
    const atK = metrics.filter((m) => m.k === at).sort((a, b) => (num(b.ndcg) ?? 0) - (num(a.ndcg) ?? 0));
    const split = obj(summary.split);
    return [
      h3(`${id}: recommenders on held-out purchases`),
      p(
        `Split: ${str(split.type ?? summary.split)}; ${fmt(obj(summary.customers).test, 0)} test customers, ${fmt(summary.items, 0)} items. ${str(summary.verdict)}`,
      ),
      series.length
        ? `<div class="charts">${lineChart({ title: `${id}: NDCG by K`, xLabel: 'K', yLabel: 'NDCG', series })}</div>`
        : '',
      atK.length
        ? table(
            ['Algorithm', `HR@${at}`, `Precision@${at}`, `Recall@${at}`, `NDCG@${at}`, `MAP@${at}`, 'Coverage'],
            atK.map((m) => [
              str(m.algorithm),
              fmt(m.hr),
              fmt(m.precision),
              fmt(m.recall),
              fmt(m.ndcg),
              fmt(m.map),
              pct(m.coverage),
            ]),
            { numeric: [1, 2, 3, 4, 5, 6] },
          )
        : empty('The metrics table is not available.'),
    ].join('\n');
  });
  return {
    id: 'recommendations',
    title: 'Recommendations quality',
    body: parts.join('\n') || empty('No recommender evaluation (evaluate-recs) ran in this analysis.'),
  };
}
