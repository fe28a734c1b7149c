/**
 * First guesses of which column plays which role, from column names alone. The data workspace
 * (roles mapped by the user, stored in the recipe) will replace these guesses.
 */
import type { ColumnInfo } from './connector';

export type Role = 'customer' | 'time' | 'amount' | 'quantity' | 'price' | 'basket' | 'event' | 'label';

const PATTERNS: Record<Role, RegExp[]> = {
  customer: [/^customer_?id$/i, /^(customer|client|user|member)(_?id)?$/i, /cust/i, /user/i],
  time: [/^(ts|timestamp|event_time|invoice_?date|order_?date|date|time)$/i, /date|time/i],
  amount: [/^(amount|revenue|sales|total|spend|value|monetary)$/i, /amount|revenue/i],
  quantity: [/^(quantity|qty|units|number_of_.*)$/i],
  price: [/^(price|unit_?price)$/i, /price/i],
  basket: [/^(order_?id|invoice_?no|invoice|basket_?id|transaction_?id|order)$/i, /order|invoice|basket/i],
  event: [/^(event_?type|event|action|type)$/i],
  label: [/^(churn|churned|label|target|default|y)$/i],
};

export function guessColumn(columns: ColumnInfo[], role: Role): string | undefined {
  for (const pattern of PATTERNS[role]) {
    const hit = columns.find((c) => pattern.test(c.name));
    if (hit) return hit.name;
  }
  return undefined;
}

/** The table that looks most like a transaction log: the most purchase roles found by name. */
export function guessTransactionTable<T extends { columns: ColumnInfo[] }>(tables: T[]): T | undefined {
  const roles: Role[] = ['customer', 'time', 'amount', 'basket', 'quantity', 'price'];
  let best: T | undefined;
  let bestScore = -1;
  for (const t of tables) {
    const score = roles.filter((r) => guessColumn(t.columns, r)).length;
    if (score > bestScore) [best, bestScore] = [t, score];
  }
  return best;
}
