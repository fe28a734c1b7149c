import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDuckDB } from '../../lib/data/node-duckdb';
import type { Report, StepReport } from '../../lib/recipe/report';
import { emptyRecipe, type Recipe, type Step } from '../../lib/recipe/schema';
import { RecipeHistory } from './history.svelte';
import { Notices } from './notices.svelte';
import { Results } from './results.svelte';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const orders = { name: 'orders', file: 'orders.csv' };
const rfm: Step = { id: 'rfm1', op: 'rfm', input: 'orders', params: {} };
const seg: Step = { id: 'seg1', op: 'kmeans', input: 'rfm1.rfm', params: { k: 3 } };
const withSteps = (...steps: Step[]): Recipe => ({ ...emptyRecipe(), sources: [orders], steps });
const done: StepReport = { op: 'rfm', status: 'ok', startedAt: '', ms: 1, tables: {} };

/** A step's tables as a run leaves them: schema `<id>` with its table. */
async function made(id: string): Promise<void> {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${id}; CREATE OR REPLACE TABLE ${id}.out AS SELECT 1 AS x`);
}

/** A session's history over the real DuckDB, with a report holding `steps` and the run in progress set by `busy`. */
async function setUp(recipe: Recipe, busy = { now: false }) {
  await db.exec('DROP SCHEMA IF EXISTS rfm1 CASCADE; DROP SCHEMA IF EXISTS seg1 CASCADE');
  await db.exec('CREATE OR REPLACE TABLE orders AS SELECT 1 AS customer_id');
  for (const s of recipe.steps) await made(s.id);
  const results = new Results(db);
  const notices = new Notices();
  const history = new RecipeHistory(results, notices, () => busy.now);
  results.report = {
    steps: Object.fromEntries(recipe.steps.map((s) => [s.id, done])),
  } as unknown as Report;
  history.recipe = recipe;
  await results.refreshTables();
  return { history, results, notices, busy };
}

const refs = (results: Results) => results.tables.map((t) => t.ref);

describe('the recipe history of a session', () => {
  it('undoes an added step by dropping its tables and report entry, and redoes it as a step to run', async () => {
    const { history, results } = await setUp(withSteps());
    history.commit(withSteps(rfm));
    await made('rfm1');
    results.report = { steps: { rfm1: done } } as unknown as Report;
    await history.undo();
    expect(history.recipe.steps).toEqual([]);
    expect(refs(results)).toEqual(['orders']);
    expect(results.report?.steps).toEqual({});
    await history.redo();
    expect(history.recipe.steps).toEqual([rfm]);
    // Redo brings the step back, not its tables: it shows as to run.
    expect(refs(results)).toEqual(['orders']);
    expect(history.past).toHaveLength(1);
    expect(history.future).toHaveLength(0);
  });

  it('refuses Undo while a step runs, with the reason, and changes nothing', async () => {
    const { history, results, notices, busy } = await setUp(withSteps());
    history.commit(withSteps(rfm));
    await made('rfm1');
    await results.refreshTables();
    busy.now = true;
    await history.undo();
    expect(notices.error).toBe('Another step is still running.');
    expect(history.recipe.steps).toEqual([rfm]);
    expect(history.past).toHaveLength(1);
    expect(refs(results)).toContain('rfm1.out');
  });

  it('removes a step no other step reads, tables and all; Undo puts the step back', async () => {
    const { history, results } = await setUp(withSteps(rfm, seg));
    expect(await history.removeStep('seg1')).toBe(true);
    expect(history.recipe.steps).toEqual([rfm]);
    expect(refs(results)).toEqual(['orders', 'rfm1.out']);
    expect(Object.keys(results.report!.steps)).toEqual(['rfm1']);
    await history.undo();
    expect(history.recipe.steps).toEqual([rfm, seg]);
  });

  it('keeps a step that a later step reads, saying which one to undo first', async () => {
    const { history, results, notices } = await setUp(withSteps(rfm, seg));
    expect(await history.removeStep('rfm1')).toBe(false);
    expect(notices.error).toBe("Step 'rfm1' is used by 'seg1': undo that step first.");
    expect(history.recipe.steps).toEqual([rfm, seg]);
    expect(refs(results)).toEqual(['orders', 'rfm1.out', 'seg1.out']);
    expect(history.past).toEqual([]);
  });

  it('records a role change for Undo, and forgets every version on reset', async () => {
    const { history } = await setUp(withSteps());
    history.setRole('orders', 'customer_id', 'customer');
    expect(history.recipe.roles).toEqual({ orders: { customer_id: 'customer' } });
    await history.undo();
    expect(history.recipe.roles?.orders?.customer_id).toBeUndefined();
    history.reset();
    expect(history.recipe).toEqual(emptyRecipe());
    expect([history.past, history.future]).toEqual([[], []]);
  });
});
