/**
 * `compare-segments`: what distinguishes the entities of group `a` from those of `b` (or everyone
 * else), feature by feature, on a table with one row per entity (an RFM or features table, a customer
 * table). The statistics are src/lib/stats/compare.ts; this op picks the features, aggregates in DuckDB
 * and writes `comparison`.
 */
import { z } from 'zod';
import { ident, literal, NUMERIC_TYPE } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { rowsToIPC } from '../../data/arrow';
import { isIdColumn, type Role } from '../../data/roles';
import { stepError } from '../../core/errors';
import { compareCategory, compareNumber, describe, rank, type ComparisonRow } from '../../stats/compare';
import { defineOp } from '../types';
import type { Json } from '../../core/json';

const params = z.strictObject({
  entity: z.string().min(1),
  group: z.string().min(1),
  a: z.string().min(1),
  /** Omitted: everyone not in `a`. */
  b: z.string().min(1).optional(),
  /** Default: every numeric column and every text column with at most 20 levels, except ids. */
  features: z.array(z.string().min(1)).min(1).optional(),
});

/** Text columns with more levels than this are not compared as categories. */
export const MAX_LEVELS = 20;
const TEXT_TYPE = /^(VARCHAR|BOOLEAN|ENUM)/i;

export const COMPARISON_COLUMNS = [
  'feature',
  'kind',
  'level',
  'a',
  'b',
  'difference',
  'effect',
  'p',
  'q',
  'strength',
  'n_a',
  'n_b',
] as const;

export const compareSegmentsOp = defineOp({
  name: 'compare-segments',
  title: 'Compare segments',
  description:
    "What distinguishes two groups: per feature the means or shares, Welch's t or chi-square, Cohen's d or Cramér's V, BH q.",
  params,
  needsInput: true,
  primaryTable: 'comparison',
  stage: 'explore',
  outputs: {
    comparison: {
      description: 'one feature: the two groups side by side, the test, its effect size and adjusted p-value',
      columns: [...COMPARISON_COLUMNS],
    },
  },
  reportReads: {
    comparison: (t) => `SELECT * FROM ${t} ORDER BY strength DESC NULLS LAST, feature LIMIT 25`,
  },
  columns: {
    entity: { role: 'customer', required: true },
    group: { required: true },
    features: { list: true },
  },
  async run(ctx, step, p) {
    const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
    const from = step.inputSql!;
    if (p.b === p.a)
      throw stepError(step.id, 'b', `'${p.b}' is group a too: name another value, or leave b out for everyone else`);
    const g = `CAST(${ident(p.group)} AS VARCHAR)`;
    const stats = (
      await ctx.db.query(`SELECT count(*) AS n, count(DISTINCT ${ident(p.entity)}) AS entities,
        count(*) FILTER (WHERE ${g} = ${literal(p.a)}) AS in_a,
        count(*) FILTER (WHERE ${p.b === undefined ? `${g} IS DISTINCT FROM ${literal(p.a)}` : `${g} = ${literal(p.b)}`}) AS in_b
        FROM ${from} WHERE ${ident(p.entity)} IS NOT NULL`)
    ).rows[0]!;
    if (Number(stats.n) > Number(stats.entities))
      throw stepError(
        step.id,
        'entity',
        `${Number(stats.n) - Number(stats.entities)} rows repeat an '${p.entity}': compare-segments needs one row per entity (compare an RFM or features table, or aggregate first)`,
      );
    for (const [field, value, n] of [
      ['a', p.a, stats.in_a],
      ['b', p.b, stats.in_b],
    ] as const) {
      if (Number(n) >= 2) continue;
      const values = (
        await ctx.db.query(
          `SELECT DISTINCT ${g} AS v FROM ${from} WHERE ${ident(p.group)} IS NOT NULL ORDER BY 1 LIMIT 10`,
        )
      ).rows.map((r) => String(r.v));
      throw stepError(
        step.id,
        field,
        value === undefined
          ? `everyone else than '${p.a}' is fewer than 2 rows: name a 'b' or another group column`
          : Number(n) === 0
            ? `'${value}' is not a value of '${p.group}' (values: ${values.join(', ')})`
            : `only one row has '${p.group}' = '${value}': a comparison needs at least 2`,
      );
    }
    // The features: as given, or every numeric and low-cardinality text column except ids.
    const roles = step.roles ?? {};
    const candidates = p.features
      ? p.features.map((f) => columns.find((c) => c.name === f)!)
      : columns.filter(
          (c) => c.name !== p.entity && c.name !== p.group && !isIdColumn(c.name, roles[c.name] as Role | undefined),
        );
    const numbers = candidates.filter((c) => NUMERIC_TYPE.test(c.type));
    const texts = candidates.filter((c) => TEXT_TYPE.test(c.type));
    const skipped: Array<{ feature: string; reason: string }> = [];
    // Dates, times and nested values are neither numbers nor categories here.
    for (const c of candidates.filter((x) => !NUMERIC_TYPE.test(x.type) && !TEXT_TYPE.test(x.type))) {
      if (p.features)
        throw stepError(
          step.id,
          'features',
          `'${c.name}' is ${c.type}: only numbers and text (categories) can be compared; derive a number from it first (e.g. days since)`,
        );
      skipped.push({ feature: c.name, reason: c.type });
    }
    const side = `CASE WHEN ${g} = ${literal(p.a)} THEN 'a' WHEN ${
      p.b === undefined ? 'true' : `${g} = ${literal(p.b)}`
    } THEN 'b' END`;
    const base = `(SELECT *, ${side} AS __side FROM ${from} WHERE ${ident(p.entity)} IS NOT NULL) AS t WHERE __side IS NOT NULL`;
    const rows: Array<Omit<ComparisonRow, 'q'>> = [];
    if (numbers.length) {
      const aggs = numbers.map(
        (c, i) =>
          `count(${ident(c.name)}) AS n${i}, avg(${ident(c.name)}::DOUBLE) AS m${i}, var_samp(${ident(c.name)}::DOUBLE) AS v${i}`,
      );
      const byside = new Map(
        (await ctx.db.query(`SELECT __side, ${aggs.join(', ')} FROM ${base} GROUP BY __side`)).rows.map((r) => [
          String(r.__side),
          r,
        ]),
      );
      numbers.forEach((c, i) => {
        const m = (s: string) => {
          const r = byside.get(s) ?? {};
          return { n: Number(r[`n${i}`] ?? 0), mean: Number(r[`m${i}`] ?? NaN), variance: Number(r[`v${i}`] ?? NaN) };
        };
        rows.push(compareNumber(c.name, m('a'), m('b')));
      });
    }
    if (texts.length) {
      const levels = (
        await ctx.db.query(
          texts
            .map(
              (c, i) =>
                `SELECT ${i} AS f, CAST(${ident(c.name)} AS VARCHAR) AS level, __side, count(*) AS n FROM ${base} AND ${ident(c.name)} IS NOT NULL GROUP BY ALL`,
            )
            .join(' UNION ALL '),
        )
      ).rows;
      texts.forEach((c, i) => {
        const counts = new Map<string, [number, number]>();
        for (const r of levels.filter((x) => Number(x.f) === i)) {
          const e = counts.get(String(r.level)) ?? [0, 0];
          e[r.__side === 'a' ? 0 : 1] += Number(r.n);
          counts.set(String(r.level), e);
        }
        if (counts.size > MAX_LEVELS || counts.size < 2) {
          const reason = counts.size < 2 ? `${counts.size} level` : `${counts.size} levels (more than ${MAX_LEVELS})`;
          if (p.features)
            throw stepError(
              step.id,
              'features',
              `'${c.name}' has ${reason}: compare it as a number, or group its levels first`,
            );
          skipped.push({ feature: c.name, reason });
          return;
        }
        rows.push(compareCategory(c.name, counts));
      });
    }
    if (!rows.length)
      throw stepError(
        step.id,
        'features',
        `no feature to compare: the table has no numeric column and no text column with 2 to ${MAX_LEVELS} levels besides '${p.entity}' and '${p.group}'`,
      );
    const ranked = rank(rows);
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.comparison`);
    await ctx.db.insertArrow(
      step.schema,
      'comparison',
      rowsToIPC(
        [...COMPARISON_COLUMNS],
        ranked.map((r) =>
          Object.fromEntries(
            COMPARISON_COLUMNS.map((c) => [
              c,
              typeof r[c] === 'number' ? fin(r[c] as number) : (r[c] as string | null),
            ]),
          ),
        ),
      ),
    );
    const aLabel = `${p.group} = ${p.a}`;
    const bLabel = p.b === undefined ? `${p.group} ≠ ${p.a}` : `${p.group} = ${p.b}`;
    const significant = ranked.filter((r) => r.q < 0.05);
    const top = ranked.filter((r) => Number.isFinite(r.strength)).slice(0, 3);
    return {
      tables: ['comparison'],
      summary: {
        entity: p.entity,
        group: p.group,
        a: p.a,
        b: p.b ?? null,
        aLabel,
        bLabel,
        entities: { a: Number(stats.in_a), b: Number(stats.in_b) },
        features: ranked.length,
        significant: significant.length,
        skipped: skipped as unknown as Json[],
        sentence: top.length
          ? `${describe(top[0]!, aLabel, bLabel)}${top[0]!.q < 0.05 ? '' : ' (not significant at q < 0.05)'}.`
          : 'No feature could be compared.',
        top: top.map((r) => ({
          feature: r.feature,
          kind: r.kind,
          level: r.level,
          a: fin(r.a),
          b: fin(r.b),
          difference: fin(r.difference),
          effect: fin(r.effect),
          q: fin(r.q),
        })),
      },
    };
  },
});

function fin(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
