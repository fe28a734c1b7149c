import { describe, it, expect } from 'vitest';
import { dependentsOf, isNoChange, nameFromFile, nextStepId, recipeChange, upsertStep, insertStepBefore } from './edit';
import { mergeReports } from './merge';
import type { Report } from './report';
import type { Recipe } from './schema';

describe('recipe editing', () => {
  it('makes table names from file names', () => {
    expect(nameFromFile('Online Retail (2011).csv')).toBe('online_retail_2011');
    expect(nameFromFile('2024 events.csv')).toBe('t_2024_events');
    expect(nameFromFile('客户.csv')).toBe('table');
    expect(nameFromFile('events.csv', ['events', 'events_2'])).toBe('events_3');
  });

  it('numbers steps and replaces a step in place', () => {
    const r = { version: 1 as const, sources: [], steps: [{ id: 'rfm1', op: 'rfm', params: {} }] };
    expect(nextStepId(r, 'rfm')).toBe('rfm2');
    const r2 = upsertStep(r, { id: 'rfm1', op: 'rfm', params: { a: 1 } });
    expect(r2.steps).toEqual([{ id: 'rfm1', op: 'rfm', params: { a: 1 } }]);
  });

  it('merges partial reports, an error anywhere making the whole an error', () => {
    const step = (status: 'ok' | 'error') => ({
      op: 'x',
      status,
      startedAt: '',
      ms: 1,
      tables: {},
      ...(status === 'error' ? { error: { name: 'E', message: 'boom' } } : {}),
    });
    const report = (steps: Report['steps']): Report => ({
      app: { name: 'custodian', version: '1' },
      status: 'ok',
      recipe: {},
      environment: {},
      startedAt: 't',
      ms: 1,
      steps,
      egress: { offOrigin: [] },
    });
    const merged = mergeReports(report({ a: step('ok') }), report({ b: step('error') }));
    expect(Object.keys(merged.steps)).toEqual(['a', 'b']);
    expect(merged.status).toBe('error');
    expect(merged.error).toBe('boom');
    expect(mergeReports(merged, report({ b: step('ok') })).status).toBe('ok');
  });
});

describe('roleColumn', () => {
  it('prefers the role set in the recipe over the guess from names', async () => {
    const { roleColumn, setRole } = await import('./edit');
    const columns = [
      { name: 'customer_id', type: 'VARCHAR' },
      { name: 'account', type: 'VARCHAR' },
    ];
    const r = { version: 1 as const, sources: [], steps: [] };
    expect(roleColumn(r, 't', columns, 'customer')).toBe('customer_id');
    expect(roleColumn(setRole(r, 't', 'account', 'customer'), 't', columns, 'customer')).toBe('account');
  });
});

describe('recipeChange', () => {
  const base: Recipe = {
    version: 1,
    sources: [{ name: 'events', file: 'events.csv' }],
    roles: { events: { ts: 'time' } },
    steps: [
      { id: 'rfm1', op: 'rfm', input: 'events', params: { customer: 'customer_id' } },
      { id: 'k1', op: 'kmeans', input: 'rfm1', params: { k: 4 } },
    ],
  };

  it('names the steps added, removed and edited and the tables whose roles changed; sources are not edits', () => {
    const next: Recipe = {
      ...base,
      sources: [...base.sources, { name: 'items', file: 'items.csv' }],
      roles: { events: { ts: 'time', amount: 'amount' } },
      steps: [
        { ...base.steps[1]!, params: { k: 5 } },
        { id: 'c1', op: 'cohorts', input: 'events', params: {} },
      ],
    };
    expect(recipeChange(base, next)).toEqual({ added: ['c1'], removed: ['rfm1'], edited: ['k1'], roles: ['events'] });
    expect(isNoChange(recipeChange(base, { ...base, sources: next.sources }))).toBe(true);
  });

  it('dependentsOf finds readers through input and every table param', () => {
    const r: Recipe = {
      ...base,
      steps: [...base.steps, { id: 'd1', op: 'drift', input: 'events', params: { reference: 'rfm1.rfm' } }],
    };
    expect(dependentsOf(r, 'rfm1')).toEqual(['k1', 'd1']);
    expect(dependentsOf(r, 'k1')).toEqual([]);
  });
});

describe('insertStepBefore', () => {
  it('puts a filter before the step that is to read it, leaving the others in order', () => {
    const recipe = {
      version: 1 as const,
      sources: [],
      steps: [
        { id: 'rfm1', op: 'rfm', input: 'sales', params: {} },
        { id: 'seg', op: 'kmeans', input: 'rfm1.rfm', params: {} },
      ],
    };
    const out = insertStepBefore(recipe, 'rfm1', {
      id: 'purchases1',
      op: 'filter',
      input: 'sales',
      params: { where: 'x > 0' },
    });
    expect(out.steps.map((s) => s.id)).toEqual(['purchases1', 'rfm1', 'seg']);
    expect(recipe.steps.map((s) => s.id)).toEqual(['rfm1', 'seg']);
    expect(
      insertStepBefore(recipe, 'nope', { id: 'f', op: 'filter', input: 'sales', params: {} }).steps.map((s) => s.id),
    ).toEqual(['rfm1', 'seg', 'f']);
  });
});
