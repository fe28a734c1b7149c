/**
 * DBSCAN (Ester, Kriegel, Sander & Xu 1996), Euclidean distance, over a row-major matrix [n × d].
 *
 * A row is a core point when its eps-neighbourhood (distance ≤ eps), the row itself included, holds
 * at least `minPts` rows (scikit-learn's `min_samples` convention). Clusters grow from core points
 * through the neighbourhoods of core points; a non-core row within eps of a core point is a border
 * point and joins the first cluster that reaches it; every other row is noise (label −1).
 *
 * Deterministic: rows are scanned in index order, and a border point reachable from two clusters
 * keeps the one found first. After the scan clusters are renumbered 0.. by size, largest first
 * (ties: order of discovery).
 *
 * Neighbour search is brute force with squared distances: O(n² d) time, O(n) memory (each row's
 * neighbourhood is computed at most once, when it is expanded). Above `DBSCAN_MAX_ROWS` rows it
 * throws rather than freeze the browser.
 *
 * `kDistances(x, n, d, k)`: each row's distance to its k-th nearest row, counting the row itself as
 * the first (so k = 1 gives zeros), sorted descending: the "k-distance plot" used to choose eps.
 * With k = minPts a row is a core point exactly when its k-distance is ≤ eps, so the elbow of the
 * curve is the usual eps.
 */
import { checkShape, type Matrix } from '../util/scale';

export const DBSCAN_MAX_ROWS = 20_000;

export interface DbscanOptions {
  /** Neighbourhood radius (> 0), in the units of x. */
  eps: number;
  /** Rows (itself included) an eps-neighbourhood needs for a core point; integer ≥ 1. Default 5. */
  minPts?: number;
}

export interface DbscanResult {
  /** Cluster of each row, 0..k−1 by size (largest first); −1 for noise. */
  labels: Int32Array;
  /** Number of clusters. */
  k: number;
  /** Rows in each cluster, descending. */
  sizes: Int32Array;
  /** Rows labelled noise. */
  noise: number;
  /** Whether each row is a core point. */
  core: Uint8Array;
}

export function dbscan(x: Matrix, n: number, d: number, opts: DbscanOptions): DbscanResult {
  checkShape(x, n, d);
  const { eps } = opts;
  const minPts = opts.minPts ?? 5;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`eps must be a positive finite number, got ${eps}`);
  if (!Number.isInteger(minPts) || minPts < 1) throw new RangeError(`minPts must be an integer ≥ 1, got ${minPts}`);
  checkSize(n);
  const eps2 = eps * eps;
  const UNVISITED = -2;
  const NOISE = -1;
  const labels = new Int32Array(n).fill(UNVISITED);
  const core = new Uint8Array(n);
  const neighbours = new Int32Array(n);
  const queue = new Int32Array(n);
  const queued = new Uint8Array(n);

  /** Fills `neighbours` with the rows within eps of row i (itself included); returns how many. */
  const regionQuery = (i: number): number => {
    let m = 0;
    const ri = i * d;
    for (let j = 0; j < n; j++) {
      const rj = j * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const delta = x[ri + f]! - x[rj + f]!;
        s += delta * delta;
      }
      if (s <= eps2) neighbours[m++] = j;
    }
    return m;
  };

  const discovered: number[] = []; // size of each cluster, in order of discovery
  for (let p = 0; p < n; p++) {
    if (labels[p] !== UNVISITED) continue;
    const m = regionQuery(p);
    if (m < minPts) {
      labels[p] = NOISE; // may become a border point of a later cluster
      continue;
    }
    const c = discovered.length;
    let size = 0;
    let head = 0;
    let tail = 0;
    core[p] = 1;
    labels[p] = c;
    size++;
    queued[p] = 1;
    for (let t = 0; t < m; t++) {
      const q = neighbours[t]!;
      if (!queued[q]) {
        queued[q] = 1;
        queue[tail++] = q;
      }
    }
    while (head < tail) {
      const q = queue[head++]!;
      if (labels[q] === NOISE) {
        labels[q] = c;
        size++;
        continue;
      } // border point (already known not core)
      if (labels[q] !== UNVISITED) continue; // claimed by an earlier cluster
      labels[q] = c;
      size++;
      const mq = regionQuery(q);
      if (mq < minPts) continue; // border point
      core[q] = 1;
      for (let t = 0; t < mq; t++) {
        const r = neighbours[t]!;
        if (!queued[r]) {
          queued[r] = 1;
          queue[tail++] = r;
        }
      }
    }
    // Reset the queue marks of this cluster's expansion.
    queued[p] = 0;
    for (let t = 0; t < tail; t++) queued[queue[t]!] = 0;
    discovered.push(size);
  }

  // Renumber by size, largest first; ties keep the order of discovery (stable sort).
  const k = discovered.length;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => discovered[b]! - discovered[a]!);
  const rename = new Int32Array(k);
  order.forEach((old, nu) => (rename[old] = nu));
  let noise = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < 0) {
      labels[i] = NOISE;
      noise++;
    } else labels[i] = rename[l]!;
  }
  const sizes = Int32Array.from(order, (old) => discovered[old]!);
  return { labels, k, sizes, noise, core };
}

/** Each row's distance to its k-th nearest row (the row itself is the 1st), sorted descending. */
export function kDistances(x: Matrix, n: number, d: number, k: number): Float64Array {
  checkShape(x, n, d);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer in 1..${n}, got ${k}`);
  checkSize(n);
  const out = new Float64Array(n);
  const best = new Float64Array(k); // the k smallest squared distances so far, ascending
  for (let i = 0; i < n; i++) {
    best.fill(Infinity);
    const ri = i * d;
    for (let j = 0; j < n; j++) {
      const rj = j * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const delta = x[ri + f]! - x[rj + f]!;
        s += delta * delta;
      }
      if (s >= best[k - 1]!) continue;
      let t = k - 1;
      while (t > 0 && best[t - 1]! > s) {
        best[t] = best[t - 1]!;
        t--;
      }
      best[t] = s;
    }
    out[i] = Math.sqrt(best[k - 1]!);
  }
  return out.sort().reverse();
}

function checkSize(n: number): void {
  if (n > DBSCAN_MAX_ROWS) {
    throw new RangeError(
      `DBSCAN here compares every pair of rows and is limited to ${DBSCAN_MAX_ROWS.toLocaleString('en')} rows (got ${n.toLocaleString('en')}); ` +
        'use k-means for larger tables, or cluster a sample of the rows',
    );
  }
}
