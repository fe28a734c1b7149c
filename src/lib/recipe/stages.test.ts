import { describe, it, expect } from 'vitest';
import { fileFingerprint, outdatedClosure, readsFrom, stepBasis, stepDefinition, stageOf, stageStates } from './stages';
import type { Recipe } from './schema';
import type { Report, StepReport } from './report';

const recipe: Recipe = {
  version: 1,
  sources: [
    { name: 'events', file: 'events.csv' },
    { name: 'customers', file: 'customers.csv' },
  ],
  steps: [
    { id: 'orders', op: 'filter', input: 'events', params: { where: "event_type = 'purchase'" } },
    { id: 'f', op: 'features', input: 'orders', params: { profileTable: 'customers' } },
    { id: 'sel', op: 'select', input: 'f', params: { label: 'churned', labelTable: 'customers' } },
    { id: 'recs', op: 'recommend', input: 'orders', params: {} },
    { id: 'bad', op: 'kmeans', input: 'f', params: {} },
    { id: 'later', op: 'drift', input: 'f.features', params: { reference: 'f.features' } },
  ],
};

/**
 * A session's report as the engine writes it: `load` records a file's fingerprint, `run` a step's
 * definition and what it read (`stepBasis` over the report so far), each replacing its earlier entry.
 */
function session(r: Recipe = recipe) {
  let rec = r;
  const steps: Record<string, StepReport> = {};
  let minute = 0; // each entry starts a minute after the one before: later never means stale by itself
  const entry = (status: StepReport['status'] = 'ok'): StepReport => ({
    op: 'x',
    status,
    startedAt: new Date(Date.UTC(2026, 0, 1) + ++minute * 60_000).toISOString(),
    ms: 1,
    tables: {},
  });
  const api = {
    load(name: string, file: Blob = new File(['a,b\n1,2\n'], `${name}.csv`, { lastModified: 1 })) {
      steps[name] = { ...entry(), fingerprint: fileFingerprint(file, name) };
      return api;
    },
    run(...ids: string[]) {
      for (const id of ids) {
        const step = rec.steps.find((s) => s.id === id)!;
        steps[id] = {
          ...entry(id === 'bad' ? 'error' : 'ok'),
          definition: stepDefinition(step),
          basis: stepBasis(rec, step, steps),
        };
      }
      return api;
    },
    edit(id: string, params: Record<string, unknown>) {
      rec = { ...rec, steps: rec.steps.map((s) => (s.id === id ? { ...s, params } : s)) };
      return api;
    },
    steps,
    states: () => stageStates(rec, report(steps)),
    get recipe() {
      return rec;
    },
  };
  return api;
}
const report = (steps: Record<string, StepReport>): Report => ({
  app: { name: 'custodian', version: '0' },
  status: 'ok',
  recipe,
  environment: {},
  startedAt: '',
  ms: 0,
  steps: { ...steps },
  egress: { offOrigin: [] },
});
const everything = () => session().load('events').load('customers').run('orders', 'f', 'sel', 'recs', 'bad', 'later');
const staleSteps = (s: ReturnType<typeof stageStates>) =>
  Object.values(s)
    .flatMap((x) => x.stale)
    .sort();

describe('stages', () => {
  it('maps ops to stages and reads table params as inputs', () => {
    expect(['filter', 'rfm', 'pca', 'recommend', 'evaluate-recs', 'score', 'drift'].map(stageOf)).toEqual([
      'prepare',
      'explore',
      'features',
      'train',
      'test',
      'apply',
      'monitor',
    ]);
    expect(readsFrom(recipe.steps[2]!)).toEqual(['f', 'customers']);
    expect(readsFrom(recipe.steps[5]!)).toEqual(['f']);
  });

  it('marks everything done when each step ran on what the recipe says now', () => {
    const s = everything().states();
    expect(s.prepare).toEqual({ done: ['orders'], stale: [], failed: [], pending: [], cancelled: [] });
    expect(s.features).toEqual({ done: ['f', 'sel'], stale: [], failed: [], pending: [], cancelled: [] });
    expect(s.train).toEqual({ done: ['recs'], stale: [], failed: ['bad'], pending: [], cancelled: [] });
    expect(s.monitor.done).toEqual(['later']);
  });

  it('keeps a cancelled step apart from failed ones, and its readers and itself to run again', () => {
    const app = everything();
    app.steps.f = { ...app.steps.f!, status: 'cancelled' };
    const s = app.states();
    expect(s.features).toEqual({ done: [], stale: ['sel'], failed: [], pending: [], cancelled: ['f'] });
    expect(Object.values(s).flatMap((st) => st.failed)).toEqual(['bad']);
    expect(outdatedClosure(app.recipe, s, ['sel'])).toEqual(['f', 'sel']);
    // A cancelled first run is not in the recipe; it still shows in its op's stage.
    const first = stageStates(
      recipe,
      report({
        next_item: { ...app.steps.orders!, status: 'cancelled', op: 'train-sequence' },
        events: { ...app.steps.events!, status: 'cancelled', op: 'load' },
      }),
    );
    expect(first.train.cancelled).toEqual(['next_item']);
    expect(first.prepare.cancelled).toEqual([]);
  });

  it('an edited step is stale, and every step that reads it, transitively', () => {
    const s = everything().edit('f', { profileTable: 'customers', window: 30 }).states();
    expect(s.features.stale).toEqual(['f', 'sel']);
    expect(s.monitor.stale).toEqual(['later']);
    expect(s.prepare.done).toEqual(['orders']);
    expect(s.train.done).toEqual(['recs']);
  });

  it('a step whose upstream step was edited and re-run is stale until it runs again', () => {
    const app = everything().edit('orders', { where: "event_type = 'view'" }).run('orders');
    expect(app.states().prepare.done).toEqual(['orders']);
    expect(staleSteps(app.states())).toEqual(['f', 'later', 'recs', 'sel']);
    app.run('f');
    expect(staleSteps(app.states())).toEqual(['later', 'recs', 'sel']);
    app.run('sel', 'recs', 'later');
    expect(staleSteps(app.states())).toEqual([]);
  });

  it('re-running an upstream step with the same definition leaves its readers current', () => {
    const app = everything().run('orders').run('f');
    expect(staleSteps(app.states())).toEqual([]);
    // Editing back and forth to the same params is no change either.
    app.edit('orders', { where: 'true' }).edit('orders', { where: "event_type = 'purchase'" });
    expect(staleSteps(app.states())).toEqual([]);
  });

  it('a source loaded from another file (name, size or last modified) makes its readers stale; the same file does not', () => {
    const same = everything().load('customers');
    expect(staleSteps(same.states())).toEqual([]);
    const newer = everything().load('customers', new File(['a,b\n1,2\n'], 'customers.csv', { lastModified: 2 }));
    // customers is read by f (profileTable) and sel (labelTable): both, and later through f.
    expect(staleSteps(newer.states())).toEqual(['f', 'later', 'sel']);
    const bigger = everything().load('events', new File(['a,b\n1,2\n3,4\n'], 'events.csv', { lastModified: 1 }));
    expect(staleSteps(bigger.states())).toEqual(['f', 'later', 'orders', 'recs', 'sel']);
    const renamed = everything().load('events', new File(['a,b\n1,2\n'], 'events (2).csv', { lastModified: 1 }));
    expect(staleSteps(renamed.states()).length).toBe(5);
  });

  it('an upstream step without a current result (failed on its re-run, undone) makes its readers stale', () => {
    expect(staleSteps(stageStates(recipe, report({})))).toEqual([]); // nothing ran: pending, not stale
    const app = everything();
    app.steps.orders = { ...app.steps.orders!, status: 'error' };
    const failed = app.states();
    expect(failed.prepare.failed).toEqual(['orders']);
    expect(staleSteps(failed)).toEqual(['f', 'later', 'recs', 'sel']);
    delete app.steps.orders;
    expect(app.states().prepare.pending).toEqual(['orders']);
    expect(staleSteps(app.states())).toEqual(['f', 'later', 'recs', 'sel']);
  });

  it('reports saved before steps recorded what they were computed from are taken as current', () => {
    const old = (): StepReport => ({ op: 'x', status: 'ok', startedAt: '2026-01-01T00:00:00Z', ms: 1, tables: {} });
    const steps = Object.fromEntries(
      ['events', 'customers', 'orders', 'f', 'sel', 'recs', 'later'].map((id) => [id, old()]),
    );
    expect(staleSteps(stageStates(recipe, report(steps)))).toEqual([]);
  });

  it('the model name a step saves under is not part of what it computes', () => {
    const step = { id: 'm', op: 'train-classifier', input: 'f', params: { label: 'churned' } };
    expect(stepDefinition({ ...step, params: { ...step.params, save: 'churn model' } })).toBe(stepDefinition(step));
    // The same params in another key order are the same step.
    expect(stepDefinition({ id: 'f', op: 'features', params: { profileTable: 'customers' }, input: 'orders' })).toBe(
      stepDefinition(recipe.steps[1]!),
    );
  });

  it('runs what a stage needs with the outdated steps it reads from, in recipe order', () => {
    // Nothing ran: sel needs f, which needs orders.
    const none = stageStates(recipe, null);
    expect(outdatedClosure(recipe, none, ['sel'])).toEqual(['orders', 'f', 'sel']);
    // orders was edited and re-run: f, sel, recs and later are stale; recs needs nothing else.
    const app = everything().edit('orders', { where: 'true' }).run('orders');
    expect(outdatedClosure(app.recipe, app.states(), ['recs'])).toEqual(['recs']);
    expect(outdatedClosure(app.recipe, app.states(), ['later'])).toEqual(['f', 'later']);
  });

  it('with no report, every step is pending', () => {
    expect(stageStates(recipe, null).features.pending).toEqual(['f', 'sel']);
  });
});
