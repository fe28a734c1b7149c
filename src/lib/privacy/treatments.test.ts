import { describe, it, expect } from 'vitest';
import { parseRule, pseudonymiseParams, treatmentChoices, treatmentKey, GENERALISE_RULE } from './treatments';

describe('treatment choices', () => {
  it('offer what fits the column type, with the suggestion first when it is not a standard choice', () => {
    expect(treatmentChoices('INTEGER')).toEqual([
      'hash',
      'drop',
      'mask:email',
      'mask:phone',
      'mask:keep-last-4',
      'mask:all',
      'generalise:band5',
      'generalise:band10',
      'generalise:band20',
      'keep',
    ]);
    expect(treatmentChoices('DATE').filter((c) => c.startsWith('generalise'))).toEqual([
      'generalise:year',
      'generalise:month',
    ]);
    expect(treatmentChoices('VARCHAR', { action: 'generalise', rule: 'prefix4' })[0]).toBe('generalise:prefix4');
    expect(treatmentChoices('VARCHAR', { action: 'hash' })[0]).toBe('hash');
  });

  it('turn into pseudonymise params, and back into the summary action strings', () => {
    expect(
      pseudonymiseParams({
        email: 'hash',
        name: 'drop',
        age: 'generalise:band10',
        card: 'mask:keep-last-4',
        city: 'keep',
      }),
    ).toEqual({
      hash: ['email'],
      drop: ['name'],
      mask: { card: 'keep-last-4' },
      generalise: { age: 'band10' },
    });
    expect([
      treatmentKey({ action: 'hash' }),
      treatmentKey({ action: 'mask', mode: 'phone' }),
      treatmentKey({ action: 'generalise', rule: 'year' }),
    ]).toEqual(['hash', 'mask:phone', 'generalise:year']);
  });

  it('parse generalisation rules', () => {
    expect(['band10', 'prefix3', 'year', 'month'].map(parseRule)).toEqual([
      { kind: 'band', width: 10 },
      { kind: 'prefix', length: 3 },
      { kind: 'year' },
      { kind: 'month' },
    ]);
    expect(
      ['band0', 'band', 'prefix', 'decade', 'band-5', 'prefix10000'].filter((r) => GENERALISE_RULE.test(r)),
    ).toEqual([]);
  });
});
