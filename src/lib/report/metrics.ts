/**
 * The figures of a run that matter when one run is compared with another (a re-run on next
 * month's data, a reopened project): per step its rows out, and the few numbers of its summary
 * an analyst would quote — test AUC, NDCG@10, silhouette, PSI max, number of rules. Read from
 * the report only (no tables), so a saved report can be compared with a new one.
 */
import type { Json } from '../ops/types';
import type { Report, StepReport } from '../recipe/report';

export interface KeyMetric {
  step: string;
  op: string;
  /** What it is, as the diff shows it: `rows out`, `test AUC`, `NDCG@10 itemcf`. */
  metric: string;
  value: number | null;
  /** Digits worth showing (counts 0). */
  digits: number;
}

type Summary = Record<string, Json>;
type Pick = [label: string, read: (s: Summary) => unknown, digits?: number];

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const len = (v: unknown): number | null => (Array.isArray(v) ? v.length : null);
const last = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : undefined);
const bool = (v: unknown): number | null => (typeof v === 'boolean' ? Number(v) : null);

/** The summary figures per op, with how many digits make a difference (AUC to 3 places, counts exact). */
const BY_OP: Record<string, Pick[]> = {
  load: [['columns', (s) => len(s.columns), 0]],
  rfm: [
    ['customers', (s) => s.customers, 0],
    ['revenue', (s) => s.revenue, 2],
  ],
  clv: [
    ['customers', (s) => s.customers, 0],
    ['total CLV', (s) => s.totalClv, 2],
  ],
  features: [['features', (s) => s.features, 0]],
  transform: [['replayed fitted', (s) => bool(s.replayed), 0]],
  select: [['selected features', (s) => len(s.selected), 0]],
  pca: [
    ['variance explained', (s) => last(s.cumulativeVarianceRatio), 3],
    ['replayed fitted', (s) => bool(s.replayed), 0],
  ],
  kmeans: [
    ['k', (s) => s.k, 0],
    ['silhouette', (s) => s.silhouette, 3],
  ],
  dbscan: [
    ['clusters', (s) => s.k, 0],
    ['noise share', (s) => s.noiseShare, 3],
    ['silhouette', (s) => s.silhouette, 3],
  ],
  'assoc-rules': [
    ['transactions', (s) => s.transactions, 0],
    ['itemsets', (s) => s.itemsets, 0],
    ['rules', (s) => s.rules, 0],
  ],
  sequences: [['patterns', (s) => s.patterns, 0]],
  graph: [
    ['edges', (s) => s.edges, 0],
    ['communities', (s) => s.communities, 0],
    ['modularity', (s) => s.modularity, 3],
  ],
  'rule-induction': [
    ['rules', (s) => s.leaves, 0],
    ['test accuracy', (s) => s.testAccuracy, 3],
  ],
  'train-classifier': [
    ['test AUC', (s) => s.auc ?? s.testAuc, 3],
    ['PR-AUC', (s) => s.prAuc, 3],
    ['log loss', (s) => s.logLoss ?? s.testLogLoss, 3],
    ['F1', (s) => s.f1, 3],
  ],
  drift: [
    ['PSI max', (s) => s.maxPsi, 3],
    ['features drifted', (s) => len(s.drifted), 0],
    ['retrain recommended', (s) => bool(s.retrainRecommended), 0],
  ],
};

/** Ops that have none of their own (models still to come, for one) are read for these figures. */
const COMMON: Pick[] = [
  ['test AUC', (s) => s.auc, 3],
  ['NDCG@10', (s) => s['ndcg@10'], 3],
  ['HR@10', (s) => s['hr@10'], 3],
];

/** The table rows a step produced (its primary table; a source its own table). */
export function rowsOut(s: StepReport): number | null {
  return num(s.rowsOut) ?? num(Object.values(s.tables)[0]?.rows) ?? null;
}

export function stepMetrics(id: string, s: StepReport): KeyMetric[] {
  const out: KeyMetric[] = [
    { step: id, op: s.op, metric: 'rows out', value: s.status === 'ok' ? rowsOut(s) : null, digits: 0 },
  ];
  if (s.status !== 'ok' || !s.summary) return out;
  const summary = s.summary;
  for (const [metric, read, digits = 3] of BY_OP[s.op] ?? COMMON) {
    const value = num(read(summary));
    if (value !== null) out.push({ step: id, op: s.op, metric, value, digits });
  }
  if (s.op === 'evaluate-recs' && Array.isArray(summary.algorithms)) {
    // NDCG at the K the op compares at (10 by default), per algorithm, as its summary carries it.
    const at = num(summary.compareAt) ?? 10;
    for (const a of summary.algorithms) {
      if (a && typeof a === 'object' && !Array.isArray(a)) {
        const value = num(a[`ndcg@${at}`]);
        if (value !== null)
          out.push({ step: id, op: s.op, metric: `NDCG@${at} ${String(a.name ?? a.algorithm)}`, value, digits: 3 });
      }
    }
  }
  return out;
}

/** Every key figure of a run, in run order. */
export function keyMetrics(report: Report): KeyMetric[] {
  return Object.entries(report.steps).flatMap(([id, s]) => stepMetrics(id, s));
}

export interface MetricChange {
  step: string;
  op: string;
  metric: string;
  before: number | null;
  after: number | null;
  /** after − before, when both exist. */
  change: number | null;
  /** change / |before|, when before is not 0. */
  relative: number | null;
  digits: number;
  /** Equal at the digits that matter (0.8123 and 0.8124 at 3 digits are the same). */
  same: boolean;
}

/** The key figures of two runs side by side, matched by step and metric, in the newer run's order. */
export function diffMetrics(before: Report | null, after: Report): MetricChange[] {
  const old = new Map((before ? keyMetrics(before) : []).map((m) => [`${m.step}\u0000${m.metric}`, m]));
  const rows: MetricChange[] = [];
  const seen = new Set<string>();
  const add = (step: string, op: string, metric: string, b: number | null, a: number | null, digits: number) => {
    const change = a !== null && b !== null ? a - b : null;
    const round = (v: number | null) => (v === null ? null : Number(v.toFixed(digits)));
    rows.push({
      step,
      op,
      metric,
      before: b,
      after: a,
      change,
      relative: change !== null && b ? change / Math.abs(b) : null,
      digits,
      same: round(a) === round(b),
    });
  };
  for (const m of keyMetrics(after)) {
    const key = `${m.step}\u0000${m.metric}`;
    seen.add(key);
    const prev = old.get(key);
    add(m.step, m.op, m.metric, prev?.value ?? null, m.value, m.digits);
  }
  for (const [key, m] of old) if (!seen.has(key)) add(m.step, m.op, m.metric, m.value, null, m.digits);
  return rows;
}
