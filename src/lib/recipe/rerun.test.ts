/**
 * Every op in the registry can be run again under the same step id: with the same params, then
 * with changed ones, on the sample shop. A re-run that fails or is cancelled leaves the previous
 * tables as they were.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { NodeDuckDB } from '../data/node-duckdb';
import { listTables } from '../data/catalog';
import { ident, tableRef } from '../data/sql';
import { OPS } from '../ops/registry';
import type { Trainer } from '../ops/types';
import { forgetDuckDB } from '../privacy/forget';
import { neuralTrainer } from '../../test-support/neural-trainer';
import { nodeTrainer } from '../../test-support/node-trainer';
import { runRecipe } from './engine';
import type { Report } from './report';
import { dropStepTables } from './step-tables';

const sample = (name: string) => new Blob([readFileSync(new URL(`../../../public/samples/${name}`, import.meta.url))]);
// The first 20,000 events (January to April) keep the whole file of runs to about a minute; the
// neural models train on the first 5,000.
const lines = readFileSync(new URL('../../../public/samples/events.csv', import.meta.url), 'utf8').split('\n');
const events = new Blob([lines.slice(0, 20_001).join('\n')]);
const early = new Blob([lines.slice(0, 5_001).join('\n')]);
const files = () => ({
  events,
  early,
  items: sample('items.csv'),
  customers: sample('customers.csv'),
  credit: sample('credit.csv'),
});
const sources = [
  { name: 'events', file: 'events.csv' },
  { name: 'items', file: 'items.csv' },
  { name: 'customers', file: 'customers.csv' },
  { name: 'credit', file: 'credit.csv' },
  { name: 'early', file: 'events.csv' },
];

const FEATURES = ['n_view', 'n_cart', 'orders', 'spend', 'active_days', 'days_since_last_event'];
const LABEL = { label: 'churned', labelTable: 'customers', key: 'customer_id', labelKey: 'customer_id' };
const BUY = { customer: 'customer_id', time: 'ts', amount: 'amount' };

/** One step per op: its params, and changed params whose effect shows in its tables or summary. */
const CASES: Array<{
  id: string;
  op: string;
  input?: string;
  params: Record<string, unknown>;
  changed: Record<string, unknown>;
}> = [
  { id: 'clean', op: 'dedupe', input: 'events', params: {}, changed: { columns: ['customer_id'] } },
  {
    id: 'orders',
    op: 'filter',
    input: 'events',
    params: { where: "event_type = 'purchase'" },
    changed: { where: "event_type = 'purchase' AND quantity = 1" },
  },
  {
    id: 'complete',
    op: 'drop-missing',
    input: 'events',
    params: { columns: ['order_id'] },
    changed: { columns: ['rating'] },
  },
  {
    id: 'filled',
    op: 'impute',
    input: 'events',
    params: { columns: { rating: { method: 'mean' } } },
    changed: { columns: { rating: { method: 'median' } } },
  },
  {
    id: 'typed',
    op: 'cast',
    input: 'events',
    params: { columns: { quantity: 'DOUBLE' } },
    changed: { columns: { quantity: 'VARCHAR' } },
  },
  {
    id: 'clipped',
    op: 'outliers',
    input: 'orders',
    params: { columns: ['amount'], method: 'iqr-clip' },
    changed: { columns: ['amount'], method: 'zscore-remove', k: 2 },
  },
  { id: 'tidy', op: 'trim', input: 'items', params: {}, changed: { case: 'upper' } },
  {
    id: 'dated',
    op: 'parse-date',
    input: 'customers',
    params: { column: 'signup_date' },
    changed: { column: 'signup_date', into: 'signup' },
  },
  {
    id: 'derived',
    op: 'derive',
    input: 'orders',
    params: { column: 'unit', expression: 'amount / quantity' },
    changed: { column: 'unit', expression: 'amount * 2' },
  },
  {
    id: 'rfm',
    op: 'rfm',
    input: 'events',
    params: { ...BUY, basket: 'order_id' },
    changed: { ...BUY, basket: 'order_id', asOf: '2026-01-01' },
  },
  {
    id: 'value',
    op: 'clv',
    input: 'events',
    params: { ...BUY, calibrationEnd: '2025-03-01', horizon: 52 },
    changed: { ...BUY, calibrationEnd: '2025-03-01', horizon: 26 },
  },
  {
    id: 'cohorts',
    op: 'cohorts',
    input: 'events',
    params: { ...BUY, period: 'month' },
    changed: { ...BUY, period: 'week' },
  },
  {
    id: 'funnel',
    op: 'funnel',
    input: 'events',
    params: { customer: 'customer_id', time: 'ts', event: 'event_type', stages: ['view', 'cart', 'purchase'] },
    changed: { customer: 'customer_id', time: 'ts', event: 'event_type', stages: ['view', 'purchase'] },
  },
  {
    id: 'paths',
    op: 'sequences',
    input: 'events',
    params: { customer: 'customer_id', session: 'session_id', time: 'ts', symbol: 'event_type', minSupport: 0.01 },
    changed: {
      customer: 'customer_id',
      session: 'session_id',
      time: 'ts',
      symbol: 'event_type',
      minSupport: 0.01,
      maxLength: 2,
    },
  },
  {
    id: 'journeys',
    op: 'paths',
    input: 'events',
    params: { customer: 'customer_id', session: 'session_id', time: 'ts', event: 'event_type' },
    changed: { customer: 'customer_id', session: 'session_id', time: 'ts', event: 'event_type', maxSteps: 3 },
  },
  {
    id: 'kpi',
    op: 'anomalies',
    input: 'events',
    params: { time: 'ts', metric: 'count', dimensions: ['event_type'] },
    changed: { time: 'ts', metric: 'count', dimensions: ['event_type'], sensitivity: 2 },
  },
  { id: 'profile', op: 'profile', input: 'credit', params: {}, changed: { bins: 5 } },
  {
    id: 'bundles',
    op: 'assoc-rules',
    input: 'orders',
    params: { transaction: 'order_id', item: 'item_id', minSupport: 0.02, minConfidence: 0.3 },
    changed: { transaction: 'order_id', item: 'item_id', minSupport: 0.01, minConfidence: 0.3 },
  },
  { id: 'network', op: 'graph', input: 'orders', params: { minCount: 5 }, changed: { minCount: 10 } },
  {
    id: 'features',
    op: 'features',
    input: 'events',
    params: { itemTable: 'items', groups: ['behaviour'], trendDays: 30 },
    changed: { itemTable: 'items', groups: ['behaviour'], trendDays: 60 },
  },
  {
    id: 'scaled',
    op: 'transform',
    input: 'features',
    params: { method: 'standardize', entity: 'customer_id', impute: 'median' },
    changed: { method: 'minmax', entity: 'customer_id', impute: 'median' },
  },
  {
    id: 'chosen',
    op: 'select',
    input: 'features',
    params: { entity: 'customer_id', ...LABEL, k: 6 },
    changed: { entity: 'customer_id', ...LABEL, k: 3 },
  },
  {
    id: 'pcs',
    op: 'pca',
    input: 'chosen',
    params: { entity: 'customer_id', components: 3 },
    changed: { entity: 'customer_id', components: 2 },
  },
  {
    id: 'segments',
    op: 'kmeans',
    input: 'features',
    params: { entity: 'customer_id', features: FEATURES, k: 3 },
    changed: { entity: 'customer_id', features: FEATURES, k: 4 },
  },
  {
    id: 'dense',
    op: 'dbscan',
    input: 'features',
    params: { entity: 'customer_id', features: FEATURES, eps: 0.5 },
    changed: { entity: 'customer_id', features: FEATURES, eps: 1 },
  },
  {
    id: 'tree',
    op: 'rule-induction',
    input: 'features',
    params: { features: FEATURES, ...LABEL },
    changed: { features: FEATURES, ...LABEL, maxDepth: 2 },
  },
  {
    id: 'churn',
    op: 'train-classifier',
    input: 'features',
    params: { features: FEATURES, ...LABEL, epochs: 3, importanceRepeats: 0, save: 'rerun model' },
    changed: { features: FEATURES.slice(0, 4), ...LABEL, epochs: 3, importanceRepeats: 0, save: 'rerun model' },
  },
  {
    id: 'scored',
    op: 'score',
    input: 'features',
    params: { model: 'rerun model' },
    changed: { model: 'rerun model', threshold: 0.2 },
  },
  {
    id: 'fair',
    op: 'fairness',
    input: 'churn.predictions',
    params: { attribute: 'age', attributeTable: 'customers', attributeKey: 'customer_id' },
    changed: { attribute: 'age', attributeTable: 'customers', attributeKey: 'customer_id', bins: 2 },
  },
  {
    id: 'drift',
    op: 'drift',
    input: 'features',
    params: { reference: 'scaled.data', features: FEATURES },
    changed: { reference: 'scaled.data', features: FEATURES.slice(0, 2) },
  },
  {
    id: 'experiment',
    op: 'ab-test',
    input: 'customers',
    params: { unit: 'customer_id', variant: 'gender', control: 'F', metric: 'churned' },
    changed: { unit: 'customer_id', variant: 'gender', control: 'F', metric: 'age' },
  },
  {
    id: 'contrast',
    op: 'compare-segments',
    input: 'customers',
    params: { entity: 'customer_id', group: 'churned', a: '1' },
    changed: { entity: 'customer_id', group: 'churned', a: '1', features: ['age'] },
  },
  { id: 'masked', op: 'pseudonymise', input: 'customers', params: { drop: ['city'] }, changed: { drop: ['gender'] } },
  {
    id: 'anon',
    op: 'k-anonymity',
    input: 'customers',
    params: { quasiIdentifiers: ['age', 'gender'], k: 5 },
    changed: { quasiIdentifiers: ['age', 'gender'], k: 10 },
  },
  {
    id: 'recs',
    op: 'recommend',
    input: 'early',
    params: { algorithm: 'itemcf', k: 10 },
    changed: { algorithm: 'itemcf', k: 5 },
  },
  {
    id: 'compare',
    op: 'evaluate-recs',
    input: 'early',
    params: { k: [10], algorithms: [{ algorithm: 'popularity' }] },
    changed: { k: [10], algorithms: [{ algorithm: 'popularity' }, { algorithm: 'itemcf' }] },
  },
  {
    id: 'ncf',
    op: 'train-ncf',
    input: 'early',
    params: { epochs: 2, factors: 4, k: 10 },
    changed: { epochs: 2, factors: 4, k: 5 },
  },
  {
    id: 'next_item',
    op: 'train-sequence',
    input: 'early',
    params: { epochs: 1, factors: 4, maxLength: 5, top: 10 },
    changed: { epochs: 1, factors: 4, maxLength: 5, top: 5 },
  },
  {
    id: 'ranker',
    op: 'train-ranker',
    input: 'early',
    params: { epochs: 1, candidates: 20 },
    changed: { epochs: 1, candidates: 10 },
  },
  {
    id: 'answer',
    op: 'sql',
    params: { query: 'SELECT segment, count(*) AS n FROM rfm.rfm GROUP BY 1' },
    changed: { query: 'SELECT count(*) AS n FROM rfm.rfm' },
  },
];

const recipe = (changed: boolean) => ({
  version: 1 as const,
  sources,
  steps: CASES.map((c) => ({
    id: c.id,
    op: c.op,
    ...(c.input ? { input: c.input } : {}),
    params: changed ? c.changed : c.params,
  })),
});

let db: NodeDuckDB;
let trainer: Trainer;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  const neural = await neuralTrainer();
  const classifier = await nodeTrainer('rerun-test');
  await tf.setBackend('wasm');
  trainer = { ...classifier.trainer, run: neural.run };
});
afterAll(() => db.close());

/** What a step's run left: per table its columns, row count and every value (hashed), plus the summary. */
async function outcome(report: Report, id: string): Promise<string> {
  const step = report.steps[id]!;
  const tables: Record<string, unknown> = {};
  for (const [ref, info] of Object.entries(step.tables)) {
    const hash = await db.query(`SELECT hash(list(t ORDER BY t::VARCHAR))::VARCHAR AS h FROM ${tableRef(ref)} t`);
    tables[ref] = { rows: info.rows, columns: info.columns, hash: hash.rows[0]!.h };
  }
  // Timings and backends differ from run to run; what the op computed does not.
  const summary = JSON.stringify(step.summary ?? {}, (k, v: unknown) =>
    /ms$|Ms$|^backend|seconds/i.test(k) ? undefined : v,
  );
  return JSON.stringify({ tables, summary });
}

async function hiddenSchemas(): Promise<string[]> {
  return (
    await db.query(`SELECT schema_name AS s FROM duckdb_schemas() WHERE starts_with(schema_name, '__') ORDER BY 1`)
  ).rows.map((r) => String(r.s));
}

describe('re-running steps', () => {
  it('covers every op in the registry', () => {
    expect(new Set(CASES.map((c) => c.op))).toEqual(new Set(Object.keys(OPS)));
  });

  it(
    'runs every op again with the same params, then with changed ones, under the same step ids',
    { timeout: 120_000 },
    async () => {
      const first = await runRecipe(recipe(false), { db, trainer, files: files() });
      expect(first.error).toBeUndefined();
      const before: Record<string, string> = {};
      for (const c of CASES) before[c.id] = await outcome(first, c.id);

      const again = await runRecipe(recipe(false), { db, trainer, files: files() });
      expect(again.error).toBeUndefined();
      for (const c of CASES) expect(again.steps[c.id]!.status, c.id).toBe('ok');

      const changed = await runRecipe(recipe(true), { db, trainer, files: files() });
      expect(changed.error).toBeUndefined();
      for (const c of CASES) {
        expect(changed.steps[c.id]!.status, c.id).toBe('ok');
        // The step's tables are the new run's: what the changed params make, not what the first run made.
        expect(await outcome(changed, c.id), c.id).not.toBe(before[c.id]);
      }
      // A few changes checked by what they mean.
      const n = async (sql: string) => Number((await db.query(sql)).rows[0]!.n);
      expect(await n('SELECT count(DISTINCT cluster)::INT AS n FROM segments.assignments')).toBe(4);
      expect(await n('SELECT max(rank)::INT AS n FROM recs.recommendations')).toBe(5);
      expect(await n(`SELECT count(*)::INT AS n FROM orders.data WHERE quantity <> 1`)).toBe(0);
      expect(changed.steps.bundles!.summary!.itemsets as number).toBeGreaterThan(
        first.steps.bundles!.summary!.itemsets as number,
      );
      expect((await db.query('SELECT * FROM answer.data')).columns.map((col) => col.name)).toEqual(['n']);

      // Users see each step's tables under its id; only the latest run's schema is kept behind each.
      const refs = (await listTables(db)).map((t) => t.ref);
      expect(refs.some((r) => r.startsWith('__'))).toBe(false);
      expect(refs).toContain('bundles.rules');
      expect(await hiddenSchemas()).toEqual(CASES.map((c) => `__run_${c.id}_3`).sort());
    },
  );

  it('keeps the previous tables, readable and unchanged, when a re-run fails', async () => {
    const rules = (maxRules: number) => ({
      version: 1 as const,
      sources: [sources[0]!],
      steps: [
        { id: 'o2', op: 'filter', input: 'events', params: { where: "event_type = 'purchase'" } },
        {
          id: 'b2',
          op: 'assoc-rules',
          input: 'o2',
          params: { transaction: 'order_id', item: 'item_id', minSupport: 0.01, minConfidence: 0.2, maxRules },
        },
      ],
    });
    const ok = await runRecipe(rules(100_000), { db, files: files() });
    expect(ok.error).toBeUndefined();
    const read = async () => (await db.query('SELECT * FROM b2.rules ORDER BY lift DESC, antecedent, consequent')).rows;
    const kept = await read();
    expect(kept.length).toBeGreaterThan(1);
    const failed = await runRecipe(rules(1), { db, files: files(), only: ['b2'] });
    expect(failed.steps.b2!.status).toBe('error');
    expect(failed.error).toMatch(/^step 'b2', field 'maxRules': Stopped: more than 1 rules/);
    expect(await read()).toEqual(kept);
    expect((await db.query('SELECT count(*)::INT AS n FROM b2.itemsets')).rows[0]!.n).toBe(
      ok.steps.b2!.tables['b2.itemsets']!.rows,
    );
    // Nothing of the failed run is left behind.
    expect((await hiddenSchemas()).filter((s) => s.startsWith('__run_b2_'))).toEqual(['__run_b2_1']);

    // Cancelled mid-run: the same.
    const controller = new AbortController();
    const cancelled = runRecipe(rules(100_000), {
      db,
      files: files(),
      only: ['b2'],
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect((await cancelled).steps.b2!.status).not.toBe('ok');
    expect(await read()).toEqual(kept);
    expect((await hiddenSchemas()).filter((s) => s.startsWith('__run_b2_'))).toEqual(['__run_b2_1']);

    // Dropping the step drops its runs too; forgetting everything still leaves nothing.
    await dropStepTables(db, 'b2');
    expect((await hiddenSchemas()).filter((s) => s.startsWith('__run_b2_'))).toEqual([]);
    await expect(db.query(`SELECT * FROM ${ident('b2')}.rules`)).rejects.toThrow();
  });

  it('forgets every run schema with "forget everything"', async () => {
    const forgotten = await forgetDuckDB(db);
    expect(forgotten.remaining).toBe(0);
    expect(await hiddenSchemas()).toEqual([]);
  });
});
