/**
 * k-means (Lloyd's algorithm) over a row-major matrix x [n × d], Euclidean distance.
 *
 * - Initialisation: greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's
 *   2 + ⌊ln k⌋ local trials per centre: each new centre is the candidate, among those drawn
 *   ∝ D², that lowers the potential most); or 'random' (k distinct rows, Forgy); or explicit
 *   starting centroids.
 * - Lloyd iterations (with Hamerly's bounds to skip rows that cannot change cluster; the
 *   iterates are plain Lloyd's) until no label changes, or the centroids move by at most
 *   tol × (mean per-column variance of x) in total squared distance (scikit-learn's rule), or
 *   maxIter. The last step is always an assignment, so labels are the nearest centroids and
 *   `inertia` (sum of squared distances to them) is consistent with both.
 * - Empty clusters: a cluster that loses all its rows takes the row farthest from its own
 *   centroid among clusters with more than one row (that row moves).
 * - nInit restarts from one seeded stream; the run with the lowest inertia wins (the first on ties).
 *
 * Distances to centroids tie → the lower cluster index. Everything is typed arrays; no per-row
 * objects. Same input and seed → same result.
 */
import { Rng } from '../util/rng';
import { checkShape, type Matrix } from '../util/scale';

export { columnStats, standardize, unstandardize, scaleOf, type ColumnStats, type Matrix } from '../util/scale';
export {
  silhouette,
  silhouetteSamples,
  adjustedRandIndex,
  SILHOUETTE_MAX_EXACT,
  SILHOUETTE_SAMPLE_SIZE,
  type SilhouetteOptions,
} from './metrics';

export type KMeansInit = 'k-means++' | 'random' | ArrayLike<number>;

export interface KMeansOptions {
  k: number;
  /** Restarts; the lowest inertia wins. Default 10 (1 when `init` gives centroids). */
  nInit?: number;
  /** Default 300. */
  maxIter?: number;
  /** Relative to the mean column variance of x. Default 1e-4. */
  tol?: number;
  /** Default 42. */
  seed?: number;
  /** Default 'k-means++'. Explicit centroids: k × d, row-major. */
  init?: KMeansInit;
}

export interface KMeansResult {
  k: number;
  d: number;
  /** Cluster of each row, 0..k−1. */
  labels: Int32Array;
  /** k × d, row-major. */
  centroids: Float64Array;
  sizes: Int32Array;
  /** Sum of squared distances of rows to their centroid. */
  inertia: number;
  /** Lloyd iterations of the winning run. */
  iterations: number;
  /** Whether the winning run stopped before maxIter. */
  converged: boolean;
  /** Inertia of every run, in order. */
  runInertias: Float64Array;
}

export function kmeans(x: Matrix, n: number, d: number, opts: KMeansOptions): KMeansResult {
  checkShape(x, n, d);
  const { k } = opts;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (k > n) throw new RangeError(`k = ${k} is more than the ${n} rows`);
  const explicit = typeof opts.init === 'object' ? Float64Array.from(opts.init) : undefined;
  if (explicit && explicit.length !== k * d)
    throw new RangeError(`init centroids have ${explicit.length} values, expected ${k} × ${d}`);
  const nInit = explicit ? 1 : (opts.nInit ?? 10);
  if (!Number.isInteger(nInit) || nInit < 1) throw new RangeError(`nInit must be a positive integer, got ${nInit}`);
  const maxIter = opts.maxIter ?? 300;
  if (!Number.isInteger(maxIter) || maxIter < 1)
    throw new RangeError(`maxIter must be a positive integer, got ${maxIter}`);
  const tol = opts.tol ?? 1e-4;
  if (!(tol >= 0)) throw new RangeError(`tol must be ≥ 0, got ${tol}`);

  const data = x instanceof Float64Array ? x : Float64Array.from(x);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) throw new RangeError(`x[${Math.floor(i / d)}, ${i % d}] is not a finite number`);
  }
  const tolAbs = tol * meanVariance(data, n, d);
  const rng = new Rng(opts.seed ?? 42);
  const init = opts.init ?? 'k-means++';

  const work = new Workspace(n, d, k);
  let best: KMeansResult | undefined;
  const runInertias = new Float64Array(nInit);
  for (let run = 0; run < nInit; run++) {
    const centroids = explicit
      ? Float64Array.from(explicit)
      : init === 'random'
        ? randomInit(data, n, d, k, rng)
        : kmeansPlusPlus(data, n, d, k, rng);
    const labels = new Int32Array(n);
    const { iterations, converged, inertia } = lloyd(data, n, d, k, centroids, labels, maxIter, tolAbs, work);
    runInertias[run] = inertia;
    if (!best || inertia < best.inertia) {
      best = {
        k,
        d,
        labels,
        centroids,
        sizes: Int32Array.from(work.sizes),
        inertia,
        iterations,
        converged,
        runInertias,
      };
    }
  }
  return best!;
}

/** Scratch buffers reused across runs. */
class Workspace {
  /** Squared distance of each row to its centroid (exact after `assign`). */
  readonly dist: Float64Array;
  /** Hamerly bounds: upper ≥ distance to the own centroid, lower ≤ distance to any other. */
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly sums: Float64Array;
  readonly sizes: Int32Array;
  readonly old: Float64Array;
  readonly move: Float64Array;
  readonly half: Float64Array;
  constructor(n: number, d: number, k: number) {
    this.dist = new Float64Array(n);
    this.upper = new Float64Array(n);
    this.lower = new Float64Array(n);
    this.sums = new Float64Array(k * d);
    this.sizes = new Int32Array(k);
    this.old = new Float64Array(k * d);
    this.move = new Float64Array(k);
    this.half = new Float64Array(k);
  }
}

/**
 * Lloyd's algorithm with Hamerly's (2010) bounds: a row is rescanned only when its distance to
 * its own centroid may exceed the distance to some other centroid, so late iterations touch few
 * rows. The bounds only skip work; the iterates are those of plain Lloyd (up to exact ties), and a
 * final exact pass sets labels, distances and inertia.
 */
function lloyd(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  centroids: Float64Array,
  labels: Int32Array,
  maxIter: number,
  tolAbs: number,
  w: Workspace,
): { iterations: number; converged: boolean; inertia: number } {
  const { upper, lower, move, old } = w;
  labels.fill(-1);
  upper.fill(Infinity);
  lower.fill(0);
  boundedAssign(x, n, d, k, centroids, labels, w);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    old.set(centroids);
    const relocated = update(x, n, d, k, centroids, labels, w);
    let shift = 0;
    let max1 = 0;
    let max2 = 0;
    let arg1 = -1;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let f = 0; f < d; f++) {
        const delta = centroids[c * d + f]! - old[c * d + f]!;
        s += delta * delta;
      }
      shift += s;
      const m = Math.sqrt(s);
      move[c] = m;
      if (m > max1) {
        max2 = max1;
        max1 = m;
        arg1 = c;
      } else if (m > max2) {
        max2 = m;
      }
    }
    if (relocated) {
      upper.fill(Infinity);
      lower.fill(0);
    } else {
      for (let i = 0; i < n; i++) {
        const a = labels[i]!;
        upper[i]! += move[a]!;
        lower[i]! -= a === arg1 ? max2 : max1;
      }
    }
    const changed = boundedAssign(x, n, d, k, centroids, labels, w);
    if (changed === 0 || shift <= tolAbs) {
      converged = true;
      break;
    }
  }
  // Exact final pass: labels are the nearest centroids (ties → lower index), inertia from exact distances.
  assign(x, n, d, k, centroids, labels, w.dist);
  countSizes(labels, n, w.sizes);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += w.dist[i]!;
  return { iterations, converged, inertia };
}

/** One assignment step using and maintaining the bounds. Returns how many labels changed. */
function boundedAssign(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  centroids: Float64Array,
  labels: Int32Array,
  w: Workspace,
): number {
  const { upper, lower, half } = w;
  // half[c] = half the distance from centroid c to its nearest other centroid.
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let f = 0; f < d; f++) {
        const delta = centroids[a * d + f]! - centroids[b * d + f]!;
        s += delta * delta;
      }
      const h = Math.sqrt(s) / 2;
      if (h < half[a]!) half[a] = h;
      if (h < half[b]!) half[b] = h;
    }
  }
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i]!;
    const row = i * d;
    let bound = lower[i]!;
    if (a >= 0) {
      if (half[a]! > bound) bound = half[a]!;
      if (upper[i]! <= bound) continue;
      let s = 0;
      const base = a * d;
      for (let f = 0; f < d; f++) {
        const delta = x[row + f]! - centroids[base + f]!;
        s += delta * delta;
      }
      upper[i] = Math.sqrt(s);
      if (upper[i]! <= bound) continue;
    }
    let best = 0;
    let d1 = Infinity;
    let d2 = Infinity;
    for (let c = 0; c < k; c++) {
      const base = c * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const delta = x[row + f]! - centroids[base + f]!;
        s += delta * delta;
      }
      if (s < d1) {
        d2 = d1;
        d1 = s;
        best = c;
      } else if (s < d2) {
        d2 = s;
      }
    }
    if (best !== a) {
      labels[i] = best;
      changed++;
    }
    upper[i] = Math.sqrt(d1);
    lower[i] = Math.sqrt(d2);
  }
  return changed;
}

/** Nearest centroid of every row; fills `dist` with the squared distance. Returns how many labels changed. */
function assign(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  centroids: Float64Array,
  labels: Int32Array,
  dist: Float64Array,
): number {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let bestC = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const base = c * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const delta = x[row + f]! - centroids[base + f]!;
        s += delta * delta;
      }
      if (s < bestD) {
        bestD = s;
        bestC = c;
      }
    }
    if (labels[i] !== bestC) {
      labels[i] = bestC;
      changed++;
    }
    dist[i] = bestD;
  }
  return changed;
}

function countSizes(labels: Int32Array, n: number, sizes: Int32Array): void {
  sizes.fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
}

/**
 * Centroids = means of their rows. An empty cluster takes the row farthest from its current
 * centroid among clusters with more than one row. Returns whether any row was relocated.
 */
function update(
  x: Float64Array,
  n: number,
  d: number,
  k: number,
  centroids: Float64Array,
  labels: Int32Array,
  w: Workspace,
): boolean {
  const { sums, sizes, dist } = w;
  sums.fill(0);
  countSizes(labels, n, sizes);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const base = labels[i]! * d;
    for (let f = 0; f < d; f++) sums[base + f]! += x[row + f]!;
  }
  let relocated = false;
  for (let c = 0; c < k; c++) {
    if (sizes[c]! > 0) continue;
    if (!relocated) {
      // Exact distances to the current centroids (the bounds are not enough to rank rows).
      for (let i = 0; i < n; i++) {
        const row = i * d;
        const base = labels[i]! * d;
        let s = 0;
        for (let f = 0; f < d; f++) {
          const delta = x[row + f]! - centroids[base + f]!;
          s += delta * delta;
        }
        dist[i] = s;
      }
      relocated = true;
    }
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      if (sizes[labels[i]!]! > 1 && dist[i]! > farD) {
        farD = dist[i]!;
        far = i;
      }
    }
    if (far < 0) break; // cannot happen with k ≤ n
    const from = labels[far]!;
    const row = far * d;
    for (let f = 0; f < d; f++) {
      sums[from * d + f]! -= x[row + f]!;
      sums[c * d + f] = x[row + f]!;
    }
    sizes[from]!--;
    sizes[c] = 1;
    labels[far] = c;
    dist[far] = 0;
  }
  for (let c = 0; c < k; c++) {
    const size = sizes[c]!;
    if (size === 0) continue;
    for (let f = 0; f < d; f++) centroids[c * d + f] = sums[c * d + f]! / size;
  }
  return relocated;
}

/** Greedy k-means++ seeding. */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centroids = new Float64Array(k * d);
  const closest = new Float64Array(n);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const trials = 2 + Math.floor(Math.log(k));

  const first = rng.int(n);
  centroids.set(x.subarray(first * d, first * d + d), 0);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(x, i * d, x, first * d, d);
    potential += closest[i]!;
  }
  for (let c = 1; c < k; c++) {
    let chosen: number;
    if (!(potential > 0)) {
      // Every row coincides with a centre already: any row will do.
      chosen = rng.int(n);
    } else {
      let acc = 0;
      for (let i = 0; i < n; i++) {
        acc += closest[i]!;
        cumulative[i] = acc;
      }
      chosen = -1;
      let chosenPotential = Infinity;
      for (let t = 0; t < trials; t++) {
        const candidate = searchCumulative(cumulative, rng.next() * acc);
        let pot = 0;
        const cRow = candidate * d;
        for (let i = 0; i < n; i++) {
          const row = i * d;
          let s = 0;
          for (let f = 0; f < d; f++) {
            const delta = x[row + f]! - x[cRow + f]!;
            s += delta * delta;
          }
          const dd = s < closest[i]! ? s : closest[i]!;
          candidateDist[i] = dd;
          pot += dd;
        }
        if (pot < chosenPotential) {
          chosenPotential = pot;
          chosen = candidate;
          bestDist.set(candidateDist);
        }
      }
      closest.set(bestDist);
      potential = chosenPotential;
    }
    centroids.set(x.subarray(chosen * d, chosen * d + d), c * d);
  }
  return centroids;
}

/** k distinct rows, uniformly (partial Fisher–Yates). */
export function randomInit(x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const centroids = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const j = c + rng.int(n - c);
    const pick = index[j]!;
    index[j] = index[c]!;
    index[c] = pick;
    centroids.set(x.subarray(pick * d, pick * d + d), c * d);
  }
  return centroids;
}

/** First index whose cumulative weight exceeds r (rows of weight 0 are never chosen). */
function searchCumulative(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function sqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const delta = a[ai + f]! - b[bi + f]!;
    s += delta * delta;
  }
  return s;
}

function meanVariance(x: Float64Array, n: number, d: number): number {
  if (n === 0) return 0;
  let total = 0;
  for (let f = 0; f < d; f++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * d + f]!;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const delta = x[i * d + f]! - mean;
      v += delta * delta;
    }
    total += v / n;
  }
  return total / d;
}

/** Squared Euclidean distance of rows to the nearest centroid, summed (inertia of any centroids). */
export function inertiaOf(x: Matrix, n: number, d: number, centroids: ArrayLike<number>, k: number): number {
  checkShape(x, n, d);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let f = 0; f < d; f++) {
        const delta = x[i * d + f]! - centroids[c * d + f]!;
        s += delta * delta;
      }
      if (s < best) best = s;
    }
    total += best;
  }
  return total;
}

/**
 * The same clustering with clusters renumbered by size, largest first (ties: the cluster whose
 * first row comes first), so numbering does not depend on the initialisation order.
 */
export function orderBySize(result: KMeansResult): KMeansResult {
  const { k, d, labels } = result;
  const firstRow = new Int32Array(k).fill(labels.length);
  for (let i = labels.length - 1; i >= 0; i--) firstRow[labels[i]!] = i;
  const order = Array.from({ length: k }, (_, c) => c).sort(
    (a, b) => result.sizes[b]! - result.sizes[a]! || firstRow[a]! - firstRow[b]! || a - b,
  );
  const newIndex = new Int32Array(k);
  order.forEach((old, i) => (newIndex[old] = i));
  const centroids = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  order.forEach((old, i) => {
    centroids.set(result.centroids.subarray(old * d, old * d + d), i * d);
    sizes[i] = result.sizes[old]!;
  });
  return { ...result, labels: labels.map((l) => newIndex[l]!), centroids, sizes };
}
