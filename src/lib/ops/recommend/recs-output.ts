/** Writing the recommendation ops' tables (Arrow built by hand: the CSP forbids Arrow's builders). */
import { ident } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { BECAUSE_POPULAR, type RankedLists, type Scorer } from '../../recsys/rank';
import type { Neighbours } from '../../recsys/similarity';
import { stepError } from '../../core/errors';
import type { Interactions } from '../../recsys/interactions';
import type { LogColumns } from './recs-data';
import type { OpContext, StepInput } from '../types';
import type { Json } from '../../core/json';

/** Replace table `name` in the step's schema; `integers` become INTEGER columns. */
export async function writeTable(
  ctx: OpContext,
  step: StepInput,
  name: string,
  columns: string[],
  rows: Record<string, unknown>[],
  integers: string[] = [],
): Promise<void> {
  await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.${ident(name)}`);
  if (rows.length === 0) {
    // rowsToIPC cannot tell the type of an empty column: declare the table instead.
    const typed = columns.map(
      (c) =>
        `${ident(c)} ${integers.includes(c) ? 'INTEGER' : c === 'score' || c === 'similarity' || c === 'value' ? 'DOUBLE' : 'VARCHAR'}`,
    );
    await ctx.db.exec(`CREATE TABLE ${step.schemaSql}.${ident(name)} (${typed.join(', ')})`);
    return;
  }
  await ctx.db.insertArrow(step.schema, name, rowsToIPC(columns, rows));
  for (const c of integers)
    await ctx.db.exec(`ALTER TABLE ${step.schemaSql}.${ident(name)} ALTER ${ident(c)} SET DATA TYPE INTEGER`);
}

/** `recommendations (customer, rank, item, score, reason)`: rank 1 = best. */
export function recommendationRows(
  lists: RankedLists,
  scorer: Scorer,
  customers: string[],
  items: string[],
): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let j = 0; j < lists.users.length; j++) {
    const u = lists.users[j]!;
    for (let p = lists.ptr[j]!; p < lists.ptr[j + 1]!; p++) {
      const because = lists.because[p]!;
      rows.push({
        customer: customers[u]!,
        rank: p - lists.ptr[j]! + 1,
        item: items[lists.items[p]!]!,
        score: lists.scores[p]!,
        reason: because === BECAUSE_POPULAR ? 'popular overall' : scorer.reason(because, u),
      });
    }
  }
  return rows;
}

/** `similar (item, rank, neighbour, similarity)`: each item's top `k` neighbours. */
export function similarRows(similar: Neighbours, items: string[], k: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let a = 0; a < similar.n; a++) {
    const end = Math.min(similar.ptr[a + 1]!, similar.ptr[a]! + k);
    for (let p = similar.ptr[a]!; p < end; p++) {
      rows.push({
        item: items[a]!,
        rank: p - similar.ptr[a]! + 1,
        neighbour: items[similar.index[p]!]!,
        similarity: similar.sim[p]!,
      });
    }
  }
  return rows;
}

/** The customers to rank (`wanted`, default all) as codes; those without an interaction are `unknown`; none known is an error. */
export function customersToRank(
  stepId: string,
  customers: string[],
  wanted: string[] = customers,
): { users: Int32Array; unknown: string[] } {
  const code = new Map(customers.map((c, i) => [c, i]));
  const users = Int32Array.from(
    wanted.filter((c) => code.has(c)),
    (c) => code.get(c)!,
  );
  const unknown = wanted.filter((c) => !code.has(c));
  if (users.length === 0)
    throw stepError(stepId, 'customers', `none of these customers has an interaction (e.g. '${unknown[0]}')`);
  return { users, unknown };
}

/** The summary fields of every op that writes per-customer lists (recommend, train-ncf). */
export function listSummary(
  cols: LogColumns,
  events: Json,
  data: { customers: string[]; items: string[]; history: Interactions; users: Int32Array; unknown: string[] },
  lists: RankedLists,
  p: { k: number; excludeSeen: boolean },
  catalogue: number,
): Record<string, Json> {
  return {
    columns: Object.fromEntries(Object.entries(cols).filter(([, v]) => v)) as Record<string, Json>,
    events: cols.event ? events : null,
    customers: data.customers.length,
    items: data.items.length,
    interactions: data.history.byUser.index.length,
    ranked: data.users.length,
    unknownCustomers: data.unknown.length,
    k: p.k,
    excludeSeen: p.excludeSeen,
    filled: lists.filled,
    coverage: listCoverage(lists, catalogue),
  };
}

/** Distinct items in the lists / catalogue size. */
export function listCoverage(lists: RankedLists, catalogue: number): number {
  return catalogue > 0 ? new Set(lists.items).size / catalogue : 0;
}

/**
 * Which algorithms do not beat the baseline on NDCG@K (strictly greater counts as beating), and
 * the same as a plain sentence for the report.
 */
export function verdict(
  scores: Array<{ name: string; ndcg: number }>,
  baseline: string,
  k: number,
): { notBeatingPopularity: string[]; verdict: string } {
  const base = scores.find((s) => s.name === baseline);
  if (!base) throw new Error(`no scores for the baseline '${baseline}'`);
  const others = scores.filter((s) => s.name !== baseline);
  const fmt = (v: number) => v.toFixed(4);
  const losers = others.filter((s) => !(s.ndcg > base.ndcg));
  if (others.length === 0)
    return { notBeatingPopularity: [], verdict: `Only ${baseline} was evaluated (NDCG@${k} ${fmt(base.ndcg)}).` };
  if (losers.length === 0)
    return {
      notBeatingPopularity: [],
      verdict: `Every algorithm beats ${baseline} on NDCG@${k} (${baseline}: ${fmt(base.ndcg)}).`,
    };
  const list = losers.map((s) => `${s.name} (${fmt(s.ndcg)})`);
  const names = list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  return {
    notBeatingPopularity: losers.map((s) => s.name),
    verdict: `${names} ${losers.length === 1 ? 'does' : 'do'} not beat ${baseline} (${fmt(base.ndcg)}) on NDCG@${k}.`,
  };
}
