/**
 * Tag-based (content) recommendation: the customer's tag profile against each item's tags,
 * both TF-IDF weighted, by cosine (Pazzani & Billsus 2007, "Content-based recommendation
 * systems"; idf as scikit-learn's TfidfTransformer with smooth_idf: ln((1 + n) / (1 + df)) + 1,
 * n = items in the catalogue, df = items carrying the tag).
 *   item vector     v_j[t] = idf(t) for each tag t of j, L2-normalised
 *   profile         p_u[t] = (history items of u tagged t) · idf(t)
 *   score(u, j)     p_u · v_j / ‖p_u‖            (cosine, v_j is unit length)
 * The reason is the tag with the largest term of the dot product. Items nobody bought yet can be
 * recommended too, which collaborative filtering cannot do.
 */
import type { Csr, Interactions } from './interactions';
import type { Scorer } from './rank';

/** `itemTags`: [nItems] rows of tag codes (CSR; values ignored); `tagNames`: code → tag. */
export function tagScorer(history: Interactions, itemTags: Csr, tagNames: string[]): Scorer {
  const nItems = history.nItems;
  const nTags = tagNames.length;
  if (itemTags.nRows !== nItems || itemTags.nCols !== nTags) throw new RangeError('itemTags must be [nItems × nTags]');
  const idf = tagIdf(itemTags);
  // Unit-length item vectors, one weight per (item, tag) entry.
  const itemWeight = new Float64Array(itemTags.index.length);
  for (let j = 0; j < nItems; j++) {
    let norm = 0;
    for (let p = itemTags.ptr[j]!; p < itemTags.ptr[j + 1]!; p++) norm += idf[itemTags.index[p]!]! ** 2;
    norm = Math.sqrt(norm);
    for (let p = itemTags.ptr[j]!; p < itemTags.ptr[j + 1]!; p++) itemWeight[p] = idf[itemTags.index[p]!]! / norm;
  }
  const profile = new Float64Array(nTags);
  return {
    score(u, emit) {
      profile.fill(0);
      for (let p = history.byUser.ptr[u]!; p < history.byUser.ptr[u + 1]!; p++) {
        const h = history.byUser.index[p]!;
        for (let q = itemTags.ptr[h]!; q < itemTags.ptr[h + 1]!; q++) profile[itemTags.index[q]!]! += 1;
      }
      let norm = 0;
      for (let t = 0; t < nTags; t++) {
        profile[t]! *= idf[t]!;
        norm += profile[t]! ** 2;
      }
      if (norm === 0) return;
      norm = Math.sqrt(norm);
      for (let j = 0; j < nItems; j++) {
        let dot = 0;
        let bestTag = -1;
        let bestTerm = 0;
        for (let p = itemTags.ptr[j]!; p < itemTags.ptr[j + 1]!; p++) {
          const t = itemTags.index[p]!;
          const term = profile[t]! * itemWeight[p]!;
          dot += term;
          if (term > bestTerm) [bestTerm, bestTag] = [term, t];
        }
        if (dot > 0) emit(j, dot / norm, bestTag);
      }
    },
    reason: (t) => `tagged '${tagNames[t]}', like what you bought`,
  };
}

/** Smoothed idf per tag (see the file comment). */
export function tagIdf(itemTags: Csr): Float64Array {
  const df = new Float64Array(itemTags.nCols);
  for (let p = 0; p < itemTags.index.length; p++) df[itemTags.index[p]!]! += 1;
  const n = itemTags.nRows;
  return Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
}
