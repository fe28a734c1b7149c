/**
 * User-based collaborative filtering (Resnick et al. 1994, GroupLens; Herlocker et al. 1999): the
 * customer's top-N most similar customers (cosine over their item vectors) vote for what they
 * bought, score(u, j) = Σ_{v ∈ N(u)} sim(u, v) · r(v, j), with r = 1 (binary) or the interaction
 * weight. The reason counts the neighbours who bought the item.
 */
import type { Interactions } from './interactions';
import type { Scorer } from './rank';
import { neighbours, type Neighbours } from './similarity';

export interface UserCFOptions {
  neighbours: number;
  /** Cosine on weights and votes weighted by them, instead of 0/1. */
  weighted?: boolean;
  onRow?(done: number): void;
}

export function userNeighbours(history: Interactions, opts: UserCFOptions): Neighbours {
  return neighbours(history.byUser, history.byItem, {
    similarity: 'cosine',
    weighted: opts.weighted,
    neighbours: opts.neighbours,
    onRow: opts.onRow,
  });
}

export function userCFScorer(history: Interactions, similar: Neighbours, weighted = false): Scorer {
  const n = history.nItems;
  const score = new Float64Array(n);
  const voters = new Int32Array(n);
  const touched = new Int32Array(n);
  const { ptr, index, value } = history.byUser;
  return {
    score(u, emit) {
      let nTouched = 0;
      for (let p = similar.ptr[u]!; p < similar.ptr[u + 1]!; p++) {
        const v = similar.index[p]!;
        const s = similar.sim[p]!;
        for (let q = ptr[v]!; q < ptr[v + 1]!; q++) {
          const j = index[q]!;
          if (voters[j] === 0) touched[nTouched++] = j;
          score[j]! += weighted ? s * value[q]! : s;
          voters[j]! += 1;
        }
      }
      for (let t = 0; t < nTouched; t++) {
        const j = touched[t]!;
        emit(j, score[j]!, voters[j]!);
        score[j] = 0;
        voters[j] = 0;
      }
    },
    reason: (count) => `bought by ${count} similar customer${count === 1 ? '' : 's'}`,
  };
}
