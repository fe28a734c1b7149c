import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { generateSamples } from '../../samples/generate';
import { nodeTrainer } from '../../test-support/node-trainer';
import type { Trainer } from '../ops/types';
import { runRecipe } from './engine';
import { migrateRecipe } from './migrate';
import { RECIPE_VERSION } from './schema';
import { validateRecipe } from './validate';

let db: NodeDuckDB;
let trainer: Trainer;
const samples = generateSamples();
beforeAll(async () => {
  ({ trainer } = await nodeTrainer('recipe-migrate-test'));
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

/** The churn model of the sample shop, its split and class weights written as `version` writes them. */
const churn = (version: number, params: Record<string, unknown>) => ({
  version,
  sources: [
    { name: 'events', file: 'events.csv' },
    { name: 'customers', file: 'customers.csv' },
  ],
  steps: [
    { id: 'rfm1', op: 'rfm', input: 'events', params: { customer: 'customer_id', time: 'ts', amount: 'amount' } },
    {
      id: 'churn1',
      op: 'train-classifier',
      input: 'rfm1',
      params: {
        features: ['recency_days', 'frequency', 'monetary'],
        label: 'churned',
        labelTable: 'customers',
        key: 'customer',
        labelKey: 'customer_id',
        model: 'logistic',
        epochs: 5,
        importanceRepeats: 0,
        ...params,
      },
    },
  ],
});

const OLD = { classWeights: false, testFraction: 0.25, validationFraction: 0.2, seed: 7 };
const NEW = { classWeight: 'none', split: { test: 0.25, validation: 0.2, seed: 7 } };

describe('recipe migration 1 → 2', () => {
  it("validates a version-1 recipe's older train-classifier names as the current ones", () => {
    expect(RECIPE_VERSION).toBe(2);
    const { recipe, params } = validateRecipe(churn(1, OLD));
    expect(recipe.version).toBe(2);
    expect(recipe.steps[1]!.params).toEqual(churn(2, NEW).steps[1]!.params);
    expect(params.get('churn1')).toMatchObject({
      classWeight: 'none',
      split: { test: 0.25, validation: 0.2, seed: 7 },
    });
    expect(params.get('churn1')).not.toHaveProperty('classWeights');
    expect(params.get('churn1')).not.toHaveProperty('testFraction');
    // Only what was given moves; the split's defaults fill the rest, as the older names' did.
    expect(validateRecipe(churn(1, { classWeights: true, testFraction: 0.3 })).params.get('churn1')).toMatchObject({
      classWeight: 'balanced',
      split: { test: 0.3, validation: 0.1, seed: 42 },
    });
  });

  it('refuses an older name beside its current one, and the older names in a version-2 recipe', () => {
    expect(() => validateRecipe(churn(1, { classWeight: 'none', classWeights: true }))).toThrow(
      /step 'churn1', field 'classWeights': give `classWeight` .*not both/,
    );
    expect(() => validateRecipe(churn(1, { split: { test: 0.2 }, testFraction: 0.3 }))).toThrow(
      /step 'churn1', field 'split': .*or the older testFraction/,
    );
    expect(() => validateRecipe(churn(2, { classWeights: false }))).toThrow(
      "step 'churn1', field 'classWeights': unknown field",
    );
  });

  it('leaves a current recipe, and what is not a recipe, as they are', () => {
    const current = churn(2, NEW);
    expect(migrateRecipe(current)).toBe(current);
    expect(migrateRecipe('not a recipe')).toBe('not a recipe');
    expect(() => validateRecipe({ ...current, version: 3 })).toThrow(/field 'version'/);
  });

  it('runs a version-1 recipe with the older names to the same model as its version-2 form', async () => {
    const files = () => ({ events: new Blob([samples.events]), customers: new Blob([samples.customers]) });
    const old = await runRecipe(churn(1, OLD), { db, trainer, files: files() });
    expect(old.error).toBeUndefined();
    expect((old.recipe as { version: number }).version).toBe(2);
    const rows = async () =>
      (await db.query('SELECT entity, split, score FROM churn1.predictions ORDER BY entity')).rows;
    const before = await rows();
    const current = await runRecipe(churn(2, NEW), { db, trainer, files: files() });
    expect(current.error).toBeUndefined();
    const s = (r: typeof old) => r.steps.churn1!.summary!;
    // 25 % test and 20 % of the rest for validation, seeded 7: the same rows in the same splits, the same scores.
    expect(s(old).split).toEqual(s(current).split);
    expect(s(old).auc).toBe(s(current).auc);
    expect(before.length).toBeGreaterThan(0);
    expect(await rows()).toEqual(before);
  }, 120_000);
});
