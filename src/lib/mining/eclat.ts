/**
 * Eclat (Zaki 2000) over bitset tidlists: the second, deliberately independent miner.
 *
 * It shares nothing with FP-Growth but the options and the output writer: items stay in code
 * order (not frequency rank), supports come from popcounts of intersected transaction
 * bitsets (not tree counts). The contract suite runs both, so a bug in either shows up as a
 * disagreement. Simple rather than fast: each candidate allocates its own bitset.
 */
import type { Transactions } from './transactions';
import { checkAbort, ItemsetWriter, resolveOptions, type FrequentItemsets, type MineOptions } from './itemsets';

/** One member of an equivalence class: an item extending the class prefix, and its tidset. */
interface Member {
  item: number;
  /** [ceil(nTransactions / 32)] bit t set when transaction t contains prefix ∪ {item}. */
  tids: Uint32Array;
  count: number;
}

class Stop extends Error {}

export function eclat(tx: Transactions, opts: MineOptions): FrequentItemsets {
  const cfg = resolveOptions(opts, tx.nTransactions);
  const { minCount, maxLength } = cfg;
  checkAbort(opts.signal);
  const words = Math.ceil(tx.nTransactions / 32);
  const out = new ItemsetWriter(cfg);
  const prefix = new Int32Array(tx.nItems + 1);

  // Vertical layout: one tidset per frequent item (infrequent items can never join an itemset).
  const itemCount = new Int32Array(tx.nItems);
  for (const it of tx.items) itemCount[it]!++;
  const tidsOf = new Map<number, Uint32Array>();
  for (let it = 0; it < tx.nItems; it++) if (itemCount[it]! >= minCount) tidsOf.set(it, new Uint32Array(words));
  for (let t = 0; t < tx.nTransactions; t++) {
    for (let k = tx.offsets[t]!; k < tx.offsets[t + 1]!; k++) {
      const tids = tidsOf.get(tx.items[k]!);
      if (tids) tids[t >>> 5]! |= 1 << (t & 31);
    }
  }
  const top: Member[] = [...tidsOf].map(([item, tids]) => ({ item, tids, count: itemCount[item]! }));

  // Depth-first over classes: members share prefix[0 .. depth).
  const mine = (members: Member[], depth: number): void => {
    for (let i = 0; i < members.length; i++) {
      const a = members[i]!;
      prefix[depth] = a.item;
      if (!out.push(prefix, depth + 1, a.count)) throw new Stop();
      if (depth + 2 > maxLength) continue;
      if (depth === 0) {
        checkAbort(opts.signal);
        opts.onProgress?.(i / members.length);
      }
      const next: Member[] = [];
      for (let j = i + 1; j < members.length; j++) {
        const b = members[j]!;
        const tids = new Uint32Array(words);
        for (let w = 0; w < words; w++) tids[w] = a.tids[w]! & b.tids[w]!;
        const count = popcount(tids);
        if (count >= minCount) next.push({ item: b.item, tids, count });
      }
      if (next.length > 0) mine(next, depth + 1);
    }
  };
  try {
    mine(top, 0);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  opts.onProgress?.(1);
  return out.finish(tx.nTransactions, opts);
}

/** Number of set bits (SWAR popcount per 32-bit word). */
export function popcount(bits: Uint32Array): number {
  let total = 0;
  for (let w = 0; w < bits.length; w++) {
    let v = bits[w]!;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    total += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return total;
}
