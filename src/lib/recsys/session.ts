/**
 * Session-aware item-to-item recommendation ("customers who just viewed X also viewed Y"): the
 * context is the customer's most recent session (or basket) only, its items weighted by recency,
 *   score(u, j) = Σ_{h ∈ last session} decay^pos(h) · sim(h → j),
 * where pos(h) = 0 for the item(s) seen last, 1 for the time before, … and sim comes from item
 * co-occurrence within sessions (session-based kNN, Jannach & Ludewig 2017, "When recurrent neural
 * networks meet the neighborhood for session-based recommendation", RecSys; position decay as in
 * their "SR"/"V-SKNN" weighting). The reason is the context item contributing most.
 */
import type { Csr } from './interactions';
import type { Scorer } from './rank';
import type { Neighbours } from './similarity';
import { weightedItemScorer } from './itemcf';

export interface SessionRows {
  /** [rows] customer code. */
  user: Int32Array;
  /** [rows] session (or basket) code, −1 = none; a session belongs to one customer. */
  session: Int32Array;
  item: Int32Array;
  /** [rows] time (any unit; larger = later). */
  time: Float64Array;
}

/**
 * Per customer, the items of their most recent session with weights decay^pos. The most recent
 * session is the one that started last (start = its earliest row; ties: the larger session code).
 * Within it, an item's time is its latest row, and items seen at the same time share a position.
 * Returns [nUsers × nItems] as a CSR (items ascending); customers without sessions get empty rows.
 */
export function lastSessionContext(
  rows: SessionRows,
  nUsers: number,
  nSessions: number,
  nItems: number,
  decay: number,
): Csr {
  if (!(decay > 0 && decay <= 1)) throw new RangeError(`decay must lie in (0, 1], got ${decay}`);
  const start = new Float64Array(nSessions).fill(Infinity);
  for (let r = 0; r < rows.session.length; r++) {
    const s = rows.session[r]!;
    if (s >= 0 && rows.time[r]! < start[s]!) start[s] = rows.time[r]!;
  }
  const last = new Int32Array(nUsers).fill(-1);
  for (let r = 0; r < rows.session.length; r++) {
    const s = rows.session[r]!;
    if (s < 0) continue;
    const u = rows.user[r]!;
    const cur = last[u]!;
    if (cur < 0 || start[s]! > start[cur]! || (start[s] === start[cur] && s > cur)) last[u] = s;
  }
  // The context rows: item → latest time within the customer's last session.
  const latest = new Map<number, Map<number, number>>();
  for (let r = 0; r < rows.session.length; r++) {
    const u = rows.user[r]!;
    if (rows.session[r]! < 0 || rows.session[r] !== last[u]) continue;
    let items = latest.get(u);
    if (!items) latest.set(u, (items = new Map()));
    const i = rows.item[r]!;
    items.set(i, Math.max(items.get(i) ?? -Infinity, rows.time[r]!));
  }
  const ptr = new Int32Array(nUsers + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    const items = latest.get(u);
    if (items) {
      const times = [...new Set(items.values())].sort((a, b) => b - a);
      const pos = new Map(times.map((t, p) => [t, p]));
      for (const [i, t] of [...items.entries()].sort((a, b) => a[0] - b[0])) {
        index.push(i);
        value.push(decay ** pos.get(t)!);
      }
    }
    ptr[u + 1] = index.length;
  }
  return { nRows: nUsers, nCols: nItems, ptr, index: Int32Array.from(index), value: Float32Array.from(value) };
}

export function sessionScorer(similar: Neighbours, context: Csr, itemName: (i: number) => string): Scorer {
  return weightedItemScorer(
    similar,
    (u, visit) => {
      for (let p = context.ptr[u]!; p < context.ptr[u + 1]!; p++) visit(context.index[p]!, context.value[p]!);
    },
    (h) => `goes with ${itemName(h)} from your last visit`,
  );
}
