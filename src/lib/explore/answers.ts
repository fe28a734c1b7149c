/** The figures behind the templates' plain-language answers and their result views. */
import type { Cell } from '../data/connector';
import { rowsOf, type ReadDb, type Row } from '../data/read';
import { ident, tableRef } from '../data/sql';

const first = async (db: ReadDb, sql: string, signal?: AbortSignal): Promise<Row> =>
  (await rowsOf<Row>(db, sql, signal))[0] ?? {};

/** The retention template's output table. */
export const AT_RISK_REF = 'at_risk.data';

/**
 * Customers scored and valued, total value at risk, how many are likely to churn (p ≥ 0.5), and
 * for the `top` customers of highest value at risk: how many, their value and mean churn probability.
 */
export const readRetentionFacts = (db: ReadDb, top: number, signal?: AbortSignal) => {
  const ref = tableRef(AT_RISK_REF);
  return first(
    db,
    `WITH top AS (SELECT * FROM ${ref} ORDER BY value_at_risk DESC NULLS LAST LIMIT ${Math.trunc(top)})
     SELECT (SELECT count(*) FROM ${ref})::DOUBLE AS scored, (SELECT count(value_at_risk) FROM ${ref})::DOUBLE AS valued,
       (SELECT sum(value_at_risk) FROM ${ref}) AS total, (SELECT count(*) FILTER (WHERE churn_probability >= 0.5) FROM ${ref})::DOUBLE AS high,
       (SELECT count(*) FROM top)::DOUBLE AS n, (SELECT sum(value_at_risk) FROM top) AS top_value, (SELECT avg(churn_probability) FROM top) AS prob`,
    signal,
  );
};

/** How many items a similar-items table covers, its first item (most similar neighbour), and that item's top 3 neighbours. */
export const readSimilarFacts = (db: ReadDb, ref: string, signal?: AbortSignal) => {
  const t = tableRef(ref);
  return first(
    db,
    `WITH first AS (SELECT item FROM ${t} GROUP BY item ORDER BY max(similarity) DESC, item LIMIT 1)
     SELECT (SELECT count(DISTINCT item) FROM ${t})::DOUBLE AS items, (SELECT item FROM first) AS item,
       (SELECT string_agg(neighbour, ', ' ORDER BY rank) FROM ${t} WHERE item = (SELECT item FROM first) AND rank <= 3) AS neighbours`,
    signal,
  );
};

/** The most important feature of a trained model (undefined without an importance row). */
export const readTopFeature = async (db: ReadDb, stepId: string, signal?: AbortSignal): Promise<Cell | undefined> =>
  (await first(db, `SELECT feature FROM ${tableRef(`${stepId}.importance`)} ORDER BY importance DESC LIMIT 1`, signal))
    .feature;

export const AT_RISK_COLUMNS = ['customer', 'churn_probability', 'value', 'value_at_risk', 'segment'] as const;
export type AtRiskColumn = (typeof AT_RISK_COLUMNS)[number];

/** The first `limit` customers at risk, sorted by one column (nulls last, then by customer). */
export const readAtRisk = (
  db: ReadDb,
  sort: { by: AtRiskColumn; desc: boolean },
  limit: number,
  signal?: AbortSignal,
) =>
  rowsOf<Row>(
    db,
    `SELECT ${AT_RISK_COLUMNS.map((c) => ident(c)).join(', ')} FROM ${tableRef(AT_RISK_REF)}
     ORDER BY ${ident(sort.by)} ${sort.desc ? 'DESC' : 'ASC'} NULLS LAST, customer LIMIT ${Math.trunc(limit)}`,
    signal,
  );
