/** The recipe: a versioned, declarative list of analysis steps. See README "Recipes". */
import { z } from 'zod';
import { NAME_PATTERN } from '../data/sql';
import { ENCODINGS } from '../data/encoding';

/** Recipes are written at this version; `validateRecipe` brings older ones to it first (migrate.ts). */
export const RECIPE_VERSION = 2;

const name = z.string().regex(NAME_PATTERN, 'must be a name of letters, digits and _ (not starting with a digit)');

export const sourceSchema = z.strictObject({
  name,
  /** Path or URL of the file, relative to the recipe file (runner) or the recipe's URL (deep link). */
  file: z.string().min(1),
  format: z.enum(['csv', 'tsv', 'parquet', 'json']).optional(),
  delimiter: z.string().min(1).max(4).optional(),
  /** Text encoding of a CSV/TSV/JSON file; detected when absent (see data/encoding.ts). */
  encoding: z.enum(ENCODINGS).optional(),
  /**
   * How the file writes numbers (CSV/TSV): detected per column when left out; recorded once the
   * load has read every number column one way. Settles a column that reads both ways (`1.234`).
   */
  decimal: z.enum(['.', ',']).optional(),
  thousands: z.enum(['', ',', '.', ' ', "'"]).optional(),
  /** Refuse a CSV with a quote that is never closed, instead of loading it with a warning. */
  strictQuotes: z.boolean().optional(),
});

export const stepSchema = z.strictObject({
  id: name,
  op: z.string().min(1),
  /** A source name, a step id (its first table) or `stepId.table`. */
  input: z.string().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** Column roles per table, e.g. `{ "events": { "customer_id": "customer", "ts": "time" } }`. */
export const rolesSchema = z.record(z.string(), z.record(z.string(), z.string().regex(/^[a-z_]+$/)));

export const recipeSchema = z.strictObject({
  /** 1: a recipe from before the migration, as a file or project may still hold; validated recipes are at RECIPE_VERSION. */
  version: z.literal([1, RECIPE_VERSION]),
  name: z.string().optional(),
  description: z.string().optional(),
  sources: z.array(sourceSchema).default([]),
  roles: rolesSchema.optional(),
  steps: z.array(stepSchema).default([]),
});

export type Source = z.infer<typeof sourceSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Recipe = z.infer<typeof recipeSchema>;

export function emptyRecipe(): Recipe {
  return { version: RECIPE_VERSION, sources: [], steps: [] };
}
