import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchRecipe } from './recipe-fetch';

const PAGE = 'https://app.example/custodian/?recipe=x';

/** Answer every fetch with `body` and `status`, and keep the URLs asked for. */
function serve(body: string, status = 200): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: URL) => {
    asked.push(url.href);
    return new Response(body, { status });
  });
  return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe('fetching a recipe by link', () => {
  it('reads a same-origin recipe relative to the page, byte-order mark and all', async () => {
    const asked = serve('\uFEFF{"version":1,"sources":[],"steps":[]}');
    expect(await fetchRecipe('samples/demo.recipe.json', PAGE)).toEqual({
      recipe: { version: 1, sources: [], steps: [] },
    });
    expect(asked).toEqual(['https://app.example/custodian/samples/demo.recipe.json']);
  });

  it('refuses another origin without fetching it, naming both', async () => {
    const asked = serve('{}');
    expect(await fetchRecipe('https://evil.example/r.json', PAGE)).toEqual({
      error: "The recipe link must point to this app's own origin (https://app.example), not https://evil.example.",
    });
    expect(asked).toEqual([]);
  });

  it('names the scheme of a data: link, which has no origin', async () => {
    serve('{}');
    const got = await fetchRecipe('data:application/json,{}', PAGE);
    expect(got).toEqual({ error: expect.stringContaining('not a data: URL') });
  });

  it('says which file failed and how', async () => {
    serve('not found', 404);
    expect(await fetchRecipe('/r.json', PAGE)).toEqual({ error: 'Could not fetch the recipe /r.json (HTTP 404).' });
    serve('{"version": 1,');
    expect(await fetchRecipe('/r.json', PAGE)).toEqual({ error: '/r.json is not valid JSON.' });
  });

  it('refuses a recipe over the size cap before parsing it', async () => {
    serve(`{"pad":"${'x'.repeat(6 * 1024 * 1024)}"}`);
    const got = await fetchRecipe('/big.json', PAGE);
    expect(got).toEqual({ error: expect.stringMatching(/^This recipe is 6\.0 MB, more than the 5 MB/) });
  });
});
