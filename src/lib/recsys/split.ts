/**
 * Train/test splits of an integer-coded interaction log for offline evaluation. Each returns a
 * training mask over the rows and, per test customer, the target: the set of distinct items in
 * their test rows. A test customer always keeps training history (cold start is not measured).
 *   leave-last-basket  per customer with ≥ 2 baskets, the last basket is the test set. A basket's
 *                      time is its earliest row; ties go to the larger basket code, and codes are
 *                      assigned in basket-id order, so ties are broken by basket id. Customers with
 *                      fewer baskets are train-only; rows without a basket always train.
 *   temporal           rows before `cutoff` train, rows at or after it test; customers with no
 *                      training row before the cut-off are left out of the test.
 *   random-holdout     per customer with ≥ 2 distinct items, round(fraction · n) of them (at least
 *                      1, at most n − 1), drawn with a seeded shuffle, are held out with all
 *                      their rows (Fisher–Yates over mulberry32).
 */
import { mulberry32 } from '../util/rng';
import { buildInteractions, type Csr } from './interactions';

export interface EventLog {
  nCustomers: number;
  nItems: number;
  nBaskets: number;
  /** [rows] codes. */
  customer: Int32Array;
  item: Int32Array;
  /** [rows] basket code (unique per customer and basket id), −1 = none. */
  basket: Int32Array;
  /** [rows] epoch milliseconds (0 when the log has no time). */
  time: Float64Array;
  /** [rows] interaction weight (1 per row, or a quantity). */
  weight: Float32Array;
}

export type SplitSpec =
  | { type: 'leave-last-basket' }
  | { type: 'temporal'; cutoff: number }
  | { type: 'random-holdout'; fraction: number; seed: number };

export interface Split {
  /** [rows] 1 = training row, 0 = test (or left out). */
  train: Uint8Array;
  /** Test customers, ascending. */
  testUsers: Int32Array;
  /** [nCustomers × nItems] target items per customer (empty rows for non-test customers). */
  target: Csr;
  /** Test rows dropped because their customer has no training history (temporal only). */
  droppedRows: number;
}

export function splitLog(log: EventLog, spec: SplitSpec): Split {
  const rows = log.customer.length;
  const train = new Uint8Array(rows).fill(1);
  let dropped = 0;
  if (spec.type === 'leave-last-basket') {
    const start = new Float64Array(log.nBaskets).fill(Infinity);
    const owner = new Int32Array(log.nBaskets).fill(-1);
    for (let r = 0; r < rows; r++) {
      const b = log.basket[r]!;
      if (b < 0) continue;
      if (log.time[r]! < start[b]!) start[b] = log.time[r]!;
      owner[b] = log.customer[r]!;
    }
    const last = new Int32Array(log.nCustomers).fill(-1);
    const baskets = new Int32Array(log.nCustomers);
    for (let b = 0; b < log.nBaskets; b++) {
      const u = owner[b]!;
      if (u < 0) continue;
      baskets[u]! += 1;
      const cur = last[u]!;
      if (cur < 0 || start[b]! > start[cur]! || (start[b] === start[cur] && b > cur)) last[u] = b;
    }
    for (let r = 0; r < rows; r++) {
      const u = log.customer[r]!;
      if (baskets[u]! >= 2 && log.basket[r] === last[u]) train[r] = 0;
    }
  } else if (spec.type === 'temporal') {
    const hasTrain = new Uint8Array(log.nCustomers);
    for (let r = 0; r < rows; r++) {
      if (log.time[r]! < spec.cutoff) hasTrain[log.customer[r]!] = 1;
      else train[r] = 0;
    }
    for (let r = 0; r < rows; r++) if (!train[r] && !hasTrain[log.customer[r]!]) dropped++;
    return finish(log, train, (r) => !train[r] && !!hasTrain[log.customer[r]!], dropped);
  } else {
    if (!(spec.fraction > 0 && spec.fraction < 1))
      throw new RangeError(`fraction must lie in (0, 1), got ${spec.fraction}`);
    const pairs = buildInteractions(
      log.customer,
      log.item,
      new Float32Array(rows).fill(1),
      log.nCustomers,
      log.nItems,
    ).byUser;
    const random = mulberry32(spec.seed);
    const heldOut = new Set<number>();
    for (let u = 0; u < log.nCustomers; u++) {
      const items = Array.from(pairs.index.subarray(pairs.ptr[u]!, pairs.ptr[u + 1]!));
      const n = items.length;
      if (n < 2) continue;
      const m = Math.min(n - 1, Math.max(1, Math.round(spec.fraction * n)));
      for (let a = 0; a < m; a++) {
        const b = a + Math.floor(random() * (n - a));
        [items[a], items[b]] = [items[b]!, items[a]!];
        heldOut.add(u * log.nItems + items[a]!);
      }
    }
    for (let r = 0; r < rows; r++) if (heldOut.has(log.customer[r]! * log.nItems + log.item[r]!)) train[r] = 0;
  }
  return finish(log, train, (r) => !train[r], dropped);
}

function finish(log: EventLog, train: Uint8Array, isTest: (r: number) => boolean, droppedRows: number): Split {
  const users: number[] = [];
  const items: number[] = [];
  for (let r = 0; r < train.length; r++) {
    if (!isTest(r)) continue;
    users.push(log.customer[r]!);
    items.push(log.item[r]!);
  }
  const target = buildInteractions(
    Int32Array.from(users),
    Int32Array.from(items),
    new Float32Array(users.length).fill(1),
    log.nCustomers,
    log.nItems,
  ).byUser;
  const testUsers: number[] = [];
  for (let u = 0; u < log.nCustomers; u++) if (target.ptr[u + 1]! > target.ptr[u]!) testUsers.push(u);
  return { train, testUsers: Int32Array.from(testUsers), target, droppedRows };
}
