/**
 * `rfm`: recency, frequency and monetary value per customer, quintile scores 1–5 and a named
 * segment. All in DuckDB SQL.
 *   recency_days = whole days from the date of the customer's last purchase to `asOf`
 *                  (default: the day after the last purchase date in the data)
 *   frequency    = distinct `basket` values (rows when no basket column is given)
 *   monetary     = sum of `amount` (or of quantity × price)
 * A row is a purchase when customer, time and amount are all present (and, when `eventColumn`
 * is given, when it equals `purchaseValue`). Rows with a quantity or amount ≤ 0 (cancellations,
 * returns) still count: the summary warns about them and names the filter that leaves them out.
 */
import { z } from 'zod';
import { ident, literal } from '../../data/sql';
import { segmentCaseSql } from '../../rfm/segments';
import { defineOp } from '../types';
import { stepError } from '../../core/errors';
import { amountSql } from '../shared/amount';
import { assertNumericAmounts, assertTimeColumn } from '../shared/input-checks';

const column = z.string().min(1);
const params = z
  .strictObject({
    customer: column,
    time: column,
    amount: column.optional(),
    quantity: column.optional(),
    price: column.optional(),
    basket: column.optional(),
    eventColumn: column.optional(),
    purchaseValue: z.string().optional(),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .optional(),
  })
  .refine((p) => p.amount !== undefined || (p.quantity !== undefined && p.price !== undefined), {
    message: 'give `amount`, or both `quantity` and `price`',
    path: ['amount'],
  })
  .refine((p) => (p.eventColumn === undefined) === (p.purchaseValue === undefined), {
    message: '`eventColumn` and `purchaseValue` go together',
    path: ['purchaseValue'],
  });

export type RfmParams = z.infer<typeof params>;

/** The purchases CTE body: one row per purchase with customer, t, amount, basket. */
function purchasesSql(inputSql: string, p: RfmParams): string {
  const amount = amountSql(p);
  const isPurchase = [
    `${ident(p.customer)} IS NOT NULL`,
    `${ident(p.time)} IS NOT NULL`,
    `${amount} IS NOT NULL`,
    p.eventColumn ? `CAST(${ident(p.eventColumn)} AS VARCHAR) = ${literal(p.purchaseValue!)}` : 'TRUE',
  ].join(' AND ');
  return `SELECT CAST(${ident(p.customer)} AS VARCHAR) AS customer, CAST(${ident(p.time)} AS TIMESTAMP) AS t,
         ${amount} AS amount, ${p.basket ? ident(p.basket) : 'NULL'} AS basket,
         ${p.amount === undefined && p.quantity !== undefined ? `TRY_CAST(${ident(p.quantity)} AS DOUBLE)` : 'NULL::DOUBLE'} AS quantity
  FROM ${inputSql} WHERE ${isPurchase}`;
}

/**
 * The predicate of a `filter` step that keeps only positive purchases (drops cancellations and
 * returns): amount > 0, and quantity > 0 where the amount is quantity × price (two negatives
 * would multiply to a positive amount).
 */
export function positivePurchasesWhere(p: RfmParams): string {
  return [
    `${amountSql(p)} > 0`,
    ...(p.amount === undefined && p.quantity !== undefined ? [`TRY_CAST(${ident(p.quantity)} AS DOUBLE) > 0`] : []),
  ].join(' AND ');
}

/**
 * The day after the last purchase date, read from the per-customer last dates (the same day: the
 * date of a maximum is the maximum of the dates). A second read of `purchases` would make DuckDB
 * materialize that CTE, every purchase row in memory at once (out of memory at 100M rows in the tab).
 */
function asOfSql(p: RfmParams): string {
  return p.asOf ? `DATE ${literal(p.asOf)}` : `(SELECT max(last_date) + 1 FROM per_customer)`;
}

export function rfmSql(inputSql: string, p: RfmParams): string {
  const score = (rank: string) => `(1 + floor(5 * (${rank} - 1) / n))::INTEGER`;
  return `
WITH purchases AS (${purchasesSql(inputSql, p)}
), per_customer AS (
  SELECT customer, CAST(max(t) AS DATE) AS last_date,
         ${p.basket ? 'count(DISTINCT basket)' : 'count(*)'}::BIGINT AS frequency, sum(amount) AS monetary
  FROM purchases GROUP BY customer
), measured AS (
  SELECT customer, date_diff('day', last_date, ${asOfSql(p)})::BIGINT AS recency_days, frequency, monetary
  FROM per_customer
), ranked AS (
  SELECT *, count(*) OVER () AS n,
    rank() OVER (ORDER BY recency_days DESC) AS r_rank,
    rank() OVER (ORDER BY frequency) AS f_rank,
    rank() OVER (ORDER BY monetary) AS m_rank
  FROM measured
), scored AS (
  SELECT customer, recency_days, frequency, monetary,
    ${score('r_rank')} AS r_score, ${score('f_rank')} AS f_score, ${score('m_rank')} AS m_score
  FROM ranked
)
SELECT *, ${segmentCaseSql()} AS segment FROM scored ORDER BY customer`;
}

export const rfmOp = defineOp({
  name: 'rfm',
  title: 'RFM segmentation',
  description: 'Recency, frequency and monetary value per customer, quintile scores and named segments.',
  params,
  needsInput: true,
  primaryTable: 'rfm',
  driftSnapshot: true,
  stage: 'explore',
  outputs: {
    rfm: {
      description: 'one customer: recency, frequency, monetary, their scores and segment',
      columns: ['customer', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'segment'],
    },
  },
  columns: {
    customer: { role: 'customer', required: true },
    time: { role: 'time', required: true },
    amount: { role: 'amount', required: true },
    quantity: { role: 'quantity' },
    price: { role: 'price' },
    basket: { role: 'basket' },
    eventColumn: { role: 'event' },
  },
  keyFigures: (s) => [
    ['customers', s.customers, 0],
    ['revenue', s.revenue, 2],
  ],
  async run(ctx, step, p) {
    const out = `${step.schemaSql}.${ident('rfm')}`;
    await assertTimeColumn(ctx, step, 'time', p.time);
    await assertNumericAmounts(ctx, step, p);
    ctx.progress({ message: 'computing RFM in DuckDB' });
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${out} AS ${rfmSql(step.inputSql!, p)}`);
    // One pass over the purchases (the as-of date read in it, not by a second scan) and one over
    // the result, in one query; the segments come from a second, small query over the result.
    const stats = await ctx.db.query(`
      WITH purchases AS (${purchasesSql(step.inputSql!, p)}), seen AS (
        SELECT ${p.asOf ? `DATE ${literal(p.asOf)}` : 'max(CAST(t AS DATE)) + 1'} AS as_of, count(*)::DOUBLE AS purchase_rows,
               count(*) FILTER (WHERE amount <= 0 OR quantity <= 0)::DOUBLE AS non_positive_rows,
               count(DISTINCT customer) FILTER (WHERE amount <= 0 OR quantity <= 0)::DOUBLE AS non_positive_customers
        FROM purchases
      ), made AS (
        SELECT count(*)::DOUBLE AS customers, avg(recency_days)::DOUBLE AS mean_recency_days,
               avg(frequency)::DOUBLE AS mean_frequency, sum(monetary)::DOUBLE AS revenue
        FROM ${out}
      )
      SELECT strftime(as_of, '%Y-%m-%d') AS as_of, purchase_rows, non_positive_rows, non_positive_customers,
             customers, mean_recency_days, mean_frequency, revenue
      FROM seen, made`);
    const s = stats.rows[0] ?? {};
    const customers = Number(s.customers ?? 0);
    if (customers === 0) {
      const event = p.eventColumn ? ` and ${p.eventColumn} = '${p.purchaseValue}'` : '';
      throw stepError(
        step.id,
        'customer',
        `no purchases: no row has a customer, a time and an amount${event}; check the columns and the purchase value`,
      );
    }
    const segments = await ctx.db.query(`
      SELECT segment, count(*)::DOUBLE AS customers, sum(monetary)::DOUBLE AS revenue,
             (sum(monetary) / nullif(sum(sum(monetary)) OVER (), 0))::DOUBLE AS revenue_share
      FROM ${out} GROUP BY segment ORDER BY customers DESC, segment`);
    const nonPositive = Number(s.non_positive_rows ?? 0);
    const warnings =
      nonPositive > 0
        ? [
            `${nonPositive.toLocaleString('en-US')} purchase row${nonPositive === 1 ? '' : 's'} of ${Number(s.non_positive_customers).toLocaleString('en-US')} customer${s.non_positive_customers === 1 ? '' : 's'} have a quantity or amount ≤ 0 (cancellations or returns): they lower monetary and count as orders. To leave them out, add a filter step before this one: ${positivePurchasesWhere(p)}`,
          ]
        : [];
    return {
      tables: ['rfm'],
      summary: {
        customers,
        purchaseRows: s.purchase_rows ?? null,
        asOf: s.as_of ?? null,
        meanRecencyDays: s.mean_recency_days ?? null,
        meanFrequency: s.mean_frequency ?? null,
        revenue: s.revenue ?? null,
        segments: segments.rows,
        nonPositiveRows: nonPositive,
        positiveFilter: positivePurchasesWhere(p),
        warnings,
      },
    };
  },
});
