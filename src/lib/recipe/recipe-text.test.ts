import { describe, it, expect } from 'vitest';
import { parseRecipeText } from './recipe-text';
import { validateRecipe } from './validate';

describe('parseRecipeText', () => {
  it('accepts a recipe saved with a UTF-8 byte-order mark (Notepad)', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"version":1,"steps":[]}')]);
    // As the runner reads it: Node's 'utf8' decoding keeps the mark as U+FEFF.
    const text = Buffer.from(bytes).toString('utf8');
    expect(() => JSON.parse(text)).toThrow();
    // A version-1 recipe, brought to the current version.
    expect(validateRecipe(parseRecipeText(text)).recipe.version).toBe(2);
  });
});
