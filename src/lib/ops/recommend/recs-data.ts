/**
 * The interaction log of the recommendation ops, out of DuckDB and into typed arrays: customers,
 * items, baskets and sessions become integer codes in sorted-id order (so ties broken by code are
 * ties broken by id), times epoch milliseconds, one row per event row. Heavy lifting (filtering,
 * dictionaries) is SQL; the ops then only see arrays.
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import { ident, literal, tableRef } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { stepError } from '../../core/errors';
import type { EventLog } from '../../recsys/split';
import type { OpContext, StepInput } from '../types';
import { resolveRole } from '../shared/role-columns';

export interface LogColumns {
  customer: string;
  item: string;
  basket?: string;
  time?: string;
  event?: string;
  weight?: string;
  session?: string;
}

export interface DataParams {
  customer?: string | null;
  item?: string | null;
  basket?: string | null;
  time?: string | null;
  event?: string | null;
  events: string[];
  weight?: string;
  session?: string;
}

export interface LoadedLog {
  log: EventLog;
  /** [rows] session code (the session column, else the basket), −1 = none. */
  session: Int32Array;
  nSessions: number;
  customers: string[];
  items: string[];
  columns: LogColumns;
}

/** Each role's column: the param, else the mapped role, else the name-inferred one. */
export { resolveRole } from '../shared/role-columns';

export function logColumns(step: StepInput, p: DataParams): LogColumns {
  const columns = step.inputColumns ?? [];
  const names = columns.map((c) => c.name).join(', ');
  const get = (role: 'customer' | 'item' | 'basket' | 'time' | 'event') =>
    resolveRole(p[role], role, columns, step.roles);
  const customer = get('customer');
  const item = get('item');
  if (!customer) throw stepError(step.id, 'customer', `no customer column: name one (columns: ${names})`);
  if (!item) throw stepError(step.id, 'item', `no item column: name one (columns: ${names})`);
  return {
    customer,
    item,
    basket: get('basket'),
    time: get('time'),
    event: get('event'),
    weight: p.weight,
    session: p.session,
  };
}

/** Load and code the log (scratch tables in the step's schema, dropped before returning). */
export async function loadLog(ctx: OpContext, step: StepInput, p: DataParams, cols: LogColumns): Promise<LoadedLog> {
  const s = step.schemaSql;
  const t = (name: string) => `${s}.${ident(name)}`;
  const col = (name?: string) => (name ? `i.${ident(name)}` : 'NULL');
  const where = [`${col(cols.customer)} IS NOT NULL`, `${col(cols.item)} IS NOT NULL`];
  if (cols.event) where.push(`CAST(${col(cols.event)} AS VARCHAR) IN (${p.events.map(literal).join(', ')})`);
  if (cols.time) where.push(`TRY_CAST(${col(cols.time)} AS TIMESTAMP) IS NOT NULL`);
  if (cols.weight) where.push(`coalesce(TRY_CAST(${col(cols.weight)} AS DOUBLE), 1) > 0`);
  const temps = ['_recs_base', '_recs_c', '_recs_i'];
  try {
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${t('_recs_base')} AS SELECT CAST(${col(cols.customer)} AS VARCHAR) AS c,
        CAST(${col(cols.item)} AS VARCHAR) AS it, CAST(${col(cols.basket)} AS VARCHAR) AS b, CAST(${col(cols.session)} AS VARCHAR) AS s,
        ${cols.time ? `epoch_ms(TRY_CAST(${col(cols.time)} AS TIMESTAMP))::DOUBLE` : '0::DOUBLE'} AS t,
        ${cols.weight ? `coalesce(TRY_CAST(${col(cols.weight)} AS DOUBLE), 1)` : '1::DOUBLE'} AS w
      FROM ${step.inputSql} AS i WHERE ${where.join(' AND ')}`);
    const n = Number((await ctx.db.query(`SELECT count(*)::DOUBLE AS n FROM ${t('_recs_base')}`)).rows[0]?.n ?? 0);
    if (n === 0) {
      if (cols.event) {
        const values = await ctx.db.query(
          `SELECT DISTINCT CAST(${ident(cols.event)} AS VARCHAR) AS v FROM ${step.inputSql} WHERE ${ident(cols.event)} IS NOT NULL ORDER BY 1 LIMIT 12`,
        );
        throw stepError(
          step.id,
          'events',
          `no row has ${cols.event} in (${p.events.join(', ')}) (values: ${values.rows.map((r) => r.v).join(', ')}); set events`,
        );
      }
      throw stepError(
        step.id,
        'input',
        `no rows with a ${cols.customer} and an ${cols.item}${cols.time ? ` and a readable ${cols.time}` : ''}`,
      );
    }
    await ctx.db.exec(
      `CREATE OR REPLACE TABLE ${t('_recs_c')} AS SELECT c, (row_number() OVER (ORDER BY c) - 1)::INTEGER AS ci FROM (SELECT DISTINCT c FROM ${t('_recs_base')})`,
    );
    await ctx.db.exec(
      `CREATE OR REPLACE TABLE ${t('_recs_i')} AS SELECT it, (row_number() OVER (ORDER BY it) - 1)::INTEGER AS ii FROM (SELECT DISTINCT it FROM ${t('_recs_base')})`,
    );
    // Basket / session codes per (customer, id), in id order: "ties broken by basket id".
    const coded = (key: string) => `(SELECT c, ${key}, (row_number() OVER (ORDER BY ${key}, c) - 1)::INTEGER AS ${key}i
      FROM (SELECT DISTINCT c, ${key} FROM ${t('_recs_base')} WHERE ${key} IS NOT NULL))`;
    const sessionKey = cols.session ? 's' : 'b';
    const table = tableFromIPC(
      await ctx.db
        .arrowIPC(`SELECT ci, ii, coalesce(bi, -1)::INTEGER AS bi, coalesce(${sessionKey}i, -1)::INTEGER AS si, t, w
      FROM ${t('_recs_base')} JOIN ${t('_recs_c')} USING (c) JOIN ${t('_recs_i')} USING (it)
      LEFT JOIN ${coded('b')} USING (c, b) ${cols.session ? `LEFT JOIN ${coded('s')} USING (c, s)` : ''}`),
    );
    const customers = await strings(ctx, `SELECT c AS v FROM ${t('_recs_c')} ORDER BY ci`);
    const items = await strings(ctx, `SELECT it AS v FROM ${t('_recs_i')} ORDER BY ii`);
    const basket = ints(table, 'bi');
    const session = ints(table, 'si');
    const log: EventLog = {
      nCustomers: customers.length,
      nItems: items.length,
      nBaskets: basket.reduce((m, v) => Math.max(m, v + 1), 0),
      customer: ints(table, 'ci'),
      item: ints(table, 'ii'),
      basket,
      time: Float64Array.from(table.getChild('t')!.toArray() as ArrayLike<number>),
      weight: Float32Array.from(table.getChild('w')!.toArray() as ArrayLike<number>),
    };
    return {
      log,
      session,
      nSessions: session.reduce((m, v) => Math.max(m, v + 1), 0),
      customers,
      items,
      columns: cols,
    };
  } finally {
    for (const name of temps) await ctx.db.exec(`DROP TABLE IF EXISTS ${t(name)}`).catch(() => {});
  }
}

export interface ItemAttributes {
  /** [nItems] rows of tag codes. */
  tags?: { of: Int32Array[]; names: string[]; column: string };
  category?: { of: Int32Array; names: string[]; column: string };
}

/**
 * Tags (split on `separator`) and category per item code, from `itemTable` (joined on `itemKey`)
 * or from the input's own rows (first non-null value per item). Only the attributes asked for.
 */
export async function itemAttributes(
  ctx: OpContext,
  step: StepInput,
  p: { itemTable?: string; itemKey?: string; tags?: string | null; category?: string | null; tagSeparator: string },
  itemColumn: string,
  items: string[],
  want: { tags: boolean; category: boolean },
): Promise<ItemAttributes> {
  const source = p.itemTable ? tableRef(p.itemTable) : step.inputSql!;
  const columns = p.itemTable
    ? await tableColumns(ctx.db, source).catch(() => {
        throw stepError(step.id, 'itemTable', `table '${p.itemTable}' does not exist`);
      })
    : (step.inputColumns ?? []);
  const key = p.itemTable ? (p.itemKey ?? itemColumn) : itemColumn;
  const names = columns.map((c) => c.name);
  const where = p.itemTable ? `'${p.itemTable}'` : 'the input';
  if (!names.includes(key))
    throw stepError(step.id, 'itemKey', `column '${key}' not found in ${where} (columns: ${names.join(', ')})`);
  const pick = (field: 'tags' | 'category') => {
    const c = resolveRole(p[field], field, columns, p.itemTable ? undefined : step.roles);
    if (c && !names.includes(c))
      throw stepError(step.id, field, `column '${c}' not found in ${where} (columns: ${names.join(', ')})`);
    return c;
  };
  const tagsCol = want.tags ? pick('tags') : undefined;
  const categoryCol = want.category ? pick('category') : undefined;
  const out: ItemAttributes = {};
  if (!tagsCol && !categoryCol) return out;
  const code = new Map(items.map((v, i) => [v, i]));
  const res = await ctx.db.query(`SELECT CAST(${ident(key)} AS VARCHAR) AS k,
      ${tagsCol ? `any_value(CAST(${ident(tagsCol)} AS VARCHAR))` : 'NULL'} AS tg, ${categoryCol ? `any_value(CAST(${ident(categoryCol)} AS VARCHAR))` : 'NULL'} AS cg
    FROM ${source} WHERE ${ident(key)} IS NOT NULL GROUP BY 1`);
  const rows = res.rows.filter((r) => code.has(String(r.k)));
  if (tagsCol) {
    const dict = new Map<string, number>();
    const perItem: string[][] = items.map(() => []);
    for (const r of rows) {
      const tags =
        r.tg === null
          ? []
          : String(r.tg)
              .split(p.tagSeparator)
              .map((x) => x.trim())
              .filter(Boolean);
      perItem[code.get(String(r.k))!] = [...new Set(tags)];
    }
    const names = [...new Set(perItem.flat())].sort();
    names.forEach((n, i) => dict.set(n, i));
    out.tags = {
      of: perItem.map((tags) => Int32Array.from(tags.map((x) => dict.get(x)!)).sort()),
      names,
      column: tagsCol,
    };
  }
  if (categoryCol) {
    const of = new Int32Array(items.length).fill(-1);
    const names = [
      ...new Set(
        rows
          .map((r) => r.cg)
          .filter((v) => v !== null)
          .map(String),
      ),
    ].sort();
    const dict = new Map(names.map((n, i) => [n, i]));
    for (const r of rows) if (r.cg !== null) of[code.get(String(r.k))!] = dict.get(String(r.cg))!;
    out.category = { of, names, column: categoryCol };
  }
  return out;
}

/** [nCustomers] segment codes (−1 = none) from segmentTable.segmentColumn joined on segmentKey. */
export async function customerSegments(
  ctx: OpContext,
  step: StepInput,
  p: { segmentTable?: string; segmentKey?: string; segmentColumn?: string },
  customerColumn: string,
  customers: string[],
): Promise<{ of: Int32Array; names: string[]; matched: number }> {
  if (!p.segmentTable)
    throw stepError(step.id, 'segmentTable', 'popularity by segment needs a segmentTable (and segmentColumn)');
  if (!p.segmentColumn) throw stepError(step.id, 'segmentColumn', `name the segment column of '${p.segmentTable}'`);
  const columns = await tableColumns(ctx.db, tableRef(p.segmentTable)).catch(() => {
    throw stepError(step.id, 'segmentTable', `table '${p.segmentTable}' does not exist`);
  });
  const key = p.segmentKey ?? customerColumn;
  for (const [field, c] of [
    ['segmentKey', key],
    ['segmentColumn', p.segmentColumn],
  ] as const) {
    if (!columns.some((x) => x.name === c))
      throw stepError(
        step.id,
        field,
        `column '${c}' not found in '${p.segmentTable}' (columns: ${columns.map((x) => x.name).join(', ')})`,
      );
  }
  const res = await ctx.db
    .query(`SELECT CAST(${ident(key)} AS VARCHAR) AS k, any_value(CAST(${ident(p.segmentColumn)} AS VARCHAR)) AS g
    FROM ${tableRef(p.segmentTable)} WHERE ${ident(key)} IS NOT NULL AND ${ident(p.segmentColumn)} IS NOT NULL GROUP BY 1`);
  const names = [...new Set(res.rows.map((r) => String(r.g)))].sort();
  if (names.length > 1000)
    throw stepError(
      step.id,
      'segmentColumn',
      `'${p.segmentColumn}' has ${names.length} values: a segment column should have few (is it an id?)`,
    );
  const dict = new Map(names.map((n, i) => [n, i]));
  const code = new Map(customers.map((v, i) => [v, i]));
  const of = new Int32Array(customers.length).fill(-1);
  let matched = 0;
  for (const r of res.rows) {
    const u = code.get(String(r.k));
    if (u === undefined) continue;
    of[u] = dict.get(String(r.g))!;
    matched++;
  }
  return { of, names, matched };
}

function ints(table: Table, name: string): Int32Array {
  return Int32Array.from(table.getChild(name)!.toArray() as ArrayLike<number>);
}

async function strings(ctx: OpContext, sql: string): Promise<string[]> {
  const table = tableFromIPC(await ctx.db.arrowIPC(sql));
  const out: string[] = [];
  for (const v of table.getChild('v')!) out.push(String(v));
  return out;
}
