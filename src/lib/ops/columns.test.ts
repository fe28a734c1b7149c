import { describe, it, expect } from 'vitest';
import { OPS } from './registry';

/** The column params the engine checks, as derived from each op's declared `columns`. */
const check = (op: string, params: Record<string, unknown>) =>
  OPS[op]!.columnParams!(OPS[op]!.params.parse(params) as never);

describe('column params declared once, with their role', () => {
  it('lists scalar params by name (null = absent) and list params by index', () => {
    expect(check('rfm', { customer: 'c', time: 't', amount: 'a' })).toEqual([
      ['customer', 'c'],
      ['time', 't'],
      ['amount', 'a'],
      ['quantity', undefined],
      ['price', undefined],
      ['basket', undefined],
      ['eventColumn', undefined],
    ]);
    expect(check('features', { customer: null, time: 't' }).slice(0, 4)).toEqual([
      ['customer', undefined],
      ['item', undefined],
      ['basket', undefined],
      ['time', 't'],
    ]);
    expect(check('train-classifier', { label: 'y', features: ['a', 'b'] })).toEqual([
      ['features[0]', 'a'],
      ['features[1]', 'b'],
      ['label', 'y'],
      ['entity', undefined],
    ]);
  });

  it('checks a param only where it names an input column (label in another table, lookalike, item table)', () => {
    expect(check('train-classifier', { label: 'y', labelTable: 'labels', key: 'id' })).toEqual([
      ['key', 'id'],
      ['entity', undefined],
    ]);
    expect(
      check('recommend', { algorithm: 'lookalike', customer: 'c', features: ['f'], seedTable: 's' }).map(([f]) => f),
    ).toEqual(['customer', 'features[0]']);
    expect(check('features', { time: 't', itemTable: 'items' }).map(([f]) => f)).not.toContain('category');
    expect(check('features', { time: 't' }).map(([f]) => f)).toContain('category');
  });

  it('gives every role-bearing column param of the template ops a role the mapping screen can fill', () => {
    for (const op of [
      'rfm',
      'cohorts',
      'clv',
      'features',
      'assoc-rules',
      'graph',
      'recommend',
      'evaluate-recs',
      'train-sequence',
      'sequences',
      'select',
      'train-classifier',
      'score',
      'fairness',
      'profile',
    ]) {
      expect(OPS[op]!.columns, op).toBeDefined();
    }
    expect(OPS.rfm!.columns!.customer).toEqual({ role: 'customer', required: true });
    expect(OPS.graph!.columns!.transaction!.role).toBe('basket');
  });
});
