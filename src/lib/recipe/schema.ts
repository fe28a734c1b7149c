/** The recipe: a versioned, declarative list of analysis steps. See README "Recipes". */
import { z } from 'zod';
import { nameSchema as name, sourceSchema } from '../data/source';

/** Recipes are written at this version; `validateRecipe` brings older ones to it first (migrate.ts). */
export const RECIPE_VERSION = 2;

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

export type Step = z.infer<typeof stepSchema>;
export type Recipe = z.infer<typeof recipeSchema>;

export function emptyRecipe(): Recipe {
  return { version: RECIPE_VERSION, sources: [], steps: [] };
}
