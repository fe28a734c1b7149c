/**
 * The behaviour log the ranker learns from (views, carts and purchases with their time, session
 * and context columns), out of DuckDB into a BehaviourLog (recsys/ranker-data.ts). Customers and items
 * keep the codes of the recommendation harness where it has them (`known`), so a ranker score
 * attaches to the harness's candidates; others are coded after them, in id order.
 */
import { tableFromIPC } from 'apache-arrow';
import { ident, literal, tableRef } from '../../data/sql';
import { tableColumns, type ColumnInfo } from '../../data/connector';
import { inferRoles } from '../../data/roles';
import { stepError } from '../../core/errors';
import type { BehaviourLog } from '../../recsys/ranker-data';
import type { OpContext, StepInput } from '../types';

/** Context columns keep their most frequent levels; the rest share one. */
export const MAX_CONTEXT_LEVELS = 50;

export interface BehaviourColumns {
  customer: string;
  item: string;
  event: string;
  time: string;
  session?: string;
  context: string[];
}

export interface BehaviourOptions {
  /** Event values whose rows are examples (default view, cart). */
  examples: string[];
  /** Event values that are purchases (the labels). */
  purchases: string[];
  itemTable?: string;
  itemKey?: string;
  category?: string | null;
  price?: string | null;
}

/** The session column: the one named, else one whose name says session or visit. */
export function sessionColumn(columns: ColumnInfo[], given?: string | null): string | undefined {
  if (given === null) return undefined;
  if (given) return given;
  return columns.find((c) => /session|visit/i.test(c.name))?.name;
}

export async function loadBehaviour(
  ctx: OpContext,
  step: StepInput,
  cols: BehaviourColumns,
  opts: BehaviourOptions,
  known: { customers: string[]; items: string[] } = { customers: [], items: [] },
): Promise<BehaviourLog> {
  const c = (name: string) => `CAST(${ident(name)} AS VARCHAR)`;
  const wanted = [...new Set([...opts.examples, ...opts.purchases])];
  const where = [cols.customer, cols.item, cols.event].map((n) => `${ident(n)} IS NOT NULL`);
  where.push(
    `TRY_CAST(${ident(cols.time)} AS TIMESTAMP) IS NOT NULL`,
    `${c(cols.event)} IN (${wanted.map(literal).join(', ')})`,
  );
  const select = [
    `${c(cols.customer)} AS c`,
    `${c(cols.item)} AS it`,
    `${c(cols.event)} AS ev`,
    `epoch_ms(TRY_CAST(${ident(cols.time)} AS TIMESTAMP))::DOUBLE AS t`,
    `${cols.session ? c(cols.session) : 'NULL::VARCHAR'} AS s`,
    ...cols.context.map((name, k) => `coalesce(${c(name)}, '(missing)') AS x${k}`),
  ];
  // A stable order (time, customer, item, event), so coding and the seeded training see the same rows every run.
  const table = tableFromIPC(
    await ctx.db.arrowIPC(
      `SELECT ${select.join(', ')} FROM ${step.inputSql} WHERE ${where.join(' AND ')} ORDER BY t, c, it, ev`,
    ),
  );
  const rows = table.numRows;
  if (rows === 0) throw stepError(step.id, 'examples', `no row has ${cols.event} in (${wanted.join(', ')})`);
  const text = (name: string) => Array.from(table.getChild(name)!, (v) => (v === null ? null : String(v)));
  const [customersIn, itemsIn, eventsIn, sessionsIn] = [text('c'), text('it'), text('ev'), text('s')];
  const customers = codes(known.customers, customersIn as string[]);
  const items = codes(known.items, itemsIn as string[]);
  const eventNames = [...opts.examples, ...opts.purchases.filter((e) => !opts.examples.includes(e))];
  const eventCode = new Map(eventNames.map((e, k) => [e, k]));
  const sessions = new Map<string, number>();
  const session = Int32Array.from(sessionsIn, (s) => {
    if (s === null) return -1;
    let k = sessions.get(s);
    if (k === undefined) sessions.set(s, (k = sessions.size));
    return k;
  });
  const contextLevels: string[][] = [];
  const context = new Int32Array(rows * cols.context.length);
  cols.context.forEach((_, k) => {
    const values = text(`x${k}`) as string[];
    const { levels, codeOf } = topLevels(values, MAX_CONTEXT_LEVELS);
    contextLevels.push(levels);
    values.forEach((v, r) => (context[r * cols.context.length + k] = codeOf(v)));
  });
  const purchaseSet = new Set(opts.purchases);
  const exampleSet = new Set(opts.examples);
  const log: BehaviourLog = {
    rows,
    customer: Int32Array.from(customersIn, (v) => customers.code.get(v!)!),
    item: Int32Array.from(itemsIn, (v) => items.code.get(v!)!),
    event: Int32Array.from(eventsIn, (v) => eventCode.get(v!)!),
    time: Float64Array.from(table.getChild('t')!.toArray() as ArrayLike<number>),
    session,
    purchase: Uint8Array.from(eventsIn, (v) => (purchaseSet.has(v!) ? 1 : 0)),
    example: Uint8Array.from(eventsIn, (v) => (exampleSet.has(v!) ? 1 : 0)),
    customers: customers.names,
    items: items.names,
    eventNames,
    context,
    contextNames: cols.context,
    contextLevels,
  };
  await itemInfo(ctx, step, cols.item, opts, log);
  return log;
}

/** Known names keep their codes; new ones follow, sorted. */
function codes(known: string[], seen: string[]): { names: string[]; code: Map<string, number> } {
  const code = new Map(known.map((v, k) => [v, k]));
  const extra = [...new Set(seen.filter((v) => !code.has(v)))].sort();
  const names = [...known, ...extra];
  extra.forEach((v, k) => code.set(v, known.length + k));
  return { names, code };
}

function topLevels(values: string[], max: number): { levels: string[]; codeOf: (v: string) => number } {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
  const levels = sorted.length > max ? [...sorted.slice(0, max - 1), '(other)'] : sorted;
  const code = new Map(levels.map((v, k) => [v, k]));
  const other = levels.length - 1;
  return { levels, codeOf: (v) => code.get(v) ?? other };
}

/** Category and list price per item, from itemTable or the input's own rows (where there are such columns). */
async function itemInfo(
  ctx: OpContext,
  step: StepInput,
  itemColumn: string,
  opts: BehaviourOptions,
  log: BehaviourLog,
): Promise<void> {
  const source = opts.itemTable ? tableRef(opts.itemTable) : step.inputSql!;
  const columns = opts.itemTable
    ? await tableColumns(ctx.db, source).catch(() => {
        throw stepError(step.id, 'itemTable', `table '${opts.itemTable}' does not exist`);
      })
    : (step.inputColumns ?? []);
  const names = columns.map((x) => x.name);
  const where = opts.itemTable ? `'${opts.itemTable}'` : 'the input';
  const key = opts.itemTable ? (opts.itemKey ?? itemColumn) : itemColumn;
  if (!names.includes(key))
    throw stepError(step.id, 'itemKey', `column '${key}' not found in ${where} (columns: ${names.join(', ')})`);
  const inferred = inferRoles(columns);
  const pick = (given: string | null | undefined, role: 'category' | 'price') => {
    if (given === null) return undefined;
    const col = given ?? columns.find((x) => inferred[x.name] === role)?.name;
    if (col && !names.includes(col))
      throw stepError(step.id, role, `column '${col}' not found in ${where} (columns: ${names.join(', ')})`);
    return col;
  };
  const category = pick(opts.category, 'category');
  const price = pick(opts.price, 'price');
  if (!category && !price) return;
  const res = await ctx.db.query(`SELECT CAST(${ident(key)} AS VARCHAR) AS k,
      ${category ? `any_value(CAST(${ident(category)} AS VARCHAR))` : 'NULL'} AS g, ${price ? `avg(TRY_CAST(${ident(price)} AS DOUBLE))` : 'NULL'} AS p
    FROM ${source} WHERE ${ident(key)} IS NOT NULL GROUP BY 1`);
  const code = new Map(log.items.map((v, k) => [v, k]));
  if (category) {
    const categories = [
      ...new Set(res.rows.filter((r) => r.g !== null && code.has(String(r.k))).map((r) => String(r.g))),
    ].sort();
    const of = new Int32Array(log.items.length).fill(categories.length);
    const gcode = new Map(categories.map((g, k) => [g, k]));
    for (const r of res.rows)
      if (r.g !== null && code.has(String(r.k))) of[code.get(String(r.k))!] = gcode.get(String(r.g))!;
    log.itemCategory = of;
    log.categories = categories;
  }
  if (price) {
    const of = new Float32Array(log.items.length).fill(Number.NaN);
    for (const r of res.rows) if (r.p !== null && code.has(String(r.k))) of[code.get(String(r.k))!] = Number(r.p);
    log.itemPrice = of;
  }
}
