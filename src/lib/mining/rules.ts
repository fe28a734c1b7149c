/**
 * Association rules A ⇒ B from frequent itemsets, with the measures arules reports.
 *
 * As in arules' apriori: every rule comes from one frequent itemset I = A ∪ B (so its support
 * is I's), A and B are disjoint and non-empty (no `{} ⇒ {x}` rules, hence ≥ 2 items in total),
 * and by default B is a single item. All subsets of a frequent itemset are frequent, so the
 * counts of A and B are looked up in the same itemset collection; nothing rescans baskets.
 * Rule count grows as Σ C(|I|, ≤ maxConsequent) over itemsets: keep maxConsequent small.
 */
import { itemsetItems, type FrequentItemsets } from './itemsets';

export interface RuleOptions {
  /** Keep rules with confidence ≥ this, in [0, 1]. */
  minConfidence: number;
  /** Keep rules with lift ≥ this (default: no filter). */
  minLift?: number;
  /** Largest right-hand side (default 1: single-item consequents, as arules). */
  maxConsequent?: number;
  /**
   * Stop with a RuleLimitError once more than this many rules pass the filters (default
   * unlimited). At about 600 bytes a rule, 200,000 rules are ~120 MB before they are written out.
   */
  maxRules?: number;
}

/**
 * More rules passed the filters than `maxRules`. Thrown rather than returning a partial list:
 * rules come out in itemset order and are sorted by lift only at the end, so the first
 * `maxRules` found are not the strongest ones, and a silently partial table would mislead.
 */
export class RuleLimitError extends RangeError {
  override name = 'RuleLimitError';
  constructor(
    readonly maxRules: number,
    /** Itemsets whose rules were generated before the limit was hit, and all of them. */
    readonly itemsetsDone: number,
    readonly nItemsets: number,
    readonly minConfidence: number,
  ) {
    super(
      `more than ${maxRules.toLocaleString('en-US')} rules at minConfidence ${minConfidence} ` +
        `(stopped after ${itemsetsDone.toLocaleString('en-US')} of ${nItemsets.toLocaleString('en-US')} frequent itemsets): ` +
        `raise minConfidence or minLift, or mine fewer itemsets (higher minSupport, lower maxLength)`,
    );
  }
}

export interface AssociationRule {
  /** Item codes of the left-hand side, ascending. */
  antecedent: Int32Array;
  /** Item codes of the right-hand side, ascending. */
  consequent: Int32Array;
  /** Transactions containing A ∪ B. */
  count: number;
  /** supp(A ∪ B), a fraction of transactions. */
  support: number;
  /** supp(A ∪ B) / supp(A). */
  confidence: number;
  /** confidence / supp(B); 1 = independence. */
  lift: number;
  /** supp(A ∪ B) − supp(A)·supp(B). */
  leverage: number;
  /** (1 − supp(B)) / (1 − confidence); Infinity when confidence = 1. */
  conviction: number;
}

/**
 * Rules from `itemsets` mined over `nTransactions` baskets, sorted by lift, then confidence,
 * then support (all descending), then items, so the order is deterministic.
 * A truncated itemset collection can lack subsets; rules needing them are skipped (the rules
 * returned are still exact, just not all of them). Each rule is an object holding two small
 * Int32Arrays, about 600 bytes: a million rules is ~600 MB, so filter with minConfidence /
 * minLift before asking a browser for that many, and set maxRules to fail fast instead.
 */
export function associationRules(
  itemsets: FrequentItemsets,
  nTransactions: number,
  opts: RuleOptions,
): AssociationRule[] {
  const { minConfidence, minLift = -Infinity, maxConsequent = 1, maxRules = Infinity } = opts;
  if (!(minConfidence >= 0 && minConfidence <= 1))
    throw new RangeError(`minConfidence must be in [0, 1], got ${minConfidence}`);
  if (!(maxConsequent >= 1)) throw new RangeError(`maxConsequent must be ≥ 1, got ${maxConsequent}`);
  if (!(maxRules >= 0)) throw new RangeError(`maxRules must be ≥ 0, got ${maxRules}`);
  if (nTransactions !== itemsets.nTransactions) {
    throw new RangeError(
      `associationRules: itemsets were mined over ${itemsets.nTransactions} transactions, not ${nTransactions}`,
    );
  }
  const index = new ItemsetIndex(itemsets);
  const rules: AssociationRule[] = [];
  const missing = () => {
    if (!itemsets.truncated)
      throw new Error('associationRules: a subset of a frequent itemset is missing; pass all frequent itemsets');
  };
  let current = 0; // the itemset whose rules are being generated
  const accept = (count: number, countA: number, countB: number) => {
    if (!(count / countA >= minConfidence && count / countA / (countB / nTransactions) >= minLift)) return false;
    if (rules.length >= maxRules) throw new RuleLimitError(maxRules, current, itemsets.nItemsets, minConfidence);
    return true;
  };
  for (let k = 0; k < itemsets.nItemsets; k++) {
    current = k;
    const items = itemsetItems(itemsets, k);
    const size = items.length;
    if (size < 2) continue;
    const count = itemsets.counts[k]!;
    const hashAll = setHash(items);

    // Single-item right-hand sides, the arules default: the hot path, no allocation per candidate.
    for (let i = 0; i < size; i++) {
      const b = items[i]!;
      const countA = index.countWithout(items, i, (hashAll - mix(b)) | 0);
      const countB = index.countOfSingle(b);
      if (countA < 0 || countB < 0) missing();
      else if (accept(count, countA, countB)) {
        rules.push(
          makeRule(
            items.filter((_, j) => j !== i),
            Int32Array.of(b),
            count,
            countA,
            countB,
            nTransactions,
          ),
        );
      }
    }
    if (maxConsequent === 1 || size < 3) continue;

    // Larger right-hand sides: every position subset of 2 .. min(maxConsequent, size − 1) items.
    const inB = new Uint8Array(size); // [size] 1 when items[i] is on the right-hand side
    const choose = (start: number, left: number, sizeB: number, hashB: number): void => {
      if (left === 0) {
        const countA = index.countOf(items, inB, 0, size - sizeB, (hashAll - hashB) | 0);
        const countB = index.countOf(items, inB, 1, sizeB, hashB);
        if (countA < 0 || countB < 0) missing();
        else if (accept(count, countA, countB)) {
          rules.push(
            makeRule(
              items.filter((_, j) => !inB[j]),
              items.filter((_, j) => inB[j] === 1),
              count,
              countA,
              countB,
              nTransactions,
            ),
          );
        }
        return;
      }
      for (let i = start; i <= size - left; i++) {
        inB[i] = 1;
        choose(i + 1, left - 1, sizeB + 1, (hashB + mix(items[i]!)) | 0);
        inB[i] = 0;
      }
    };
    for (let sizeB = 2; sizeB <= Math.min(maxConsequent, size - 1); sizeB++) choose(0, sizeB, 0, 0);
  }
  return rules.sort(compareRules);
}

/**
 * Count lookup for subsets of itemsets without building keys: an open-addressing table over
 * the itemset indexes, hashed by a sum of per-item hashes, so the hash of "I without B" is
 * hash(I) − hash(B) in O(|B|). A million itemsets take one Int32Array of 2–4 million slots
 * and no strings.
 */
class ItemsetIndex {
  private readonly slots: Int32Array; // [capacity] itemset index, or -1 for empty
  private readonly mask: number;
  private readonly single = new Map<number, number>(); // item code → count of {item}

  constructor(private readonly sets: FrequentItemsets) {
    let capacity = 16;
    while (capacity < 2 * sets.nItemsets) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let k = 0; k < sets.nItemsets; k++) {
      const items = itemsetItems(sets, k);
      if (items.length === 1) this.single.set(items[0]!, sets.counts[k]!);
      let s = setHash(items) & this.mask;
      while (this.slots[s] !== -1) s = (s + 1) & this.mask;
      this.slots[s] = k;
    }
  }

  countOfSingle(code: number): number {
    return this.single.get(code) ?? -1;
  }

  /** Count of `items` without position `skip` (given that set's hash); -1 if absent. */
  countWithout(items: Int32Array, skip: number, hash: number): number {
    const { offsets, items: all, counts } = this.sets;
    const size = items.length - 1;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.slots[s]!;
      if (k === -1) return -1;
      const j0 = offsets[k]!;
      if (offsets[k + 1]! - j0 !== size) continue;
      let i = 0;
      while (i < skip && all[j0 + i] === items[i]) i++;
      if (i < skip) continue;
      while (i < size && all[j0 + i] === items[i + 1]) i++;
      if (i === size) return counts[k]!;
    }
  }

  /** Count of {items[i] : inB[i] === side} (`size` items, with that set's hash); -1 if absent. */
  countOf(items: Int32Array, inB: Uint8Array, side: number, size: number, hash: number): number {
    const { offsets, items: all, counts } = this.sets;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.slots[s]!;
      if (k === -1) return -1;
      let j = offsets[k]!;
      if (offsets[k + 1]! - j !== size) continue;
      let same = true;
      for (let i = 0; i < items.length && same; i++) if (inB[i] === side) same = all[j++] === items[i];
      if (same) return counts[k]!;
    }
  }
}

/** 32-bit mix of one item code (murmur3 finaliser). */
function mix(code: number): number {
  let h = Math.imul(code ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Order-free hash of a set of codes: the 32-bit sum of mix(code). */
function setHash(codes: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < codes.length; i++) h = (h + mix(codes[i]!)) | 0;
  return h;
}

/** The measures of A ⇒ B from absolute counts (so support is exact: count / n). */
export function makeRule(
  antecedent: Int32Array,
  consequent: Int32Array,
  count: number,
  countA: number,
  countB: number,
  nTransactions: number,
): AssociationRule {
  const support = count / nTransactions;
  const suppA = countA / nTransactions;
  const suppB = countB / nTransactions;
  const confidence = count / countA;
  return {
    antecedent,
    consequent,
    count,
    support,
    confidence,
    lift: confidence / suppB,
    leverage: support - suppA * suppB,
    conviction: count === countA ? Infinity : (1 - suppB) / (1 - confidence),
  };
}

function compareRules(x: AssociationRule, y: AssociationRule): number {
  return (
    y.lift - x.lift ||
    y.confidence - x.confidence ||
    y.support - x.support ||
    compareCodes(x.antecedent, y.antecedent) ||
    compareCodes(x.consequent, y.consequent)
  );
}

function compareCodes(a: Int32Array, b: Int32Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
