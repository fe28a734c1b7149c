/**
 * Market baskets as integer-encoded sets in CSR (compressed sparse row) form.
 *
 * Every miner in this family works on this one shape, so large inputs (hundreds of thousands
 * of order lines coming out of DuckDB/Arrow as dictionary codes) never become per-row JS
 * objects: `transactionsFromCodes` works on the code arrays directly, and
 * `transactionsFromArrays` only dictionary-encodes plain values and then does the same.
 *
 * Conventions (shared with arules):
 * - a transaction is a SET: an item bought twice in one basket counts once;
 * - item codes are dense 0..nItems-1 and ordered by label (code-unit string order), so a
 *   sorted list of codes is also a sorted list of labels, as arules prints `{a,b}`;
 * - only baskets and items that actually occur are kept (an Arrow dictionary may hold
 *   entries whose rows were filtered away; they would otherwise count as empty baskets).
 */

export interface Transactions {
  nTransactions: number;
  nItems: number;
  /** [nItems] label of item code i, ascending. */
  itemLabels: string[];
  /** [nTransactions + 1] transaction t holds items[offsets[t] .. offsets[t + 1]). */
  offsets: Int32Array;
  /** [offsets[nTransactions]] item codes, strictly increasing within each transaction. */
  items: Int32Array;
}

/** Anything indexable by row that yields integer codes: Int32Array, Uint16Array, number[]… */
export type CodeArray = ArrayLike<number>;

/** Basket codes this much sparser than the row count are densified with a Map, not an array. */
const SPARSE_FACTOR = 4;

/**
 * Build transactions from already-encoded rows: `basketCodes[r]` is the basket of row r,
 * `itemCodes[r]` its item, an index into `itemLabels`. A negative code in either column marks
 * a missing value (an Arrow null) and drops the row. Baskets come out in increasing code order.
 */
export function transactionsFromCodes(
  basketCodes: CodeArray,
  itemCodes: CodeArray,
  itemLabels: readonly string[],
): Transactions {
  const nRows = basketCodes.length;
  if (itemCodes.length !== nRows) {
    throw new RangeError(`transactions: ${nRows} basket codes but ${itemCodes.length} item codes`);
  }
  const nLabels = itemLabels.length;

  // Pass 1: validate, find the basket code range and which item codes occur.
  const itemUsed = new Uint8Array(nLabels); // [nLabels] 1 when some kept row has that item
  let maxBasket = -1;
  let nKept = 0;
  for (let r = 0; r < nRows; r++) {
    const b = basketCodes[r]!;
    const it = itemCodes[r]!;
    if (b < 0 || it < 0) continue;
    if (!Number.isInteger(b) || !Number.isInteger(it) || it >= nLabels) {
      throw new RangeError(
        `transactions: row ${r} has basket code ${b}, item code ${it} (expected integers, item < ${nLabels})`,
      );
    }
    itemUsed[it] = 1;
    if (b > maxBasket) maxBasket = b;
    nKept++;
  }

  const { itemMap, labels } = remapItemsByLabel(itemUsed, itemLabels);
  const { basketOfRow, nTransactions } = densifyBaskets(basketCodes, itemCodes, maxBasket, nKept);

  // Counting sort of rows by dense basket id into CSR.
  const rawOffsets = new Int32Array(nTransactions + 1);
  for (let r = 0; r < nRows; r++) {
    const t = basketOfRow[r]!;
    if (t >= 0) rawOffsets[t + 1]!++;
  }
  for (let t = 0; t < nTransactions; t++) rawOffsets[t + 1]! += rawOffsets[t]!;
  const cursor = rawOffsets.slice(0, nTransactions); // [nTransactions] next free slot per basket
  const raw = new Int32Array(nKept);
  for (let r = 0; r < nRows; r++) {
    const t = basketOfRow[r]!;
    if (t >= 0) raw[cursor[t]!++] = itemMap[itemCodes[r]!]!;
  }

  // Sort each basket and collapse repeats, compacting in place (write index never passes read).
  const offsets = new Int32Array(nTransactions + 1);
  let w = 0;
  for (let t = 0; t < nTransactions; t++) {
    const start = rawOffsets[t]!;
    const end = rawOffsets[t + 1]!;
    raw.subarray(start, end).sort();
    let last = -1;
    for (let k = start; k < end; k++) {
      const it = raw[k]!;
      if (it !== last) raw[w++] = it;
      last = it;
    }
    offsets[t + 1] = w;
  }
  return { nTransactions, nItems: labels.length, itemLabels: labels, offsets, items: raw.slice(0, w) };
}

/**
 * Build transactions from two parallel columns of plain values (basket id, item id per row).
 * Values are compared as strings, so the number 85123 and the string "85123" are one item;
 * null/undefined in either column drops the row.
 */
export function transactionsFromArrays(
  baskets: ArrayLike<string | number | null | undefined>,
  items: ArrayLike<string | number | null | undefined>,
): Transactions {
  const n = baskets.length;
  if (items.length !== n) throw new RangeError(`transactions: ${n} baskets but ${items.length} items`);
  const basketCodes = new Int32Array(n);
  const itemCodes = new Int32Array(n);
  const basketIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const itemLabels: string[] = [];
  for (let r = 0; r < n; r++) {
    const b = baskets[r];
    const it = items[r];
    if (b == null || it == null) {
      basketCodes[r] = -1;
      continue;
    }
    const bKey = String(b);
    let bc = basketIndex.get(bKey);
    if (bc === undefined) basketIndex.set(bKey, (bc = basketIndex.size));
    const iKey = String(it);
    let ic = itemIndex.get(iKey);
    if (ic === undefined) {
      itemIndex.set(iKey, (ic = itemLabels.length));
      itemLabels.push(iKey);
    }
    basketCodes[r] = bc;
    itemCodes[r] = ic;
  }
  return transactionsFromCodes(basketCodes, itemCodes, itemLabels);
}

/** Code-unit order, not locale order: the same on every machine, as R's C-locale sort. */
export function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Dense new codes for the used items, ordered by label; equal labels share one code. */
function remapItemsByLabel(
  itemUsed: Uint8Array,
  itemLabels: readonly string[],
): { itemMap: Int32Array; labels: string[] } {
  const used: number[] = [];
  for (let i = 0; i < itemUsed.length; i++) if (itemUsed[i]) used.push(i);
  used.sort((a, b) => compareLabels(itemLabels[a]!, itemLabels[b]!));
  const itemMap = new Int32Array(itemUsed.length).fill(-1); // [nLabels] old code → new code
  const labels: string[] = [];
  for (const old of used) {
    const label = itemLabels[old]!;
    if (labels[labels.length - 1] !== label) labels.push(label);
    itemMap[old] = labels.length - 1;
  }
  return { itemMap, labels };
}

/** [nRows] dense transaction id per row (−1 = dropped), ids in increasing basket-code order. */
function densifyBaskets(
  basketCodes: CodeArray,
  itemCodes: CodeArray,
  maxBasket: number,
  nKept: number,
): { basketOfRow: Int32Array; nTransactions: number } {
  const nRows = basketCodes.length;
  const basketOfRow = new Int32Array(nRows).fill(-1);
  const keep = (r: number) => basketCodes[r]! >= 0 && itemCodes[r]! >= 0;
  if (maxBasket < SPARSE_FACTOR * nKept + 1024) {
    const dense = new Int32Array(maxBasket + 1).fill(-1); // [maxBasket + 1] code → dense id
    for (let r = 0; r < nRows; r++) if (keep(r)) dense[basketCodes[r]!] = 0;
    let nTransactions = 0;
    for (let b = 0; b <= maxBasket; b++) if (dense[b] === 0) dense[b] = nTransactions++;
    for (let r = 0; r < nRows; r++) if (keep(r)) basketOfRow[r] = dense[basketCodes[r]!]!;
    return { basketOfRow, nTransactions };
  }
  // Sparse codes (e.g. raw customer numbers): sort the distinct codes instead.
  const distinct = new Set<number>();
  for (let r = 0; r < nRows; r++) if (keep(r)) distinct.add(basketCodes[r]!);
  const sorted = Float64Array.from(distinct).sort();
  const dense = new Map<number, number>();
  sorted.forEach((code, i) => dense.set(code, i));
  for (let r = 0; r < nRows; r++) if (keep(r)) basketOfRow[r] = dense.get(basketCodes[r]!)!;
  return { basketOfRow, nTransactions: sorted.length };
}
