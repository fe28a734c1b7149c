/**
 * Popularity, the baseline every recommender must beat (Cremonesi, Koren & Turrin 2010,
 * "Performance of recommender algorithms on top-N recommendation tasks", RecSys: "most popular"
 * is a strong top-N baseline). Popularity = distinct buyers of an item in the training data.
 *   overall    the same list for everyone
 *   segment    buyers within the customer's segment (customers without one get the overall list)
 *   category   buyers × the share of the customer's own history in the item's category, so the
 *              most popular items of the categories they buy come first (no history: overall)
 */
import type { Interactions } from './interactions';
import type { Scorer } from './rank';

export function buyers(history: Interactions): Int32Array {
  const out = new Int32Array(history.nItems);
  for (let i = 0; i < history.nItems; i++) out[i] = history.byItem.ptr[i + 1]! - history.byItem.ptr[i]!;
  return out;
}

export function popularityScorer(history: Interactions): Scorer {
  const counts = buyers(history);
  return {
    score(_u, emit) {
      for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) emit(i, counts[i]!, counts[i]!);
    },
    reason: (n) => `popular (${n} buyer${n === 1 ? '' : 's'})`,
  };
}

/**
 * `segmentOf`: [nUsers] segment code or −1; `segmentNames`: code → name. Counts are a dense
 * [nSegments × nItems] table, so segments should be few (a segment column, not an id).
 */
export function segmentPopularityScorer(history: Interactions, segmentOf: Int32Array, segmentNames: string[]): Scorer {
  const nItems = history.nItems;
  const nSegments = segmentNames.length;
  const counts = new Int32Array(nSegments * nItems);
  for (let u = 0; u < history.nUsers; u++) {
    const s = segmentOf[u]!;
    if (s < 0) continue;
    for (let p = history.byUser.ptr[u]!; p < history.byUser.ptr[u + 1]!; p++)
      counts[s * nItems + history.byUser.index[p]!]! += 1;
  }
  const overall = buyers(history);
  return {
    score(u, emit) {
      const s = segmentOf[u]!;
      if (s < 0) {
        for (let i = 0; i < nItems; i++) if (overall[i]! > 0) emit(i, overall[i]!, -1);
        return;
      }
      // Items bought outside the segment only come after every in-segment one.
      for (let i = 0; i < nItems; i++) {
        const c = counts[s * nItems + i]!;
        if (c > 0) emit(i, c + overall[i]! / (history.nUsers + 1), s);
        else if (overall[i]! > 0) emit(i, overall[i]! / (history.nUsers + 1), -1);
      }
    },
    reason: (s) => (s >= 0 ? `popular in your segment (${segmentNames[s]})` : 'popular overall'),
  };
}

/** `categoryOf`: [nItems] category code or −1; `categoryNames`: code → name. */
export function categoryPopularityScorer(
  history: Interactions,
  categoryOf: Int32Array,
  categoryNames: string[],
): Scorer {
  const nItems = history.nItems;
  const overall = buyers(history);
  const share = new Float64Array(categoryNames.length);
  return {
    score(u, emit) {
      share.fill(0);
      let total = 0;
      for (let p = history.byUser.ptr[u]!; p < history.byUser.ptr[u + 1]!; p++) {
        const g = categoryOf[history.byUser.index[p]!]!;
        if (g >= 0) share[g]! += 1;
        total++;
      }
      for (let i = 0; i < nItems; i++) {
        if (overall[i]! === 0) continue;
        const g = categoryOf[i]!;
        const w = total > 0 && g >= 0 ? share[g]! / total : 0;
        // Preference first; overall buyers (scaled below any preference step) order the rest.
        if (w > 0) emit(i, w * overall[i]!, g);
        else emit(i, overall[i]! / (history.nUsers + 1) / (total + 1), -1);
      }
    },
    reason: (g) => (g >= 0 ? `popular in ${categoryNames[g]}, which you buy` : 'popular overall'),
  };
}
