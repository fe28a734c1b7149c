/**
 * CART classification tree for a binary label (0/1) over numeric and categorical features.
 * Pure: typed arrays in, plain objects out; deterministic (no randomness, ties broken by feature
 * order, then by the first cut point in scan order).
 *
 * Splits:
 *   numeric      `x < t` goes left, `x >= t` right. t is the simplest decimal in (a, b], where a < b
 *                are the adjacent distinct training values at the cut (e.g. 6 between 5 and 6,
 *                rather than the midpoint 5.5): it separates the same training rows as the midpoint.
 *   categorical  the levels present at the node are ordered by their (weighted) positive rate and cut
 *                into a prefix (left) and the rest (right): for a binary target the best of these
 *                k − 1 cuts is the best of all 2^(k−1) − 1 subset splits (Breiman et al. 1984, §9.4).
 *                Levels not seen at the node during training go right when predicting.
 * Criterion: Gini (1 − p₀² − p₁²) or entropy (−Σ p log₂ p) of the class-weighted counts. A split is
 * chosen by the largest decrease ΔI = I(node) − W_L/W·I(L) − W_R/W·I(R) (W: weighted row counts)
 * and made only when ΔI > 1e-12 and both children keep ≥ minLeaf rows (unweighted).
 * `classWeight: 'balanced'` weighs class c by n / (2·n_c) (as scikit-learn), so a leaf predicts the
 * positive class exactly when its positive rate exceeds the base rate.
 * Feature values must be finite numbers (numeric) or integer codes into `levels` (categorical).
 */

export type CartFeature =
  | { kind: 'numeric'; name: string; values: ArrayLike<number> }
  | { kind: 'categorical'; name: string; codes: ArrayLike<number>; levels: readonly string[] };

export interface CartOptions {
  criterion?: 'gini' | 'entropy';
  /** Depth of the deepest split; 0 gives a single leaf. Default 3. */
  maxDepth?: number;
  /** Fewest training rows in a leaf. Default 1. */
  minLeaf?: number;
  classWeight?: 'balanced' | 'none';
  /** The training rows (default: all). */
  rows?: ArrayLike<number>;
}

export type CartSplit =
  | { kind: 'numeric'; feature: number; threshold: number }
  /** `left`/`right`: the level codes seen at the node on each side. */
  | { kind: 'categorical'; feature: number; left: number[]; right: number[] };

/** How rows reach a node from its parent. */
export type Condition =
  { feature: string; op: '<' | '>='; value: number } | { feature: string; op: 'in'; levels: string[] };

export interface CartNode {
  id: number;
  depth: number;
  parent: number | null;
  /** The condition on the edge from the parent; null at the root. */
  condition: Condition | null;
  /** Training rows and positives reaching the node. */
  n: number;
  nPos: number;
  /** Class-weighted counts. */
  wNeg: number;
  wPos: number;
  impurity: number;
  prediction: 0 | 1;
  split: CartSplit | null;
  left: number | null;
  right: number | null;
  /** ΔI of the node's split (0 at leaves). */
  gain: number;
}

export interface CartTree {
  /** Preorder: the root is 0, a node's left subtree comes before its right. */
  nodes: CartNode[];
  features: Array<{ name: string; kind: 'numeric' | 'categorical' }>;
  criterion: 'gini' | 'entropy';
  /** Weights of class 0 and class 1. */
  classWeight: [number, number];
  n: number;
  nPos: number;
  /** Plain share of positives among the training rows. */
  baseRate: number;
  /** Per feature: Σ over its splits of (W_node / W_root)·ΔI, normalised to sum 1 (all 0 for a stump). */
  importance: number[];
}

const EPS = 1e-12;

export function impurity(criterion: 'gini' | 'entropy', wNeg: number, wPos: number): number {
  const w = wNeg + wPos;
  if (w <= 0) return 0;
  const p0 = wNeg / w;
  const p1 = wPos / w;
  if (criterion === 'gini') return 1 - p0 * p0 - p1 * p1;
  return -(p0 > 0 ? p0 * Math.log2(p0) : 0) - (p1 > 0 ? p1 * Math.log2(p1) : 0);
}

/** The number with the fewest significant digits in (a, b] (a < b). */
export function niceThreshold(a: number, b: number): number {
  if (a < 0 && b >= 0) return 0;
  for (let p = 1; p <= 17; p++) {
    const scale = 10 ** (Math.floor(Math.log10(Math.abs(b))) - p + 1);
    const c = Number((Math.floor(b / scale) * scale).toPrecision(p));
    if (c > a && c <= b) return c;
  }
  return b;
}

interface Candidate {
  gain: number;
  split: CartSplit;
}

export function fitCart(features: CartFeature[], y: ArrayLike<number>, options: CartOptions = {}): CartTree {
  const criterion = options.criterion ?? 'gini';
  const maxDepth = options.maxDepth ?? 3;
  const minLeaf = Math.max(1, options.minLeaf ?? 1);
  const rows = Int32Array.from(options.rows ?? Array.from({ length: y.length }, (_, i) => i));
  if (rows.length === 0) throw new Error('fitCart: no training rows');
  for (const f of features) {
    const len = f.kind === 'numeric' ? f.values.length : f.codes.length;
    if (len !== y.length) throw new Error(`fitCart: feature '${f.name}' has ${len} values for ${y.length} labels`);
  }
  let nPos = 0;
  for (const r of rows) {
    const v = y[r]!;
    if (v !== 0 && v !== 1) throw new Error(`fitCart: labels must be 0 or 1, got ${v}`);
    nPos += v;
  }
  const n = rows.length;
  const classWeight: [number, number] =
    options.classWeight === 'balanced' && nPos > 0 && nPos < n ? [n / (2 * (n - nPos)), n / (2 * nPos)] : [1, 1];
  const [w0, w1] = classWeight;
  const imp = (a: number, b: number) => impurity(criterion, a, b);
  const rootWeight = (n - nPos) * w0 + nPos * w1;

  const nodes: CartNode[] = [];
  const importance = new Array<number>(features.length).fill(0);

  const bestSplit = (idx: Int32Array, wNeg: number, wPos: number): Candidate | null => {
    const m = idx.length;
    const W = wNeg + wPos;
    const parentImp = imp(wNeg, wPos);
    let best: Candidate | null = null;
    const consider = (lNeg: number, lPos: number, split: () => CartSplit) => {
      const rNeg = wNeg - lNeg;
      const rPos = wPos - lPos;
      const wl = lNeg + lPos;
      const gain = parentImp - (wl / W) * imp(lNeg, lPos) - ((W - wl) / W) * imp(rNeg, rPos);
      if (gain > EPS && (!best || gain > best.gain + EPS)) best = { gain, split: split() };
    };
    features.forEach((f, fi) => {
      if (f.kind === 'numeric') {
        const vals = f.values;
        const sorted = Int32Array.from(idx).sort((a, b) => vals[a]! - vals[b]! || a - b);
        let lNeg = 0;
        let lPos = 0;
        for (let i = 0; i < m - 1; i++) {
          const r = sorted[i]!;
          if (y[r] === 1) lPos += w1;
          else lNeg += w0;
          const a = vals[r]!;
          const b = vals[sorted[i + 1]!]!;
          if (a === b || i + 1 < minLeaf || m - i - 1 < minLeaf) continue;
          consider(lNeg, lPos, () => ({ kind: 'numeric', feature: fi, threshold: niceThreshold(a, b) }));
        }
      } else {
        const counts = new Map<number, { n: number; neg: number; pos: number }>();
        for (const r of idx) {
          const code = f.codes[r]!;
          let c = counts.get(code);
          if (!c) counts.set(code, (c = { n: 0, neg: 0, pos: 0 }));
          c.n++;
          if (y[r] === 1) c.pos += w1;
          else c.neg += w0;
        }
        const order = [...counts.keys()].sort((a, b) => {
          const ca = counts.get(a)!;
          const cb = counts.get(b)!;
          return ca.pos / (ca.pos + ca.neg) - cb.pos / (cb.pos + cb.neg) || a - b;
        });
        let lNeg = 0;
        let lPos = 0;
        let nl = 0;
        for (let i = 0; i < order.length - 1; i++) {
          const c = counts.get(order[i]!)!;
          lNeg += c.neg;
          lPos += c.pos;
          nl += c.n;
          if (nl < minLeaf || m - nl < minLeaf) continue;
          consider(lNeg, lPos, () => ({
            kind: 'categorical',
            feature: fi,
            left: order.slice(0, i + 1),
            right: order.slice(i + 1),
          }));
        }
      }
    });
    return best;
  };

  const grow = (idx: Int32Array, depth: number, parent: number | null, condition: Condition | null): number => {
    let np = 0;
    for (const r of idx) np += y[r]!;
    const wNeg = (idx.length - np) * w0;
    const wPos = np * w1;
    const node: CartNode = {
      id: nodes.length,
      depth,
      parent,
      condition,
      n: idx.length,
      nPos: np,
      wNeg,
      wPos,
      impurity: imp(wNeg, wPos),
      prediction: wPos > wNeg ? 1 : 0,
      split: null,
      left: null,
      right: null,
      gain: 0,
    };
    nodes.push(node);
    if (depth >= maxDepth || idx.length < 2 * minLeaf || np === 0 || np === idx.length) return node.id;
    const best = bestSplit(idx, wNeg, wPos);
    if (!best) return node.id;
    const { split, gain } = best;
    node.split = split;
    node.gain = gain;
    importance[split.feature]! += ((wNeg + wPos) / rootWeight) * gain;
    const f = features[split.feature]!;
    const goesLeft = leftTest(f, split);
    const l: number[] = [];
    const r: number[] = [];
    for (const i of idx) (goesLeft(i) ? l : r).push(i);
    const [lc, rc] = edgeConditions(f, split);
    node.left = grow(Int32Array.from(l), depth + 1, node.id, lc);
    node.right = grow(Int32Array.from(r), depth + 1, node.id, rc);
    return node.id;
  };
  grow(rows, 0, null, null);

  const total = importance.reduce((s, v) => s + v, 0);
  return {
    nodes,
    features: features.map((f) => ({ name: f.name, kind: f.kind })),
    criterion,
    classWeight,
    n,
    nPos,
    baseRate: nPos / n,
    importance: importance.map((v) => (total > 0 ? v / total : 0)),
  };
}

function leftTest(f: CartFeature, split: CartSplit): (row: number) => boolean {
  if (split.kind === 'numeric') {
    if (f.kind !== 'numeric') throw new Error(`feature '${f.name}' is not numeric`);
    const t = split.threshold;
    return (row) => f.values[row]! < t;
  }
  if (f.kind !== 'categorical') throw new Error(`feature '${f.name}' is not categorical`);
  const left = new Set(split.left);
  return (row) => left.has(f.codes[row]!);
}

function edgeConditions(f: CartFeature, split: CartSplit): [Condition, Condition] {
  if (split.kind === 'numeric') {
    return [
      { feature: f.name, op: '<', value: split.threshold },
      { feature: f.name, op: '>=', value: split.threshold },
    ];
  }
  const levels = (f as Extract<CartFeature, { kind: 'categorical' }>).levels;
  const names = (codes: number[]) => codes.map((c) => levels[c] ?? String(c)).sort();
  return [
    { feature: f.name, op: 'in', levels: names(split.left) },
    { feature: f.name, op: 'in', levels: names(split.right) },
  ];
}

/** The leaf a row of `features` falls in (the same feature arrays/codes as in training). */
export function leafOf(tree: CartTree, features: CartFeature[], row: number): CartNode {
  let node = tree.nodes[0]!;
  while (node.split) {
    const goesLeft =
      node.split.kind === 'numeric'
        ? (features[node.split.feature] as Extract<CartFeature, { kind: 'numeric' }>).values[row]! <
          node.split.threshold
        : node.split.left.includes(
            (features[node.split.feature] as Extract<CartFeature, { kind: 'categorical' }>).codes[row]!,
          );
    node = tree.nodes[goesLeft ? node.left! : node.right!]!;
  }
  return node;
}

export function predictCart(tree: CartTree, features: CartFeature[], row: number): 0 | 1 {
  return leafOf(tree, features, row).prediction;
}

export function conditionText(c: Condition): string {
  if (c.op === 'in')
    return c.levels.length === 1 ? `${c.feature} = ${c.levels[0]}` : `${c.feature} in {${c.levels.join(', ')}}`;
  return `${c.feature} ${c.op} ${formatNumber(c.value)}`;
}

export function formatNumber(v: number): string {
  return String(Number(v.toPrecision(6)));
}

export interface CartRule {
  /** The leaf's node id. */
  node: number;
  /** The path's conditions, simplified: per numeric feature the tightest `>=` and `<`, per categorical the last `in`. */
  conditions: Condition[];
  /** Conditions joined by " AND "; "(all rows)" for a single-leaf tree. */
  text: string;
  /** The leaf's prediction (class-weighted majority, as in training). */
  outcome: 0 | 1;
  /** Training rows in the leaf, and positives among them. */
  count: number;
  positives: number;
  /** count / training rows. */
  coverage: number;
  /** Plain (unweighted) share of positives in the leaf. */
  positiveRate: number;
  /** Plain share of the leaf's rows that have the predicted outcome. */
  confidence: number;
  /** confidence / plain base rate of the outcome among all training rows. */
  lift: number;
  /** Ordering score: coverage × (lift − 1), the outcome's excess share of rows explained. */
  score: number;
}

/**
 * Each leaf as a rule. Figures are plain (unweighted) training counts, whatever the class weights:
 * confidence is the share of the leaf's rows with the predicted outcome, lift that share over the
 * outcome's overall share. Rules predicting the positive class come first, each group ordered by
 * coverage × (lift − 1), then confidence, then node id.
 */
export function flattenRules(tree: CartTree): CartRule[] {
  const rules: CartRule[] = [];
  for (const leaf of tree.nodes) {
    if (leaf.split) continue;
    const path: Condition[] = [];
    for (
      let node: CartNode | undefined = leaf;
      node && node.condition;
      node = node.parent === null ? undefined : tree.nodes[node.parent]
    ) {
      path.unshift(node.condition);
    }
    const conditions = simplify(path);
    const positiveRate = leaf.nPos / leaf.n;
    const confidence = leaf.prediction === 1 ? positiveRate : 1 - positiveRate;
    const hits = leaf.prediction === 1 ? leaf.nPos : leaf.n - leaf.nPos;
    const overall = leaf.prediction === 1 ? tree.nPos : tree.n - tree.nPos;
    const lift = overall > 0 ? (hits * tree.n) / (leaf.n * overall) : 0;
    const coverage = leaf.n / tree.n;
    rules.push({
      node: leaf.id,
      conditions,
      text: conditions.length ? conditions.map(conditionText).join(' AND ') : '(all rows)',
      outcome: leaf.prediction,
      count: leaf.n,
      positives: leaf.nPos,
      coverage,
      positiveRate,
      confidence,
      lift,
      score: coverage * (lift - 1),
    });
  }
  return rules.sort(
    (a, b) => b.outcome - a.outcome || b.score - a.score || b.confidence - a.confidence || a.node - b.node,
  );
}

function simplify(path: Condition[]): Condition[] {
  const out: Condition[] = [];
  for (const c of path) {
    const at = out.findIndex((o) => o.feature === c.feature && o.op === c.op);
    if (at < 0) {
      out.push(c);
      continue;
    }
    const prev = out[at]!;
    if (c.op === 'in')
      out[at] = c; // deeper sets are subsets of the levels seen higher up
    else if (prev.op !== 'in')
      out[at] = { ...c, value: c.op === '<' ? Math.min(prev.value, c.value) : Math.max(prev.value, c.value) };
  }
  return out;
}
