import { describe, it, expect } from 'vitest';
import { diffMetrics, keyMetrics } from './metrics';
import type { Report, StepReport } from '../recipe/report';

const table = (rows: number) => ({ rows, columns: [] });
const step = (op: string, rest: Partial<StepReport>): StepReport => ({
  op,
  status: 'ok',
  startedAt: '2025-07-01T00:00:00Z',
  ms: 1,
  tables: {},
  ...rest,
});
const report = (steps: Record<string, StepReport>): Report => ({
  app: { name: 'custodian', version: '0.1.0' },
  status: 'ok',
  recipe: {},
  environment: {},
  startedAt: '2025-07-01T00:00:00Z',
  ms: 1,
  egress: { offOrigin: [] },
  steps,
});

const before = report({
  events: step('load', {
    tables: { events: table(40_000) },
    summary: { rows: 40_000, columns: [{ name: 'a' }, { name: 'b' }] },
  }),
  seg: step('kmeans', { rowsOut: 2000, summary: { k: 4, silhouette: 0.41234, inertia: 1 } }),
  bundles: step('assoc-rules', { rowsOut: 120, summary: { transactions: 3000, itemsets: 300, rules: 120 } }),
  churn: step('train-classifier', { rowsOut: 60, summary: { auc: 0.81, prAuc: 0.6, logLoss: 0.5, f1: 0.55 } }),
  recs: step('evaluate-recs', {
    rowsOut: 6,
    summary: {
      compareAt: 10,
      algorithms: [
        { name: 'popularity', 'ndcg@10': 0.05 },
        { name: 'itemcf', 'ndcg@10': 0.12 },
      ],
    },
  }),
  gone: step('rfm', { rowsOut: 10, summary: { customers: 10 } }),
});
const after = report({
  events: step('load', {
    tables: { events: table(39_563) },
    summary: { rows: 39_563, columns: [{ name: 'a' }, { name: 'b' }] },
  }),
  seg: step('kmeans', { rowsOut: 1990, summary: { k: 4, silhouette: 0.41249, inertia: 1 } }),
  bundles: step('assoc-rules', { rowsOut: 0, status: 'error', summary: { rules: 1 } }),
  churn: step('train-classifier', { rowsOut: 60, summary: { auc: 0.75, prAuc: 0.6, logLoss: 0.52, f1: 0.5 } }),
  recs: step('evaluate-recs', {
    rowsOut: 6,
    summary: {
      compareAt: 10,
      algorithms: [
        { name: 'popularity', 'ndcg@10': 0.05 },
        { name: 'itemcf', 'ndcg@10': 0.1 },
      ],
    },
  }),
  drift1: step('drift', {
    rowsOut: 30,
    summary: { maxPsi: 0.61, drifted: ['tenure_days', 'recency'], retrainRecommended: true },
  }),
});

describe('keyMetrics', () => {
  it('reads rows out and the figures that matter per op, with the digits that matter', () => {
    expect(keyMetrics(before).map((m) => [m.step, m.metric, m.value, m.digits])).toEqual([
      ['events', 'rows out', 40_000, 0],
      ['events', 'columns', 2, 0],
      ['seg', 'rows out', 2000, 0],
      ['seg', 'k', 4, 0],
      ['seg', 'silhouette', 0.41234, 3],
      ['bundles', 'rows out', 120, 0],
      ['bundles', 'transactions', 3000, 0],
      ['bundles', 'itemsets', 300, 0],
      ['bundles', 'rules', 120, 0],
      ['churn', 'rows out', 60, 0],
      ['churn', 'test AUC', 0.81, 3],
      ['churn', 'PR-AUC', 0.6, 3],
      ['churn', 'log loss', 0.5, 3],
      ['churn', 'F1', 0.55, 3],
      ['recs', 'rows out', 6, 0],
      ['recs', 'NDCG@10 popularity', 0.05, 3],
      ['recs', 'NDCG@10 itemcf', 0.12, 3],
      ['gone', 'rows out', 10, 0],
      ['gone', 'customers', 10, 0],
    ]);
  });

  it('a failed step has rows out null and no summary figures', () => {
    expect(keyMetrics(after).filter((m) => m.step === 'bundles')).toEqual([
      { step: 'bundles', op: 'assoc-rules', metric: 'rows out', value: null, digits: 0 },
    ]);
  });
});

describe('diffMetrics', () => {
  const diff = diffMetrics(before, after);
  const row = (step: string, metric: string) => diff.find((d) => d.step === step && d.metric === metric)!;

  it('gives change and relative change; figures equal at their digits count as the same', () => {
    expect(row('events', 'rows out')).toMatchObject({ before: 40_000, after: 39_563, change: -437, same: false });
    expect(row('events', 'rows out').relative).toBeCloseTo(-437 / 40_000, 12);
    // 0.41234 and 0.41249 both round to 0.412.
    expect(row('seg', 'silhouette')).toMatchObject({ same: true });
    expect(row('seg', 'silhouette').change).toBeCloseTo(0.00015, 12);
    expect(row('churn', 'test AUC').change).toBeCloseTo(-0.06, 12);
    expect(row('recs', 'NDCG@10 itemcf')).toMatchObject({ before: 0.12, after: 0.1, same: false });
  });

  it('lists steps new in this run (before null) and steps gone from it (after null)', () => {
    expect(row('drift1', 'PSI max')).toMatchObject({
      before: null,
      after: 0.61,
      change: null,
      relative: null,
      same: false,
    });
    expect(row('drift1', 'features drifted').after).toBe(2);
    expect(row('drift1', 'retrain recommended').after).toBe(1);
    expect(row('gone', 'customers')).toMatchObject({ before: 10, after: null });
    expect(row('bundles', 'rules')).toMatchObject({ before: 120, after: null });
    // The newer run's order first, then what only the older run had.
    expect(diff.at(-1)!.step).toBe('gone');
  });

  it('with no earlier run, everything is new', () => {
    expect(diffMetrics(null, before).every((d) => d.before === null)).toBe(true);
  });
});
