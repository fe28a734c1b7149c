/**
 * The customer view's reads: customer ids matching a search, and one customer's profile (events,
 * attributes from other tables, and what the RFM, CLV and k-means steps say about them).
 */
import type { Cell } from '../data/connector';
import { rowsOf, type ReadDb, type Row } from '../data/read';
import { ident, literal, tableRef } from '../data/sql';

/** Events kept per customer (one more is read to know whether there were more). */
export const MAX_EVENTS = 20_000;

export type CustomerEvent = {
  t: Date | null;
  event: string;
  item: string | null;
  amount: number | null;
  category: string | null;
};
export type CustomerProfile = {
  id: string;
  events: CustomerEvent[];
  truncated: boolean;
  attrs: { table: string; pairs: [string, Cell][] }[];
  rfm?: Row | null;
  clv?: Row | null;
  cluster?: Row | null;
};

/** A table and its customer column. */
export type Keyed = { ref: string; customer: string };

/**
 * Where one customer's profile comes from (plain data, so that it can key a query): the
 * transaction table and its role columns, the tables of attributes, an item table with a category,
 * and the steps whose results name the customer.
 */
export type CustomerSpec = {
  tx: string;
  columns: {
    customer: string;
    time?: string;
    amount?: string;
    quantity?: string;
    price?: string;
    item?: string;
    event?: string;
    category?: string;
  };
  attrs: Keyed[];
  itemTable?: { ref: string; item: string; category: string };
  rfmStep?: string;
  clvStep?: string;
  kmeans?: { step: string; entity: string };
};

const text = (column: string, alias = '') => `CAST(${alias}${ident(column)} AS VARCHAR)`;

/** Up to 20 customer ids, in order, in any of `tables`, that contain `search` (case-insensitive). */
export async function readCustomerIds(db: ReadDb, tables: Keyed[], search: string, signal?: AbortSignal) {
  const parts = tables.map((x) => `SELECT DISTINCT ${text(x.customer)} AS id FROM ${tableRef(x.ref)}`);
  const pattern = literal(`%${search.trim().replace(/[\\%_]/g, '\\$&')}%`);
  const rows = await rowsOf<Row>(
    db,
    `SELECT id FROM (${parts.join(' UNION ')}) WHERE id ILIKE ${pattern} ESCAPE '\\' ORDER BY id LIMIT 20`,
    signal,
  );
  return rows.map((d) => String(d.id));
}

/** Everything the view shows about customer `id`, newest events first. */
export async function readCustomerProfile(
  db: ReadDb,
  s: CustomerSpec,
  id: string,
  signal?: AbortSignal,
): Promise<CustomerProfile> {
  const c = s.columns;
  const key = literal(id);
  const e = (column: string) => `e.${ident(column)}`;
  const amount = c.amount ? e(c.amount) : c.quantity && c.price ? `${e(c.quantity)} * ${e(c.price)}` : 'NULL';
  const item = s.itemTable;
  const category = item ? 'i.category' : c.category ? text(c.category, 'e.') : 'NULL';
  const events = `
    SELECT strftime(TRY_CAST(${c.time ? e(c.time) : 'NULL'} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%SZ') AS t,
      ${c.event ? text(c.event, 'e.') : "'event'"} AS event, ${c.item ? text(c.item, 'e.') : 'NULL'} AS item,
      TRY_CAST(${amount} AS DOUBLE) AS amount, ${category} AS category
    FROM ${tableRef(s.tx)} e
    ${item && c.item ? `LEFT JOIN (SELECT ${text(item.item)} AS k, any_value(${text(item.category)}) AS category FROM ${tableRef(item.ref)} GROUP BY 1) i ON ${text(c.item, 'e.')} = i.k` : ''}
    WHERE ${text(c.customer, 'e.')} = ${key} ORDER BY t DESC NULLS LAST LIMIT ${MAX_EVENTS + 1}`;
  const rows = (sql: string) => rowsOf<Row>(db, sql, signal);
  const one = (ref: string, what: string, column: string) =>
    rows(`SELECT ${what} FROM ${tableRef(ref)} WHERE ${text(column)} = ${key} LIMIT 1`).then((r) => r[0] ?? null);
  const [evRows, attrs, rfm, clv, cluster] = await Promise.all([
    rows(events),
    Promise.all(
      s.attrs.map((a) =>
        rows(`SELECT * FROM ${tableRef(a.ref)} WHERE ${text(a.customer)} = ${key} LIMIT 1`).then((r) => ({
          table: a.ref,
          pairs: Object.entries(r[0] ?? {}).filter(([k]) => k !== a.customer),
        })),
      ),
    ),
    s.rfmStep ? one(`${s.rfmStep}.rfm`, '*', 'customer') : undefined,
    s.clvStep ? one(`${s.clvStep}.clv`, 'p_alive, expected_purchases, clv', 'customer') : undefined,
    s.kmeans ? one(`${s.kmeans.step}.assignments`, 'cluster', s.kmeans.entity) : undefined,
  ]);
  return {
    id,
    truncated: evRows.length > MAX_EVENTS,
    events: evRows.slice(0, MAX_EVENTS).map((r) => ({
      t: r.t === null ? null : new Date(String(r.t)),
      event: String(r.event ?? '∅'),
      item: r.item === null ? null : String(r.item),
      amount: r.amount === null ? null : Number(r.amount),
      category: r.category === null ? null : String(r.category),
    })),
    attrs: attrs.filter((a) => a.pairs.length > 0),
    rfm,
    clv,
    cluster,
  };
}
