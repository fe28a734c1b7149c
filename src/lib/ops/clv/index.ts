/**
 * `clv`: customer lifetime value with BG/NBD (Fader, Hardie & Lee 2005) for the number of future
 * purchases and Gamma-Gamma for their value. DuckDB builds the per-customer calibration summary
 * (purchases on the same day merge into one transaction, as in the papers); the models are fitted
 * by maximum likelihood in the compute worker (src/lib/clv).
 */
import { z } from 'zod';
import { ident, literal } from '../../data/sql';
import { numericMatrix, rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import { fitBgNbd, probabilityAlive, conditionalExpectedPurchases, expectedPurchases } from '../../clv/bgnbd';
import { fitGammaGamma, conditionalExpectedSpend, clv as clvValues } from '../../clv/gamma-gamma';
import { defineOp } from '../types';
import { amountSql } from '../shared/amount';
import { assertNumericAmounts, assertTimeColumn } from '../shared/input-checks';

const DAYS = { day: 1, week: 7 } as const;

const params = z
  .strictObject({
    customer: z.string().min(1),
    time: z.string().min(1),
    amount: z.string().min(1).optional(),
    quantity: z.string().min(1).optional(),
    price: z.string().min(1).optional(),
    /** Last day of the calibration period (inclusive); later purchases are the holdout. Default: the last purchase date. */
    calibrationEnd: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .optional(),
    unit: z.enum(['day', 'week']).default('week'),
    /** Forecast horizon in `unit`s (default: a year). */
    horizon: z.number().positive().optional(),
    /** Annual discount rate for CLV (0 = undiscounted). */
    discountRate: z.number().min(0).default(0),
    /** Profit margin applied to spend (1 = revenue). */
    margin: z.number().positive().default(1),
  })
  .refine((p) => p.amount !== undefined || (p.quantity !== undefined && p.price !== undefined), {
    message: 'give `amount`, or both `quantity` and `price`',
    path: ['amount'],
  });

export const clvOp = defineOp({
  name: 'clv',
  title: 'Customer lifetime value',
  description: 'BG/NBD + Gamma-Gamma: probability alive, expected purchases and value per customer.',
  params,
  needsInput: true,
  primaryTable: 'clv',
  stage: 'explore',
  outputs: {
    clv: {
      description: "one customer's expected purchases and value (BG/NBD + Gamma-Gamma)",
      columns: [
        'customer',
        'frequency',
        'recency',
        'T',
        'monetary',
        'p_alive',
        'expected_purchases',
        'expected_value',
        'clv',
        'predicted_holdout',
        'actual_holdout',
      ],
    },
  },
  columns: {
    customer: { role: 'customer', required: true },
    time: { role: 'time', required: true },
    amount: { role: 'amount', required: true },
    quantity: { role: 'quantity' },
    price: { role: 'price' },
  },
  keyFigures: (s) => [
    ['customers', s.customers, 0],
    ['total CLV', s.totalClv, 2],
  ],
  async run(ctx, step, p) {
    const unitDays = DAYS[p.unit];
    const horizon = p.horizon ?? (p.unit === 'week' ? 52 : 365);
    await assertTimeColumn(ctx, step, 'time', p.time);
    await assertNumericAmounts(ctx, step, p);
    const value = amountSql(p);
    const tx = `SELECT CAST(${ident(p.customer)} AS VARCHAR) AS customer, CAST(${ident(p.time)} AS DATE) AS day, sum(${value}) AS value
      FROM ${step.inputSql} WHERE ${ident(p.customer)} IS NOT NULL AND ${ident(p.time)} IS NOT NULL AND ${value} IS NOT NULL GROUP BY ALL`;
    const calEnd = p.calibrationEnd ? `DATE ${literal(p.calibrationEnd)}` : '(SELECT max(day) FROM tx)';
    const summarySql = `WITH tx AS (${tx}), cal_end AS (SELECT ${calEnd} AS d),
      firsts AS (SELECT customer, min(day) AS first FROM tx GROUP BY customer),
      cal AS (SELECT tx.*, first FROM tx JOIN firsts USING (customer), cal_end WHERE day <= cal_end.d)
      SELECT customer,
        (count(*) - 1)::DOUBLE AS frequency,
        date_diff('day', any_value(first), max(day)) / ${unitDays}.0 AS recency,
        date_diff('day', any_value(first), any_value(cal_end.d)) / ${unitDays}.0 AS T,
        CASE WHEN count(*) > 1 THEN (sum(value) - arg_min(value, day)) / (count(*) - 1) ELSE 0 END::DOUBLE AS monetary,
        (SELECT count(*) FROM tx t2, cal_end c2 WHERE t2.customer = cal.customer AND t2.day > c2.d)::DOUBLE AS holdout
      FROM cal, cal_end GROUP BY customer ORDER BY customer`;
    const period =
      (
        await ctx.db.query(`WITH tx AS (${tx}) SELECT strftime(${calEnd}, '%Y-%m-%d') AS cal_end,
      strftime(max(day), '%Y-%m-%d') AS last_day, date_diff('day', ${calEnd}, max(day)) AS holdout_days FROM tx`)
      ).rows[0] ?? {};

    // A calibration end after the data's last day counts the unobserved days as days without a
    // purchase: every customer would look lapsed (and the fit can take minutes to say so).
    if (p.calibrationEnd && Number(period.holdout_days ?? 0) < 0) {
      throw stepError(
        step.id,
        'calibrationEnd',
        `${p.calibrationEnd} is after the last purchase in the data (${String(period.last_day)}): the days between would ` +
          `count as days without purchases; set it on or before ${String(period.last_day)}, or leave it out to use the last day`,
      );
    }
    ctx.progress({ message: 'summarising purchases per customer in DuckDB' });
    const ipc = await ctx.db.arrowIPC(summarySql);
    const names = ['frequency', 'recency', 'T', 'monetary', 'holdout'] as const;
    const { x: matrix, nRows } = numericMatrix(ipc, [...names]);
    if (nRows < 10)
      throw stepError(
        step.id,
        'customer',
        `only ${nRows} customers have purchases in the calibration period; at least 10 are needed`,
      );
    const col = (k: number) => Float64Array.from({ length: nRows }, (_, i) => matrix[i * names.length + k]!);
    const [frequency, recency, T, monetary, holdout] = [col(0), col(1), col(2), col(3), col(4)];
    const customers = (
      await ctx.db.query(`WITH tx AS (${tx}), cal_end AS (SELECT ${calEnd} AS d)
      SELECT DISTINCT customer FROM tx, cal_end WHERE day <= cal_end.d ORDER BY customer`)
    ).rows.map((r) => String(r.customer));
    ctx.progress({ message: `fitting BG/NBD on ${nRows} customers` });
    const bg = fitBgNbd({ frequency, recency, T });
    const repeat = [...frequency.keys()].filter((i) => frequency[i]! > 0 && monetary[i]! > 0);
    if (repeat.length < 5)
      throw stepError(
        step.id,
        'amount',
        `only ${repeat.length} customers bought more than once with a positive amount; Gamma-Gamma needs more`,
      );
    ctx.progress({ message: `fitting Gamma-Gamma on ${repeat.length} repeat customers` });
    const gg = fitGammaGamma(
      Float64Array.from(repeat, (i) => frequency[i]!),
      Float64Array.from(repeat, (i) => monetary[i]!),
    );

    // Discounting per unit from the annual rate; with periodLength 1 unit, K = horizon periods.
    const perUnit = Math.pow(1 + p.discountRate, unitDays / 365.25) - 1;
    const values = clvValues(
      bg,
      gg,
      { frequency, recency, T, meanSpend: monetary },
      { periods: Math.round(horizon), periodLength: 1, discountRate: perUnit, margin: p.margin },
    );
    const holdoutUnits = Number(period.holdout_days ?? 0) / unitDays;
    const rows = customers.map((customer, i) => {
      const [x, tx_, T_] = [frequency[i]!, recency[i]!, T[i]!];
      const expected = conditionalExpectedPurchases(bg, horizon, x, tx_, T_);
      const spend = conditionalExpectedSpend(gg, x, monetary[i]!);
      return {
        customer,
        frequency: x,
        recency: tx_,
        T: T_,
        monetary: monetary[i]!,
        p_alive: probabilityAlive(bg, x, tx_, T_),
        expected_purchases: expected,
        expected_value: expected * spend * p.margin,
        clv: values[i]!,
        predicted_holdout: holdoutUnits > 0 ? conditionalExpectedPurchases(bg, holdoutUnits, x, tx_, T_) : null,
        actual_holdout: holdoutUnits > 0 ? holdout[i]! : null,
      };
    });
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.${ident('clv')}`);
    await ctx.db.insertArrow(step.schema, 'clv', rowsToIPC(Object.keys(rows[0]!), rows));
    const sum = (k: 'predicted_holdout' | 'actual_holdout') => rows.reduce((s, r) => s + (r[k] ?? 0), 0);
    return {
      tables: ['clv'],
      summary: {
        customers: nRows,
        repeatCustomers: repeat.length,
        calibrationEnd: String(period.cal_end ?? ''),
        unit: p.unit,
        horizon,
        bgnbd: { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, logLikelihood: bg.logLikelihood, converged: bg.converged },
        gammaGamma: { p: gg.p, q: gg.q, v: gg.v, logLikelihood: gg.logLikelihood },
        expectedPurchasesPerNewCustomer: expectedPurchases(bg, horizon),
        holdout:
          holdoutUnits > 0
            ? { length: holdoutUnits, predicted: sum('predicted_holdout'), actual: sum('actual_holdout') }
            : null,
        totalClv: values.reduce((s, v) => s + v, 0),
      },
    };
  },
});
