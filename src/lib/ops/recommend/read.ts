/** What the recommend panels read from a run of the recommend op (recommendations, similar items, audiences). */
import { rowsOf, type ReadDb, type Row } from '../../data/read';
import { ident, literal, tableRef } from '../../data/sql';

/** `contains(lower(column), lower('q'))`, or nothing for an empty search. */
const matching = (column: string, q: string) =>
  q ? `WHERE contains(lower(${ident(column)}), lower(${literal(q)}))` : '';

/** Up to 50 customers of a recommendations table whose id contains `search`, in order. */
export const readRecommendedCustomers = async (db: ReadDb, ref: string, search: string, signal?: AbortSignal) =>
  (
    await rowsOf<Row>(
      db,
      `SELECT DISTINCT customer FROM ${tableRef(ref)} ${matching('customer', search.trim())} ORDER BY customer LIMIT 50`,
      signal,
    )
  ).map((x) => String(x.customer));

/** One customer's recommendations, by rank. */
export const readRecommendations = (db: ReadDb, ref: string, customer: string, signal?: AbortSignal) =>
  rowsOf<Row>(db, `SELECT * FROM ${tableRef(ref)} WHERE customer = ${literal(customer)} ORDER BY rank`, signal);

export type PurchaseHistoryRow = {
  item: string;
  times: number;
  last_time?: string | null;
};

/** What one customer bought in table `ref` (30 items: latest first with a time column, else most often). */
export const readPurchaseHistory = (
  db: ReadDb,
  ref: string,
  columns: { customer: string; item: string; time?: string },
  customer: string,
  signal?: AbortSignal,
) => {
  const { time } = columns;
  const item = ident(columns.item);
  return rowsOf<PurchaseHistoryRow>(
    db,
    `SELECT CAST(${item} AS VARCHAR) AS item, count(*)::DOUBLE AS times${time ? `, max(${ident(time)})::VARCHAR AS last_time` : ''}
     FROM ${tableRef(ref)} WHERE CAST(${ident(columns.customer)} AS VARCHAR) = ${literal(customer)} AND ${item} IS NOT NULL
     GROUP BY 1 ORDER BY ${time ? 'last_time DESC' : 'times DESC'} LIMIT 30`,
    signal,
  );
};

/** The neighbours of the first item (in order) whose code contains `search`, by rank. */
export const readSimilarTo = (db: ReadDb, ref: string, search: string, signal?: AbortSignal) =>
  rowsOf<Row>(
    db,
    `SELECT * FROM ${tableRef(ref)} WHERE item = (SELECT item FROM ${tableRef(ref)} ${matching('item', search.trim())}
     ORDER BY item LIMIT 1) ORDER BY rank`,
    signal,
  );

/** The 30 commonest values of a seed column (the lookalike's seed choices). */
export const readSeedValues = async (db: ReadDb, ref: string, column: string, signal?: AbortSignal) =>
  (
    await rowsOf<Row>(
      db,
      `SELECT CAST(${ident(column)} AS VARCHAR) AS v, count(*) AS n FROM ${tableRef(ref)} WHERE ${ident(column)} IS NOT NULL
       GROUP BY 1 ORDER BY n DESC LIMIT 30`,
      signal,
    )
  ).map((x) => String(x.v));

/** The first `limit` rows of a ranked table (an audience). */
export const readTopRanked = (db: ReadDb, ref: string, limit: number, signal?: AbortSignal) =>
  rowsOf<Row>(db, `SELECT * FROM ${tableRef(ref)} ORDER BY rank LIMIT ${Math.trunc(limit)}`, signal);

/** The items with the most neighbours first (the ones worth looking up), at most 500. */
export const readSimilarItemList = async (db: ReadDb, ref: string, signal?: AbortSignal) =>
  (
    await rowsOf<Row>(
      db,
      `SELECT item FROM ${tableRef(ref)} GROUP BY item ORDER BY max(similarity) DESC, item LIMIT 500`,
      signal,
    )
  ).map((x) => String(x.item));

export type Neighbour = {
  rank: number;
  neighbour: string;
  similarity: number;
};

export const readNeighbours = (db: ReadDb, ref: string, item: string, signal?: AbortSignal) =>
  rowsOf<Neighbour>(
    db,
    `SELECT rank, neighbour, similarity FROM ${tableRef(ref)} WHERE item = ${literal(item)} ORDER BY rank`,
    signal,
  );
