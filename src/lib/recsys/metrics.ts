/**
 * Top-K metrics of ranked lists against held-out targets: the one place they are computed, so
 * every recommender is measured the same way. For a test customer u with ranked list L_u (best
 * first, possibly shorter than K when the catalogue is small), target set T_u (|T_u| ≥ 1), and
 * rel_r = 1 when the item at rank r is in T_u, hits = Σ_{r ≤ K} rel_r:
 *   HR@K         1 if hits > 0, else 0 (hit rate)
 *   Precision@K  hits / K (K, not |L_u|: a short list is not rewarded for being short)
 *   Recall@K     hits / |T_u|
 *   NDCG@K       DCG / IDCG with binary relevance, DCG = Σ_{r ≤ K} rel_r / log2(r + 1) and the
 *                ideal IDCG = Σ_{r ≤ min(|T_u|, K)} 1 / log2(r + 1) (Järvelin & Kekäläinen 2002)
 *   MAP@K        AP@K = Σ_{r ≤ K} rel_r · (hits in the top r) / r, divided by min(|T_u|, K)
 *                (as ml_metrics' `apk`)
 *   MRR@K        1 / (rank of the first hit), 0 when no hit is in the top K
 * each averaged over all test customers (one with an empty list scores 0), and over the lists:
 *   coverage@K        distinct items in any top-K list / items in the catalogue (catalogue coverage,
 *                     Ge, Delgado-Battenfeld & Jannach 2010)
 *   avg_popularity@K  per customer the mean training popularity (distinct buyers) of the items in
 *                     their top K, averaged over customers with a nonempty list (ARP,
 *                     Abdollahpouri et al. 2019, "Managing popularity bias in recommender systems")
 */
import type { Csr } from './interactions';

export interface RankedForMetrics {
  /** The test customers, in list order. */
  users: ArrayLike<number>;
  /** [users.length + 1] offsets into `items`. */
  ptr: ArrayLike<number>;
  items: ArrayLike<number>;
}

export interface MetricsAtK {
  k: number;
  hr: number;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  mrr: number;
  coverage: number;
  avgPopularity: number;
  /** Test customers averaged over. */
  customers: number;
}

/**
 * `target`: rows per customer code (sorted item codes); `popularity`: [nItems] training buyers;
 * `catalogue`: the number of recommendable items (coverage's denominator).
 */
export function topKMetrics(
  lists: RankedForMetrics,
  target: Csr,
  ks: number[],
  popularity: ArrayLike<number>,
  catalogue: number,
): MetricsAtK[] {
  const n = lists.users.length;
  const inTarget = new Int32Array(target.nCols).fill(-1);
  const sums = ks.map(() => ({ hr: 0, precision: 0, recall: 0, ndcg: 0, map: 0, mrr: 0, arp: 0, listed: 0 }));
  const covered = ks.map(() => new Uint8Array(target.nCols));
  const discount = (r: number) => 1 / Math.log2(r + 1);
  for (let j = 0; j < n; j++) {
    const u = lists.users[j]!;
    const nTarget = target.ptr[u + 1]! - target.ptr[u]!;
    if (nTarget < 1) throw new RangeError(`customer ${u} has no test items: only test customers are evaluated`);
    for (let p = target.ptr[u]!; p < target.ptr[u + 1]!; p++) inTarget[target.index[p]!] = j;
    const from = lists.ptr[j]!;
    const len = lists.ptr[j + 1]! - from;
    ks.forEach((k, x) => {
      const s = sums[x]!;
      const m = Math.min(k, len);
      let hits = 0;
      let dcg = 0;
      let ap = 0;
      let firstHit = 0;
      let pop = 0;
      for (let r = 1; r <= m; r++) {
        const item = lists.items[from + r - 1]!;
        covered[x]![item] = 1;
        pop += popularity[item]!;
        if (inTarget[item] !== j) continue;
        hits++;
        dcg += discount(r);
        ap += hits / r;
        if (!firstHit) firstHit = r;
      }
      let idcg = 0;
      for (let r = 1; r <= Math.min(nTarget, k); r++) idcg += discount(r);
      s.hr += hits > 0 ? 1 : 0;
      s.precision += hits / k;
      s.recall += hits / nTarget;
      s.ndcg += dcg / idcg;
      s.map += ap / Math.min(nTarget, k);
      s.mrr += firstHit ? 1 / firstHit : 0;
      if (m > 0) {
        s.arp += pop / m;
        s.listed++;
      }
    });
  }
  return ks.map((k, x) => {
    const s = sums[x]!;
    const mean = (v: number) => (n > 0 ? v / n : 0);
    let distinct = 0;
    for (const c of covered[x]!) distinct += c;
    return {
      k,
      hr: mean(s.hr),
      precision: mean(s.precision),
      recall: mean(s.recall),
      ndcg: mean(s.ndcg),
      map: mean(s.map),
      mrr: mean(s.mrr),
      coverage: catalogue > 0 ? distinct / catalogue : 0,
      avgPopularity: s.listed > 0 ? s.arp / s.listed : 0,
      customers: n,
    };
  });
}
