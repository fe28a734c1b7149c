/**
 * The recommender contract, run against every scorer (one suite for all, as mlxtend tests every
 * frequent-itemset miner): on a seeded random shop, ranked lists hold distinct items, scores never
 * increase down a list, equal scores keep the smaller item code first, excludeSeen never returns
 * history, filled lists reach min(k, items with buyers), and a customer's list does not depend on
 * which other customers are ranked with them.
 */
import { describe, it, expect } from 'vitest';
import { mulberry32 } from '../util/rng';
import { buildInteractions, contains } from './interactions';
import { rankAll, popularityOrder, BECAUSE_POPULAR, type Scorer } from './rank';
import { itemCFScorer, itemNeighbours } from './itemcf';
import { userCFScorer, userNeighbours } from './usercf';
import { popularityScorer, segmentPopularityScorer, categoryPopularityScorer } from './popularity';
import { tagScorer } from './tagcf';
import { lastSessionContext, sessionScorer } from './session';
import { factorScorer } from './factors';

const random = mulberry32(11);
const [nUsers, nItems, nRows] = [60, 40, 500];
const user = Int32Array.from({ length: nRows }, () => Math.floor(random() * nUsers));
// Skewed item popularity, so there are ties and long tails.
const item = Int32Array.from({ length: nRows }, () => Math.floor(nItems * random() ** 2));
const session = Int32Array.from(user, (u, r) => u * 5 + (r % 5));
const time = Float64Array.from({ length: nRows }, (_, r) => r);
const history = buildInteractions(user, item, new Float32Array(nRows).fill(1), nUsers, nItems);
const itemTags = buildInteractions(
  Int32Array.from({ length: nItems * 2 }, (_, p) => p >> 1),
  Int32Array.from({ length: nItems * 2 }, (_, p) => (p * 7) % 6),
  new Float32Array(nItems * 2).fill(1),
  nItems,
  6,
).byUser;
const name = (i: number) => `I${i}`;
const sessions = buildInteractions(session, item, new Float32Array(nRows).fill(1), nUsers * 5, nItems);
const factors = 3;
const f = {
  factors,
  userFactors: Float32Array.from({ length: nUsers * factors }, () => random() - 0.5),
  itemFactors: Float32Array.from({ length: nItems * factors }, () => random() - 0.5),
};
const counts = Int32Array.from({ length: nItems }, (_, i) => history.byItem.ptr[i + 1]! - history.byItem.ptr[i]!);

const SCORERS: Record<string, () => Scorer> = {
  popularity: () => popularityScorer(history),
  'popularity-segment': () =>
    segmentPopularityScorer(
      history,
      Int32Array.from({ length: nUsers }, (_, u) => (u % 4) - 1),
      ['a', 'b', 'c'],
    ),
  'popularity-category': () =>
    categoryPopularityScorer(
      history,
      Int32Array.from({ length: nItems }, (_, i) => i % 5),
      ['a', 'b', 'c', 'd', 'e'],
    ),
  'itemcf-cosine': () => itemCFScorer(history, itemNeighbours(history, { similarity: 'cosine', neighbours: 10 }), name),
  'itemcf-jaccard': () =>
    itemCFScorer(history, itemNeighbours(history, { similarity: 'jaccard', neighbours: 10 }), name),
  'itemcf-conditional': () =>
    itemCFScorer(history, itemNeighbours(history, { similarity: 'conditional', alpha: 0.5, neighbours: 10 }), name),
  usercf: () => userCFScorer(history, userNeighbours(history, { neighbours: 8 })),
  tagcf: () => tagScorer(history, itemTags, ['t0', 't1', 't2', 't3', 't4', 't5']),
  session: () =>
    sessionScorer(
      itemNeighbours(sessions, { similarity: 'cosine', neighbours: 10 }),
      lastSessionContext({ user, session, item, time }, nUsers, nUsers * 5, nItems, 0.7),
      name,
    ),
  factors: () => factorScorer(f, counts),
};

describe.each(Object.keys(SCORERS))('recommender contract: %s', (algorithm) => {
  const scorer = SCORERS[algorithm]!();
  const users = Array.from({ length: nUsers }, (_, u) => u);
  const fillOrder = popularityOrder(history);
  const listsOf = (lists: ReturnType<typeof rankAll>, j: number) => ({
    items: Array.from(lists.items.subarray(lists.ptr[j]!, lists.ptr[j + 1]!)),
    scores: Array.from(lists.scores.subarray(lists.ptr[j]!, lists.ptr[j + 1]!)),
    because: Array.from(lists.because.subarray(lists.ptr[j]!, lists.ptr[j + 1]!)),
  });

  it('lists distinct items, best first, ties to the smaller code, and a reason for every one', () => {
    const lists = rankAll(scorer, users, { k: 15, excludeSeen: false, history, fillOrder });
    for (let j = 0; j < users.length; j++) {
      const { items, scores, because } = listsOf(lists, j);
      expect(new Set(items).size).toBe(items.length);
      expect(items.length).toBe(Math.min(15, fillOrder.length));
      const scored = because.filter((b) => b !== BECAUSE_POPULAR).length;
      for (let r = 1; r < scored; r++) {
        expect(scores[r]!).toBeLessThanOrEqual(scores[r - 1]!);
        if (scores[r] === scores[r - 1]) expect(items[r]!).toBeGreaterThan(items[r - 1]!);
      }
      for (let r = 0; r < items.length; r++) {
        const reason = because[r] === BECAUSE_POPULAR ? 'popular overall' : scorer.reason(because[r]!, users[j]!);
        expect(reason).toMatch(/\S/);
        expect(reason).not.toMatch(/undefined|NaN/);
      }
    }
  });

  it('excludeSeen never returns an item from the history', () => {
    const lists = rankAll(scorer, users, { k: 15, excludeSeen: true, history, fillOrder });
    for (let j = 0; j < users.length; j++) {
      const { items } = listsOf(lists, j);
      for (const i of items) expect(contains(history.byUser, users[j]!, i)).toBe(false);
      const unseen = fillOrder.filter((i) => !contains(history.byUser, users[j]!, i)).length;
      expect(items.length).toBe(Math.min(15, unseen));
    }
  });

  it("a customer's list does not depend on who else is ranked, or in what order", () => {
    const all = rankAll(scorer, users, { k: 10, excludeSeen: false, history, fillOrder });
    const some = [41, 3, 17];
    const few = rankAll(scorer, some, { k: 10, excludeSeen: false, history, fillOrder });
    some.forEach((u, j) => expect(listsOf(few, j)).toEqual(listsOf(all, u)));
  });
});
