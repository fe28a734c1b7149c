/**
 * Every recommender on tiny hand-computed cases, through the same ranking (top-k, excludeSeen,
 * popularity fill), as the ops use them.
 */
import { describe, it, expect } from 'vitest';
import { buildInteractions } from './interactions';
import { rankAll, popularityOrder, BECAUSE_POPULAR, type Scorer } from './rank';
import { itemCFScorer, itemNeighbours } from './itemcf';
import { userCFScorer, userNeighbours } from './usercf';
import { popularityScorer, segmentPopularityScorer, categoryPopularityScorer } from './popularity';
import { tagScorer } from './tagcf';
import { lastSessionContext, sessionScorer } from './session';
import { factorScorer } from './factors';
import { lookalikes } from './lookalike';

const NAMES = ['A', 'B', 'C', 'D'];
const name = (i: number) => NAMES[i]!;
/** u0 {A,B}, u1 {A,B,C}, u2 {B,C}, u3 {C}, u4 nothing; D is in the catalogue but never bought. */
const shop = buildInteractions(
  Int32Array.of(0, 0, 1, 1, 1, 2, 2, 3),
  Int32Array.of(0, 1, 0, 1, 2, 1, 2, 2),
  new Float32Array(8).fill(1),
  5,
  4,
);

function rank(scorer: Scorer, users: number[], k: number, excludeSeen = false, fill = true) {
  const lists = rankAll(scorer, users, {
    k,
    excludeSeen,
    history: shop,
    fillOrder: fill ? popularityOrder(shop) : new Int32Array(0),
  });
  return users.map((u, j) =>
    Array.from({ length: lists.ptr[j + 1]! - lists.ptr[j]! }, (_, r) => {
      const p = lists.ptr[j]! + r;
      const because = lists.because[p]!;
      return [
        name(lists.items[p]!),
        Number(lists.scores[p]!.toFixed(5)),
        because === BECAUSE_POPULAR ? 'fill' : scorer.reason(because, u),
      ];
    }),
  );
}

describe('popularity', () => {
  it('ranks by distinct buyers, ties to the smaller code; items nobody bought are never filled in', () => {
    // Buyers: B 3, C 3, A 2, D 0.
    expect(Array.from(popularityOrder(shop))).toEqual([1, 2, 0]);
    expect(rank(popularityScorer(shop), [4], 10)).toEqual([
      [
        ['B', 3, 'popular (3 buyers)'],
        ['C', 3, 'popular (3 buyers)'],
        ['A', 2, 'popular (2 buyers)'],
      ],
    ]);
    // u0 has seen A and B: with excludeSeen only C is left (K larger than what the catalogue allows).
    expect(rank(popularityScorer(shop), [0], 10, true)).toEqual([[['C', 3, 'popular (3 buyers)']]]);
  });

  it('per segment: buyers within the segment first, then the rest by overall popularity', () => {
    // Segment x = {u0, u1} (A 2, B 2, C 1), y = {u2, u3} (B 1, C 2); u4 has none.
    const segmentOf = Int32Array.of(0, 0, 1, 1, -1);
    const lists = rank(segmentPopularityScorer(shop, segmentOf, ['x', 'y']), [0, 2, 4], 3);
    // x: A and B tie on 2 in-segment buyers; B has more buyers overall (3 vs 2), so B first.
    expect(lists[0]!.map((r) => r[0])).toEqual(['B', 'A', 'C']);
    expect(lists[0]![0]![2]).toBe('popular in your segment (x)');
    expect(lists[1]!.map((r) => r[0])).toEqual(['C', 'B', 'A']);
    // A is not bought in segment y: it comes last, for its overall popularity.
    expect(lists[1]![2]![2]).toBe('popular overall');
    expect(lists[2]!.map((r) => r[0])).toEqual(['B', 'C', 'A']);
  });

  it('per category: the most popular items of the categories the customer buys first', () => {
    // A, B in 'home', C in 'garden'. u3 only bought C (garden): C first, then home items by buyers.
    const lists = rank(categoryPopularityScorer(shop, Int32Array.of(0, 0, 1, 1), ['home', 'garden']), [3, 4], 3);
    expect(lists[0]!.map((r) => r[0])).toEqual(['C', 'B', 'A']);
    expect(lists[0]![0]![2]).toBe('popular in garden, which you buy');
    // No history: the overall list.
    expect(lists[1]!.map((r) => r[0])).toEqual(['B', 'C', 'A']);
  });
});

describe('ItemCF', () => {
  const similar = itemNeighbours(shop, { similarity: 'cosine', neighbours: 10 });
  const scorer = itemCFScorer(shop, similar, name);

  it('sums similarities to the history; the reason is the biggest contributor', () => {
    // u0 {A,B}: A ← B 0.81650; B ← A 0.81650; C ← A 0.40825 + B 0.66667 = 1.07491 (B contributes most).
    // A and B tie: A (the smaller code) first.
    expect(rank(scorer, [0], 3)).toEqual([
      [
        ['C', 1.07491, 'bought with B'],
        ['A', 0.8165, 'bought with B'],
        ['B', 0.8165, 'bought with A'],
      ],
    ]);
    // u3 {C}: B 0.66667, A 0.40825.
    expect(rank(scorer, [3], 2)).toEqual([
      [
        ['B', 0.66667, 'bought with C'],
        ['A', 0.40825, 'bought with C'],
      ],
    ]);
  });

  it('an empty history gets the popularity fill; excludeSeen leaves out the history; K beyond the catalogue', () => {
    expect(rank(scorer, [4], 5)).toEqual([
      [
        ['B', 0, 'fill'],
        ['C', 0, 'fill'],
        ['A', 0, 'fill'],
      ],
    ]);
    expect(rank(scorer, [4], 5, false, false)).toEqual([[]]);
    // u0 without A, B: C from similarity, nothing else left to fill (D was never bought).
    expect(rank(scorer, [0], 5, true)).toEqual([[['C', 1.07491, 'bought with B']]]);
  });
});

describe('UserCF', () => {
  it('neighbours vote with their similarity; the reason counts the voters', () => {
    // u0's 2 neighbours: u1 (2/√6 = 0.81650), u2 (1/2). A ← u1 0.81650; B ← u1 + u2 = 1.31650; C ← u1 + u2 = 1.31650.
    const scorer = userCFScorer(shop, userNeighbours(shop, { neighbours: 2 }));
    expect(rank(scorer, [0], 3)).toEqual([
      [
        ['B', 1.3165, 'bought by 2 similar customers'],
        ['C', 1.3165, 'bought by 2 similar customers'],
        ['A', 0.8165, 'bought by 1 similar customer'],
      ],
    ]);
    expect(rank(scorer, [0], 3, true)).toEqual([[['C', 1.3165, 'bought by 2 similar customers']]]);
    // u4 bought nothing, so has no neighbours: filled.
    expect(rank(scorer, [4], 1)).toEqual([[['B', 0, 'fill']]]);
  });
});

describe('TagCF', () => {
  // Tags (gift = 0, kitchen = 1, garden = 2): A {gift, kitchen}, B {gift}, C {garden}, D {garden}.
  const itemTags = buildInteractions(
    Int32Array.of(0, 0, 1, 2, 3),
    Int32Array.of(0, 1, 0, 2, 2),
    new Float32Array(5).fill(1),
    4,
    3,
  ).byUser;
  const scorer = tagScorer(shop, itemTags, ['gift', 'kitchen', 'garden']);

  it('cosine of the TF-IDF tag profile and the item tag vectors (= scikit-learn TfidfTransformer)', () => {
    // n = 4 items; df gift 2, kitchen 1, garden 2: idf = ln(5/3) + 1 = 1.51083, ln(5/2) + 1 = 1.91629, 1.51083.
    // A = (1.51083, 1.91629, 0) / 2.44025 = (0.61913, 0.78529, 0); B = (1, 0, 0); C = D = (0, 0, 1).
    // u3 bought C: profile ∝ garden → C 1, D 1 (never bought: content-based can still recommend it).
    expect(rank(scorer, [3], 2, false, false)).toEqual([
      [
        ['C', 1, "tagged 'garden', like what you bought"],
        ['D', 1, "tagged 'garden', like what you bought"],
      ],
    ]);
    // u2 bought B, C: profile (1.51083, 0, 1.51083) / 2.13663 = (0.70711, 0, 0.70711):
    // A 0.61913 · 0.70711 = 0.43779 (gift), B, C, D 0.70711.
    expect(rank(scorer, [2], 4, false, false)).toEqual([
      [
        ['B', 0.70711, "tagged 'gift', like what you bought"],
        ['C', 0.70711, "tagged 'garden', like what you bought"],
        ['D', 0.70711, "tagged 'garden', like what you bought"],
        ['A', 0.43779, "tagged 'gift', like what you bought"],
      ],
    ]);
  });
});

describe('session recommender', () => {
  // u0: session 0 at t = 1 (A, B); session 1 starting t = 5 (C at 5, A at 7). u1: session 2 (B at 3).
  // u2: sessions 3 and 4 both start at t = 2 (a tie: the larger code, 4, is the last).
  const rows = {
    user: Int32Array.of(0, 0, 0, 0, 1, 2, 2),
    session: Int32Array.of(0, 0, 1, 1, 2, 3, 4),
    item: Int32Array.of(0, 1, 2, 0, 1, 0, 3),
    time: Float64Array.of(1, 1, 5, 7, 3, 2, 2),
  };

  it('takes the last session, weighting items by decay^position from the end', () => {
    const context = lastSessionContext(rows, 4, 5, 4, 0.5);
    expect(Array.from(context.ptr)).toEqual([0, 2, 3, 4, 4]);
    // u0: A (seen last, weight 1), C (0.5); u1: B; u2: D from session 4; u3: nothing.
    expect(Array.from(context.index)).toEqual([0, 2, 1, 3]);
    expect(Array.from(context.value)).toEqual([1, 0.5, 1, 1]);
    expect(() => lastSessionContext(rows, 4, 5, 4, 0)).toThrow(/decay/);
  });

  it('scores by co-occurrence within sessions', () => {
    // Sessions × items: s0 {A,B}, s1 {A,C}, s2 {B}, s3 {A}, s4 {D}: n_A 3, n_B 2, n_C 1;
    // cosine AB 1/√6 = 0.40825, AC 1/√3 = 0.57735. u0 (A 1, C 0.5): C ← A 0.57735; B ← A 0.40825; A ← C 0.5 · 0.57735 = 0.28868.
    const sessions = buildInteractions(rows.session, rows.item, new Float32Array(7).fill(1), 5, 4);
    const scorer = sessionScorer(
      itemNeighbours(sessions, { similarity: 'cosine', neighbours: 10 }),
      lastSessionContext(rows, 4, 5, 4, 0.5),
      name,
    );
    expect(rank(scorer, [0], 3)).toEqual([
      [
        ['C', 0.57735, 'goes with A from your last visit'],
        ['B', 0.40825, 'goes with A from your last visit'],
        ['A', 0.28868, 'goes with C from your last visit'],
      ],
    ]);
  });
});

describe('factor scoring', () => {
  it('ranks by x_u · y_j over the items that have buyers', () => {
    // x_0 = (1, 0), x_1 = (0, 2); y_A = (1, 1), y_B = (2, −1), y_C = (0.5, 3), y_D = (9, 9) (never bought: no candidate).
    const f = {
      factors: 2,
      userFactors: Float32Array.of(1, 0, 0, 2),
      itemFactors: Float32Array.of(1, 1, 2, -1, 0.5, 3, 9, 9),
    };
    const scorer = factorScorer(f, Int32Array.of(1, 1, 1, 0));
    expect(rank(scorer, [0], 4, false, false)).toEqual([
      [
        ['B', 2, 'matches your taste profile'],
        ['A', 1, 'matches your taste profile'],
        ['C', 0.5, 'matches your taste profile'],
      ],
    ]);
    expect(rank(scorer, [1], 4, false, false)[0]!.map((r) => [r[0], r[1]])).toEqual([
      ['C', 6],
      ['A', 2],
      ['B', -2],
    ]);
    expect(() => factorScorer(f, Int32Array.of(1, 1, 1))).toThrow(/not 3 items/);
  });
});

describe('lookalikes', () => {
  it('ranks non-seeds by cosine to the seed centroid', () => {
    // Seeds (1, 1) and (1, 0): centroid (1, 0.5). (2, 1) → 1; (0, 0) → 0; (−1, 0) → −1/√1.25 = −0.89443.
    const out = lookalikes(Float64Array.of(1, 1, 1, 0, 2, 1, -1, 0, 0, 0), 5, 2, Int32Array.of(1, 1, 0, 0, 0));
    expect(Array.from(out.order)).toEqual([2, 4, 3]);
    expect(Array.from(out.scores, (s) => Number(s.toFixed(5)))).toEqual([1, 0, -0.89443]);
    expect(Array.from(out.centroid)).toEqual([1, 0.5]);
    expect(() => lookalikes(Float64Array.of(1, -1), 2, 1, Int32Array.of(1, 1))).toThrow(/average customer/);
    expect(() => lookalikes(Float64Array.of(1, -1), 2, 1, Int32Array.of(0, 0))).toThrow(/empty/);
  });
});
