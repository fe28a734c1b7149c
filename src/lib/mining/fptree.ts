/**
 * Typed-array storage for FP-Growth: weighted prefix paths, and FP-trees built from them.
 *
 * All conditional FP-trees of a search live in one node arena of parallel Int32Arrays, stacked
 * above the tree they were projected from and released (by resetting `nodeTop` / `hTop`) when
 * their part of the search is done. No per-node objects and no per-tree allocations.
 *
 * Mining only walks a tree upwards (node → parent), starting from an item's header list, so
 * nodes carry no child links: a tree is built from lexicographically sorted paths, where each
 * path shares exactly its common prefix with the previous one (see `insertPaths`).
 */
import { grow } from './itemsets';

const NONE = -1; // no node / no rank

/** Weighted paths in flat buffers: path i is items[start[i] .. start[i + 1]), ascending rank. */
export class PathBuffer {
  items = new Int32Array(1024);
  start = new Int32Array(256); // [paths + 1]
  weight = new Int32Array(256); // [paths] transactions the path stands for
  order = new Int32Array(256); // [paths] scratch: paths in lexicographic order

  /** Room for `nPaths` paths holding `nItems` ranks in total; may replace the arrays. */
  ensure(nPaths: number, nItems: number): void {
    if (nItems > this.items.length) this.items = grow(this.items, nItems);
    if (nPaths + 1 > this.start.length) {
      this.start = grow(this.start, nPaths + 1);
      this.weight = grow(this.weight, nPaths + 1);
      this.order = grow(this.order, nPaths + 1);
    }
  }
}

export class FpForest {
  // Node arena, [capacity] each. A root has item NONE, parent NONE and depth 0.
  item = new Int32Array(1024); // item rank
  count = new Int32Array(1024); // transactions through the node (weighted in projections)
  parent = new Int32Array(1024);
  depth = new Int32Array(1024); // distance from the root: a node has depth − 1 item ancestors
  link = new Int32Array(1024); // next node of the same item in the same tree
  nodeTop = 0;

  // Header arena: a tree's items in ascending rank, each with the head of its node list and
  // its count in that tree (the support of prefix ∪ {item}). [capacity] each.
  hRank = new Int32Array(256);
  hHead = new Int32Array(256);
  hCount = new Int32Array(256);
  hTop = 0;

  /** [F] header slot (relative to the tree's header base) of each rank; NONE between builds. */
  readonly localSlot: Int32Array;
  /** [F] scratch: node at each depth of the previously inserted path. */
  private readonly depthNode: Int32Array;

  constructor(nRanks: number) {
    this.localSlot = new Int32Array(nRanks).fill(NONE);
    this.depthNode = new Int32Array(nRanks);
  }

  /**
   * A new tree over `paths[0 .. nPaths)` whose header is already at `headerBase` with
   * `localSlot` set for its ranks; returns the root. Sorting the paths first means no child
   * search: on sparse retail baskets a scan through siblings (up to one per frequent item
   * under the root) would dominate the build.
   */
  insertPaths(paths: PathBuffer, nPaths: number, headerBase: number): number {
    const { items, start, weight } = paths;
    const { depthNode, localSlot } = this;
    const order = paths.order.subarray(0, nPaths);
    for (let i = 0; i < nPaths; i++) order[i] = i;
    order.sort((a, b) => {
      const ea = start[a + 1]!;
      const eb = start[b + 1]!;
      for (let i = start[a]!, j = start[b]!; i < ea && j < eb; i++, j++) {
        const d = items[i]! - items[j]!;
        if (d !== 0) return d;
      }
      return ea - start[a]! - (eb - start[b]!);
    });
    this.ensureNodes(this.nodeTop + 1 + start[nPaths]! - start[0]!);
    const root = this.newNode(NONE, 0, NONE);
    const { count, link, hHead } = this;
    let prevStart = 0;
    let prevLen = 0;
    for (const p of order) {
      const s0 = start[p]!;
      const len = start[p + 1]! - s0;
      const w = weight[p]!;
      let common = 0;
      while (common < len && common < prevLen && items[s0 + common] === items[prevStart + common]) common++;
      for (let i = 0; i < common; i++) count[depthNode[i]!]! += w;
      for (let i = common; i < len; i++) {
        const r = items[s0 + i]!;
        const c = this.newNode(r, w, i === 0 ? root : depthNode[i - 1]!);
        const slot = headerBase + localSlot[r]!;
        link[c] = hHead[slot]!;
        hHead[slot] = c;
        depthNode[i] = c;
      }
      prevStart = s0;
      prevLen = len;
    }
    return root;
  }

  /** Caller guarantees capacity (ensureNodes). */
  private newNode(rank: number, w: number, parentNode: number): number {
    const n = this.nodeTop++;
    this.item[n] = rank;
    this.count[n] = w;
    this.parent[n] = parentNode;
    this.depth[n] = parentNode === NONE ? 0 : this.depth[parentNode]! + 1;
    this.link[n] = NONE;
    return n;
  }

  /** May replace the node arrays: callers re-read them afterwards. */
  ensureNodes(need: number): void {
    if (need <= this.item.length) return;
    this.item = grow(this.item, need);
    this.count = grow(this.count, need);
    this.parent = grow(this.parent, need);
    this.depth = grow(this.depth, need);
    this.link = grow(this.link, need);
  }

  ensureHeader(need: number): void {
    if (need <= this.hRank.length) return;
    this.hRank = grow(this.hRank, need);
    this.hHead = grow(this.hHead, need);
    this.hCount = grow(this.hCount, need);
  }
}
