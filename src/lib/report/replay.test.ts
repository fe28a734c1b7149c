import { describe, it, expect } from 'vitest';
import { driftStepFor, replayPlan } from './replay';
import type { Recipe } from '../recipe/schema';
import type { Report, StepReport } from '../recipe/report';

const fittedScale = { version: 1, method: 'standardize', columns: [{ name: 'spend', mean: 10, scale: 2 }] };
const fittedPca = {
  version: 1,
  features: ['spend'],
  standardize: true,
  means: [10],
  scales: [2],
  components: [[1]],
  explainedVariance: [1],
};

const recipe: Recipe = {
  version: 1,
  sources: [
    { name: 'events', file: 'events.csv', delimiter: ',' },
    { name: 'customers', file: 'customers.csv' },
  ],
  steps: [
    { id: 'features1', op: 'features', input: 'events', params: {} },
    { id: 'scaled', op: 'transform', input: 'features1', params: { method: 'standardize' } },
    {
      id: 'frozen',
      op: 'transform',
      input: 'features1',
      params: { method: 'minmax', fitted: { version: 1, method: 'minmax', columns: [] } },
    },
    { id: 'broken', op: 'transform', input: 'features1', params: { method: 'robust' } },
    { id: 'chosen', op: 'select', input: 'scaled', params: { entity: 'customer_id', label: 'churned' } },
    { id: 'pcs', op: 'pca', input: 'chosen', params: { entity: 'customer_id' } },
    { id: 'churn', op: 'train-classifier', input: 'chosen', params: { label: 'churned', save: 'churn model' } },
    { id: 'rfm1', op: 'rfm', input: 'events', params: {} },
  ],
};

const step = (op: string, status: StepReport['status'], summary?: StepReport['summary']): StepReport => ({
  op,
  status,
  startedAt: '2025-07-01T00:00:00Z',
  ms: 1,
  tables: {},
  ...(summary ? { summary } : {}),
});
const previous: Report = {
  app: { name: 'custodian', version: '0.1.0' },
  status: 'error',
  recipe,
  environment: {},
  startedAt: '2025-07-01T00:00:00Z',
  ms: 10,
  egress: { offOrigin: [] },
  steps: {
    events: step('load', 'ok'),
    customers: step('load', 'ok'),
    features1: step('features', 'ok', { features: 40 }),
    scaled: step('transform', 'ok', { fitted: fittedScale }),
    frozen: step('transform', 'ok', { fitted: { version: 1, method: 'minmax', columns: [{ name: 'other' }] } }),
    broken: step('transform', 'error'),
    chosen: step('select', 'ok', {}),
    pcs: step('pca', 'ok', { fitted: fittedPca }),
    churn: step('train-classifier', 'ok', { auc: 0.8 }),
    rfm1: step('rfm', 'error'),
  },
};

describe('replayPlan', () => {
  const plan = replayPlan(recipe, previous, { events: 'events-2025H2.csv' });
  const byId = (id: string) => plan.recipe.steps.find((s) => s.id === id)!;

  it('puts the previous fit of every transform and pca step into params.fitted, unchanged', () => {
    expect(byId('scaled').params).toEqual({ method: 'standardize', fitted: fittedScale });
    expect(byId('pcs').params).toEqual({ entity: 'customer_id', fitted: fittedPca });
    expect(plan.replayed).toEqual(['scaled', 'pcs']);
  });

  it('keeps a step frozen before as it is, and says which steps have no fit to replay', () => {
    // `frozen` keeps its own params.fitted, not the summary's.
    expect(byId('frozen').params.fitted).toEqual({ version: 1, method: 'minmax', columns: [] });
    expect(plan.frozen).toEqual(['frozen']);
    expect(plan.unfitted).toEqual(['broken']);
    expect(byId('broken').params).toEqual({ method: 'robust' });
  });

  it('retrains classifiers without saving over the registry model, and names steps that refit', () => {
    expect(plan.retrained).toEqual(['churn']);
    expect(plan.unsaved).toEqual(['churn']);
    expect(byId('churn').params).toEqual({ label: 'churned' });
    expect(plan.refitted).toEqual(['chosen']);
    // The input recipe is not changed.
    expect(recipe.steps[6]!.params.save).toBe('churn model');
    expect(recipe.steps[1]!.params.fitted).toBeUndefined();
  });

  it('points the sources at the new files and keeps the old feature table as a Parquet source', () => {
    expect(plan.recipe.sources).toEqual([
      { name: 'events', file: 'events-2025H2.csv', delimiter: ',' },
      { name: 'customers', file: 'customers.csv' },
      { name: 'features1_previous', file: 'features1_previous.parquet', format: 'parquet' },
    ]);
    // rfm1 failed last time: nothing of it to keep.
    expect(plan.snapshots).toEqual([
      {
        step: 'features1',
        table: 'features1.features',
        source: 'features1_previous',
        file: 'features1_previous.parquet',
      },
    ]);
  });

  it('a new file of another format drops the old format and delimiter', () => {
    const p = replayPlan(recipe, previous, { events: 'events.parquet' });
    expect(p.recipe.sources[0]).toEqual({ name: 'events', file: 'events.parquet' });
  });

  it('a second re-run replaces the snapshot source; a name in use for something else is not taken', () => {
    const again = replayPlan(plan.recipe, previous, {});
    expect(again.recipe.sources.map((s) => s.name)).toEqual(['events', 'customers', 'features1_previous']);
    const clash: Recipe = { ...recipe, sources: [...recipe.sources, { name: 'features1_previous', file: 'mine.csv' }] };
    const p = replayPlan(clash, previous, {});
    expect(p.snapshots).toEqual([]);
    expect(p.recipe.sources.find((s) => s.name === 'features1_previous')).toEqual({
      name: 'features1_previous',
      file: 'mine.csv',
    });
  });

  it('without a previous run nothing is replayed or kept', () => {
    const p = replayPlan(recipe, null, {});
    expect([p.replayed, p.snapshots, p.unfitted]).toEqual([[], [], ['scaled', 'broken', 'pcs']]);
  });
});

describe('driftStepFor', () => {
  it('makes a drift step of the new table against the snapshot, or reuses the one that exists', () => {
    const snap = {
      step: 'features1',
      table: 'features1.features',
      source: 'features1_previous',
      file: 'features1_previous.parquet',
    };
    const drift = driftStepFor(recipe, snap);
    expect(drift).toEqual({
      id: 'drift_features11',
      op: 'drift',
      input: 'features1.features',
      params: { reference: 'features1_previous' },
    });
    const withIt: Recipe = { ...recipe, steps: [...recipe.steps, { ...drift, id: 'mine' }] };
    expect(driftStepFor(withIt, snap).id).toBe('mine');
  });
});
