/**
 * Co-purchase degree: for each item, the number of distinct other items that share at least one
 * basket with it. A SQL self-join on baskets costs Σ n_b² rows and then a DISTINCT over them
 * (7 s natively on Online Retail, whose wholesale baskets hold hundreds of lines); here the same
 * Σ n_b² walk runs over CSR arrays with a "last seen" mark per item, in O(items + baskets) memory.
 */

/**
 * `basketOf[r]`, `itemOf[r]`: one row per distinct (basket, item) pair, integer-coded
 * (baskets 0..nBaskets-1, items 0..nItems-1), in any order. Returns [nItems] degrees.
 */
export function copurchaseDegree(
  basketOf: Int32Array,
  itemOf: Int32Array,
  nBaskets: number,
  nItems: number,
): Int32Array {
  const rows = basketOf.length;
  // CSR both ways: basket → its items, item → its baskets.
  const basketStart = new Int32Array(nBaskets + 1);
  const itemStart = new Int32Array(nItems + 1);
  for (let r = 0; r < rows; r++) {
    basketStart[basketOf[r]! + 1]! += 1;
    itemStart[itemOf[r]! + 1]! += 1;
  }
  for (let b = 0; b < nBaskets; b++) basketStart[b + 1]! += basketStart[b]!;
  for (let i = 0; i < nItems; i++) itemStart[i + 1]! += itemStart[i]!;
  const basketItems = new Int32Array(rows);
  const itemBaskets = new Int32Array(rows);
  const bFill = basketStart.slice(0, nBaskets);
  const iFill = itemStart.slice(0, nItems);
  for (let r = 0; r < rows; r++) {
    basketItems[bFill[basketOf[r]!]!++] = itemOf[r]!;
    itemBaskets[iFill[itemOf[r]!]!++] = basketOf[r]!;
  }
  const degree = new Int32Array(nItems);
  const seenBy = new Int32Array(nItems).fill(-1);
  for (let x = 0; x < nItems; x++) {
    seenBy[x] = x;
    let d = 0;
    for (let p = itemStart[x]!; p < itemStart[x + 1]!; p++) {
      const b = itemBaskets[p]!;
      for (let q = basketStart[b]!; q < basketStart[b + 1]!; q++) {
        const y = basketItems[q]!;
        if (seenBy[y] !== x) {
          seenBy[y] = x;
          d++;
        }
      }
    }
    degree[x] = d;
  }
  return degree;
}
