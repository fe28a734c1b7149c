/**
 * Nearest neighbours of every row of a sparse matrix (items over their buyers for ItemCF, users
 * over their items for UserCF, items over sessions for the session recommender), keeping only the
 * top N per row: the full row × row similarity matrix is never stored.
 *
 * For row a, co-counts with every row b sharing a column are accumulated in a dense [nRows]
 * scratch row plus a touched-list, walking a's columns and each column's rows, so the total cost
 * is Σ over columns of (rows in that column)² (Sarwar et al. 2001, "Item-based collaborative
 * filtering recommendation algorithms", WWW; the scratch-row trick as in implicit's
 * `ItemItemRecommender`). Measures, with n_a = |a| (distinct columns of a) and c_ab = |a ∩ b|:
 *   cosine         c_ab / √(n_a n_b) on binary vectors, or Σ w_a w_b / (‖w_a‖ ‖w_b‖) when weighted
 *   jaccard        c_ab / (n_a + n_b − c_ab)
 *   conditional    c_ab / (n_a · n_b^α): P(b | a) with the popularity of b damped by α ∈ [0, 1]
 *                  (Deshpande & Karypis 2004, "Item-based top-N recommendation algorithms",
 *                  ACM TOIS 22(1), eq. 3). Asymmetric: a is the history item, b the candidate.
 * Only positive similarities are kept; ties keep the smaller row code.
 */
import type { Csr } from './interactions';
import { TopK } from './topk';

export const SIMILARITIES = ['cosine', 'jaccard', 'conditional'] as const;
export type SimilarityName = (typeof SIMILARITIES)[number];

export interface NeighbourOptions {
  similarity: SimilarityName;
  /** Cosine on the weights instead of 0/1 (other measures are binary by definition). */
  weighted?: boolean;
  /** Popularity damping for `conditional`. */
  alpha?: number;
  /** Neighbours kept per row. */
  neighbours: number;
  /** Called every few hundred rows with the share done, e.g. for progress bars and cancellation. */
  onRow?(done: number): void;
}

/** Top-N neighbours per row, CSR-shaped: row a's neighbours are index[ptr[a] .. ptr[a+1]), best first. */
export interface Neighbours {
  n: number;
  ptr: Int32Array;
  index: Int32Array;
  sim: Float32Array;
}

/**
 * `rows`: the matrix whose rows are compared (row → columns); `cols`: its transpose.
 */
export function neighbours(rows: Csr, cols: Csr, opts: NeighbourOptions): Neighbours {
  const n = rows.nRows;
  if (cols.nRows !== rows.nCols || cols.nCols !== n) throw new RangeError('`cols` must be the transpose of `rows`');
  const alpha = opts.alpha ?? 0.5;
  if (opts.similarity === 'conditional' && !(alpha >= 0 && alpha <= 1))
    throw new RangeError(`alpha must lie in [0, 1], got ${alpha}`);
  const weighted = opts.similarity === 'cosine' && !!opts.weighted;
  const size = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    if (weighted) {
      let s = 0;
      for (let p = rows.ptr[a]!; p < rows.ptr[a + 1]!; p++) s += rows.value[p]! * rows.value[p]!;
      size[a] = Math.sqrt(s);
    } else size[a] = rows.ptr[a + 1]! - rows.ptr[a]!;
  }
  const damped = opts.similarity === 'conditional' ? Float64Array.from(size, (s) => s ** alpha) : size;

  const co = new Float64Array(n);
  const touched = new Int32Array(n);
  const top = new TopK(Math.max(1, opts.neighbours));
  const ptr = new Int32Array(n + 1);
  const chunks: Array<{ ids: Int32Array; scores: Float64Array }> = [];
  let total = 0;
  for (let a = 0; a < n; a++) {
    if (opts.onRow && a % 256 === 0) opts.onRow(a / n);
    let nTouched = 0;
    for (let p = rows.ptr[a]!; p < rows.ptr[a + 1]!; p++) {
      const c = rows.index[p]!;
      const wa = weighted ? rows.value[p]! : 1;
      for (let q = cols.ptr[c]!; q < cols.ptr[c + 1]!; q++) {
        const b = cols.index[q]!;
        if (b === a) continue;
        if (co[b] === 0) touched[nTouched++] = b;
        co[b]! += weighted ? wa * cols.value[q]! : 1;
      }
    }
    top.reset();
    for (let t = 0; t < nTouched; t++) {
      const b = touched[t]!;
      const c = co[b]!;
      co[b] = 0;
      let s: number;
      // size is ‖w‖ when weighted, the count n (so √ of the product) when binary.
      if (opts.similarity === 'cosine') s = weighted ? c / (size[a]! * size[b]!) : c / Math.sqrt(size[a]! * size[b]!);
      else if (opts.similarity === 'jaccard') s = c / (size[a]! + size[b]! - c);
      else s = c / (size[a]! * damped[b]!);
      if (s > 0 && Number.isFinite(s) && opts.neighbours > 0) top.push(b, s);
    }
    const kept = top.drain();
    chunks.push(kept);
    total += kept.ids.length;
    ptr[a + 1] = total;
  }
  const index = new Int32Array(total);
  const sim = new Float32Array(total);
  chunks.forEach((c, a) => {
    index.set(c.ids, ptr[a]!);
    sim.set(c.scores, ptr[a]!);
  });
  return { n, ptr, index, sim };
}
