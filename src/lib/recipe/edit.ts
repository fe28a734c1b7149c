import type { ColumnInfo } from '../data/connector';
import { guessColumn, type Role } from '../data/roles';
import type { Recipe, Step } from './schema';
import type { Source } from '../data/source';
import { readsFrom, stepText } from './stages';

/** Add or replace a source by name. */
export function upsertSource(recipe: Recipe, source: Source): Recipe {
  const sources = recipe.sources.filter((s) => s.name !== source.name);
  return { ...recipe, sources: [...sources, source] };
}

/** Add a step, or replace the step with the same id in place. */
export function upsertStep(recipe: Recipe, step: Step): Recipe {
  const at = recipe.steps.findIndex((s) => s.id === step.id);
  const steps = [...recipe.steps];
  if (at < 0) steps.push(step);
  else steps[at] = step;
  return { ...recipe, steps };
}

/** Insert `step` just before the step `before` (appended when there is none), e.g. a filter an existing step is to read from. */
export function insertStepBefore(recipe: Recipe, before: string, step: Step): Recipe {
  const steps = recipe.steps.filter((s) => s.id !== step.id);
  const at = steps.findIndex((s) => s.id === before);
  steps.splice(at < 0 ? steps.length : at, 0, step);
  return { ...recipe, steps };
}

/** A table/step name from a file name: `Online Retail (2011).csv` → `online_retail_2011`. */
export function nameFromFile(fileName: string, taken: Iterable<string> = []): string {
  const stem = fileName.replace(/\.[^.]*$/, '');
  let base = stem
    .normalize('NFKD')
    .replace(/[^\w]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
    .slice(0, 50);
  if (!base) base = 'table';
  if (/^\d/.test(base)) base = `t_${base}`;
  const used = new Set(taken);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  return name;
}

/** The next free step id with a prefix: `rfm1`, `rfm2`, … */
export function nextStepId(recipe: Recipe, prefix: string): string {
  const used = new Set([...recipe.steps.map((s) => s.id), ...recipe.sources.map((s) => s.name)]);
  let i = 1;
  while (used.has(`${prefix}${i}`)) i++;
  return `${prefix}${i}`;
}

/** Steps that read from `id` (directly, as input or a table param), which must go before it can. */
export function dependentsOf(recipe: Recipe, id: string): string[] {
  return recipe.steps.filter((s) => s.id !== id && readsFrom(s).includes(id)).map((s) => s.id);
}

export interface RecipeChange {
  added: string[];
  removed: string[];
  /** Same id, another op, input or params. */
  edited: string[];
  /** Column roles of these tables differ. */
  roles: string[];
}

/** How the steps and roles of `to` differ from `from` (sources are data, not edits: not compared). */
export function recipeChange(from: Recipe, to: Recipe): RecipeChange {
  const before = new Map(from.steps.map((s) => [s.id, stepText(s)]));
  const after = new Map(to.steps.map((s) => [s.id, stepText(s)]));
  const tables = new Set([...Object.keys(from.roles ?? {}), ...Object.keys(to.roles ?? {})]);
  const rolesOf = (r: Recipe, table: string) => JSON.stringify(Object.entries(r.roles?.[table] ?? {}).sort());
  return {
    added: [...after.keys()].filter((id) => !before.has(id)),
    removed: [...before.keys()].filter((id) => !after.has(id)),
    edited: [...after].filter(([id, def]) => before.has(id) && before.get(id) !== def).map(([id]) => id),
    roles: [...tables].filter((table) => rolesOf(from, table) !== rolesOf(to, table)),
  };
}

export function isNoChange(c: RecipeChange): boolean {
  return c.added.length + c.removed.length + c.edited.length + c.roles.length === 0;
}

export function removeStep(recipe: Recipe, id: string): Recipe {
  return { ...recipe, steps: recipe.steps.filter((s) => s.id !== id) };
}

/** Set (or clear, with undefined) the role of one column. */
export function setRole(recipe: Recipe, table: string, column: string, role: string | undefined): Recipe {
  const roles = { ...recipe.roles };
  const forTable = { ...roles[table] };
  if (role) forTable[column] = role;
  else delete forTable[column];
  roles[table] = forTable;
  return { ...recipe, roles };
}

/** The column playing `role` in `table`: the one the user set in the recipe, else the best guess. */
export function roleColumn(recipe: Recipe, table: string, columns: ColumnInfo[], role: Role): string | undefined {
  const saved = Object.entries(recipe.roles?.[table] ?? {}).find(
    ([column, r]) => r === role && columns.some((c) => c.name === column),
  );
  return saved?.[0] ?? guessColumn(columns, role);
}
