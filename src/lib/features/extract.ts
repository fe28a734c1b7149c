/**
 * SQL for the `features` op's groups, over one normalised event table (`src.base`, its columns
 * declared in base.ts: customer, ts, event, basket, item, qty, price, amount, weight, category,
 * text_value, is_purchase).
 * Each builder returns a `SELECT k, …` keyed by the entity (`k`) and the catalogue entries of
 * the columns it makes. Pure strings: the op runs them in DuckDB.
 */
import { ident, literal } from '../data/sql';
import type { BaseKey } from './base';

export type FeatureGroup = 'behaviour' | 'preferences' | 'profile' | 'text' | 'item';
export type FeatureKind = 'count' | 'numeric' | 'share' | 'days' | 'binary' | 'text';

export interface FeatureSpec {
  name: string;
  group: FeatureGroup;
  kind: FeatureKind;
  description: string;
  /** Value for an entity with no rows in this group (counts and shares are 0; the rest stay NULL). */
  fill?: number;
}

export interface Available {
  event: boolean;
  basket: boolean;
  item: boolean;
  quantity: boolean;
  price: boolean;
  money: boolean;
  category: boolean;
}

/** Where the normalised rows live (qualified table names). */
export interface Tables {
  base: string;
  baskets: string;
}

export interface GroupSql {
  sql: string;
  specs: FeatureSpec[];
}

/** Feature-name part from a data value: lower-case letters (any script), digits and `_`. */
export function slug(value: string): string {
  const s = value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return s || 'blank';
}

/** `base_x`, `base_x_2`, … so that every generated name is unique. */
export function uniqueNames(names: string[], taken: Set<string>): string[] {
  return names.map((n) => {
    let name = n;
    for (let i = 2; taken.has(name); i++) name = `${n}_${i}`;
    taken.add(name);
    return name;
  });
}

const trend = (last: string, prev: string) =>
  `CASE WHEN ${last} + ${prev} > 0 THEN (${last} - ${prev}) / (${last} + ${prev}) ELSE 0 END`;

const DAYPARTS: Array<[string, string, string]> = [
  ['share_night', 'hour(ts) < 6', '00:00–05:59'],
  ['share_morning', 'hour(ts) >= 6 AND hour(ts) < 12', '06:00–11:59'],
  ['share_afternoon', 'hour(ts) >= 12 AND hour(ts) < 18', '12:00–17:59'],
  ['share_evening', 'hour(ts) >= 18', '18:00–23:59'],
];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Activity over every row: counts per event type, active days, tenure, recency, trend, time-of-day and weekday mix. */
export function activitySql(
  src: Tables,
  key: BaseKey,
  asOf: string,
  n: number,
  eventTypes: Array<[value: string, name: string]>,
  has: Available,
): GroupSql {
  const g: FeatureGroup = 'behaviour';
  const specs: FeatureSpec[] = [];
  const cols: string[] = [];
  const add = (name: string, sql: string, kind: FeatureKind, description: string, fill?: number) => {
    cols.push(`${sql} AS ${ident(name)}`);
    specs.push({ name, group: g, kind, description, ...(fill !== undefined ? { fill } : {}) });
  };
  if (has.event) {
    add('events', 'count(*)', 'count', 'rows of any event type', 0);
    for (const [value, name] of eventTypes)
      add(name, `count(*) FILTER (WHERE event = ${literal(value)})`, 'count', `'${value}' events`, 0);
  }
  add('active_days', 'count(DISTINCT CAST(ts AS DATE))', 'count', 'distinct days with any activity', 0);
  add(
    'tenure_days',
    `date_diff('day', CAST(min(ts) AS DATE), ${asOf})`,
    'days',
    'days from the first activity to the reference date',
  );
  if (has.event) {
    add(
      'days_since_last_event',
      `date_diff('day', CAST(max(ts) AS DATE), ${asOf})`,
      'days',
      'days from the last activity of any kind to the reference date',
    );
    const last = `count(*) FILTER (WHERE ts >= ${asOf} - INTERVAL ${n} DAY)::DOUBLE`;
    const prev = `count(*) FILTER (WHERE ts >= ${asOf} - INTERVAL ${2 * n} DAY AND ts < ${asOf} - INTERVAL ${n} DAY)::DOUBLE`;
    add(`events_last_${n}d`, last, 'count', `events in the last ${n} days`, 0);
    add(`events_prev_${n}d`, prev, 'count', `events in the ${n} days before those`, 0);
    add(
      'trend_events',
      trend(last, prev),
      'numeric',
      `(last − previous) / (last + previous) ${n}-day event counts, −1…1; 0 when both are 0`,
      0,
    );
  }
  for (const [name, cond, hours] of DAYPARTS)
    add(name, `avg(CASE WHEN ${cond} THEN 1.0 ELSE 0.0 END)`, 'share', `share of activity at ${hours}`);
  DAYS.forEach((d, i) =>
    add(
      `share_${d}`,
      `avg(CASE WHEN isodow(ts) = ${i + 1} THEN 1.0 ELSE 0.0 END)`,
      'share',
      `share of activity on ${d[0]!.toUpperCase()}${d.slice(1)}days`,
    ),
  );
  return { sql: `SELECT ${key} AS k, ${cols.join(',\n  ')} FROM ${src.base} GROUP BY ${key}`, specs };
}

/** Baskets of purchase rows: one row per (entity, basket) with its time, lines, units and value. */
export function basketsSql(src: Tables, has: Available): string {
  // Without a basket column, rows of one customer at one moment make one order.
  const basket = has.basket ? 'coalesce(basket, CAST(ts AS VARCHAR))' : 'CAST(ts AS VARCHAR)';
  return `SELECT customer, ${basket} AS bk, min(ts) AS ts, count(*)::DOUBLE AS lines,
    ${has.quantity ? 'sum(qty)' : 'NULL::DOUBLE'} AS units, ${has.money ? 'sum(amount)' : 'NULL::DOUBLE'} AS value
  FROM ${src.base} WHERE is_purchase GROUP BY customer, ${basket}`;
}

/** Purchases per customer (over `_baskets`): orders, units, spend, basket size, recency, trend, inter-purchase times. */
export function purchasesSql(src: Tables, asOf: string, n: number, has: Available): GroupSql {
  const g: FeatureGroup = 'behaviour';
  const specs: FeatureSpec[] = [];
  const cols: string[] = [];
  const add = (name: string, sql: string, kind: FeatureKind, description: string, fill?: number) => {
    cols.push(`${sql} AS ${ident(name)}`);
    specs.push({ name, group: g, kind, description, ...(fill !== undefined ? { fill } : {}) });
  };
  add('orders', 'count(*)', 'count', has.basket ? 'distinct orders (baskets)' : 'distinct purchase moments', 0);
  add('purchase_lines', 'sum(lines)', 'count', 'purchase rows (order lines)', 0);
  if (has.quantity) add('units', 'sum(units)', 'count', 'units bought', 0);
  if (has.money) {
    add('spend', 'sum(value)', 'numeric', 'money spent', 0);
    add('avg_order_value', 'avg(value)', 'numeric', 'mean money per order');
  }
  add('basket_lines_mean', 'avg(lines)', 'numeric', 'mean lines per order');
  add('basket_lines_max', 'max(lines)', 'numeric', 'most lines in one order');
  if (has.quantity) add('basket_units_mean', 'avg(units)', 'numeric', 'mean units per order');
  add(
    'recency_days',
    `date_diff('day', CAST(max(ts) AS DATE), ${asOf})`,
    'days',
    'days from the last order to the reference date',
  );
  const last = (v: string) => `sum(${v}) FILTER (WHERE ts >= ${asOf} - INTERVAL ${n} DAY)`;
  const prev = (v: string) =>
    `sum(${v}) FILTER (WHERE ts >= ${asOf} - INTERVAL ${2 * n} DAY AND ts < ${asOf} - INTERVAL ${n} DAY)`;
  const oLast = `coalesce(${last('1.0')}, 0)`;
  const oPrev = `coalesce(${prev('1.0')}, 0)`;
  add(`orders_last_${n}d`, oLast, 'count', `orders in the last ${n} days`, 0);
  add(`orders_prev_${n}d`, oPrev, 'count', `orders in the ${n} days before those`, 0);
  add(
    'trend_orders',
    trend(oLast, oPrev),
    'numeric',
    `(last − previous) / (last + previous) ${n}-day order counts, −1…1; 0 when both are 0`,
    0,
  );
  if (has.money) {
    const sLast = `coalesce(${last('value')}, 0)`;
    const sPrev = `coalesce(${prev('value')}, 0)`;
    add(`spend_last_${n}d`, sLast, 'numeric', `money spent in the last ${n} days`, 0);
    add(`spend_prev_${n}d`, sPrev, 'numeric', `money spent in the ${n} days before those`, 0);
    add(
      'trend_spend',
      trend(sLast, sPrev),
      'numeric',
      `(last − previous) / (last + previous) ${n}-day spend, −1…1; 0 when both are 0`,
      0,
    );
  }
  // Inter-purchase times: gaps in days between consecutive orders (sample sd: NULL below 3 orders).
  const ipt = `SELECT customer, (epoch(ts) - epoch(lag(ts) OVER (PARTITION BY customer ORDER BY ts, bk))) / 86400.0 AS gap FROM ${src.baskets}`;
  const iptCols = `SELECT customer AS k, avg(gap) AS ipt_mean_days, stddev_samp(gap) AS ipt_sd_days, max(gap) AS ipt_max_days FROM (${ipt}) WHERE gap IS NOT NULL GROUP BY customer`;
  specs.push(
    { name: 'ipt_mean_days', group: g, kind: 'days', description: 'mean days between consecutive orders (2+ orders)' },
    { name: 'ipt_sd_days', group: g, kind: 'days', description: 'sample sd of days between orders (3+ orders)' },
    { name: 'ipt_max_days', group: g, kind: 'days', description: 'longest gap between orders, in days' },
  );
  return {
    sql: `SELECT p.*, ipt.* EXCLUDE (k) FROM (SELECT customer AS k, ${cols.join(',\n  ')} FROM ${src.baskets} GROUP BY customer) p LEFT JOIN (${iptCols}) ipt USING (k)`,
    specs,
  };
}

/** Preferences over purchase rows: spend share per top category, distinct items/categories, entropy, relative price level. */
export function preferencesSql(
  src: Tables,
  categories: Array<[value: string, name: string]>,
  has: Available,
): GroupSql {
  const g: FeatureGroup = 'preferences';
  const specs: FeatureSpec[] = [];
  const cols: string[] = [];
  const weight = has.money ? 'money' : has.quantity ? 'units' : 'purchase lines';
  if (has.category) {
    for (const [value, name] of categories) {
      cols.push(
        `coalesce(sum(weight) FILTER (WHERE weight > 0 AND category = ${literal(value)}) / nullif(sum(weight) FILTER (WHERE weight > 0 AND category IS NOT NULL), 0), 0) AS ${ident(name)}`,
      );
      specs.push({ name, group: g, kind: 'share', description: `share of ${weight} on category '${value}'`, fill: 0 });
    }
  }
  if (has.item) {
    cols.push('count(DISTINCT item) AS distinct_items');
    specs.push({ name: 'distinct_items', group: g, kind: 'count', description: 'distinct items bought', fill: 0 });
  }
  if (has.category) {
    cols.push('count(DISTINCT category) AS distinct_categories');
    specs.push({
      name: 'distinct_categories',
      group: g,
      kind: 'count',
      description: 'distinct categories bought',
      fill: 0,
    });
  }
  const joins: string[] = [];
  if (has.category) {
    // Shannon entropy (bits) of the customer's weight over categories: 0 = one category only.
    joins.push(`LEFT JOIN (SELECT k, 0.0 - sum(s / tot * log2(s / tot)) AS category_entropy FROM (
        SELECT customer AS k, category, sum(weight) AS s, sum(sum(weight)) OVER (PARTITION BY customer) AS tot FROM ${src.base} WHERE is_purchase AND weight > 0 AND category IS NOT NULL GROUP BY customer, category
      ) GROUP BY k) ent USING (k)`);
    specs.push({
      name: 'category_entropy',
      group: g,
      kind: 'numeric',
      description: `diversity: entropy in bits of ${weight} across categories`,
      fill: 0,
    });
  }
  if (has.price && has.category) {
    // Mean of price / the category's mean price over all purchase lines: 1 = pays the usual price.
    joins.push(`LEFT JOIN (SELECT customer AS k, avg(price / m) AS price_level FROM ${src.base} JOIN (SELECT category, avg(price) AS m FROM ${src.base} WHERE is_purchase AND price > 0 GROUP BY category) USING (category)
      WHERE is_purchase AND price > 0 AND m > 0 GROUP BY customer) pl USING (k)`);
    specs.push({
      name: 'price_level',
      group: g,
      kind: 'numeric',
      description: 'mean unit price relative to its category mean (1 = typical)',
    });
  }
  const main = cols.length
    ? `SELECT customer AS k, ${cols.join(',\n  ')} FROM ${src.base} WHERE is_purchase GROUP BY customer`
    : `SELECT DISTINCT customer AS k FROM ${src.base} WHERE is_purchase`;
  return { sql: `SELECT * FROM (${main}) base_k ${joins.join('\n')}`, specs };
}

/** Per-item features (entity = item): popularity, buyers, repeat rate, price, sales recency, co-purchase degree. */
export function itemSql(
  src: Tables,
  asOf: string,
  eventTypes: Array<[value: string, name: string]>,
  has: Available,
): GroupSql {
  const g: FeatureGroup = 'item';
  const specs: FeatureSpec[] = [];
  const cols: string[] = [];
  const add = (name: string, sql: string, kind: FeatureKind, description: string, fill?: number) => {
    cols.push(`${sql} AS ${ident(name)}`);
    specs.push({ name, group: g, kind, description, ...(fill !== undefined ? { fill } : {}) });
  };
  if (has.event) {
    add('events', 'count(*)', 'count', 'rows of any event type', 0);
    for (const [value, name] of eventTypes)
      add(name, `count(*) FILTER (WHERE event = ${literal(value)})`, 'count', `'${value}' events`, 0);
    add(
      'buyer_share',
      `count(DISTINCT customer) FILTER (WHERE is_purchase)::DOUBLE / count(DISTINCT customer)`,
      'share',
      'customers who bought it / customers who touched it',
    );
  }
  add('purchase_lines', 'count(*) FILTER (WHERE is_purchase)', 'count', 'purchase rows', 0);
  if (has.basket)
    add('orders', 'count(DISTINCT basket) FILTER (WHERE is_purchase)', 'count', 'orders containing it', 0);
  add('buyers', 'count(DISTINCT customer) FILTER (WHERE is_purchase)', 'count', 'distinct customers who bought it', 0);
  if (has.quantity) add('units', 'coalesce(sum(qty) FILTER (WHERE is_purchase), 0)', 'count', 'units sold', 0);
  if (has.money) add('revenue', 'coalesce(sum(amount) FILTER (WHERE is_purchase), 0)', 'numeric', 'money taken', 0);
  if (has.price) add('price_mean', 'avg(price) FILTER (WHERE is_purchase)', 'numeric', 'mean unit price paid');
  add(
    'days_since_last_sale',
    `date_diff('day', CAST(max(ts) FILTER (WHERE is_purchase) AS DATE), ${asOf})`,
    'days',
    'days from the last sale to the reference date',
  );
  const basket = has.basket ? 'coalesce(basket, CAST(ts AS VARCHAR))' : 'CAST(ts AS VARCHAR)';
  const joins = [
    `LEFT JOIN (SELECT item AS k, avg(CASE WHEN nb >= 2 THEN 1.0 ELSE 0.0 END) AS repeat_rate FROM (
       SELECT item, customer, count(DISTINCT ${basket}) AS nb FROM ${src.base} WHERE is_purchase GROUP BY item, customer) GROUP BY item) rr USING (k)`,
  ];
  specs.push({
    name: 'repeat_rate',
    group: g,
    kind: 'share',
    description: 'share of its buyers who bought it in 2+ orders',
  });
  // copurchase_degree needs a Σ n_b² walk over baskets: the op computes it over typed arrays.
  if (has.category) {
    cols.push('mode(category) AS category');
    specs.push({ name: 'category', group: g, kind: 'text', description: 'category (most frequent for the item)' });
  }
  return {
    sql: `SELECT * FROM (SELECT item AS k, ${cols.join(',\n  ')} FROM ${src.base} GROUP BY item) base_k ${joins.join('\n')}`,
    specs,
  };
}
