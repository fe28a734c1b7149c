import { describe, it, expect } from 'vitest';
import { validateRecipe } from './validate';

const base = { version: 1, sources: [{ name: 'events', file: 'events.csv' }] };
const rfm = { customer: 'c', time: 't', amount: 'a' };
const message = (recipe: unknown) => {
  try {
    validateRecipe(recipe);
    return 'valid';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('validateRecipe', () => {
  it('accepts a good recipe and fills parameter defaults', () => {
    const v = validateRecipe({
      ...base,
      steps: [
        { id: 'r', op: 'rfm', input: 'events', params: rfm },
        { id: 'm', op: 'train-classifier', input: 'r', params: { features: ['recency_days'], label: 'churned' } },
      ],
    });
    expect(v.params.get('m')).toMatchObject({ model: 'mlp', backend: 'auto', threshold: 0.5 });
  });

  it('names the step and field of every problem', () => {
    expect(message({ ...base, steps: [{ id: 's1', op: 'frobnicate', input: 'events', params: {} }] })).toMatch(
      /^step 's1', field 'op': unknown op 'frobnicate' \(known ops: [a-z-]+(, [a-z-]+)+\)$/,
    );
    expect(
      message({ ...base, steps: [{ id: 's1', op: 'rfm', input: 'events', params: { customer: 'c', amount: 'a' } }] }),
    ).toMatch(/^step 's1', field 'time': required/);
    expect(
      message({ ...base, steps: [{ id: 's1', op: 'rfm', input: 'events', params: { customer: 'c', time: 't' } }] }),
    ).toBe("step 's1', field 'amount': give `amount`, or both `quantity` and `price`");
    expect(message({ ...base, steps: [{ id: 's1', op: 'rfm', input: 'evnts', params: rfm }] })).toBe(
      "step 's1', field 'input': 'evnts' is neither a source nor an earlier step (known: events)",
    );
    expect(
      message({ ...base, steps: [{ id: 's1', op: 'rfm', input: 'events', params: { ...rfm, colour: 'red' } }] }),
    ).toBe("step 's1', field 'colour': unknown field");
    expect(
      message({ ...base, steps: [{ id: 's1', op: 'rfm', input: 'events', params: { ...rfm, asOf: '1/2/2025' } }] }),
    ).toBe("step 's1', field 'asOf': must be a date YYYY-MM-DD");
  });

  it('rejects duplicate and reserved ids, bad versions and bad names', () => {
    expect(message({ ...base, steps: [{ id: 'events', op: 'rfm', input: 'events', params: rfm }] })).toMatch(
      /^step 'events', field 'id': the id is already used/,
    );
    expect(message({ ...base, steps: [{ id: 'main', op: 'rfm', input: 'events', params: rfm }] })).toMatch(/reserved/);
    expect(message({ ...base, version: 3 })).toMatch(/^recipe: field 'version'/);
    expect(message({ ...base, steps: [{ id: '1x', op: 'rfm', params: rfm }] })).toMatch(
      /^recipe: step '1x', field 'id': must be a name/,
    );
    expect(message('not json object')).toMatch(/^recipe: /);
  });
  it('names an unknown field wherever it is (a typo must not be silently ignored)', () => {
    expect(message({ ...base, sourcez: [] })).toBe("recipe: field 'sourcez': unknown field");
    expect(message({ ...base, sources: [{ name: 'events', file: 'e.csv', url: 'http://x' }] })).toBe(
      "recipe: field 'sources.0.url': unknown field",
    );
    expect(message({ ...base, steps: [{ id: 's1', op: 'rfm', input: 'events', param: {} }] })).toBe(
      "recipe: step 's1', field 'param': unknown field",
    );
  });
});
