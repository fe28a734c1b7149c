import { describe, it, expect } from 'vitest';
import { fetchSource, sameOriginUrl } from './fetch-source';

describe('sameOriginUrl', () => {
  const origin = 'http://127.0.0.1:4173';
  it('resolves relative to the recipe', () => {
    expect(sameOriginUrl('events.csv', `${origin}/samples/demo.recipe.json`, origin).pathname).toBe(
      '/samples/events.csv',
    );
    expect(sameOriginUrl('/data/x.csv', `${origin}/samples/demo.recipe.json`, origin).pathname).toBe('/data/x.csv');
  });
  it('refuses any other origin', () => {
    expect(() => sameOriginUrl('https://example.com/x.csv', `${origin}/a.json`, origin)).toThrow(
      /not on this app's origin/,
    );
    expect(() => sameOriginUrl('//evil.example.org/x.csv', `${origin}/a.json`, origin)).toThrow(
      /not on this app's origin/,
    );
  });
  it('refuses URLs and paths that leave the recipe folder before fetching anything', async () => {
    const base = `${origin}/samples/demo.recipe.json`;
    await expect(fetchSource({ name: 'e', file: '../x.csv' }, base, origin)).rejects.toThrow(
      "source 'e': '../x.csv' points outside the recipe's folder",
    );
    await expect(fetchSource({ name: 'e', file: `${origin}/samples/x.csv` }, base, origin)).rejects.toThrow(
      'is a web address',
    );
  });
});
