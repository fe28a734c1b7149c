import { describe, it, expect } from 'vitest';
import { withEncoding, recordDetectedEncodings } from './source-encoding';
import type { Recipe } from './schema';
import type { Report } from './report';

const recipe: Recipe = {
  version: 1,
  sources: [
    { name: 'a', file: 'a.csv' },
    { name: 'b', file: 'b.csv', encoding: 'gb18030' },
    { name: 'c', file: 'c.csv' },
  ],
  steps: [],
};
const report = {
  steps: {
    a: { summary: { encoding: 'utf-16be' } },
    b: { summary: { encoding: 'gb18030' } },
    c: { summary: { encoding: 'utf-8' } },
  },
} as unknown as Report;

describe('source encodings in the recipe', () => {
  it('records a detected encoding other than UTF-8, keeping what the user set and the order', () => {
    const next = recordDetectedEncodings(recipe, report, ['a', 'b', 'c']);
    expect(next.sources).toEqual([
      { name: 'a', file: 'a.csv', encoding: 'utf-16be' },
      recipe.sources[1],
      recipe.sources[2],
    ]);
    expect(recordDetectedEncodings(recipe, report, ['c']).sources[0]).toEqual({ name: 'a', file: 'a.csv' });
  });

  it('sets and clears an encoding', () => {
    expect(withEncoding(recipe, 'a', 'windows-1252').sources[0]).toEqual({
      name: 'a',
      file: 'a.csv',
      encoding: 'windows-1252',
    });
    expect(withEncoding(recipe, 'b', undefined).sources[1]).toEqual({ name: 'b', file: 'b.csv' });
  });
});
