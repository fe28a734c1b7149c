/**
 * Integer-coded customer × item interactions, stored sparse both ways (no dense matrix):
 *   byUser  CSR: user → its items (ascending item code) with summed weights
 *   byItem  CSC as a CSR of the transpose: item → its users (ascending user code), same weights
 * Built in O(rows + users + items) with two stable counting sorts (item, then user), so the
 * pairs come out ordered by (user, item) and duplicate pairs merge by summing their weights.
 */

export interface Csr {
  nRows: number;
  nCols: number;
  /** [nRows + 1] offsets into `index` / `value`. */
  ptr: Int32Array;
  /** [nnz] column codes, ascending within a row. */
  index: Int32Array;
  /** [nnz] weights (e.g. purchase counts). */
  value: Float32Array;
}

export interface Interactions {
  nUsers: number;
  nItems: number;
  byUser: Csr;
  byItem: Csr;
}

/**
 * `users[r]`, `items[r]`, `weights[r]`: one entry per event row (codes 0..n-1), any order,
 * repeats allowed. Pairs whose summed weight is not positive are left out.
 */
export function buildInteractions(
  users: Int32Array,
  items: Int32Array,
  weights: ArrayLike<number>,
  nUsers: number,
  nItems: number,
): Interactions {
  const rows = users.length;
  if (items.length !== rows || weights.length !== rows)
    throw new RangeError('users, items and weights must have one entry per row');
  for (let r = 0; r < rows; r++) {
    const u = users[r]!;
    const i = items[r]!;
    if (u < 0 || u >= nUsers || i < 0 || i >= nItems)
      throw new RangeError(`row ${r}: user ${u} / item ${i} outside 0..${nUsers - 1} / 0..${nItems - 1}`);
  }
  // Counting sort by item, then a stable counting sort by user: order (user, item).
  const byItemOrder = countingOrder(items, nItems, identity(rows));
  const order = countingOrder(users, nUsers, byItemOrder);

  const ptr = new Int32Array(nUsers + 1);
  const index = new Int32Array(rows);
  const value = new Float32Array(rows);
  let nnz = 0;
  let prevUser = -1;
  let prevItem = -1;
  for (const r of order) {
    const u = users[r]!;
    const i = items[r]!;
    if (u === prevUser && i === prevItem) {
      value[nnz - 1]! += weights[r]!;
      continue;
    }
    index[nnz] = i;
    value[nnz] = weights[r]!;
    ptr[u + 1]! += 1;
    nnz++;
    prevUser = u;
    prevItem = i;
  }
  for (let u = 0; u < nUsers; u++) ptr[u + 1]! += ptr[u]!;
  const byUser = dropNonPositive({
    nRows: nUsers,
    nCols: nItems,
    ptr,
    index: index.slice(0, nnz),
    value: value.slice(0, nnz),
  });
  return { nUsers, nItems, byUser, byItem: transpose(byUser) };
}

/** The transpose of a CSR (rows ↔ columns); column codes come out ascending within each row. */
export function transpose(m: Csr): Csr {
  const nnz = m.index.length;
  const ptr = new Int32Array(m.nCols + 1);
  for (let p = 0; p < nnz; p++) ptr[m.index[p]! + 1]! += 1;
  for (let c = 0; c < m.nCols; c++) ptr[c + 1]! += ptr[c]!;
  const fill = ptr.slice(0, m.nCols);
  const index = new Int32Array(nnz);
  const value = new Float32Array(nnz);
  for (let r = 0; r < m.nRows; r++) {
    for (let p = m.ptr[r]!; p < m.ptr[r + 1]!; p++) {
      const at = fill[m.index[p]!]!++;
      index[at] = r;
      value[at] = m.value[p]!;
    }
  }
  return { nRows: m.nCols, nCols: m.nRows, ptr, index, value };
}

/** Row lengths (distinct items per user, or distinct users per item). */
export function rowCounts(m: Csr): Int32Array {
  const out = new Int32Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) out[r] = m.ptr[r + 1]! - m.ptr[r]!;
  return out;
}

/** Whether row `r` contains column `c` (binary search: columns are ascending). */
export function contains(m: Csr, r: number, c: number): boolean {
  let lo = m.ptr[r]!;
  let hi = m.ptr[r + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m.index[mid]!;
    if (v === c) return true;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** `order` re-ordered stably by `key[order[k]]` (keys 0..nKeys-1). */
function countingOrder(key: Int32Array, nKeys: number, order: Int32Array): Int32Array {
  const start = new Int32Array(nKeys + 1);
  for (const r of order) start[key[r]! + 1]! += 1;
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(order.length);
  for (const r of order) out[start[key[r]!]!++] = r;
  return out;
}

function dropNonPositive(m: Csr): Csr {
  if (m.value.every((v) => v > 0)) return m;
  const ptr = new Int32Array(m.nRows + 1);
  const keep: number[] = [];
  for (let r = 0; r < m.nRows; r++) {
    for (let p = m.ptr[r]!; p < m.ptr[r + 1]!; p++) if (m.value[p]! > 0) keep.push(p);
    ptr[r + 1] = keep.length;
  }
  return {
    ...m,
    ptr,
    index: Int32Array.from(keep, (p) => m.index[p]!),
    value: Float32Array.from(keep, (p) => m.value[p]!),
  };
}
