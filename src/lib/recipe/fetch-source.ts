/**
 * Sources named by a linked recipe are fetched from the app's own origin only: a deep link
 * must never make the page reach another host, even if a recipe says so.
 */
import { RecipeError } from '../core/errors';
import type { Source } from '../data/source';
import { sourcePathProblem } from '../privacy/source-path';

export function sameOriginUrl(file: string, base: string, origin: string): URL {
  const url = new URL(file, base);
  if (url.origin !== origin) {
    throw new RecipeError(
      `'${file}' is not on this app's origin (${origin}); only same-origin files can be loaded by link`,
    );
  }
  return url;
}

export async function fetchSource(source: Source, recipeUrl: string, origin: string): Promise<Blob> {
  // An absolute path here is a path on the app's own origin; the deep link asked the user first (App.svelte).
  const problem = sourcePathProblem(source.file, { allowAbsolute: true });
  if (problem) throw new RecipeError(`source '${source.name}': ${problem}`, source.name);
  let url: URL;
  try {
    url = sameOriginUrl(source.file, recipeUrl, origin);
  } catch (err) {
    throw new RecipeError(`source '${source.name}': ${(err as Error).message}`, source.name);
  }
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok)
    throw new RecipeError(
      `source '${source.name}': ${url.pathname} could not be fetched (HTTP ${res.status})`,
      source.name,
    );
  return res.blob();
}
