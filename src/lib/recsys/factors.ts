/**
 * Scoring with learned latent factors (ALS: Hu, Koren & Volinsky 2008, "Collaborative filtering
 * for implicit feedback datasets"; BPR: Rendle et al. 2009): score(u, j) = x_u · y_j. The factors
 * are trained elsewhere (the training worker); this only ranks with them. Every item that has a
 * training interaction is a candidate (an untrained item's factors are just its initial values).
 */
import type { Scorer } from './rank';

export interface Factors {
  /** [nUsers × factors] row-major. */
  userFactors: Float32Array;
  /** [nItems × factors] row-major. */
  itemFactors: Float32Array;
  factors: number;
}

/** `candidate[j]` is nonzero for items that may be recommended. */
export function factorScorer(f: Factors, candidate: ArrayLike<number>): Scorer {
  const d = f.factors;
  const nItems = f.itemFactors.length / d;
  if (!Number.isInteger(nItems) || candidate.length !== nItems)
    throw new RangeError(
      `itemFactors holds ${f.itemFactors.length} values: not ${candidate.length} items × ${d} factors`,
    );
  const { userFactors: x, itemFactors: y } = f;
  return {
    score(u, emit) {
      const xu = u * d;
      for (let j = 0; j < nItems; j++) {
        if (!candidate[j]) continue;
        let s = 0;
        const yj = j * d;
        for (let k = 0; k < d; k++) s += x[xu + k]! * y[yj + k]!;
        emit(j, s, -1);
      }
    },
    reason: () => 'matches your taste profile',
  };
}
