/**
 * `paths`: the journeys customers take, step by step (page, event type, item or category), counted
 * once per journey. All in DuckDB SQL (window functions and list aggregation).
 *
 * A journey is one customer's events (or one session of them: a `session` column, or a new session
 * whenever the gap between two events exceeds `sessionGap` minutes), ordered by time, then by row
 * order. With `collapseRepeats`, an event with the same symbol as the one before it is dropped
 * (view, view, cart → view, cart) before anything else. A journey's path is then
 *   - its first `maxSteps` steps; or
 *   - with `start`, the `maxSteps` steps from its first `start` event on (that event included); or
 *   - with `end`, the `maxSteps` steps that end with its first `end` event;
 * shorter when the journey ends sooner. Journeys without the `start` (or `end`) event are left out.
 *
 * Tables:
 *   paths(path, count, share): `path` a JSON array of symbols, most frequent first; `share` = count /
 *     all qualifying journeys (before `minCount`, which only drops rare paths from the table);
 *   links(step, source, target, count): the flows between consecutive steps of the paths kept, for a
 *     Sankey whose nodes are (step, symbol), so it has no cycles: `step` is the source's position
 *     (1-based), the target sits at `step + 1`. A path shorter than `maxSteps` (its journey stopped)
 *     adds a link from its last step to `(end)`; with `end` every path stops at that event, so none does.
 */
import { z } from 'zod';
import { ident, literal, NUMERIC_TYPE } from '../../data/sql';
import { stepError } from '../../core/errors';
import { assertTimeColumn } from '../shared/input-checks';
import { END } from '../../journeys/sankey';
import { defineOp } from '../types';
import type { Json } from '../../core/json';

const column = z.string().min(1);
const params = z
  .strictObject({
    customer: column,
    /** Orders a journey's events (a timestamp, or a number without `sessionGap`); ties keep row order. */
    time: column,
    /** The step symbol: event type, page, item or category. */
    event: column,
    /** One journey per (customer, session) of this column... */
    session: column.optional(),
    /** ...or a new journey whenever the customer is away for more than this many minutes. */
    sessionGap: z
      .number()
      .positive()
      .max(60 * 24 * 366)
      .optional(),
    /** Paths from each journey's first event of this symbol on... */
    start: z.string().min(1).optional(),
    /** ...or the steps leading to its first event of this symbol. */
    end: z.string().min(1).optional(),
    maxSteps: z.number().int().min(1).max(20).default(5),
    /** Paths of fewer journeys are left out of the tables (their share still counts them). */
    minCount: z.number().int().min(1).default(1),
    collapseRepeats: z.boolean().default(true),
  })
  .refine((p) => p.session === undefined || p.sessionGap === undefined, {
    message: 'give `session` or `sessionGap`, not both',
    path: ['sessionGap'],
  })
  .refine((p) => p.start === undefined || p.end === undefined, {
    message: 'give `start` or `end`, not both',
    path: ['end'],
  });

export type PathsParams = z.infer<typeof params>;

/** The SQL (a query) of every qualifying journey's path: rows (customer, session, steps VARCHAR[]). */
export function journeysSql(inputSql: string, p: PathsParams, timeIsNumber: boolean): string {
  const t = timeIsNumber ? ident(p.time) : `CAST(${ident(p.time)} AS TIMESTAMP)`;
  const notNull = [p.customer, p.time, p.event, ...(p.session ? [p.session] : [])]
    .map((c) => `${ident(c)} IS NOT NULL`)
    .join(' AND ');
  const order = 'ORDER BY t, rn';
  const session = p.session ? `CAST(${ident(p.session)} AS VARCHAR)` : `''`;
  const ctes = [
    // Row order before any filter: the tie-break for events at the same time.
    `numbered AS (SELECT CAST(${ident(p.customer)} AS VARCHAR) AS customer, ${session} AS session, ${t} AS t,
       CAST(${ident(p.event)} AS VARCHAR) AS sym, ${notNull} AS known, row_number() OVER () AS rn FROM ${inputSql})`,
    `ev AS (SELECT customer, session, t, sym, rn FROM numbered WHERE known)`,
  ];
  if (p.sessionGap !== undefined) {
    const gapSeconds = p.sessionGap * 60;
    ctes.push(
      `lagged AS (SELECT *, lag(t) OVER (PARTITION BY customer ${order}) AS prev_t FROM ev)`,
      `gapped AS (SELECT customer, CAST(sum(CASE WHEN prev_t IS NULL OR epoch(t) - epoch(prev_t) > ${gapSeconds} THEN 1 ELSE 0 END)
         OVER (PARTITION BY customer ${order} ROWS UNBOUNDED PRECEDING) AS VARCHAR) AS session, t, sym, rn FROM lagged)`,
    );
  } else ctes.push(`gapped AS (SELECT * FROM ev)`);
  const journey = `PARTITION BY customer, session ${order}`;
  ctes.push(
    p.collapseRepeats
      ? `kept AS (SELECT * FROM (SELECT *, lag(sym) OVER (${journey}) AS prev FROM gapped) WHERE prev IS NULL OR prev <> sym)`
      : `kept AS (SELECT * FROM gapped)`,
    `positioned AS (SELECT customer, session, sym, row_number() OVER (${journey}) AS pos FROM kept)`,
  );
  const k = p.maxSteps;
  let window = `pos <= ${k}`;
  if (p.start !== undefined || p.end !== undefined) {
    const marker = literal((p.start ?? p.end)!);
    ctes.push(
      `bounds AS (SELECT customer, session, min(pos) FILTER (WHERE sym = ${marker}) AS marker_pos FROM positioned GROUP BY ALL)`,
    );
    window =
      p.start !== undefined
        ? `pos >= marker_pos AND pos < marker_pos + ${k}`
        : `pos <= marker_pos AND pos > marker_pos - ${k}`;
  }
  const from =
    p.start !== undefined || p.end !== undefined
      ? `positioned JOIN bounds USING (customer, session) WHERE marker_pos IS NOT NULL AND ${window}`
      : `positioned WHERE ${window}`;
  ctes.push(`journeys AS (SELECT customer, session, list(sym ORDER BY pos) AS steps,
    '[' || string_agg(${jsonStringSql('sym')}, ',' ORDER BY pos) || ']' AS path FROM ${from} GROUP BY ALL)`);
  return `WITH ${ctes.join(',\n')} SELECT * FROM journeys`;
}

/**
 * DuckDB SQL for the text of `expr` as a JSON string, exactly as JSON.stringify writes it: the
 * browser's DuckDB has no json extension (and fetches none), so paths are written by hand. Inside
 * a path written so, a `"` is always escaped, so `","` only ever separates two steps.
 */
export function jsonStringSql(expr: string): string {
  const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
  let out = `replace(replace(${expr}, '\\', '\\\\'), '"', '\\"')`;
  for (let c = 1; c < 32; c++)
    out = `replace(${out}, chr(${c}), '${short[c] ?? `\\u${c.toString(16).padStart(4, '0')}`}')`;
  return `('"' || ${out} || '"')`;
}

export const pathsOp = defineOp({
  name: 'paths',
  title: 'Journeys',
  description:
    'The paths customers take, step by step (pages, events, items or categories): the most frequent journeys and the flows between steps, for a Sankey.',
  params,
  needsInput: true,
  primaryTable: 'paths',
  stage: 'explore',
  outputs: {
    paths: {
      description: 'one distinct path: its steps as a JSON array, how many journeys took it and their share',
      columns: ['path', 'count', 'share'],
    },
    links: {
      description: 'one step-to-step link of the kept paths, for the Sankey',
      columns: ['step', 'source', 'target', 'count'],
    },
  },
  reportReads: {
    paths: (t) => `SELECT path, count, share FROM ${t} ORDER BY count DESC, path LIMIT 10`,
    // Drop-off per step: every journey leaves a step once, to the next step or to (end).
    links: (t) =>
      `SELECT step, sum(count)::DOUBLE AS reaching, (sum(count) FILTER (WHERE target = '(end)'))::DOUBLE AS stopped FROM ${t} GROUP BY step ORDER BY step LIMIT 20`,
  },
  columns: {
    customer: { role: 'customer', required: true },
    time: { role: 'time', required: true },
    event: { role: 'event', required: true },
    // No role: an order id (the basket role) is not a session.
    session: {},
  },
  async run(ctx, step, p) {
    const table = (name: string) => `${step.schemaSql}.${ident(name)}`;
    const type = step.inputColumns?.find((c) => c.name === p.time)?.type ?? '';
    const timeIsNumber = NUMERIC_TYPE.test(type);
    if (timeIsNumber && p.sessionGap !== undefined)
      throw stepError(
        step.id,
        'sessionGap',
        `'${p.time}' holds numbers (${type}), not times, so a gap in minutes means nothing: give a timestamp column or a \`session\` column`,
      );
    await assertTimeColumn(ctx, step, 'time', p.time);

    ctx.progress({ message: 'ordering events into journeys in DuckDB' });
    // The journeys themselves are not a result: a temporary table, dropped when done.
    const tmp = ident(`${step.schema}_journeys`);
    await ctx.db.exec(`CREATE OR REPLACE TEMP TABLE ${tmp} AS ${journeysSql(step.inputSql!, p, timeIsNumber)}`);
    try {
      const total = Number((await ctx.db.query(`SELECT count(*)::DOUBLE AS n FROM ${tmp}`)).rows[0]?.n ?? 0);
      if (total === 0) {
        const marker = p.start ?? p.end;
        if (marker === undefined)
          throw stepError(
            step.id,
            'customer',
            `no journeys: every row lacks a customer, time or event${p.session ? ' or session' : ''}`,
          );
        const seen = await ctx.db.query(
          `SELECT CAST(${ident(p.event)} AS VARCHAR) AS v, count(*)::DOUBLE AS n FROM ${step.inputSql} WHERE ${ident(p.event)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT 8`,
        );
        throw stepError(
          step.id,
          p.start !== undefined ? 'start' : 'end',
          `no journey has a '${marker}' event in '${p.event}' (most common values: ${seen.rows.map((r) => `'${r.v}'`).join(', ')})`,
        );
      }
      const counted = ident(`${step.schema}_counted`);
      await ctx.db.exec(`CREATE OR REPLACE TEMP TABLE ${counted} AS
        SELECT any_value(path) AS path, steps, count(*)::BIGINT AS count FROM ${tmp} GROUP BY steps`);
      await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('paths')} AS
        SELECT path, count, (count / ${total})::DOUBLE AS share
        FROM ${counted} WHERE count >= ${p.minCount} ORDER BY count DESC, path`);
      const stops = p.end === undefined ? `OR len(steps) < ${p.maxSteps}` : '';
      await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('links')} AS
        WITH s AS (SELECT steps, count, generate_subscripts(steps, 1) AS i FROM ${counted} WHERE count >= ${p.minCount})
        SELECT i::INTEGER AS step, steps[i] AS source,
               CASE WHEN i < len(steps) THEN steps[i + 1] ELSE ${literal(END)} END AS target, sum(count)::BIGINT AS count
        FROM s WHERE i < len(steps) ${stops} GROUP BY ALL ORDER BY step, count DESC, source, target`);
      await ctx.db.exec(`DROP TABLE IF EXISTS ${counted}`);

      const stats = (
        await ctx.db.query(`SELECT count(*)::DOUBLE AS distinct_paths FROM (SELECT DISTINCT steps FROM ${tmp})`)
      ).rows[0];
      const top = (
        await ctx.db.query(
          `SELECT path, count::DOUBLE AS count, share FROM ${table('paths')} ORDER BY count DESC, path LIMIT 5`,
        )
      ).rows;
      const kept = (
        await ctx.db.query(`SELECT count(*)::DOUBLE AS n, coalesce(sum(count), 0)::DOUBLE AS j FROM ${table('paths')}`)
      ).rows[0];
      const summary: Record<string, Json> = {
        journeys: total,
        distinctPaths: Number(stats?.distinct_paths ?? 0),
        pathsKept: Number(kept?.n ?? 0),
        journeysKept: Number(kept?.j ?? 0),
        maxSteps: p.maxSteps,
        mode: p.start !== undefined ? 'start' : p.end !== undefined ? 'end' : 'first',
        marker: p.start ?? p.end ?? null,
        unit: p.session !== undefined ? 'session' : p.sessionGap !== undefined ? 'gap' : 'customer',
        top: top.map((r) => ({
          path: JSON.parse(String(r.path)) as string[],
          count: Number(r.count),
          share: Number(r.share),
        })),
      };
      return { tables: ['paths', 'links'], summary };
    } finally {
      await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp}`);
    }
  },
});
