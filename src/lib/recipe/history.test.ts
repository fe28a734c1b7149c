import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, emptyHistory, record, travel, type History } from './history';
import { emptyRecipe, type Recipe, type Step } from './schema';

const rfm = (id: string, recency = 'recency'): Step => ({ id, op: 'rfm', params: { recency } });
const recipe = (steps: Step[], extra: Partial<Recipe> = {}): Recipe => ({ ...emptyRecipe(), steps, ...extra });
const orders = { name: 'orders', file: 'orders.csv' };

/** Apply edits one after the other, as the session commits them. */
function edits(...versions: Recipe[]): { history: History; recipe: Recipe } {
  let history = emptyHistory();
  let current = versions[0]!;
  for (const next of versions.slice(1)) {
    history = record(history, current, next);
    current = next;
  }
  return { history, recipe: current };
}

describe('recipe history', () => {
  it('puts the replaced version on the Undo list when a step is added, edited or removed', () => {
    const a = recipe([]);
    const b = recipe([rfm('rfm1')]);
    const c = recipe([rfm('rfm1', 'days')]);
    const d = recipe([]);
    const { history } = edits(a, b, c, d);
    expect(history.past).toEqual([a, b, c]);
    expect(history.future).toEqual([]);
  });

  it('counts a change of a column role as an edit', () => {
    const a = recipe([]);
    const b = recipe([], { roles: { orders: { customer_id: 'customer' } } });
    expect(record(emptyHistory(), a, b).past).toEqual([a]);
  });

  it('leaves the history alone when only the sources change (loading data is not an edit)', () => {
    const withRedo: History = { past: [recipe([])], future: [recipe([rfm('rfm1')])] };
    const before = recipe([rfm('rfm2')]);
    const loaded = recipe([rfm('rfm2')], { sources: [orders] });
    expect(record(withRedo, before, loaded)).toBe(withRedo);
  });

  it(`keeps the last ${HISTORY_LIMIT} versions`, () => {
    const versions = Array.from({ length: HISTORY_LIMIT + 6 }, (_, i) => recipe([rfm(`rfm${i + 1}`)]));
    const { history } = edits(...versions);
    expect(history.past).toHaveLength(HISTORY_LIMIT);
    // 105 versions were replaced: the oldest five fell off the front; the newest replaced one is last.
    expect(history.past[0]!.steps[0]!.id).toBe('rfm6');
    expect(history.past.at(-1)!.steps[0]!.id).toBe(`rfm${HISTORY_LIMIT + 5}`);
  });

  it('undoes to the previous steps but keeps the sources loaded since', () => {
    const { history, recipe: now } = edits(recipe([]), recipe([rfm('rfm1')]));
    const loaded = { ...now, sources: [orders] };
    const back = travel(history, loaded, 'past')!;
    expect(back.recipe.steps).toEqual([]);
    expect(back.recipe.sources).toEqual([orders]);
    expect(back.history).toEqual({ past: [], future: [loaded] });
  });

  it('redoes what Undo took back, and Undo after Redo goes back again', () => {
    const a = recipe([]);
    const b = recipe([rfm('rfm1')]);
    const { history } = edits(a, b);
    const undone = travel(history, b, 'past')!;
    const redone = travel(undone.history, undone.recipe, 'future')!;
    expect(redone.recipe).toEqual(b);
    expect(redone.history).toEqual({ past: [a], future: [] });
    expect(travel(redone.history, redone.recipe, 'past')!.recipe).toEqual(a);
  });

  it('has nothing to undo or redo at the ends of the history', () => {
    expect(travel(emptyHistory(), recipe([]), 'past')).toBeUndefined();
    const { history, recipe: now } = edits(recipe([]), recipe([rfm('rfm1')]));
    expect(travel(history, now, 'future')).toBeUndefined();
  });

  it('drops the Redo list when a new edit follows an Undo', () => {
    const { history, recipe: now } = edits(recipe([]), recipe([rfm('rfm1')]));
    const undone = travel(history, now, 'past')!;
    expect(undone.history.future).toHaveLength(1);
    const edited = record(undone.history, undone.recipe, recipe([rfm('rfm9')]));
    expect(edited).toEqual({ past: [undone.recipe], future: [] });
  });
});
