/** Fetching a recipe by URL (deep link, samples, templates): same origin only, within the size cap, parsed. */
import { t } from '../../i18n';
import { MAX_RECIPE_BYTES, recipeSizeProblem } from '../../lib/recipe/limits';
import { parseRecipeText } from '../../lib/recipe/recipe-text';
import type { Recipe } from '../../lib/recipe/schema';

/** The recipe at `url` (relative to `base`, the page's address), or the one line that says why not. */
export async function fetchRecipe(url: string, base: string): Promise<{ recipe: Recipe } | { error: string }> {
  const origin = new URL(base).origin;
  const resolved = new URL(url, base);
  if (resolved.origin !== origin) {
    // A data:, javascript: or blob: link has the opaque origin "null": name its scheme instead.
    const other = resolved.origin === 'null' ? t.shell.schemeUrl(resolved.protocol) : resolved.origin;
    return { error: t.shell.recipeOffOrigin(origin, other) };
  }
  const res = await fetch(resolved);
  if (!res.ok) return { error: t.shell.recipeHttp(resolved.pathname, res.status) };
  try {
    const text = await res.text();
    if (recipeSizeProblem(text.length, resolved.pathname)) {
      return { error: t.shell.recipeTooBig(text.length / 1024 ** 2, MAX_RECIPE_BYTES / 1024 ** 2) };
    }
    return { recipe: parseRecipeText(text) as Recipe };
  } catch {
    return { error: t.shell.recipeNotJson(resolved.pathname) };
  }
}
