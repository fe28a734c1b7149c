import { describe, expect, it } from 'vitest';
import { MAX_RECIPE_BYTES, recipeSizeProblem } from './limits';

describe('recipeSizeProblem', () => {
  it('lets a recipe up to 5 MB through and names the size past it', () => {
    expect(recipeSizeProblem(5 * 1024 * 1024, 'x.json')).toBeUndefined();
    expect(MAX_RECIPE_BYTES).toBe(5 * 1024 * 1024);
    expect(recipeSizeProblem(50 * 1024 * 1024, 'big.json')).toBe(
      'the recipe big.json is 50.0 MB, more than the 5 MB a recipe may be (a recipe names its data files, it does not hold them): put the data in a source file',
    );
  });
});
