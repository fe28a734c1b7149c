/**
 * Undo and redo of recipe edits, as plain values: the rules for what becomes an Undo entry and what
 * Undo and Redo restore. The state layer holds one `History` in a rune and applies what these return.
 */
import { isNoChange, recipeChange } from './edit';
import type { Recipe } from './schema';

/** Earlier versions of the recipe (`past`, newest last) for Undo, and what Undo took back (`future`) for Redo. */
export interface History {
  readonly past: Recipe[];
  readonly future: Recipe[];
}

/** The most versions Undo can go back through; older ones are dropped. */
export const HISTORY_LIMIT = 100;

export function emptyHistory(): History {
  return { past: [], future: [] };
}

/**
 * The history once `current` is replaced by `next`: an edit of the steps or roles puts `current` on the
 * Undo list and clears Redo; anything else (sources loaded, a step's `save` name) leaves it as it is.
 */
export function record(history: History, current: Recipe, next: Recipe): History {
  if (isNoChange(recipeChange(current, next))) return history;
  return { past: [...history.past.slice(-(HISTORY_LIMIT - 1)), current], future: [] };
}

/** Undo (`from` the past) or Redo (`from` the future): the recipe to restore and the history after it. */
export interface Travel {
  recipe: Recipe;
  history: History;
}

/**
 * Going back (or forward) restores the steps and roles of that version but keeps the current sources:
 * loading data is not an edit, and Undo never unloads a table. Undefined when there is nowhere to go.
 */
export function travel(history: History, current: Recipe, from: 'past' | 'future'): Travel | undefined {
  const target = history[from].at(-1);
  if (!target) return undefined;
  const { past, future } = history;
  return {
    recipe: { ...target, sources: current.sources },
    history:
      from === 'past'
        ? { past: past.slice(0, -1), future: [...future, current] }
        : { past: [...past, current], future: future.slice(0, -1) },
  };
}
