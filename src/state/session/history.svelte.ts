/**
 * The recipe and its earlier versions. Every edit goes through `commit`, which decides (with the pure
 * rules of `lib/recipe/history`) whether it is an Undo entry; Undo and Redo drop the tables of the steps
 * they take away, and the steps they bring back show as to run or stale.
 */
import { t } from '../../i18n';
import { dependentsOf, removeStep, setRole } from '../../lib/recipe/edit';
import { emptyHistory, record, travel, type History } from '../../lib/recipe/history';
import { emptyRecipe, type Recipe } from '../../lib/recipe/schema';
import type { Notices } from './notices.svelte';
import type { Results } from './results.svelte';

export class RecipeHistory {
  recipe = $state.raw<Recipe>(emptyRecipe());
  #history = $state.raw<History>(emptyHistory());

  /**
   * @param busy whether a run is in progress (Undo and Redo wait for it to end).
   */
  constructor(
    private readonly results: Results,
    private readonly notices: Notices,
    private readonly busy: () => boolean,
  ) {}

  /** Earlier versions, newest last (what Undo goes back to). */
  get past(): Recipe[] {
    return this.#history.past;
  }

  /** What Undo took back, newest last (what Redo puts back). */
  get future(): Recipe[] {
    return this.#history.future;
  }

  /** A new version of the recipe; the one it replaces goes on the Undo list when steps or roles changed. */
  commit(next: Recipe): void {
    this.#history = record(this.#history, this.recipe, next);
    this.recipe = next;
  }

  /** Take back the last edit of the recipe (steps and roles; loaded data stays). */
  undo(): Promise<void> {
    return this.#travel('past');
  }

  /** Put back what Undo took back. */
  redo(): Promise<void> {
    return this.#travel('future');
  }

  async #travel(from: 'past' | 'future'): Promise<void> {
    if (!this.#history[from].length) return;
    if (this.busy()) {
      this.notices.error = t.shell.busy;
      return;
    }
    const to = travel(this.#history, this.recipe, from)!;
    this.#history = to.history;
    await this.results.dropRemoved(this.recipe, to.recipe);
    // Steps that come back, or come back in another version, show as to run / stale (stageStates).
    this.recipe = to.recipe;
    await this.results.refreshTables();
  }

  setRole(table: string, column: string, role: string | undefined): void {
    this.commit(setRole(this.recipe, table, column, role));
  }

  /** Undo a step: drop it from the recipe and its tables from DuckDB. Later steps that read it block this. */
  async removeStep(id: string): Promise<boolean> {
    const users = dependentsOf(this.recipe, id);
    if (users.length > 0) {
      this.notices.error = t.shell.stepInUse(id, users);
      return false;
    }
    const next = removeStep(this.recipe, id);
    await this.results.dropRemoved(this.recipe, next);
    this.commit(next);
    await this.results.refreshTables();
    return true;
  }

  /** Forget the recipe and every version of it. */
  reset(): void {
    this.recipe = emptyRecipe();
    this.#history = emptyHistory();
  }
}
