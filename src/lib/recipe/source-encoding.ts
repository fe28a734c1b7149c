/** A source's text encoding in the recipe: set by the user, or recorded from what loading detected. */
import type { Encoding } from '../data/encoding';
import type { Report } from './report';
import type { Recipe } from './schema';

/** The recipe with source `name` read as `encoding` (undefined: detect it). */
export function withEncoding(recipe: Recipe, name: string, encoding: Encoding | undefined): Recipe {
  return {
    ...recipe,
    sources: recipe.sources.map((s) => {
      if (s.name !== name) return s;
      const { encoding: _old, ...rest } = s;
      return encoding ? { ...rest, encoding } : rest;
    }),
  };
}

/** The encoding loading found for a source, from the run's report. */
export function loadedEncoding(report: Report | null | undefined, name: string): Encoding | undefined {
  const found = report?.steps[name]?.summary?.encoding;
  return typeof found === 'string' ? (found as Encoding) : undefined;
}

/**
 * Sources in `names` without an encoding get the one detected when it is not UTF-8, so that the
 * recipe reads the file the same way wherever it runs next.
 */
export function recordDetectedEncodings(recipe: Recipe, report: Report, names: string[]): Recipe {
  let next = recipe;
  for (const s of recipe.sources) {
    const found = loadedEncoding(report, s.name);
    if (names.includes(s.name) && !s.encoding && found && found !== 'utf-8') next = withEncoding(next, s.name, found);
  }
  return next;
}
