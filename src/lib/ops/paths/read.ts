/** Typed reads of a `paths` step's tables, for its view and the report. */
import type { DbConnector } from '../../data/connector';
import { ident, literal, tableRef } from '../../data/sql';

type Db = Pick<DbConnector, 'query'>;

export interface PathRow {
  path: string[];
  count: number;
  share: number;
}

export interface LinkRow {
  step: number;
  source: string;
  target: string;
  count: number;
}

const table = (stepId: string, name: string) => `${ident(stepId)}.${ident(name)}`;
/**
 * The steps of a path as escaped JSON strings, without the json extension (the browser's DuckDB has
 * none): the op writes every `"` inside a step escaped, so `","` only separates steps.
 */
const STEPS = `string_split(path[3:-3], '","')`;
/** A step as it is written inside a path. */
const escaped = (symbol: string) => JSON.stringify(symbol).slice(1, -1);

/** A node of the Sankey: the symbol at a 1-based step of the path. */
export interface Through {
  step: number;
  symbol: string;
}

/** The most frequent paths (through a node when given), and how many journeys those filters keep. */
export async function readPaths(
  db: Db,
  stepId: string,
  opts: { limit: number; through?: Through },
): Promise<{ rows: PathRow[]; journeys: number }> {
  const where = opts.through
    ? `WHERE ${STEPS}[${Math.trunc(opts.through.step)}] = ${literal(escaped(opts.through.symbol))}`
    : '';
  const res = await db.query(
    `SELECT path, count::DOUBLE AS count, share, (sum(count) OVER ())::DOUBLE AS journeys FROM ${table(stepId, 'paths')} ${where}
     ORDER BY count DESC, path LIMIT ${Math.trunc(opts.limit)}`,
  );
  return {
    rows: res.rows.map((r) => ({
      path: JSON.parse(String(r.path)) as string[],
      count: Number(r.count),
      share: Number(r.share),
    })),
    journeys: Number(res.rows[0]?.journeys ?? 0),
  };
}

/** How many journeys (of the paths kept) have paths of each length. */
export async function readPathLengths(db: Db, stepId: string): Promise<Array<{ length: number; count: number }>> {
  const res = await db.query(
    `SELECT len(${STEPS})::INTEGER AS length, sum(count)::DOUBLE AS count FROM ${table(stepId, 'paths')} GROUP BY 1 ORDER BY 1`,
  );
  return res.rows.map((r) => ({ length: Number(r.length), count: Number(r.count) }));
}

export async function readLinks(db: Db, stepId: string, limit = 500): Promise<LinkRow[]> {
  const res = await db.query(
    `SELECT step, source, target, count::DOUBLE AS count FROM ${table(stepId, 'links')} ORDER BY step, count DESC, source, target LIMIT ${Math.trunc(limit)}`,
  );
  return res.rows.map((r) => ({
    step: Number(r.step),
    source: String(r.source),
    target: String(r.target),
    count: Number(r.count),
  }));
}

/** The most frequent values of a table's event column, to pick a start or end event from. */
/** The most frequent values of `column` in the table a recipe reference names (`events`, `step.table`). */
export async function readEventValues(db: Db, table: string, column: string, limit = 50): Promise<string[]> {
  const res = await db.query(
    `SELECT CAST(${ident(column)} AS VARCHAR) AS v FROM ${tableRef(table)} WHERE ${ident(column)} IS NOT NULL
     GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${Math.trunc(limit)}`,
  );
  return res.rows.map((r) => String(r.v));
}
