/**
 * `cohorts`: acquisition cohorts and their retention. All in DuckDB SQL.
 *
 * A row is a purchase when customer and time are present (and the amount, when an amount or
 * quantity × price is given; and, when `eventColumn` is given, when it equals `purchaseValue`),
 * exactly as in `rfm`. Periods are calendar months, or ISO weeks (starting on Monday).
 *   cohort        = the period of the customer's first purchase
 *   period_index  = whole periods from the cohort's period (0 = the cohort's own period)
 *   active        = cohort customers with at least one purchase in that period
 *   retention     = active / cohort size (so index 0 is always 1)
 *   revenue       = purchase value of the cohort's customers in that period;
 *                   revenue_per_customer divides it by the cohort size (not by the active customers)
 *
 * Which periods are shown: every index from 0 to `maxPeriods` (inclusive) whose period has begun
 * by the end of the data, that is up to and including the period of the latest `time` in the
 * input (any row, purchase or not: that is how far the data was observed), or of `dataEnd` when
 * given (a filtered table may end earlier than the observation did). Periods with no
 * purchase get active = 0. The last data period may be incomplete (data ending mid-month), which
 * pulls its retention down: the summary says so (`lastPeriodComplete`), and
 * `completePeriodsOnly: true` leaves such a period out.
 */
import { z } from 'zod';
import { ident, literal } from '../../data/sql';
import { stepError } from '../../core/errors';
import { amountSql } from '../shared/amount';
import { assertNumericAmounts, assertTimeColumn } from '../shared/input-checks';
import { defineOp } from '../types';

const column = z.string().min(1);
const params = z
  .strictObject({
    customer: column,
    time: column,
    amount: column.optional(),
    quantity: column.optional(),
    price: column.optional(),
    eventColumn: column.optional(),
    purchaseValue: z.string().optional(),
    period: z.enum(['month', 'week']).default('month'),
    /** The largest period_index shown (index 0 is the first period, so at most maxPeriods + 1 columns). */
    maxPeriods: z.number().int().min(1).max(520).default(12),
    /** Last day the data covers (inclusive); later rows are left out. Default: the day of the latest `time` in the input. */
    dataEnd: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .optional(),
    /** Leave out the last data period when the data ends before that period does. */
    completePeriodsOnly: z.boolean().default(false),
  })
  .refine((p) => (p.quantity === undefined) === (p.price === undefined), {
    message: '`quantity` and `price` go together',
    path: ['price'],
  })
  .refine((p) => p.amount === undefined || p.quantity === undefined, {
    message: 'give `amount`, or `quantity` and `price`, not both',
    path: ['amount'],
  })
  .refine((p) => (p.eventColumn === undefined) === (p.purchaseValue === undefined), {
    message: '`eventColumn` and `purchaseValue` go together',
    path: ['purchaseValue'],
  });

export type CohortsParams = z.infer<typeof params>;

/** The purchase value where one is given (amount, or quantity × price); cohorts also work without. */
function valueSql(p: CohortsParams): string | undefined {
  return p.amount !== undefined || p.quantity !== undefined ? amountSql(p) : undefined;
}

/** Whole periods from `from` to `to`, both already truncated to the period. */
function indexSql(p: CohortsParams, from: string, to: string): string {
  return p.period === 'month' ? `date_diff('month', ${from}, ${to})` : `(date_diff('day', ${from}, ${to}) // 7)`;
}

/** Per cohort and period index: active customers, their purchase value and purchase rows. */
export function activitySql(inputSql: string, p: CohortsParams): string {
  const value = valueSql(p);
  const isPurchase = [
    `${ident(p.customer)} IS NOT NULL`,
    `${ident(p.time)} IS NOT NULL`,
    value ? `${value} IS NOT NULL` : 'TRUE',
    p.eventColumn ? `CAST(${ident(p.eventColumn)} AS VARCHAR) = ${literal(p.purchaseValue!)}` : 'TRUE',
    p.dataEnd ? `CAST(${ident(p.time)} AS TIMESTAMP) < DATE ${literal(p.dataEnd)} + 1` : 'TRUE',
  ].join(' AND ');
  // NOT MATERIALIZED: `dated` is read twice, and DuckDB would otherwise keep every purchase row of it
  // in memory at once (out of memory at 100M rows in the tab); two scans of the input cost less.
  return `
  WITH dated AS NOT MATERIALIZED (
    SELECT CAST(${ident(p.customer)} AS VARCHAR) AS customer,
           date_trunc(${literal(p.period)}, CAST(${ident(p.time)} AS TIMESTAMP))::DATE AS period,
           ${value ?? 'NULL::DOUBLE'} AS value
    FROM ${inputSql} WHERE ${isPurchase}
  ), firsts AS (
    SELECT customer, min(period) AS cohort FROM dated GROUP BY customer
  )
  SELECT f.cohort, (${indexSql(p, 'f.cohort', 'd.period')})::INTEGER AS period_index,
         count(DISTINCT d.customer)::BIGINT AS active, sum(d.value)::DOUBLE AS revenue, count(*)::DOUBLE AS purchase_rows
  FROM dated d JOIN firsts f USING (customer) GROUP BY ALL`;
}

/** The end of the data: its last day and period, and whether that period is complete. */
function boundsSql(inputSql: string, p: CohortsParams): string {
  const lastT = p.dataEnd
    ? `DATE ${literal(p.dataEnd)}`
    : `(SELECT max(CAST(${ident(p.time)} AS TIMESTAMP)) FROM ${inputSql})`;
  const step = p.period === 'month' ? 'INTERVAL 1 MONTH' : 'INTERVAL 7 DAY';
  return `WITH b AS (SELECT CAST(${lastT} AS DATE) AS last_day, date_trunc(${literal(p.period)}, CAST(${lastT} AS DATE))::DATE AS last_period)
    SELECT strftime(last_day, '%Y-%m-%d') AS last_day, strftime(last_period, '%Y-%m-%d') AS last_period,
           -- complete when the data reaches the period's last day
           (last_day + 1 >= CAST(last_period + ${step} AS DATE)) AS last_complete
    FROM b`;
}

export const cohortsOp = defineOp({
  name: 'cohorts',
  title: 'Cohort retention',
  description:
    'Customers grouped by the month (or week) of their first purchase: retention and revenue in each later period.',
  params,
  needsInput: true,
  primaryTable: 'retention',
  stage: 'explore',
  outputs: {
    retention: {
      description: 'one cohort × period: customers active',
      columns: ['cohort', 'period_index', 'customers', 'active', 'retention'],
    },
    revenue: {
      description: 'one cohort × period: revenue',
      columns: ['cohort', 'period_index', 'revenue', 'revenue_per_customer'],
      when: 'there is an amount',
    },
    sizes: {
      description: 'one cohort: its size and first-period revenue',
      columns: ['cohort', 'customers', 'first_period_revenue'],
    },
  },
  columns: {
    customer: { role: 'customer', required: true },
    time: { role: 'time', required: true },
    amount: { role: 'amount' },
    quantity: { role: 'quantity' },
    price: { role: 'price' },
    eventColumn: { role: 'event' },
  },
  async run(ctx, step, p) {
    const table = (name: string) => `${step.schemaSql}.${ident(name)}`;
    const hasValue = valueSql(p) !== undefined;
    await assertTimeColumn(ctx, step, 'time', p.time);
    await assertNumericAmounts(ctx, step, p);
    ctx.progress({ message: 'grouping customers into cohorts in DuckDB' });
    const activity = table('__cohort_activity');
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${activity} AS ${activitySql(step.inputSql!, p)}`);
    try {
      const stats = (
        await ctx.db.query(`SELECT count(*) FILTER (WHERE period_index = 0)::DOUBLE AS cohorts,
          sum(active) FILTER (WHERE period_index = 0)::DOUBLE AS customers,
          sum(purchase_rows)::DOUBLE AS purchase_rows, sum(revenue)::DOUBLE AS revenue,
          strftime(min(cohort), '%Y-%m-%d') AS first_cohort
        FROM ${activity}`)
      ).rows[0];
      if (!stats?.customers) {
        const needs = [
          'a customer',
          'a time',
          ...(hasValue ? ['a value'] : []),
          ...(p.eventColumn ? [`${p.eventColumn} = '${p.purchaseValue}'`] : []),
        ];
        throw stepError(
          step.id,
          'customer',
          `no purchases: no row has ${needs.slice(0, -1).join(', ')} and ${needs.at(-1)}`,
        );
      }
      const bounds = (await ctx.db.query(boundsSql(step.inputSql!, p))).rows[0]!;
      // The last period shown: the data's last period, or the one before it when that is incomplete and not wanted.
      const lastShown =
        p.completePeriodsOnly && !bounds.last_complete
          ? `(DATE ${literal(String(bounds.last_period))} - ${p.period === 'month' ? 'INTERVAL 1 MONTH' : 'INTERVAL 7 DAY'})::DATE`
          : `DATE ${literal(String(bounds.last_period))}`;

      await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('sizes')} AS
        SELECT cohort, active AS customers, ${hasValue ? 'revenue' : 'NULL::DOUBLE'} AS first_period_revenue
        FROM ${activity} WHERE period_index = 0 ORDER BY cohort`);
      const cells = `WITH grid AS (
          SELECT s.cohort, s.customers, i.range::INTEGER AS period_index
          FROM ${table('sizes')} s, range(0, ${p.maxPeriods + 1}) i
          WHERE i.range <= ${indexSql(p, 's.cohort', lastShown)}
        ), cells AS (
          SELECT g.cohort, g.period_index, g.customers, coalesce(a.active, 0)::BIGINT AS active,
                 (coalesce(a.active, 0) / g.customers)::DOUBLE AS retention, coalesce(a.revenue, 0)::DOUBLE AS revenue
          FROM grid g LEFT JOIN ${activity} a ON a.cohort = g.cohort AND a.period_index = g.period_index
        )`;
      await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('retention')} AS ${cells}
        SELECT cohort, period_index, customers, active, retention FROM cells ORDER BY cohort, period_index`);
      const tables = ['retention'];
      if (hasValue) {
        await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('revenue')} AS ${cells}
          SELECT cohort, period_index, revenue, (revenue / customers)::DOUBLE AS revenue_per_customer FROM cells ORDER BY cohort, period_index`);
        tables.push('revenue');
      }
      tables.push('sizes');

      const at = (
        await ctx.db.query(`SELECT period_index, (sum(active) / sum(customers))::DOUBLE AS r
        FROM ${table('retention')} WHERE period_index IN (1, 3) GROUP BY period_index`)
      ).rows;
      const retentionAt = (k: number) => at.find((r) => r.period_index === k)?.r ?? null;
      return {
        tables,
        summary: {
          cohorts: stats.cohorts ?? null,
          customers: stats.customers,
          period: p.period,
          maxPeriods: p.maxPeriods,
          purchaseRows: stats.purchase_rows ?? null,
          revenue: hasValue ? (stats.revenue ?? null) : null,
          firstCohort: stats.first_cohort ?? null,
          lastPeriod: bounds.last_period ?? null,
          lastPeriodComplete: bounds.last_complete ?? null,
          // Customer-weighted means over the cohorts seen that far: sum(active) / sum(customers).
          meanRetention1: retentionAt(1),
          meanRetention3: retentionAt(3),
        },
      };
    } finally {
      await ctx.db.exec(`DROP TABLE IF EXISTS ${activity}`);
    }
  },
});
