/**
 * Item-based collaborative filtering (Sarwar et al. 2001; Deshpande & Karypis 2004): a candidate's
 * score is the sum of its similarities to the items in the customer's history,
 *   score(u, j) = Σ_{h ∈ history(u)} sim(h → j)      over h's top-N neighbours only,
 * and the reason is the history item that contributed most ("bought with 85123A").
 * Scores accumulate in a dense [nItems] scratch row with a touched-list, reset per customer.
 */
import type { Interactions } from './interactions';
import type { Scorer } from './rank';
import { neighbours, type NeighbourOptions, type Neighbours } from './similarity';

export interface ItemCF {
  similar: Neighbours;
  scorer: Scorer;
}

/** Item neighbours from who bought what (items compared over their buyers). */
export function itemNeighbours(history: Interactions, opts: NeighbourOptions): Neighbours {
  return neighbours(history.byItem, history.byUser, opts);
}

/**
 * `history.byUser` supplies each customer's history; `similar` the item neighbours;
 * `itemName` turns an item code into the words of the reason.
 */
export function itemCFScorer(history: Interactions, similar: Neighbours, itemName: (i: number) => string): Scorer {
  return weightedItemScorer(
    similar,
    (u, visit) => {
      for (let p = history.byUser.ptr[u]!; p < history.byUser.ptr[u + 1]!; p++) visit(history.byUser.index[p]!, 1);
    },
    (h) => `bought with ${itemName(h)}`,
  );
}

/**
 * Σ_h w_h · sim(h → j) over the context items h that `context(u, visit)` visits with weights w_h;
 * the reason is the context item with the largest single contribution (ties: the smaller code).
 * Shared by ItemCF (context = the whole history, w = 1) and the session recommender.
 */
export function weightedItemScorer(
  similar: Neighbours,
  context: (u: number, visit: (item: number, weight: number) => void) => void,
  reason: (item: number) => string,
): Scorer {
  const n = similar.n;
  const score = new Float64Array(n);
  const best = new Float64Array(n);
  const bestFrom = new Int32Array(n);
  const touched = new Int32Array(n);
  let nTouched = 0;
  const visit = (h: number, w: number) => {
    for (let p = similar.ptr[h]!; p < similar.ptr[h + 1]!; p++) {
      const j = similar.index[p]!;
      const c = w * similar.sim[p]!;
      if (score[j] === 0) {
        touched[nTouched++] = j;
        best[j] = -1;
      }
      score[j]! += c;
      if (c > best[j]! || (c === best[j]! && h < bestFrom[j]!)) {
        best[j] = c;
        bestFrom[j] = h;
      }
    }
  };
  return {
    score(u, emit) {
      nTouched = 0;
      context(u, visit);
      for (let t = 0; t < nTouched; t++) {
        const j = touched[t]!;
        emit(j, score[j]!, bestFrom[j]!);
        score[j] = 0;
      }
    },
    reason: (h) => reason(h),
  };
}

export type { NeighbourOptions };
