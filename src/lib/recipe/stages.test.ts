import { describe, it, expect } from 'vitest';
import { outdatedClosure, readsFrom, stepDefinition, stageOf, stageStates } from './stages';
import type { Recipe } from './schema';
import type { Report, StepReport } from './report';

const recipe: Recipe = {
  version: 1,
  sources: [{ name: 'events', file: 'events.csv' }, { name: 'customers', file: 'customers.csv' }],
  steps: [
    { id: 'orders', op: 'filter', input: 'events', params: { where: "event_type = 'purchase'" } },
    { id: 'f', op: 'features', input: 'orders', params: { profileTable: 'customers' } },
    { id: 'sel', op: 'select', input: 'f', params: { label: 'churned', labelTable: 'customers' } },
    { id: 'recs', op: 'recommend', input: 'orders', params: {} },
    { id: 'bad', op: 'kmeans', input: 'f', params: {} },
    { id: 'later', op: 'drift', input: 'f.features', params: { reference: 'f.features' } },
  ],
};
const at = (minute: number, status: StepReport['status'] = 'ok'): StepReport => ({ op: 'x', status, startedAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00Z`, ms: 1, tables: {} });
const report = (steps: Record<string, StepReport>): Report => ({ app: { name: 'custodian', version: '0' }, status: 'ok', recipe, environment: {}, startedAt: '', ms: 0, steps, egress: { offOrigin: [] } });

describe('stages', () => {
  it('maps ops to stages and reads table params as inputs', () => {
    expect(['filter', 'rfm', 'pca', 'recommend', 'evaluate-recs', 'score', 'drift'].map(stageOf)).toEqual(['prepare', 'explore', 'features', 'train', 'test', 'apply', 'monitor']);
    expect(readsFrom(recipe.steps[2]!)).toEqual(['f', 'customers']);
    expect(readsFrom(recipe.steps[5]!)).toEqual(['f']);
  });

  it('marks everything done when each step ran after what it reads', () => {
    const s = stageStates(recipe, report({ events: at(1), customers: at(1), orders: at(2), f: at(3), sel: at(4), recs: at(4), bad: at(5, 'error'), later: at(6) }));
    expect(s.prepare).toEqual({ done: ['orders'], stale: [], failed: [], pending: [], cancelled: [] });
    expect(s.features).toEqual({ done: ['f', 'sel'], stale: [], failed: [], pending: [], cancelled: [] });
    expect(s.train).toEqual({ done: ['recs'], stale: [], failed: ['bad'], pending: [], cancelled: [] });
    expect(s.monitor.done).toEqual(['later']);
  });

  it('keeps a cancelled step apart from failed ones, and its readers and itself to run again', () => {
    const s = stageStates(recipe, report({ events: at(1), customers: at(1), orders: at(2), f: at(3, 'cancelled'), sel: at(4), recs: at(4), bad: at(5), later: at(6) }));
    expect(s.features).toEqual({ done: [], stale: ['sel'], failed: [], pending: [], cancelled: ['f'] });
    expect(Object.values(s).flatMap((st) => st.failed)).toEqual([]);
    expect(outdatedClosure(recipe, s, ['sel'])).toEqual(['f', 'sel']);
    // A cancelled first run is not in the recipe; it still shows in its op's stage.
    const first = stageStates(recipe, report({ orders: at(2), next_item: { ...at(3, 'cancelled'), op: 'train-sequence' }, events: { ...at(1, 'cancelled'), op: 'load' } }));
    expect(first.train.cancelled).toEqual(['next_item']);
    expect(first.prepare.cancelled).toEqual([]);
  });

  it('marks readers stale when an input was re-run after them, transitively', () => {
    // orders re-ran at minute 9: f, sel, recs and later are behind (later through f).
    const s = stageStates(recipe, report({ events: at(1), customers: at(1), orders: at(9), f: at(3), sel: at(4), recs: at(4), later: at(6) }));
    expect(s.features.stale).toEqual(['f', 'sel']);
    expect(s.train.stale).toEqual(['recs']);
    expect(s.train.pending).toEqual(['bad']);
    expect(s.monitor.stale).toEqual(['later']);
    // A profile table reloaded after features ran makes features (and its readers) stale too.
    const t = stageStates(recipe, report({ events: at(1), customers: at(8), orders: at(2), f: at(3), sel: at(9), recs: at(4) }));
    expect(t.features.stale).toEqual(['f', 'sel']);
    expect(t.train.done).toEqual(['recs']);
  });

  it('marks a step stale when it was edited (or undone to another version) since it ran, and its readers with it', () => {
    const ran = (id: string, minute: number, step = recipe.steps.find((x) => x.id === id)!) => ({ ...at(minute), definition: stepDefinition(step) });
    const steps = { events: at(1), customers: at(1), orders: ran('orders', 2), f: ran('f', 3), sel: ran('sel', 4), recs: ran('recs', 4) };
    expect(stageStates(recipe, report(steps)).features.done).toEqual(['f', 'sel']);
    // The same params in another key order are the same step.
    const reordered = { ...recipe.steps[1]!, params: { profileTable: 'customers' }, input: 'orders', op: 'features', id: 'f' };
    expect(stepDefinition(reordered)).toBe(stepDefinition(recipe.steps[1]!));
    // f ran with another profile table than the recipe now names.
    const edited = { ...steps, f: ran('f', 3, { ...recipe.steps[1]!, params: { profileTable: 'crm' } }) };
    const s = stageStates(recipe, report(edited));
    expect(s.features.stale).toEqual(['f', 'sel']);
    expect(s.train.done).toEqual(['recs']);
  });

  it('runs what a stage needs with the outdated steps it reads from, in recipe order', () => {
    // Nothing ran: sel needs f, which needs orders.
    const none = stageStates(recipe, null);
    expect(outdatedClosure(recipe, none, ['sel'])).toEqual(['orders', 'f', 'sel']);
    // orders re-ran: f and sel are stale, recs too; bringing recs up to date needs nothing else.
    const s = stageStates(recipe, report({ events: at(1), customers: at(1), orders: at(9), f: at(3), sel: at(4), recs: at(4), later: at(6) }));
    expect(outdatedClosure(recipe, s, ['recs'])).toEqual(['recs']);
    expect(outdatedClosure(recipe, s, ['later'])).toEqual(['f', 'later']);
  });

  it('with no report, every step is pending', () => {
    expect(stageStates(recipe, null).features.pending).toEqual(['f', 'sel']);
  });
});
