/**
 * The ranker's examples, from an event log (pure: arrays in, arrays out; loading is ranker-load.ts).
 * Every row whose event is one of the example events (views, carts) is an example, labelled 1 when
 * the same customer bought the same item at or after it: within the same session, or within
 * `withinDays` days when there is no session (or when asked).
 *   fields    customer, item, event, hour of day, weekday, [item category], [each context column]
 *   numbers   the customer's and the item's conversion rate on the training rows, smoothed towards
 *             the overall rate with 10 pseudo-examples and leave-one-out on the training rows
 *             themselves (target encoding, Micci-Barreca 2001, "A preprocessing scheme for
 *             high-cardinality categorical attributes"; leaving the row out keeps its own label out
 *             of its features), log(1 + the customer's training examples), [log(1 + item price)]
 *   crosses   (wide part) customer × category, event × category, hour × category, item × event;
 *             without a category: customer × event, hour × event, item × event
 */
import type { RankerRequest } from '../ml/models/ranker';

export interface BehaviourLog {
  rows: number;
  /** [rows] codes; customers[c] / items[i] name them. */
  customer: Int32Array;
  item: Int32Array;
  /** [rows] code into eventNames. */
  event: Int32Array;
  /** [rows] epoch ms. */
  time: Float64Array;
  /** [rows] session code, −1 = none. */
  session: Int32Array;
  /** [rows] 1 = a purchase row (a label source). */
  purchase: Uint8Array;
  /** [rows] 1 = an example row (a view or cart). */
  example: Uint8Array;
  customers: string[];
  items: string[];
  eventNames: string[];
  /** [rows × contextNames.length] level codes of each context column. */
  context: Int32Array;
  contextNames: string[];
  contextLevels: string[][];
  /** [items] category code, categories.length = none. */
  itemCategory?: Int32Array;
  categories?: string[];
  /** [items] list price, NaN = unknown. */
  itemPrice?: Float32Array;
}

const DAY_MS = 86_400_000;

/** Hour of day and weekday (0 = Sunday) of an epoch-ms time, read as written (UTC, no zone). */
export function hourOf(t: number): number {
  return Math.floor(t / 3_600_000) % 24;
}
export function weekdayOf(t: number): number {
  return (Math.floor(t / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
}

/**
 * [rows] label of each example row among `keep`: a kept purchase of the same (customer, item) at
 * or after it, in the same session (`withinDays` null), or at most `withinDays` days later.
 * Non-example rows get 0.
 */
export function conversionLabels(log: BehaviourLog, keep: Uint8Array, withinDays: number | null): Float32Array {
  const nItems = log.items.length;
  const purchases = new Map<number, number[]>();
  for (let r = 0; r < log.rows; r++) {
    if (!keep[r] || !log.purchase[r]) continue;
    const key = log.customer[r]! * nItems + log.item[r]!;
    let list = purchases.get(key);
    if (!list) purchases.set(key, (list = []));
    list.push(r);
  }
  for (const list of purchases.values()) list.sort((a, b) => log.time[a]! - log.time[b]!);
  const labels = new Float32Array(log.rows);
  const bySession = withinDays === null;
  const window = (withinDays ?? 0) * DAY_MS;
  for (let r = 0; r < log.rows; r++) {
    if (!keep[r] || !log.example[r]) continue;
    const list = purchases.get(log.customer[r]! * nItems + log.item[r]!);
    if (!list) continue;
    const t = log.time[r]!;
    for (const p of list) {
      const dt = log.time[p]! - t;
      if (dt < 0) continue;
      if (bySession ? log.session[p] === log.session[r] && log.session[r]! >= 0 : dt <= window) {
        labels[r] = 1;
        break;
      }
      if (!bySession && dt > window) break;
    }
  }
  return labels;
}

/** The encoded model inputs of some rows (examples, or candidates to score). */
export interface Encoded {
  n: number;
  categorical: Int32Array;
  numeric: Float32Array;
}

export interface Encoding {
  fields: RankerRequest['fields'];
  numericNames: string[];
  crosses: RankerRequest['crosses'];
  /** Encode rows given as (customer, item, event, time, context row to copy context from). */
  encode(rows: ArrayLike<Candidate>, trainingOwn?: { labels: Float32Array; rowOf: Int32Array }): Encoded;
}

export interface Candidate {
  customer: number;
  item: number;
  event: number;
  time: number;
  /** The log row whose context columns to use, −1 = the most common level of each. */
  contextRow: number;
  /** For a training example: its own label, left out of its rates (leave-one-out); else −1. */
  ownLabel: number;
}

/** Smoothing strength of the rates, in pseudo-examples at the overall rate. */
const PRIOR_WEIGHT = 10;

/**
 * Fields and numbers from the training examples `train` (row ids) with their labels: the rates are
 * counted there only, so validation and test rows never inform their own features.
 */
export function encoding(log: BehaviourLog, train: Int32Array, labels: Float32Array): Encoding {
  const nCustomers = log.customers.length;
  const nItems = log.items.length;
  const nContext = log.contextNames.length;
  const count = {
    customer: new Float64Array(nCustomers),
    customerPos: new Float64Array(nCustomers),
    item: new Float64Array(nItems),
    itemPos: new Float64Array(nItems),
  };
  let positives = 0;
  for (const r of train) {
    const y = labels[r]!;
    count.customer[log.customer[r]!]! += 1;
    count.customerPos[log.customer[r]!]! += y;
    count.item[log.item[r]!]! += 1;
    count.itemPos[log.item[r]!]! += y;
    positives += y;
  }
  const prior = train.length ? positives / train.length : 0;
  const rate = (pos: number, n: number) => (pos + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT);
  const modes = Int32Array.from({ length: nContext }, (_, c) => modeOf(log, c));
  const hasCategory = !!log.itemCategory && !!log.categories;
  const hasPrice = !!log.itemPrice && log.itemPrice.some((p) => Number.isFinite(p));
  const meanPrice = hasPrice ? mean(Array.from(log.itemPrice!).filter(Number.isFinite)) : 0;
  const fields: RankerRequest['fields'] = [
    { name: 'customer', size: nCustomers },
    { name: 'item', size: nItems },
    { name: 'event', size: log.eventNames.length },
    { name: 'hour', size: 24 },
    { name: 'weekday', size: 7 },
    ...(hasCategory ? [{ name: 'category', size: log.categories!.length + 1 }] : []),
    ...log.contextNames.map((name, c) => ({ name, size: log.contextLevels[c]!.length })),
  ];
  const F = { customer: 0, item: 1, event: 2, hour: 3, category: 5 };
  const crosses: RankerRequest['crosses'] = hasCategory
    ? [
        [F.customer, F.category],
        [F.event, F.category],
        [F.hour, F.category],
        [F.item, F.event],
      ]
    : [
        [F.customer, F.event],
        [F.hour, F.event],
        [F.item, F.event],
      ];
  const numericNames = ['customer_rate', 'item_rate', 'customer_examples', ...(hasPrice ? ['log_price'] : [])];
  const nFields = fields.length;
  const nNumeric = numericNames.length;
  return {
    fields,
    numericNames,
    crosses,
    encode(rows) {
      const n = rows.length;
      const categorical = new Int32Array(n * nFields);
      const numeric = new Float32Array(n * nNumeric);
      for (let j = 0; j < n; j++) {
        const c = rows[j]!;
        const own = c.ownLabel >= 0 ? 1 : 0;
        const y = own ? c.ownLabel : 0;
        const at = j * nFields;
        categorical[at] = c.customer;
        categorical[at + 1] = c.item;
        categorical[at + 2] = c.event;
        categorical[at + 3] = hourOf(c.time);
        categorical[at + 4] = weekdayOf(c.time);
        let f = 5;
        if (hasCategory) categorical[at + f++] = log.itemCategory![c.item]!;
        for (let k = 0; k < nContext; k++)
          categorical[at + f++] = c.contextRow >= 0 ? log.context[c.contextRow * nContext + k]! : modes[k]!;
        const num = j * nNumeric;
        numeric[num] = rate(count.customerPos[c.customer]! - y, count.customer[c.customer]! - own);
        numeric[num + 1] = rate(count.itemPos[c.item]! - y, count.item[c.item]! - own);
        numeric[num + 2] = Math.log1p(count.customer[c.customer]! - own);
        if (hasPrice) {
          const p = log.itemPrice![c.item]!;
          numeric[num + 3] = Math.log1p(Number.isFinite(p) ? p : meanPrice);
        }
      }
      return { n, categorical, numeric };
    },
  };
}

function modeOf(log: BehaviourLog, c: number): number {
  const nContext = log.contextNames.length;
  const counts = new Int32Array(log.contextLevels[c]!.length);
  for (let r = 0; r < log.rows; r++) counts[log.context[r * nContext + c]!]! += 1;
  let best = 0;
  for (let l = 1; l < counts.length; l++) if (counts[l]! > counts[best]!) best = l;
  return best;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, v) => a + v, 0) / xs.length : 0;
}

/** The example rows among `keep`, in log order. */
export function exampleRows(log: BehaviourLog, keep: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < log.rows; r++) if (keep[r] && log.example[r]) out.push(r);
  return Int32Array.from(out);
}

export function candidateOf(log: BehaviourLog, r: number, ownLabel: number): Candidate {
  return {
    customer: log.customer[r]!,
    item: log.item[r]!,
    event: log.event[r]!,
    time: log.time[r]!,
    contextRow: r,
    ownLabel,
  };
}

/**
 * For leave-last-basket evaluation: a customer's rows from the session of their first test
 * purchase on are dropped (else the views and carts just before the held-out basket, and the
 * basket itself as labels, would leak into training); without sessions, from one day before it.
 * `testStart[c]` is the time of customer c's first test row (Infinity: no test rows).
 */
export function keepBeforeTest(log: BehaviourLog, testStart: Float64Array): Uint8Array {
  const cutoff = Float64Array.from(testStart, (t) => (Number.isFinite(t) ? t - DAY_MS : Infinity));
  const sessionStart = new Map<number, number>();
  for (let r = 0; r < log.rows; r++) {
    const s = log.session[r]!;
    if (s >= 0) sessionStart.set(s, Math.min(sessionStart.get(s) ?? Infinity, log.time[r]!));
  }
  if (sessionStart.size > 0) {
    cutoff.set(testStart);
    // The earliest start of a session of the customer's that reaches the first test time.
    for (let r = 0; r < log.rows; r++) {
      const c = log.customer[r]!;
      const s = log.session[r]!;
      if (c >= testStart.length || s < 0 || !(log.time[r]! >= testStart[c]!)) continue;
      cutoff[c] = Math.min(cutoff[c]!, sessionStart.get(s)!);
    }
  }
  const keep = new Uint8Array(log.rows);
  for (let r = 0; r < log.rows; r++) {
    const c = log.customer[r]!;
    keep[r] = c >= cutoff.length || log.time[r]! < cutoff[c]! ? 1 : 0;
  }
  return keep;
}
