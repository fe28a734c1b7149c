/**
 * What the frequent-itemset miners share: options, the support threshold, and the compact
 * columnar result they both write (one Int32Array of items for all itemsets, not one object
 * each, so a million itemsets stay a few tens of MB and cross a worker boundary cheaply).
 */

export interface MineOptions {
  /** Fraction of transactions in [0, 1]; frequent means count ≥ minCountFor(minSupport, n). */
  minSupport: number;
  /** Largest itemset size to report (default: unlimited). */
  maxLength?: number;
  /**
   * Stop after this many itemsets and set `truncated` (default 1,000,000). The items of all
   * itemsets together are also capped, at max(16 × maxItemsets, 2^20) (64 MB by default), so
   * long itemsets from a dense corner of the data cannot blow up memory either.
   */
  maxItemsets?: number;
  /** Fraction of the work done, in [0, 1]; called at most about every 1%. */
  onProgress?: (fraction: number) => void;
  /** Checked between steps; an aborted signal makes the miner throw its reason. */
  signal?: AbortSignal;
}

/**
 * Frequent itemsets, columnar. Itemset k holds items[offsets[k] .. offsets[k + 1]) (item codes,
 * ascending) and appears in counts[k] transactions; its support is counts[k] / nTransactions.
 * Order is the miner's discovery order, not sorted: compare as sets (see `itemsetKey`).
 */
export interface FrequentItemsets {
  nItemsets: number;
  /** [nItemsets + 1] start of each itemset in `items`. */
  offsets: Int32Array;
  /** [offsets[nItemsets]] item codes, ascending within an itemset. */
  items: Int32Array;
  /** [nItemsets] number of transactions containing the itemset. */
  counts: Int32Array;
  nTransactions: number;
  /** The absolute count threshold used: ceil(minSupport × nTransactions), at least 1. */
  minCount: number;
  /** True when the maxItemsets cap (or its item budget) stopped the miner before the end. */
  truncated: boolean;
  /** Why the result is partial and what to do about it; set only when truncated. */
  message?: string;
}

export const DEFAULT_MAX_ITEMSETS = 1_000_000;

/**
 * ceil(minSupport × n), robust to floating-point noise: 0.07 × 100 is 7.000000000000001 in
 * binary floating point and must still give 7, not 8. The slack (relative 1e-12, at least
 * 1e-9) is far above rounding error and far below the 1-count resolution for any real n.
 * At least 1: an itemset must occur to be frequent.
 */
export function minCountFor(minSupport: number, nTransactions: number): number {
  if (!(minSupport >= 0 && minSupport <= 1))
    throw new RangeError(`minSupport must be a fraction in [0, 1], got ${minSupport}`);
  const exact = minSupport * nTransactions;
  return Math.max(1, Math.ceil(exact - Math.max(1e-9, exact * 1e-12)));
}

/** Validated options with defaults filled in. */
export interface ResolvedOptions {
  minCount: number;
  maxLength: number;
  maxItemsets: number;
  /** Budget of item slots over all itemsets (see MineOptions.maxItemsets). */
  maxTotalItems: number;
}

export function resolveOptions(opts: MineOptions, nTransactions: number): ResolvedOptions {
  const maxLength = opts.maxLength ?? Infinity;
  const maxItemsets = opts.maxItemsets ?? DEFAULT_MAX_ITEMSETS;
  if (!(maxLength >= 1)) throw new RangeError(`maxLength must be ≥ 1, got ${maxLength}`);
  if (!(maxItemsets >= 0)) throw new RangeError(`maxItemsets must be ≥ 0, got ${maxItemsets}`);
  const maxTotalItems = Math.max(16 * maxItemsets, 1 << 20);
  return { minCount: minCountFor(opts.minSupport, nTransactions), maxLength, maxItemsets, maxTotalItems };
}

function truncationMessage(opts: MineOptions, minCount: number, nItemsets: number, nItems: number): string {
  const suggestion = Math.min(1, opts.minSupport * 2 || 0.01);
  return (
    `Stopped after ${nItemsets.toLocaleString('en-US')} itemsets (${nItems.toLocaleString('en-US')} items in all): ` +
    `minSupport ${opts.minSupport} (count ≥ ${minCount}) is too low for this data. ` +
    `Raise minSupport (e.g. to ${suggestion}) or set maxLength.`
  );
}

/**
 * Growable columnar writer the miners append to. It enforces the caps: `push` refuses (and
 * marks the result truncated) once maxItemsets itemsets or maxTotalItems items are stored.
 */
export class ItemsetWriter {
  private offsets = new Int32Array(1024);
  private items = new Int32Array(4096);
  private counts = new Int32Array(1024);
  size = 0;
  truncated = false;

  constructor(private readonly limits: ResolvedOptions) {}

  /** Append one itemset; `codes[0 .. length)` need not be sorted (they are sorted here). */
  push(codes: Int32Array, length: number, count: number): boolean {
    const start = this.offsets[this.size]!;
    if (this.size >= this.limits.maxItemsets || start + length > this.limits.maxTotalItems) {
      this.truncated = true;
      return false;
    }
    if (this.size + 2 > this.offsets.length) {
      this.offsets = grow(this.offsets, this.size + 2);
      this.counts = grow(this.counts, this.size + 1);
    }
    if (start + length > this.items.length) this.items = grow(this.items, start + length);
    const items = this.items;
    // Insertion sort: itemsets are short, and this keeps the output canonical.
    for (let i = 0; i < length; i++) {
      const v = codes[i]!;
      let j = start + i - 1;
      while (j >= start && items[j]! > v) {
        items[j + 1] = items[j]!;
        j--;
      }
      items[j + 1] = v;
    }
    this.counts[this.size] = count;
    this.size++;
    this.offsets[this.size] = start + length;
    return true;
  }

  finish(nTransactions: number, opts: MineOptions): FrequentItemsets {
    const n = this.size;
    const nItems = this.offsets[n]!;
    const { minCount } = this.limits;
    const result: FrequentItemsets = {
      nItemsets: n,
      offsets: this.offsets.slice(0, n + 1),
      items: this.items.slice(0, nItems),
      counts: this.counts.slice(0, n),
      nTransactions,
      minCount,
      truncated: this.truncated,
    };
    if (this.truncated) result.message = truncationMessage(opts, minCount, n, nItems);
    return result;
  }
}

/** A copy of `a` with room for at least `need` elements (doubling, so appends are amortised O(1)). */
export function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Item codes of itemset k (a view, not a copy). */
export function itemsetItems(sets: FrequentItemsets, k: number): Int32Array {
  return sets.items.subarray(sets.offsets[k]!, sets.offsets[k + 1]!);
}

/** Canonical key of a sorted code list, e.g. "3,17,42": for Maps of itemsets. */
export function itemsetKey(codes: ArrayLike<number>): string {
  return Array.prototype.join.call(codes, ',');
}

/** Row form, for small results and tests: `{ items, count, support }` per itemset. */
export function itemsetList(sets: FrequentItemsets): { items: number[]; count: number; support: number }[] {
  const out = [];
  for (let k = 0; k < sets.nItemsets; k++) {
    const count = sets.counts[k]!;
    out.push({ items: Array.from(itemsetItems(sets, k)), count, support: count / sets.nTransactions });
  }
  return out;
}

/** Throw the signal's reason when aborted. */
export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error('aborted');
}
