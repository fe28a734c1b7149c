/**
 * `anomalies`: when a KPI broke, and why. DuckDB sums the metric per period (zero-filled, the last
 * period dropped when incomplete); src/lib/anomalies/detect.ts scores each period against a
 * seasonal baseline and splits each anomaly's deviation among the values of each dimension.
 *
 * The last period is incomplete when its data stops earlier within it than in 90 % of the earlier
 * periods (Online Retail's last day ends at 12:50, its days usually after 17:00); data of dates
 * alone (no time of day) is never cut at day grain.
 *
 * Tables:
 *   anomalies(period, value, expected, low, high, score): the periods with |score| ≥ sensitivity;
 *   causes(period, dimension, value, expected, actual, contribution): per anomaly and dimension, the
 *     values whose deviation explains most of it (contribution ≥ 0.1, at most 5, largest first);
 *   series(period, value, expected, low, high, score, anomaly): every period, for the chart.
 */
import { z } from 'zod';
import { ident, literal, NUMERIC_TYPE } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import {
  CAUSES,
  contributions,
  DEFAULT_SENSITIVITY,
  detect,
  minPeriods,
  topCauses,
  type Grain,
} from '../../anomalies/detect';
import { assertTimeColumn } from '../shared/input-checks';
import { defineOp } from '../types';
import type { Json } from '../../core/json';

/** `metric: 'count'` counts rows. */
export const COUNT = 'count';
/** A missing dimension value is a value of its own, so a dimension's contributions still sum to 1. */
export const MISSING = '(missing)';

const column = z.string().min(1);
const params = z
  .strictObject({
    time: column,
    /** The column to sum per period, or `count` for the number of rows... */
    metric: column.optional(),
    /** ...or the sum of quantity × price. */
    quantity: column.optional(),
    price: column.optional(),
    grain: z.enum(['day', 'week', 'hour']).default('day'),
    /** Columns to explain anomalies with (country, category, segment…). */
    dimensions: z.array(column).max(10).default([]),
    sensitivity: z.number().positive().max(100).default(DEFAULT_SENSITIVITY),
  })
  .refine((p) => (p.quantity === undefined) === (p.price === undefined), {
    message: '`quantity` and `price` go together',
    path: ['price'],
  })
  .refine((p) => (p.metric === undefined) !== (p.quantity === undefined), {
    message: 'give `metric` (a column, or "count"), or `quantity` and `price`',
    path: ['metric'],
  });

export type AnomaliesParams = z.infer<typeof params>;

const INTERVAL: Record<Grain, (n: number) => string> = {
  day: (n) => `INTERVAL ${n} DAY`,
  week: (n) => `INTERVAL ${7 * n} DAY`,
  hour: (n) => `INTERVAL ${n} HOUR`,
};
const UNIT: Record<Grain, string> = { day: 'days', week: 'weeks', hour: 'hours' };

function metricSql(p: AnomaliesParams): string {
  if (p.quantity !== undefined)
    return `TRY_CAST(${ident(p.quantity)} AS DOUBLE) * TRY_CAST(${ident(p.price!)} AS DOUBLE)`;
  return p.metric === COUNT ? '1.0' : `TRY_CAST(${ident(p.metric!)} AS DOUBLE)`;
}

export const anomaliesOp = defineOp({
  name: 'anomalies',
  title: 'KPI anomalies',
  description:
    'Periods where a KPI (a sum or a count per day, week or hour) left its seasonal baseline, and the dimension values (country, category…) that explain each one.',
  params,
  needsInput: true,
  primaryTable: 'anomalies',
  stage: 'monitor',
  outputs: {
    anomalies: {
      description: 'one anomalous period: its value, the expected value and band, and its robust score',
      columns: ['period', 'value', 'expected', 'low', 'high', 'score'],
    },
    causes: {
      description: 'one anomaly × dimension value: expected and actual, and its share of the gap',
      columns: ['period', 'dimension', 'value', 'expected', 'actual', 'contribution'],
    },
    series: {
      description: 'every period of the series, with its baseline, band, score and whether it is an anomaly',
      columns: ['period', 'value', 'expected', 'low', 'high', 'score', 'anomaly'],
    },
  },
  reportReads: {
    anomalies: (t) =>
      `SELECT strftime(period, '%Y-%m-%d %H:%M') AS period, value, expected, score FROM ${t} ORDER BY period LIMIT 50`,
    causes: (t) =>
      `SELECT strftime(period, '%Y-%m-%d %H:%M') AS period, dimension, value, contribution FROM ${t} ORDER BY period, contribution DESC LIMIT 250`,
  },
  columns: {
    time: { role: 'time', required: true },
    metric: { role: 'amount', when: (p) => p.metric !== undefined && p.metric !== COUNT },
    quantity: { role: 'quantity' },
    price: { role: 'price' },
    dimensions: { list: true, role: 'category' },
  },
  async run(ctx, step, p) {
    const table = (name: string) => `${step.schemaSql}.${ident(name)}`;
    await assertTimeColumn(ctx, step, 'time', p.time);
    const timeType = step.inputColumns?.find((c) => c.name === p.time)?.type ?? '';
    if (NUMERIC_TYPE.test(timeType))
      throw stepError(step.id, 'time', `'${p.time}' holds numbers (${timeType}), not dates or times`);
    for (const [field, name] of [
      ['metric', p.metric],
      ['quantity', p.quantity],
      ['price', p.price],
    ] as const) {
      if (name === undefined || name === COUNT) continue;
      const bad = await ctx.db.query(
        `SELECT count(*)::DOUBLE AS n, any_value(CAST(${ident(name)} AS VARCHAR)) AS example FROM ${step.inputSql}
         WHERE ${ident(name)} IS NOT NULL AND TRY_CAST(${ident(name)} AS DOUBLE) IS NULL`,
      );
      const n = Number(bad.rows[0]?.n ?? 0);
      if (n > 0)
        throw stepError(
          step.id,
          field,
          `column '${name}' holds ${n} value${n === 1 ? '' : 's'} that are not numbers, such as '${bad.rows[0]?.example}': convert it first with a cast step`,
        );
    }
    const g = p.grain;
    const t = `CAST(${ident(p.time)} AS TIMESTAMP)`;
    const m = metricSql(p);
    const step1 = INTERVAL[g](1);

    ctx.progress({ message: `summing the metric per ${g} in DuckDB` });
    const series = await ctx.db.query(`
      WITH per AS (
        SELECT date_trunc('${g}', ${t}) AS period, coalesce(sum(${m}), 0)::DOUBLE AS value,
               (epoch(max(${t})) - epoch(date_trunc('${g}', ${t})))::DOUBLE AS last_offset
        FROM ${step.inputSql} WHERE ${ident(p.time)} IS NOT NULL GROUP BY 1),
      grid AS (SELECT unnest(generate_series(min(period), max(period), ${step1})) AS period FROM per)
      SELECT strftime(grid.period, '%Y-%m-%d %H:%M:%S') AS period, coalesce(per.value, 0)::DOUBLE AS value, per.last_offset
      FROM grid LEFT JOIN per USING (period) ORDER BY grid.period`);
    let rows = series.rows.map((r) => ({
      period: String(r.period),
      value: Number(r.value),
      offset: r.last_offset === null || r.last_offset === undefined ? null : Number(r.last_offset),
    }));

    // An incomplete last period would read as a sudden drop.
    let dropped: string | null = null;
    const offsets = rows
      .slice(0, -1)
      .flatMap((r) => (r.offset === null ? [] : [r.offset]))
      .sort((a, b) => a - b);
    const last = rows.at(-1);
    if (last?.offset !== null && last?.offset !== undefined && offsets.length) {
      const p10 = offsets[Math.floor(0.1 * (offsets.length - 1))]!;
      if (last.offset < p10) {
        dropped = last.period;
        rows = rows.slice(0, -1);
      }
    }
    const need = minPeriods(g);
    if (rows.length < need)
      throw stepError(
        step.id,
        'time',
        `${rows.length} ${UNIT[g]} of data (from '${rows[0]?.period ?? '–'}'); the seasonal baseline needs at least ${need}: give more data or a finer grain`,
      );

    const scored = detect(
      rows.map((r) => r.value),
      g,
      p.sensitivity,
    );
    const out = rows.map((r, i) => ({ ...r, ...scored[i]! }));
    const columns = ['period', 'value', 'expected', 'low', 'high', 'score'];
    await ctx.db.insertArrow(
      step.schema,
      'series_raw',
      rowsToIPC(
        [...columns, 'anomaly'],
        out.map((r) => ({ ...r, anomaly: r.anomaly ? 1 : 0 })),
      ),
    );
    const typed = `CAST(period AS TIMESTAMP) AS period, value, expected, low, high, score`;
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('series')} AS
      SELECT ${typed}, anomaly = 1 AS anomaly FROM ${table('series_raw')} ORDER BY period`);
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('anomalies')} AS
      SELECT ${typed} FROM ${table('series_raw')} WHERE anomaly = 1 ORDER BY period`);
    await ctx.db.exec(`DROP TABLE ${table('series_raw')}`);

    const anomalies = out.filter((r) => r.anomaly);
    const causeRows: Array<Record<string, string | number>> = [];
    if (anomalies.length && p.dimensions.length) {
      ctx.progress({ message: `explaining ${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'}` });
      const periods = anomalies.map((a) => `(CAST(${literal(a.period)} AS TIMESTAMP))`).join(', ');
      for (const dimension of p.dimensions) {
        const res = await ctx.db.query(`
          WITH a(period) AS (VALUES ${periods}),
          b AS (SELECT date_trunc('${g}', ${t}) AS period, coalesce(CAST(${ident(dimension)} AS VARCHAR), ${literal(MISSING)}) AS value,
                       coalesce(sum(${m}), 0)::DOUBLE AS m
                FROM ${step.inputSql} WHERE ${ident(p.time)} IS NOT NULL GROUP BY ALL)
          SELECT strftime(a.period, '%Y-%m-%d %H:%M:%S') AS period, b.value,
                 coalesce(sum(b.m) FILTER (WHERE b.period = a.period), 0)::DOUBLE AS actual,
                 coalesce(sum(b.m) FILTER (WHERE b.period < a.period), 0)::DOUBLE AS previous
          FROM a JOIN b ON b.period <= a.period AND b.period >= a.period - ${INTERVAL[g](CAUSES.previousPeriods)}
          GROUP BY ALL ORDER BY 1, 2`);
        for (const a of anomalies) {
          const values = res.rows
            .filter((r) => r.period === a.period)
            .map((r) => ({ value: String(r.value), actual: Number(r.actual), previous: Number(r.previous) }));
          for (const c of topCauses(contributions(a.value, a.expected!, values)))
            causeRows.push({ period: a.period, dimension, ...c });
        }
      }
    }
    await ctx.db.insertArrow(
      step.schema,
      'causes_raw',
      rowsToIPC(['period', 'dimension', 'value', 'expected', 'actual', 'contribution'], causeRows),
    );
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('causes')} AS
      SELECT CAST(period AS TIMESTAMP) AS period, CAST(dimension AS VARCHAR) AS dimension, CAST(value AS VARCHAR) AS value,
             CAST(expected AS DOUBLE) AS expected, CAST(actual AS DOUBLE) AS actual, CAST(contribution AS DOUBLE) AS contribution
      FROM ${table('causes_raw')} ORDER BY period, dimension, contribution DESC, value`);
    await ctx.db.exec(`DROP TABLE ${table('causes_raw')}`);

    const day = (period: string) => period.slice(0, g === 'hour' ? 16 : 10);
    const summary: Record<string, Json> = {
      grain: g,
      metric: p.metric ?? `${p.quantity} × ${p.price}`,
      periods: out.length,
      scored: out.filter((r) => r.score !== null).length,
      first: day(out[0]!.period),
      last: day(out.at(-1)!.period),
      droppedIncomplete: dropped ? day(dropped) : null,
      sensitivity: p.sensitivity,
      anomalies: anomalies.length,
      // The strongest first, with their causes, as plain figures.
      top: anomalies
        .slice()
        .sort((a, b) => Math.abs(b.score!) - Math.abs(a.score!))
        .slice(0, 10)
        .map((a) => ({
          period: day(a.period),
          value: a.value,
          expected: a.expected,
          score: a.score,
          causes: causeRows
            .filter((c) => c.period === a.period)
            .map((c) => ({ dimension: c.dimension!, value: c.value!, contribution: c.contribution! })),
        })),
    };
    return { tables: ['anomalies', 'causes', 'series'], summary };
  },
});
