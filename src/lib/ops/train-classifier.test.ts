import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { NodeDuckDB } from '../data/node-duckdb';
import { runRecipe } from '../recipe/engine';
import { trainClassifier } from '../ml/train-classifier';
import { generateSamples } from '../samples/generate';
import type { Trainer } from './types';

// The same trainer the training worker runs, on TF.js's CPU backend in Node.
const trainer: Trainer = { train: (req, onEpoch) => trainClassifier(tf, req, { name: 'cpu', reasons: [] }, { onEpoch }) };

let db: NodeDuckDB;
const samples = generateSamples();
beforeAll(async () => {
  await tf.setBackend('cpu');
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const recipe = (events: string) => ({
  version: 1,
  sources: [{ name: events, file: 'events.csv' }, { name: 'customers', file: 'customers.csv' }],
  steps: [
    { id: 'rfm1', op: 'rfm', input: events, params: { customer: 'customer_id', time: 'ts', amount: 'amount', basket: 'order_id' } },
    {
      id: 'churn1', op: 'train-classifier', input: 'rfm1',
      params: { features: ['recency_days', 'frequency', 'monetary'], label: 'churned', labelTable: 'customers', key: 'customer', labelKey: 'customer_id', epochs: 30 },
    },
  ],
});

describe('train-classifier op on the sample shop', () => {
  it('recovers the planted churn signal from RFM features, reproducibly and regardless of row order', async () => {
    const files = { events: new Blob([samples.events]), customers: new Blob([samples.customers]) };
    const a = await runRecipe(recipe('events'), { db, trainer, files });
    expect(a.error).toBeUndefined();
    const s = a.steps.churn1!.summary!;
    // PLANTED.md: recency alone gives AUC ≈ 0.85 on this data; a model on R, F, M must be near that.
    expect(s.testAuc).toBeGreaterThan(0.78);
    expect(s.tensorsLeaked).toBe(0);
    expect(s.split).toMatchObject({ stratified: true, seed: 42 });

    // Same data, rows reversed: the report must not change.
    const lines = samples.events.trimEnd().split('\n');
    const reversed = [lines[0], ...lines.slice(1).reverse()].join('\n');
    const b = await runRecipe(recipe('events_reversed'), { db, trainer, files: { events_reversed: new Blob([reversed]), customers: files.customers } });
    expect(b.steps.churn1!.summary!.testAuc).toBe(s.testAuc);
  });

  it('explains a non-binary label and a missing label table column', async () => {
    const bad = recipe('events');
    (bad.steps[1]!.params as Record<string, unknown>).label = 'city';
    const r = await runRecipe(bad, { db, trainer, files: { events: new Blob([samples.events]), customers: new Blob([samples.customers]) } });
    expect(r.error).toMatch(/^step 'churn1', field 'label': must be binary \(0\/1, true\/false, yes\/no\); found '/);
    (bad.steps[1]!.params as Record<string, unknown>).label = 'nope';
    const r2 = await runRecipe(bad, { db, trainer, only: ['churn1'] });
    expect(r2.error).toBe("step 'churn1', field 'label': column 'nope' not found in 'customers' (columns: customer_id, signup_date, age, gender, city, planted_segment, churned)");
  });
});
