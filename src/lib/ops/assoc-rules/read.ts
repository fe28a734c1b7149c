/** What the rules panel reads from a run of the assoc-rules op. */
import { rowsOf, stepTable, type ReadDb, type Row } from '../../data/read';
import { literal } from '../../data/sql';

export const RULE_SORT_KEYS = ['lift', 'confidence', 'support', 'count'] as const;
export type RuleSortKey = (typeof RULE_SORT_KEYS)[number];

/** The WHERE clause of a text filter on either side of a rule ('' when there is none). */
const filterWhere = (filter: string) => {
  const f = filter.trim();
  return f ? `WHERE antecedent ILIKE ${literal(`%${f}%`)} OR consequent ILIKE ${literal(`%${f}%`)}` : '';
};

/** The 300 strongest rules by `sortBy` that mention `filter` (antecedent and consequent are JSON lists). */
export const readRules = (db: ReadDb, stepId: string, filter: string, sortBy: RuleSortKey, signal?: AbortSignal) =>
  rowsOf<Row>(
    db,
    `SELECT * FROM ${stepTable(stepId, 'rules')} ${filterWhere(filter)} ORDER BY "${sortBy}" DESC, antecedent LIMIT 300`,
    signal,
  );

export type RuleRanges = {
  l0: number | null;
  l1: number | null;
  s0: number | null;
  s1: number | null;
  c0: number | null;
};

/** Lift and support ranges and the lowest confidence of all the step's rules (nulls: no rules). */
export const readRuleRanges = async (db: ReadDb, stepId: string, signal?: AbortSignal): Promise<RuleRanges> =>
  (
    await rowsOf<RuleRanges>(
      db,
      `SELECT min(lift) AS l0, max(lift) AS l1, min(support) AS s0, max(support) AS s1, min(confidence) AS c0
       FROM ${stepTable(stepId, 'rules')}`,
      signal,
    )
  )[0] ?? { l0: null, l1: null, s0: null, s1: null, c0: null };

/** Item code → label, from the step's items table. */
export const readItemLabels = async (db: ReadDb, stepId: string, signal?: AbortSignal) =>
  new Map(
    (await rowsOf<Row>(db, `SELECT item, label FROM ${stepTable(stepId, 'items')}`, signal)).map((x) => [
      String(x.item),
      String(x.label ?? ''),
    ]),
  );

export type MatrixRule = {
  antecedent: string;
  consequent: string;
  support: number;
  lift: number;
};

/** The `limit` rules of highest lift that mention `filter`, for the grouped matrix. */
export const readMatrixRules = (db: ReadDb, stepId: string, filter: string, limit: number, signal?: AbortSignal) =>
  rowsOf<MatrixRule>(
    db,
    `SELECT antecedent, consequent, support, lift FROM ${stepTable(stepId, 'rules')} ${filterWhere(filter)}
     ORDER BY lift DESC, support DESC, antecedent, consequent LIMIT ${Math.trunc(limit)}`,
    signal,
  );
