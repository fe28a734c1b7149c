import { describe, it, expect } from 'vitest';
import { inStep, oneLine, stepError } from './errors';

describe('errors', () => {
  it('names the step in one line, whatever the op threw', () => {
    const duck = JSON.stringify({
      exception_type: 'Catalog',
      exception_message: 'Table with name "itemsets" already exists!',
    });
    expect(inStep(new Error(duck), 'ar1').message).toBe(
      'step \'ar1\': Catalog Error: Table with name "itemsets" already exists!',
    );
    expect(inStep(new Error('Conversion Error: bad date\n\nLINE 1: SELECT …'), 'c').message).toBe(
      "step 'c': Conversion Error: bad date",
    );
    expect(inStep('x'.repeat(1000), 's').message).toHaveLength("step 's': ".length + 301);
  });

  it("keeps an op's own message that already names the step", () => {
    const own = stepError('r1', 'customer', "column 'x' not found");
    expect(inStep(own, 'r1')).toBe(own);
  });

  it('reads the first non-empty line', () => {
    expect(oneLine('\n\n  first\nsecond')).toBe('first');
    expect(oneLine('{not json')).toBe('{not json');
  });
});
