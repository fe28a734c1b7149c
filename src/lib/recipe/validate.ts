/**
 * Static validation: structure, op names, op params, ids and references. Every message names
 * the step and the field. Column existence is checked at run time against the real tables.
 */
import type { z } from 'zod';
import { OPS, opNames } from '../ops/registry';
import { recipeSchema, type Recipe } from './schema';
import { RecipeError, stepError } from '../core/errors';
import { migrateRecipe } from './migrate';

const RESERVED = new Set(['main', 'temp', 'information_schema', 'pg_catalog', 'system']);

export interface ValidRecipe {
  recipe: Recipe;
  /** Parsed params (defaults filled in) per step id. */
  params: Map<string, unknown>;
}

/** A recipe of any version the app reads, checked and brought to the current version. */
export function validateRecipe(written: unknown): ValidRecipe {
  const input = migrateRecipe(written);
  const parsed = recipeSchema.safeParse(input);
  if (!parsed.success) throw new RecipeError(`recipe: ${describeIssues(parsed.error, input)}`);
  const recipe = parsed.data;
  const known = new Set<string>();
  for (const source of recipe.sources) {
    if (known.has(source.name)) throw new RecipeError(`source '${source.name}': the name is used twice`, source.name);
    if (RESERVED.has(source.name.toLowerCase()))
      throw new RecipeError(`source '${source.name}': reserved name`, source.name);
    known.add(source.name);
  }
  const params = new Map<string, unknown>();
  for (const step of recipe.steps) {
    if (known.has(step.id)) throw stepError(step.id, 'id', 'the id is already used by a source or an earlier step');
    if (RESERVED.has(step.id.toLowerCase())) throw stepError(step.id, 'id', 'reserved name');
    // The app keeps each run's tables in a `__run_<id>_<n>` schema (step-tables.ts).
    if (step.id.startsWith('__'))
      throw stepError(step.id, 'id', "an id may not start with '__' (reserved for the app's own tables)");
    const op = OPS[step.op];
    if (!op) throw stepError(step.id, 'op', `unknown op '${step.op}' (known ops: ${opNames().join(', ')})`);
    if (op.needsInput) {
      if (!step.input) throw stepError(step.id, 'input', `op '${step.op}' needs an input table`);
      const base = step.input.split('.')[0]!;
      if (!known.has(base)) {
        throw stepError(
          step.id,
          'input',
          `'${step.input}' is neither a source nor an earlier step (known: ${[...known].join(', ') || 'none'})`,
        );
      }
    }
    const p = op.params.safeParse(step.params);
    if (!p.success) {
      const issue = p.error.issues[0]!;
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      throw stepError(step.id, path.length ? path.join('.') : undefined, issueMessage(issue));
    }
    params.set(step.id, p.data);
    known.add(step.id);
  }
  return { recipe, params };
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('undefined')) return `required (${issue.message})`;
  if (issue.code === 'unrecognized_keys')
    return issue.keys.length > 1 ? `unknown fields ${issue.keys.join(', ')}` : 'unknown field';
  return issue.message;
}

function describeIssues(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0]!;
  // An unknown field is named, not just its parent.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  // Name the step when the problem is inside one.
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const steps = (input as { steps?: Array<{ id?: unknown }> }).steps;
    const id = steps?.[path[1]]?.id;
    const where = typeof id === 'string' ? `step '${id}'` : `steps[${path[1]}]`;
    return `${where}, field '${path.slice(2).join('.') || 'step'}': ${issueMessage(issue)}`;
  }
  return `${path.length ? `field '${path.join('.')}'` : 'the recipe'}: ${issueMessage(issue)}`;
}
