/**
 * From a scorer to top-k lists: every recommender only says which items it scores for a customer
 * (and, per item, a `because` code for the reason); this turns that into ranked lists with a
 * bounded heap, drops the customer's own history when asked, and fills short lists with the most
 * popular items so that every customer gets k (the fill is counted, so reports can say so).
 */
import type { Interactions } from './interactions';
import { TopK } from './topk';

/** A `because` code meaning "filled in from overall popularity". */
export const BECAUSE_POPULAR = -2;

export interface Scorer {
  /**
   * Call `emit(item, score, because)` once per candidate item for user `u` (any order, score > 0
   * for real candidates). `because` is the scorer's own code for the reason, read by `reason`.
   */
  score(u: number, emit: (item: number, score: number, because: number) => void): void;
  /** Words for a `because` code, e.g. "bought with 85123A". */
  reason(because: number, u: number): string;
}

export interface RankOptions {
  k: number;
  /** Leave out items in the user's history (`history.byUser`). */
  excludeSeen: boolean;
  history: Interactions;
  /** Items by popularity, most popular first, used to fill short lists; empty = no filling. */
  fillOrder: Int32Array;
}

export interface RankedLists {
  /** Users ranked, in the order given. */
  users: Int32Array;
  /** [users.length + 1] offsets: user j's list is items[ptr[j] .. ptr[j+1]). */
  ptr: Int32Array;
  items: Int32Array;
  scores: Float64Array;
  because: Int32Array;
  /** Slots filled from popularity. */
  filled: number;
}

/** Top-k lists for `users` (any subset, any order). */
export function rankAll(
  scorer: Scorer,
  users: ArrayLike<number>,
  opts: RankOptions,
  onUser?: (done: number) => void,
): RankedLists {
  const { k, history } = opts;
  const top = new TopK(k);
  // seen[i] === stamp marks item i as in the current user's history (or already chosen).
  const seen = new Int32Array(history.nItems).fill(-1);
  const n = users.length;
  const ptr = new Int32Array(n + 1);
  const items = new Int32Array(n * k);
  const scores = new Float64Array(n * k);
  const because = new Int32Array(n * k);
  let filled = 0;
  let at = 0;
  let stamp = 0;
  const emit = (item: number, score: number, code: number) => {
    if (seen[item] !== stamp) top.push(item, score, code);
  };
  for (let j = 0; j < n; j++) {
    if (onUser && j % 256 === 0) onUser(j / n);
    const u = users[j]!;
    stamp = j;
    if (opts.excludeSeen)
      for (let p = history.byUser.ptr[u]!; p < history.byUser.ptr[u + 1]!; p++) seen[history.byUser.index[p]!] = stamp;
    top.reset();
    scorer.score(u, emit);
    const list = top.drain();
    items.set(list.ids, at);
    scores.set(list.scores, at);
    because.set(list.because, at);
    for (const i of list.ids) seen[i] = stamp;
    at += list.ids.length;
    for (let f = 0; f < opts.fillOrder.length && at - ptr[j]! < k; f++) {
      const i = opts.fillOrder[f]!;
      if (seen[i] === stamp) continue;
      seen[i] = stamp;
      items[at] = i;
      scores[at] = 0;
      because[at] = BECAUSE_POPULAR;
      at++;
      filled++;
    }
    ptr[j + 1] = at;
  }
  return {
    users: Int32Array.from(users),
    ptr,
    items: items.slice(0, at),
    scores: scores.slice(0, at),
    because: because.slice(0, at),
    filled,
  };
}

/** Items with at least one user, most users first (ties: smaller code), for filling lists. */
export function popularityOrder(history: Interactions): Int32Array {
  const counts = Array.from({ length: history.nItems }, (_, i) => history.byItem.ptr[i + 1]! - history.byItem.ptr[i]!);
  return Int32Array.from(
    counts
      .map((c, i) => [c, i] as const)
      .filter(([c]) => c > 0)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]),
    ([, i]) => i,
  );
}
