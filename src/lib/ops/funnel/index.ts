/**
 * `funnel`: how many funnels reach each of an ordered list of event values (e.g. view → cart →
 * purchase). All in DuckDB SQL.
 *
 * A funnel is
 *   - with `session`: one session (of one customer) that has at least one first-stage event;
 *   - without: a first-stage event that starts a time window of `window` hours (default 24).
 *     Windows of one customer do not overlap: the next funnel starts at the first first-stage
 *     event after the previous funnel ended, i.e. after its last stage when it completed, else
 *     after its window closed. First-stage events inside a running funnel belong to it.
 * Stage k is reached when an event of stage k happens at or after (time ≥) the event that
 * reached stage k − 1, in the same session or window. Events are matched greedily, each stage at
 * its earliest qualifying event, which finds an ordered path whenever one exists. So an
 * event that comes before the previous stage (a cart before any view) does not count.
 * A session-level funnel counts sessions, not items: a session that views 3 items and carts 1
 * has converted view → cart once (rates per item row are a different, lower number).
 *
 * Rows need customer, time and event (and the session, with `session`). The segment of a funnel
 * is the `segment` value on the row of its first-stage event, or the customer's
 * `segmentColumn` in `segmentTable` (joined on `segmentKey`, default the customer column's name).
 *
 * Tables:
 *   stages(stage_index 1.., stage, entrants, conversion_from_previous, conversion_from_first, drop_off)
 *     entrants = funnels that reached the stage; drop_off = entrants of the previous stage − entrants
 *     (conversion_from_previous and drop_off are NULL for stage 1);
 *   by_segment(segment, stage_index, stage, entrants, conversion_from_previous, conversion_from_first),
 *     when a segment is given;
 *   funnels(customer, [session], [segment], started_at, last_stage_at, stages_reached): one row per funnel.
 * Without sessions the windows are found by a recursive query whose depth is the largest number of
 * funnels of any one customer.
 */
import { z } from 'zod';
import { ident, literal, tableRef } from '../../data/sql';
import { stepError } from '../../core/errors';
import { defineOp } from '../types';
import type { Json } from '../../core/json';
import { assertTimeColumn } from '../shared/input-checks';

const column = z.string().min(1);
const params = z
  .strictObject({
    customer: column,
    time: column,
    /** The column holding the event type. */
    event: column,
    /** Event values in funnel order, e.g. ['view', 'cart', 'purchase']. */
    stages: z.array(z.string().min(1)).min(2).max(20),
    /** Count funnels within sessions of this column... */
    session: column.optional(),
    /** ...or within this many hours after the first stage (default 24 when there is no session). */
    window: z
      .number()
      .positive()
      .max(24 * 366 * 10)
      .optional(),
    /** Break the funnel down by this column of the input (its value on the first-stage row)... */
    segment: column.optional(),
    /** ...or by `segmentColumn` of another table, joined on its `segmentKey` = the customer. */
    segmentTable: z.string().min(1).optional(),
    segmentKey: column.optional(),
    segmentColumn: column.optional(),
  })
  .refine((p) => new Set(p.stages).size === p.stages.length, {
    message: 'each stage may appear only once',
    path: ['stages'],
  })
  .refine((p) => p.session === undefined || p.window === undefined, {
    message: 'give `session` or `window`, not both',
    path: ['window'],
  })
  .refine((p) => (p.segmentTable === undefined) === (p.segmentColumn === undefined), {
    message: '`segmentTable` and `segmentColumn` go together',
    path: ['segmentColumn'],
  })
  .refine((p) => p.segmentKey === undefined || p.segmentTable !== undefined, {
    message: '`segmentKey` needs `segmentTable`',
    path: ['segmentKey'],
  })
  .refine((p) => p.segment === undefined || p.segmentTable === undefined, {
    message: 'give `segment`, or `segmentTable` and `segmentColumn`, not both',
    path: ['segment'],
  });

export type FunnelParams = z.infer<typeof params>;

export const DEFAULT_WINDOW_HOURS = 24;

/** The SQL (a list of CTEs ending in `funnels`) that finds every funnel and how far it got. */
export function funnelSql(inputSql: string, p: FunnelParams): string {
  const k = p.stages.length;
  const bySession = p.session !== undefined;
  const keys = bySession ? ['customer', 'session'] : ['customer'];
  const keyList = keys.join(', ');
  const sameKeys = (a: string, b: string) => keys.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');
  const col = (name: string) => `i.${ident(name)}`;
  const stageValues = p.stages.map((s, j) => `(${j + 1}, ${literal(s)})`).join(', ');
  const segment = p.segment !== undefined ? `CAST(${col(p.segment)} AS VARCHAR)` : 'NULL::VARCHAR';
  const windowUs = Math.round((p.window ?? DEFAULT_WINDOW_HOURS) * 3_600_000_000);
  const bound = (t: string) => (bySession ? t : `CASE WHEN ${t} <= c.t1 + to_microseconds(${windowUs}) THEN ${t} END`);

  const ctes: string[] = [
    `stage_names(stage_index, stage) AS (VALUES ${stageValues})`,
    `ev AS (
      SELECT CAST(${col(p.customer)} AS VARCHAR) AS customer,
             ${bySession ? `CAST(${col(p.session!)} AS VARCHAR) AS session,` : ''}
             CAST(${col(p.time)} AS TIMESTAMP) AS t, s.stage_index, ${segment} AS segment
      FROM ${inputSql} AS i JOIN stage_names AS s ON CAST(${col(p.event)} AS VARCHAR) = s.stage
      WHERE ${col(p.customer)} IS NOT NULL AND ${col(p.time)} IS NOT NULL
        ${bySession ? `AND ${col(p.session!)} IS NOT NULL` : ''}
    )`,
    // First-stage events, one per key and time (a deterministic segment when several share it).
    `s1 AS (SELECT ${keyList}, t, min(segment) AS segment FROM ev WHERE stage_index = 1 GROUP BY ALL)`,
    // Candidate starts: per session its first first-stage event; per window every first-stage event.
    bySession
      ? `c1 AS (SELECT ${keyList}, t AS t1, segment FROM s1 QUALIFY row_number() OVER (PARTITION BY ${keyList} ORDER BY t) = 1)`
      : `c1 AS (SELECT ${keyList}, t AS t1, segment FROM s1)`,
  ];
  // Greedy ordered matching: stage j at the earliest stage-j event at or after stage j − 1.
  // Only funnels that reached stage j − 1 go through the ASOF join: DuckDB 1.4 can match a probe
  // row whose inequality key is NULL to some row (duckdb/duckdb#23933, fixed by #24199).
  for (let j = 2; j <= k; j++) {
    ctes.push(`c${j} AS (
      SELECT c.*, ${bound('e.t')} AS t${j}
      FROM (SELECT * FROM c${j - 1} WHERE t${j - 1} IS NOT NULL) AS c
      ASOF LEFT JOIN (SELECT ${keyList}, t FROM ev WHERE stage_index = ${j}) AS e
        ON ${sameKeys('c', 'e')} AND c.t${j - 1} <= e.t
      UNION ALL
      SELECT *, NULL::TIMESTAMP AS t${j} FROM c${j - 1} WHERE t${j - 1} IS NULL
    )`);
  }
  const reached = `CASE ${Array.from({ length: k - 1 }, (_, n) => `WHEN t${k - n} IS NOT NULL THEN ${k - n}`).join(' ')} ELSE 1 END`;
  const lastAt = `coalesce(${Array.from({ length: k }, (_, n) => `t${k - n}`).join(', ')})`;
  ctes.push(
    `candidates AS MATERIALIZED (SELECT ${keyList}, segment, t1, ${lastAt} AS last_t, ${reached} AS reached FROM c${k})`,
  );
  if (bySession) {
    ctes.push(`chosen AS (SELECT * FROM candidates)`);
  } else {
    // A funnel ends at its last stage when complete, else when its window closes; the next one
    // starts at the customer's first first-stage event after that. Follow those links from each
    // customer's first first-stage event.
    ctes.push(
      `links AS MATERIALIZED (
        SELECT c.customer, c.t1, n.t AS next_t
        FROM (SELECT customer, t1, CASE WHEN reached = ${k} THEN last_t ELSE t1 + to_microseconds(${windowUs}) END AS end_t FROM candidates) AS c
        ASOF LEFT JOIN s1 AS n ON c.customer = n.customer AND c.end_t < n.t
      )`,
      `starts AS (
        SELECT customer, min(t1) AS t1 FROM candidates GROUP BY customer
        UNION ALL
        SELECT l.customer, l.next_t FROM starts AS s JOIN links AS l ON l.customer = s.customer AND l.t1 = s.t1 WHERE l.next_t IS NOT NULL
      )`,
      `chosen AS (SELECT c.* FROM candidates AS c JOIN starts AS s ON c.customer = s.customer AND c.t1 = s.t1)`,
    );
  }
  return `WITH RECURSIVE ${ctes.join(',\n')}
    SELECT ${keyList}, segment, t1 AS started_at, last_t AS last_stage_at, reached::INTEGER AS stages_reached FROM chosen`;
}

export const funnelOp = defineOp({
  name: 'funnel',
  title: 'Funnel',
  description:
    'How many sessions (or time windows) reach each step of an ordered event sequence, e.g. view → cart → purchase.',
  params,
  needsInput: true,
  primaryTable: 'stages',
  stage: 'explore',
  outputs: {
    stages: {
      description: 'one stage: entrants and conversion',
      columns: ['stage_index', 'stage', 'entrants', 'conversion_from_previous', 'conversion_from_first', 'drop_off'],
    },
    by_segment: {
      description: 'one segment × stage: entrants and conversion',
      columns: ['segment', 'stage_index', 'stage', 'entrants', 'conversion_from_previous', 'conversion_from_first'],
      when: 'a segment is given',
    },
    funnels: {
      description: 'one customer: how far they got',
      columns: ['customer', 'started_at', 'last_stage_at', 'stages_reached'],
    },
  },
  tableParams: { segmentTable: {} },
  columns: {
    customer: { role: 'customer', required: true },
    time: { role: 'time', required: true },
    event: { role: 'event', required: true },
    session: {},
    segment: { role: 'category' },
  },
  async run(ctx, step, p) {
    const table = (name: string) => `${step.schemaSql}.${ident(name)}`;
    const k = p.stages.length;
    await assertTimeColumn(ctx, step, 'time', p.time);
    const segmented = p.segment !== undefined || p.segmentTable !== undefined;

    let segmentJoin: string | undefined;
    if (p.segmentTable !== undefined) {
      const ref = tableRef(p.segmentTable);
      const key = p.segmentKey ?? p.customer;
      const cols = await ctx.db.query(`SELECT * FROM ${ref} LIMIT 0`).catch(() => {
        throw stepError(step.id, 'segmentTable', `table '${p.segmentTable}' does not exist`);
      });
      for (const [field, name] of [
        ['segmentKey', key],
        ['segmentColumn', p.segmentColumn!],
      ] as const) {
        if (!cols.columns.some((c) => c.name === name)) {
          throw stepError(
            step.id,
            field,
            `column '${name}' not found in '${p.segmentTable}' (columns: ${cols.columns.map((c) => c.name).join(', ')})`,
          );
        }
      }
      const dup = await ctx.db.query(
        `SELECT CAST(${ident(key)} AS VARCHAR) AS k FROM ${ref} WHERE ${ident(key)} IS NOT NULL GROUP BY 1 HAVING count(*) > 1 LIMIT 1`,
      );
      if (dup.rows.length > 0) {
        throw stepError(
          step.id,
          'segmentKey',
          `'${key}' is not unique in '${p.segmentTable}' (e.g. '${dup.rows[0]!.k}' appears more than once)`,
        );
      }
      segmentJoin = `(SELECT CAST(${ident(key)} AS VARCHAR) AS key, CAST(${ident(p.segmentColumn!)} AS VARCHAR) AS segment FROM ${ref})`;
    }

    ctx.progress({ message: `matching ${p.stages.join(' → ')} in DuckDB` });
    const funnels = table('funnels');
    const found = funnelSql(step.inputSql!, p);
    await ctx.db.exec(
      segmentJoin
        ? `CREATE OR REPLACE TABLE ${funnels} AS SELECT f.* REPLACE (g.segment AS segment) FROM (${found}) AS f LEFT JOIN ${segmentJoin} AS g ON g.key = f.customer ORDER BY ALL`
        : `CREATE OR REPLACE TABLE ${funnels} AS SELECT * ${segmented ? '' : 'EXCLUDE (segment)'} FROM (${found}) ORDER BY ALL`,
    );
    const total = Number((await ctx.db.query(`SELECT count(*)::DOUBLE AS n FROM ${funnels}`)).rows[0]?.n ?? 0);
    if (total === 0) {
      const seen = await ctx.db.query(
        `SELECT CAST(${ident(p.event)} AS VARCHAR) AS v, count(*)::DOUBLE AS n FROM ${step.inputSql} GROUP BY 1 ORDER BY n DESC, v LIMIT 8`,
      );
      throw stepError(
        step.id,
        'stages',
        `no '${p.stages[0]}' events in '${p.event}' to start a funnel (most common values: ${seen.rows.map((r) => `'${r.v}'`).join(', ')})`,
      );
    }

    const stageNames = `(VALUES ${p.stages.map((s, j) => `(${j + 1}, ${literal(s)})`).join(', ')}) AS st(stage_index, stage)`;
    const rates = (partition: string) => `
      (entrants / nullif(lag(entrants) OVER (${partition} ORDER BY stage_index), 0))::DOUBLE AS conversion_from_previous,
      (entrants / nullif(first_value(entrants) OVER (${partition} ORDER BY stage_index), 0))::DOUBLE AS conversion_from_first`;
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('stages')} AS
      WITH counts AS (
        SELECT st.stage_index::INTEGER AS stage_index, st.stage::VARCHAR AS stage, count(f.stages_reached)::BIGINT AS entrants
        FROM ${stageNames} LEFT JOIN ${funnels} AS f ON f.stages_reached >= st.stage_index GROUP BY ALL
      )
      SELECT stage_index, stage, entrants, ${rates('')},
        (lag(entrants) OVER (ORDER BY stage_index) - entrants)::BIGINT AS drop_off
      FROM counts ORDER BY stage_index`);
    const tables = ['stages'];
    if (segmented) {
      await ctx.db.exec(`CREATE OR REPLACE TABLE ${table('by_segment')} AS
        WITH counts AS (
          SELECT g.segment, st.stage_index::INTEGER AS stage_index, st.stage::VARCHAR AS stage, count(f.stages_reached)::BIGINT AS entrants
          FROM (SELECT DISTINCT segment FROM ${funnels}) AS g CROSS JOIN ${stageNames}
          LEFT JOIN ${funnels} AS f ON f.segment IS NOT DISTINCT FROM g.segment AND f.stages_reached >= st.stage_index
          GROUP BY ALL
        )
        SELECT segment, stage_index, stage, entrants, ${rates('PARTITION BY segment')}
        FROM counts ORDER BY segment NULLS LAST, stage_index`);
      tables.push('by_segment');
    }
    tables.push('funnels');

    const stages = (await ctx.db.query(`SELECT * FROM ${table('stages')} ORDER BY stage_index`)).rows;
    const summary: Record<string, Json> = {
      mode: p.session !== undefined ? 'session' : 'window',
      windowHours: p.session !== undefined ? null : (p.window ?? DEFAULT_WINDOW_HOURS),
      funnels: total,
      completed: stages[k - 1]?.entrants ?? 0,
      overallConversion: stages[k - 1]?.conversion_from_first ?? null,
      stages: stages.map((s) => ({
        stage: s.stage ?? null,
        entrants: s.entrants ?? null,
        conversionFromPrevious: s.conversion_from_previous ?? null,
        conversionFromFirst: s.conversion_from_first ?? null,
        dropOff: s.drop_off ?? null,
      })),
    };
    if (segmented) {
      summary.segments = (
        await ctx.db.query(`
        SELECT segment, max(entrants) FILTER (WHERE stage_index = 1)::DOUBLE AS funnels,
               max(entrants) FILTER (WHERE stage_index = ${k})::DOUBLE AS completed,
               max(conversion_from_first) FILTER (WHERE stage_index = ${k}) AS conversion
        FROM ${table('by_segment')} GROUP BY segment ORDER BY funnels DESC, segment NULLS LAST`)
      ).rows;
    }
    return { tables, summary };
  },
});
