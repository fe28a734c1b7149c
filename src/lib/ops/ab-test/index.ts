/**
 * `ab-test`: an experiment readout. One value per unit (a unit logged in two arms is left out and
 * counted): a 0/1 metric is binary (empty counts as 0; a unit's rows: converted if any is 1), any other
 * numeric metric continuous (a unit's rows summed; units with no value left out). The statistics are
 * src/lib/stats/abtest.ts; this op reads, checks and writes `arms`.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import { abReadout } from '../../stats/abtest';
import { defineOp } from '../types';
import type { Json } from '../../core/json';

const params = z.strictObject({
  unit: z.string().min(1),
  variant: z.string().min(1),
  /** The control arm: a value of `variant`. */
  control: z.string().min(1),
  metric: z.string().min(1),
  /** A pre-period covariate per unit, for CUPED. */
  pre: z.string().min(1).optional(),
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  /** Planned share per arm (weights, normalised); default equal shares. */
  expectedSplit: z.record(z.string(), z.number().positive()).optional(),
});

export type AbTestParams = z.infer<typeof params>;

/** More arms than this and `variant` is probably not the assignment column. */
const MAX_ARMS = 20;

export const ARM_COLUMNS = [
  'variant',
  'n',
  'mean',
  'ci_low',
  'ci_high',
  'lift',
  'lift_ci_low',
  'lift_ci_high',
  'p',
  'prob_best',
  'expected_loss',
  'mde',
] as const;

export const abTestOp = defineOp({
  name: 'ab-test',
  title: 'Experiment readout',
  description:
    'Arms with intervals, lift over control, p-values, P(best) and expected loss, sample-ratio check, CUPED and the MDE.',
  params,
  needsInput: true,
  primaryTable: 'arms',
  stage: 'test',
  outputs: {
    arms: {
      description: 'one arm: size, mean and interval, lift against control, p-value, P(best), expected loss',
      columns: [...ARM_COLUMNS],
    },
  },
  reportReads: { arms: (t) => `SELECT * FROM ${t}` },
  columns: {
    unit: { role: 'customer', required: true },
    variant: { required: true },
    metric: { required: true },
    pre: {},
  },
  async run(ctx, step, p) {
    const y = `TRY_CAST(${ident(p.metric)} AS DOUBLE)`;
    const x = p.pre ? `TRY_CAST(${ident(p.pre)} AS DOUBLE)` : 'NULL::DOUBLE';
    const base = `SELECT CAST(${ident(p.unit)} AS VARCHAR) AS unit, CAST(${ident(p.variant)} AS VARCHAR) AS variant,
      ${y} AS y, ${ident(p.metric)} IS NOT NULL AS has_y, ${x} AS x, ${p.pre ? `${ident(p.pre)} IS NOT NULL` : 'false'} AS has_x
      FROM ${step.inputSql} WHERE ${ident(p.unit)} IS NOT NULL AND ${ident(p.variant)} IS NOT NULL`;
    // Values that are there but are not numbers would be silently dropped: name them instead.
    const check = (
      await ctx.db
        .query(`SELECT count(*) FILTER (WHERE has_y AND y IS NULL) AS bad_y, count(*) FILTER (WHERE has_x AND x IS NULL) AS bad_x,
        count(*) FILTER (WHERE y IS NOT NULL AND y NOT IN (0, 1)) AS non_binary, count(*) AS n FROM (${base})`)
    ).rows[0]!;
    if (Number(check.n) === 0) throw stepError(step.id, 'unit', `no rows with both a '${p.unit}' and a '${p.variant}'`);
    if (Number(check.bad_y) > 0)
      throw stepError(
        step.id,
        'metric',
        `${check.bad_y} values of '${p.metric}' are not numbers: the metric must be a 0/1 conversion or a number (cast or clean it first)`,
      );
    if (Number(check.bad_x) > 0) throw stepError(step.id, 'pre', `${check.bad_x} values of '${p.pre}' are not numbers`);
    const binary = Number(check.non_binary) === 0;
    const value = binary ? 'coalesce(max(y), 0)' : 'sum(y)';
    const units = (
      await ctx.db.query(`SELECT unit, min(variant) AS variant, count(DISTINCT variant) AS arms, ${value} AS value,
        count(y) AS values, avg(x) AS pre FROM (${base}) GROUP BY unit ORDER BY unit`)
    ).rows;
    const mixed = units.filter((u) => Number(u.arms) > 1).length;
    const kept = units.filter((u) => Number(u.arms) === 1 && (binary || Number(u.values) > 0));
    const withoutMetric = units.length - mixed - kept.length;
    const arms = [...new Set(kept.map((u) => String(u.variant)))].sort();
    if (arms.length > MAX_ARMS)
      throw stepError(
        step.id,
        'variant',
        `'${p.variant}' has ${arms.length} values: an experiment has at most ${MAX_ARMS} arms (is it the assignment column?)`,
      );
    if (!arms.includes(p.control))
      throw stepError(
        step.id,
        'control',
        `'${p.control}' is not a value of '${p.variant}' (values: ${arms.slice(0, 10).join(', ')})`,
      );
    if (arms.length < 2) throw stepError(step.id, 'variant', `'${p.variant}' has only one arm ('${arms[0]}')`);
    const counts = new Map(arms.map((a) => [a, 0]));
    for (const u of kept) counts.set(String(u.variant), counts.get(String(u.variant))! + 1);
    const small = arms.filter((a) => counts.get(a)! < 2);
    if (small.length)
      throw stepError(step.id, 'variant', `arm ${small.map((a) => `'${a}'`).join(', ')} has fewer than 2 units`);
    if (p.expectedSplit) {
      const missing = arms.filter((a) => !(a in p.expectedSplit!));
      const unknown = Object.keys(p.expectedSplit).filter((a) => !arms.includes(a));
      if (missing.length || unknown.length)
        throw stepError(
          step.id,
          'expectedSplit',
          [
            missing.length ? `no share for arm ${missing.map((a) => `'${a}'`).join(', ')}` : '',
            unknown.length ? `${unknown.map((a) => `'${a}'`).join(', ')} is not an arm with units` : '',
          ]
            .filter(Boolean)
            .join('; ') + ` (arms: ${arms.join(', ')})`,
        );
    }
    const readout = abReadout({
      variant: kept.map((u) => String(u.variant)),
      value: Float64Array.from(kept, (u) => Number(u.value)),
      pre: p.pre ? Float64Array.from(kept, (u) => (u.pre === null ? NaN : Number(u.pre))) : undefined,
      control: p.control,
      binary,
      alpha: p.alpha,
      expectedSplit: p.expectedSplit,
    });
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.arms`);
    await ctx.db.insertArrow(
      step.schema,
      'arms',
      rowsToIPC(
        [...ARM_COLUMNS],
        readout.arms.map((a) =>
          Object.fromEntries(ARM_COLUMNS.map((c) => [c, c === 'variant' ? a.variant : fin(a[c] as number | null)])),
        ),
      ),
    );
    const best = readout.arms.reduce((b, a) => (a.prob_best > b.prob_best ? a : b));
    const winners = readout.arms.filter((a) => a.p !== null && a.p < p.alpha);
    const sentence = readout.srm.flagged
      ? `Sample-ratio mismatch (p = ${readout.srm.p.toExponential(1)}): the arms' sizes differ from the planned split, so this readout cannot be trusted; find out why before reading it.`
      : winners.length
        ? `${winners.map((w) => `${w.variant} (${signed(w.lift!)} vs ${p.control}, p = ${round(w.p!)})`).join(', ')} differ${winners.length === 1 ? 's' : ''} from ${p.control} at α = ${p.alpha}; ${best.variant} is best with probability ${(best.prob_best * 100).toFixed(1)} %. Each arm is tested against control on its own: no multiplicity correction.`
        : `No arm differs from ${p.control} at α = ${p.alpha}; ${best.variant} is best with probability ${(best.prob_best * 100).toFixed(1)} %. No multiplicity correction.`;
    return {
      tables: ['arms'],
      summary: {
        metric: p.metric,
        kind: binary ? 'binary' : 'continuous',
        test: readout.adjusted || !binary ? 'welch' : 'two-proportion z',
        control: p.control,
        alpha: p.alpha,
        units: kept.length,
        mixedUnits: mixed,
        unitsWithoutMetric: withoutMetric,
        srm: {
          chi2: fin(readout.srm.chi2),
          p: fin(readout.srm.p),
          flagged: readout.srm.flagged,
          expected: readout.srm.expected,
        },
        trustworthy: !readout.srm.flagged,
        cuped: readout.cuped
          ? {
              pre: p.pre!,
              theta: readout.cuped.theta,
              varianceReduction: readout.cuped.varianceReduction,
              unitsWithoutPre: readout.cuped.unitsWithoutPre,
            }
          : null,
        multiplicityCorrection: 'none',
        best: best.variant,
        sentence,
        arms: readout.arms.map((a) => ({
          variant: a.variant,
          n: a.n,
          mean: a.mean,
          lift: fin(a.lift),
          p: fin(a.p),
          probBest: a.prob_best,
          expectedLoss: a.expected_loss,
          mde: fin(a.mde),
        })) as Json[],
      },
    };
  },
});

function fin(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

const round = (v: number) => (v < 0.001 ? v.toExponential(1) : v.toFixed(3));
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} %`;
