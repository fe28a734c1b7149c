/** The money of a purchase row, as ops that take `amount` or `quantity` × `price` read it. */
import { ident } from '../../data/sql';

export interface AmountParams {
  amount?: string;
  quantity?: string;
  price?: string;
}

/** SQL for the row's amount: the `amount` column, or `quantity` × `price`; NULL where not numeric. */
export function amountSql(p: AmountParams): string {
  if (p.amount !== undefined) return `TRY_CAST(${ident(p.amount)} AS DOUBLE)`;
  if (p.quantity === undefined || p.price === undefined) throw new Error('give amount, or quantity and price');
  return `TRY_CAST(${ident(p.quantity)} AS DOUBLE) * TRY_CAST(${ident(p.price)} AS DOUBLE)`;
}
