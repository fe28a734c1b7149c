/**
 * The normalised event table every feature group reads (`Tables.base`), one row per event of the
 * user's table. The `features` op builds it from the columns the roles resolve to (`baseSelect`
 * asks for an expression for each of these); the group builders (extract.ts, the op's text and
 * co-purchase passes) read it by these names.
 */
export const BASE_COLUMNS = {
  customer: 'customer id (VARCHAR)',
  ts: 'event time (TIMESTAMP)',
  event: 'event type (VARCHAR)',
  basket: 'basket or order id (VARCHAR)',
  item: 'item id (VARCHAR)',
  qty: 'quantity (DOUBLE)',
  price: 'unit price (DOUBLE): the price column, else the item table price, else amount / quantity',
  amount: 'money of the row (DOUBLE): the amount column, else quantity × price',
  weight: 'weight for shares (DOUBLE): money, else units, else 1',
  category: 'category (VARCHAR), from the event or the item table',
  text_value: 'free text (VARCHAR)',
  is_purchase: 'TRUE on purchase rows (every row when there is no event column)',
} as const;

export type BaseColumn = keyof typeof BASE_COLUMNS;

/** The columns an entity is keyed by in the base table. */
export type BaseKey = Extract<BaseColumn, 'customer' | 'item'>;

/** The base table's SELECT list, in the declared order: `expr AS name` for every column. */
export function baseSelect(exprs: Record<BaseColumn, string>): string {
  return (Object.keys(BASE_COLUMNS) as BaseColumn[]).map((name) => `${exprs[name]} AS ${name}`).join(',\n      ');
}
