import { describe, it, expect } from 'vitest';
import { nameFromFile, nextStepId, upsertStep } from './edit';
import { mergeReports } from './merge';
import type { Report } from './report';

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
    const step = (status: 'ok' | 'error') => ({ op: 'x', status, startedAt: '', ms: 1, tables: {}, ...(status === 'error' ? { error: { name: 'E', message: 'boom' } } : {}) });
    const report = (steps: Report['steps']): Report => ({
      app: { name: 'custodian', version: '1' }, status: 'ok', recipe: {}, environment: {}, startedAt: 't', ms: 1, steps, egress: { offOrigin: [] },
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
    const columns = [{ name: 'customer_id', type: 'VARCHAR' }, { name: 'account', type: 'VARCHAR' }];
    const r = { version: 1 as const, sources: [], steps: [] };
    expect(roleColumn(r, 't', columns, 'customer')).toBe('customer_id');
    expect(roleColumn(setRole(r, 't', 'account', 'customer'), 't', columns, 'customer')).toBe('account');
  });
});
