/**
 * The figures of a run that matter when one run is compared with another (a re-run on next
 * month's data, a reopened project): per step its rows out, and the few numbers of its summary
 * an analyst would quote — test AUC, NDCG@10, silhouette, PSI max, number of rules. Read from
 * the report only (no tables), so a saved report can be compared with a new one.
 */
import { OPS } from '../ops/registry';
import { commonFigures, len } from '../ops/shared/key-figures';
import type { KeyFigure } from '../ops/types';
import type { Json } from '../core/json';
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

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A source's figures (loading is not an op of the registry). */
const loadFigures = (s: Record<string, Json>): KeyFigure[] => [['columns', len(s.columns), 0]];

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
  // Each op says which figures of its summary matter, with the digits that make a difference (`keyFigures`).
  const figures = s.op === 'load' ? loadFigures : (OPS[s.op]?.keyFigures ?? commonFigures);
  for (const [metric, v, digits = 3] of figures(summary)) {
    const value = num(v);
    if (value !== null) out.push({ step: id, op: s.op, metric, value, digits });
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
