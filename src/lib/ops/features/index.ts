/**
 * `features`: one row per customer (or per item) from an event / transaction log, plus optional
 * item and profile tables, with a catalogue saying what each column means.
 *
 * Groups (default: every group the available columns allow; see src/lib/features/extract.ts):
 *   behaviour    counts per event type, orders, units, spend, basket size, active days, tenure,
 *                recency, inter-purchase times, last-N-days trend, time-of-day and weekday mix
 *   preferences  share of spend per top category, distinct items and categories, category
 *                entropy, price level relative to the category
 *   profile      columns of a profile table joined on a key: numbers kept, booleans 0/1, dates as
 *                days before the reference date, text one-hot (top `maxLevels` levels + `_other`)
 *   text         count and mean length of texts, lexicon sentiment, TF-IDF terms, top terms
 *   item         (entity = item) popularity, buyers, repeat-purchase rate, price, co-purchase degree
 *
 * Point in time: the reference date `asOf` defaults to the day after the last event; when it is
 * given, rows on or after it are ignored, so features built "as of" a cut-off never see the future.
 * Heavy aggregation is SQL in DuckDB; tokenising, sentiment and TF-IDF run here over Arrow columns.
 * Columns default to the roles mapped in the data workspace, else to roles inferred from names.
 */
import { z } from 'zod';
import { tableFromIPC } from 'apache-arrow';
import { copurchaseDegree } from '../../features/copurchase';
import { baseSelect, type BaseColumn, type BaseKey } from '../../features/base';
import { ident, literal, tableRef } from '../../data/sql';
import { tableColumns, type ColumnInfo } from '../../data/connector';
import { inferRoles, type Role } from '../../data/roles';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import {
  activitySql,
  basketsSql,
  itemSql,
  preferencesSql,
  purchasesSql,
  slug,
  uniqueNames,
  type Available,
  type FeatureGroup,
  type FeatureSpec,
  type GroupSql,
  type Tables,
} from '../../features/extract';
import { profileSql } from './profile';
import { textFeatures } from './text';
import { defineOp, type OpContext, type StepInput } from '../types';
import type { Json } from '../../core/json';

const GROUPS = ['behaviour', 'preferences', 'profile', 'text', 'item'] as const;
/** A column name; `null` says "no such column" (no guessing). */
const column = z.string().min(1).nullable().optional();

const params = z.strictObject({
  entity: z.enum(['customer', 'item']).default('customer'),
  customer: column,
  item: column,
  basket: column,
  time: column,
  event: column,
  quantity: column,
  price: column,
  amount: column,
  category: column,
  text: column,
  groups: z.array(z.enum(GROUPS)).min(1).optional(),
  /** The event value that marks a purchase row (when there is an event column). */
  purchaseEvent: z.string().min(1).default('purchase'),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
  trendDays: z.number().int().min(1).max(3650).default(30),
  topCategories: z.number().int().min(0).max(50).default(8),
  /** Item attributes (category, list price) joined on item = itemTable.itemKey. */
  itemTable: z.string().min(1).optional(),
  itemKey: z.string().min(1).optional(),
  /** Entity attributes (demographics for customers) joined on entity = profileTable.profileKey. */
  profileTable: z.string().min(1).optional(),
  profileKey: z.string().min(1).optional(),
  profileColumns: z.array(z.string().min(1)).optional(),
  maxLevels: z.number().int().min(1).max(100).default(10),
  textTerms: z.number().int().min(0).max(500).default(20),
  topTerms: z.number().int().min(0).max(20).default(3),
  minDf: z.number().int().min(1).default(2),
});

export type FeaturesParams = z.infer<typeof params>;
type RoleName =
  'customer' | 'item' | 'basket' | 'time' | 'event' | 'quantity' | 'price' | 'amount' | 'category' | 'text';
const ROLE_PARAMS: RoleName[] = [
  'customer',
  'item',
  'basket',
  'time',
  'event',
  'quantity',
  'price',
  'amount',
  'category',
  'text',
];

export const featuresOp = defineOp({
  name: 'features',
  title: 'Feature matrix',
  description: 'One row per customer or item: behaviour, preferences, profile and text features, with a catalogue.',
  params,
  needsInput: true,
  primaryTable: 'features',
  driftSnapshot: true,
  stage: 'features',
  outputs: {
    features: { description: 'one entity (customer or item): its features, named by the catalogue', columns: [] },
    catalog: {
      description: 'one feature: group, kind, description and spread',
      columns: ['name', 'group', 'kind', 'description', 'missing_pct', 'mean', 'min', 'max'],
    },
  },
  tableParams: {
    itemTable: { keys: { itemKey: 'item' }, optional: true },
    profileTable: { keys: { profileKey: 'customer' }, optional: true },
  },
  // Each role param names the column playing that role; category and price come from the item table when there is one.
  columns: Object.fromEntries(
    ROLE_PARAMS.map((r) => [
      r,
      {
        role: r,
        required: r === 'time',
        when: r === 'category' || r === 'price' ? (p: FeaturesParams) => !p.itemTable : undefined,
      },
    ]),
  ),
  keyFigures: (s) => [['features', s.features, 0]],
  async run(ctx, step, p) {
    const started = performance.now();
    const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
    const itemColumns = p.itemTable ? await otherTable(ctx, step, 'itemTable', p.itemTable) : [];
    const cols = resolveColumns(p, columns, itemColumns, step.roles);
    const key = p.entity === 'customer' ? cols.customer : cols.item;
    if (!key)
      throw stepError(
        step.id,
        p.entity,
        `no ${p.entity} column: name one (no column looks like a ${p.entity} id; columns: ${columns.map((c) => c.name).join(', ')})`,
      );
    if (!cols.time) throw stepError(step.id, 'time', 'no time column: name one (features need event times)');
    const has: Available = {
      event: !!cols.event,
      basket: !!cols.basket,
      item: !!cols.item,
      quantity: !!cols.quantity,
      price: !!(cols.price || (cols.amount && cols.quantity)),
      money: !!(cols.amount || (cols.quantity && cols.price)),
      category: !!cols.category,
    };
    const groups = chooseGroups(p, has, !!cols.text, step.id);

    ctx.progress({ message: 'normalising the event table', fraction: 0.02 });
    const s = step.schemaSql;
    const tmp = (name: string) => `${s}.${ident(name)}`;
    await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp('_base')}`);
    await ctx.db.exec(`CREATE TABLE ${tmp('_base')} AS ${baseSql(step, p, cols)}`);
    const temps = ['_base'];
    const src: Tables = { base: tmp('_base'), baskets: tmp('_baskets') };
    try {
      const stats =
        (
          await ctx.db.query(`SELECT count(*)::DOUBLE AS n, CAST(max(ts) AS DATE) + 1 AS next_day,
          count(*) FILTER (WHERE is_purchase)::DOUBLE AS purchases FROM ${tmp('_base')}`)
        ).rows[0] ?? {};
      if (!Number(stats.n)) throw stepError(step.id, 'input', `no rows with a ${p.entity} id and a time`);
      const asOf = p.asOf ? `DATE ${literal(p.asOf)}` : `DATE ${literal(String(stats.next_day).slice(0, 10))}`;
      if (cols.event && !Number(stats.purchases)) {
        const values = await ctx.db.query(
          `SELECT DISTINCT event FROM ${tmp('_base')} WHERE event IS NOT NULL ORDER BY event LIMIT 12`,
        );
        throw stepError(
          step.id,
          'purchaseEvent',
          `no '${p.event ?? cols.event}' value equals '${p.purchaseEvent}' (values: ${values.rows.map((r) => r.event).join(', ')}); set purchaseEvent`,
        );
      }

      const taken = new Set<string>([key]);
      const claim = (specs: FeatureSpec[]) => {
        for (const spec of specs) {
          if (taken.has(spec.name)) throw new Error(`feature name '${spec.name}' made twice`);
          taken.add(spec.name);
        }
      };
      const eventTypes = cols.event ? await topValues(ctx, tmp('_base'), 'event', 12, 'n_', taken) : [];
      /** Each group's columns: a working table, or (`sql`) a query the final join reads directly. */
      const parts: Array<{ table: string; specs: FeatureSpec[]; sql?: string }> = [];
      let profileSkipped: string[] = [];
      let vocabulary: string[] = [];
      const build = (name: string, g: GroupSql, message: string, fraction: number) => {
        ctx.signal.throwIfAborted();
        ctx.progress({ message, fraction });
        claim(g.specs);
        // Not materialised: each aggregate is read once, by the final join, so writing it to a
        // table first would only copy every entity's row once more.
        parts.push({ table: name, specs: g.specs, sql: g.sql });
      };

      if (p.entity === 'item') {
        build('_item', itemSql(src, asOf, eventTypes, has), 'item popularity, buyers and repeat rates', 0.2);
        if (has.basket) {
          ctx.progress({ message: 'co-purchase degree', fraction: 0.4 });
          const spec: FeatureSpec = {
            name: 'copurchase_degree',
            group: 'item',
            kind: 'count',
            description: 'distinct other items bought in the same orders',
            fill: 0,
          };
          claim([spec]);
          await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp('_copurchase')}`);
          await ctx.db.insertArrow(step.schema, '_copurchase', await copurchaseTable(ctx, tmp('_base')));
          temps.push('_copurchase');
          parts.push({ table: '_copurchase', specs: [spec] });
        }
      } else {
        if (groups.includes('behaviour')) {
          build(
            '_activity',
            activitySql(src, 'customer', asOf, p.trendDays, eventTypes, has),
            'activity, recency and time-of-day',
            0.15,
          );
          await ctx.db.exec(`CREATE OR REPLACE TABLE ${tmp('_baskets')} AS ${basketsSql(src, has)}`);
          temps.push('_baskets');
          build('_purchases', purchasesSql(src, asOf, p.trendDays, has), 'orders, spend and inter-purchase times', 0.3);
        }
        if (groups.includes('preferences')) {
          const categories = has.category ? await topCategories(ctx, tmp('_base'), p.topCategories, has, taken) : [];
          build('_preferences', preferencesSql(src, categories, has), 'category preferences', 0.45);
        }
      }
      if (groups.includes('profile')) {
        ctx.progress({ message: 'profile attributes', fraction: 0.55 });
        const profile = await profileSql(ctx, step, p, key, asOf, taken);
        profileSkipped = profile.skipped;
        await ctx.db.exec(`CREATE OR REPLACE TABLE ${tmp('_profile')} AS ${profile.sql}`);
        temps.push('_profile');
        parts.push({ table: '_profile', specs: profile.specs });
      }
      if (groups.includes('text')) {
        ctx.progress({ message: 'tokenising texts (TF-IDF, sentiment)', fraction: 0.65 });
        const keyCol: BaseKey = p.entity === 'customer' ? 'customer' : 'item';
        const text = await textFeatures(ctx, tmp('_base'), keyCol, { ...p, entityWord: `${p.entity}s` }, taken);
        vocabulary = text.vocabulary;
        await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp('_text')}`);
        if (text.entities > 0) await ctx.db.insertArrow(step.schema, '_text', text.ipc);
        else {
          const typed = text.specs.map((f) => `${ident(f.name)} ${f.kind === 'text' ? 'VARCHAR' : 'DOUBLE'}`);
          await ctx.db.exec(`CREATE TABLE ${tmp('_text')} (k VARCHAR${typed.map((t) => `, ${t}`).join('')})`);
        }
        temps.push('_text');
        parts.push({ table: '_text', specs: text.specs });
      }

      ctx.progress({ message: 'joining the feature table', fraction: 0.8 });
      const keyCol: BaseKey = p.entity === 'customer' ? 'customer' : 'item';
      // The activity (or item) group has one row for every key of the base table: without a
      // profile table (whose keys may add entities) it is the universe itself.
      const covering = p.profileTable
        ? undefined
        : parts.find((part) => part.table === '_activity' || part.table === '_item');
      const from = (part: (typeof parts)[number]) => (part.sql !== undefined ? `(${part.sql})` : tmp(part.table));
      const universe = [`SELECT DISTINCT ${keyCol} AS k FROM ${tmp('_base')}`];
      if (p.profileTable)
        universe.push(
          `SELECT DISTINCT CAST(${ident(p.profileKey ?? key)} AS VARCHAR) FROM ${tableRef(p.profileTable)} WHERE ${ident(p.profileKey ?? key)} IS NOT NULL`,
        );
      const select = parts.flatMap(({ table, specs }) =>
        specs.map(
          (f) =>
            (f.fill !== undefined
              ? `coalesce(${ident(table)}.${ident(f.name)}, ${f.fill})`
              : `${ident(table)}.${ident(f.name)}`) + ` AS ${ident(f.name)}`,
        ),
      );
      const uk = covering ? `${ident(covering.table)}.k` : 'u.k';
      const joins = parts
        .filter((part) => part !== covering)
        .map((part) => `LEFT JOIN ${from(part)} AS ${ident(part.table)} ON ${ident(part.table)}.k = ${uk}`)
        .join('\n');
      await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp('features')}`);
      await ctx.db
        .exec(`CREATE TABLE ${tmp('features')} AS SELECT ${uk} AS ${ident(key)}${select.length ? ', ' : ''}${select.join(', ')}
        FROM ${covering ? `${from(covering)} AS ${ident(covering.table)}` : `(${universe.join(' UNION ')}) u`} ${joins} ORDER BY ${uk}`);

      ctx.progress({ message: 'writing the catalogue', fraction: 0.92 });
      const specs = parts.flatMap((part) => part.specs);
      const catalog = await catalogRows(ctx, tmp('features'), specs);
      await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp('catalog')}`);
      await ctx.db.insertArrow(
        step.schema,
        'catalog',
        rowsToIPC(['name', 'group', 'kind', 'description', 'missing_pct', 'mean', 'min', 'max'], catalog),
      );
      const rows = Number((await ctx.db.query(`SELECT count(*)::DOUBLE AS n FROM ${tmp('features')}`)).rows[0]?.n ?? 0);

      const byGroup: Record<string, number> = {};
      for (const f of specs) byGroup[f.group] = (byGroup[f.group] ?? 0) + 1;
      return {
        tables: ['features', 'catalog'],
        summary: {
          entity: p.entity,
          key,
          rows,
          features: specs.length,
          groups: byGroup,
          skipped: groupsSkipped(p, has, !!cols.text),
          profileColumnsSkipped: profileSkipped,
          vocabulary,
          columns: Object.fromEntries(Object.entries(cols).filter(([, v]) => v)) as Record<string, Json>,
          asOf: asOf.slice(6, 16),
          trendDays: p.trendDays,
          catalog: catalog.map((c) => ({
            name: c.name,
            group: c.group,
            kind: c.kind,
            missingPct: c.missing_pct,
          })) as Json[],
          ms: Math.round(performance.now() - started),
        },
      };
    } finally {
      for (const t of temps) await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp(t)}`).catch(() => {});
    }
  },
});

/** Items (as `k`) with their co-purchase degree, computed over integer-coded (basket, item) pairs. */
async function copurchaseTable(ctx: OpContext, base: string): Promise<Uint8Array> {
  const pairs = `SELECT DISTINCT basket, item FROM ${base} WHERE is_purchase AND basket IS NOT NULL`;
  // Codes from small sorted dictionaries joined back (two hash joins), not from window sorts over all pairs.
  const coded = tableFromIPC(
    await ctx.db.arrowIPC(`WITH p AS (${pairs}),
      bd AS (SELECT basket, (row_number() OVER (ORDER BY basket) - 1)::INTEGER AS bi FROM (SELECT DISTINCT basket FROM p)),
      id AS (SELECT item, (row_number() OVER (ORDER BY item) - 1)::INTEGER AS ii FROM (SELECT DISTINCT item FROM p))
    SELECT bi, ii FROM p JOIN bd USING (basket) JOIN id USING (item)`),
  );
  const items = tableFromIPC(await ctx.db.arrowIPC(`SELECT DISTINCT item FROM (${pairs}) ORDER BY item`));
  const basketOf = Int32Array.from(coded.getChild('bi')!.toArray() as ArrayLike<number>);
  const itemOf = Int32Array.from(coded.getChild('ii')!.toArray() as ArrayLike<number>);
  const nBaskets = basketOf.reduce((m, v) => Math.max(m, v + 1), 0);
  const degree = copurchaseDegree(basketOf, itemOf, nBaskets, items.numRows);
  const names = items.getChild('item')!;
  return rowsToIPC(
    ['k', 'copurchase_degree'],
    Array.from(degree, (d, i) => ({ k: String(names.get(i)), copurchase_degree: d })),
  );
}

async function otherTable(ctx: OpContext, step: StepInput, field: string, ref: string): Promise<ColumnInfo[]> {
  return tableColumns(ctx.db, tableRef(ref)).catch(() => {
    throw stepError(step.id, field, `table '${ref}' does not exist`);
  });
}

type Resolved = Partial<Record<RoleName, string>> & { itemCategory?: boolean; itemPrice?: boolean };

/** Each role's column: the param, else the mapped role, else the name-inferred one. */
function resolveColumns(
  p: FeaturesParams,
  columns: ColumnInfo[],
  itemColumns: ColumnInfo[],
  mapped?: Record<string, string>,
): Resolved {
  const inferred = inferRoles(columns);
  const byRole = (role: Role, cs: ColumnInfo[], inf: Record<string, Role | undefined>, map?: Record<string, string>) =>
    cs.find((c) => map?.[c.name] === role)?.name ?? cs.find((c) => inf[c.name] === role && !map?.[c.name])?.name;
  const out: Resolved = {};
  for (const r of ROLE_PARAMS) out[r] = p[r] === null ? undefined : (p[r] ?? byRole(r, columns, inferred, mapped));
  if (p.itemTable) {
    const itemInferred = inferRoles(itemColumns);
    if (p.category !== null && (!p.category || !columns.some((c) => c.name === p.category))) {
      out.category = p.category ?? byRole('category', itemColumns, itemInferred);
      out.itemCategory = !!out.category;
    }
    if (p.price !== null && !out.price && !(out.amount && out.quantity)) {
      out.price = byRole('price', itemColumns, itemInferred);
      out.itemPrice = !!out.price;
    }
  }
  return out;
}

/** The base table (features/base.ts) from the input's columns, as the roles resolved them. */
function baseSql(step: StepInput, p: FeaturesParams, c: Resolved): string {
  const col = (name?: string) => (name ? `i.${ident(name)}` : 'NULL');
  const num = (name?: string) => (name ? `TRY_CAST(i.${ident(name)} AS DOUBLE)` : 'NULL::DOUBLE');
  const q = num(c.quantity);
  const amount = c.amount
    ? num(c.amount)
    : c.quantity && c.price && !c.itemPrice
      ? `${q} * ${num(c.price)}`
      : 'NULL::DOUBLE';
  const price = c.itemPrice
    ? `TRY_CAST(m.${ident(c.price!)} AS DOUBLE)`
    : c.price
      ? num(c.price)
      : c.amount && c.quantity
        ? `${num(c.amount)} / nullif(${q}, 0)`
        : 'NULL::DOUBLE';
  const category = c.itemCategory
    ? `CAST(m.${ident(c.category!)} AS VARCHAR)`
    : c.category
      ? `CAST(${col(c.category)} AS VARCHAR)`
      : 'NULL';
  const money = c.amount || (c.quantity && c.price && !c.itemPrice);
  const buy = c.event ? `CAST(${col(c.event)} AS VARCHAR) = ${literal(p.purchaseEvent)}` : 'TRUE';
  const key = p.entity === 'customer' ? c.customer : c.item;
  const join = p.itemTable
    ? `LEFT JOIN (SELECT DISTINCT ON (CAST(${ident(p.itemKey ?? c.item!)} AS VARCHAR)) * FROM ${tableRef(p.itemTable)}) AS m
         ON CAST(${col(c.item)} AS VARCHAR) = CAST(m.${ident(p.itemKey ?? c.item!)} AS VARCHAR)`
    : '';
  return `SELECT ${baseSelect({
    customer: `CAST(${col(c.customer)} AS VARCHAR)`,
    ts: `TRY_CAST(${col(c.time)} AS TIMESTAMP)`,
    event: `CAST(${col(c.event)} AS VARCHAR)`,
    basket: `CAST(${col(c.basket)} AS VARCHAR)`,
    item: `CAST(${col(c.item)} AS VARCHAR)`,
    qty: q,
    price,
    amount,
    weight: money ? amount : c.quantity ? q : '1.0',
    category,
    text_value: c.text ? `CAST(${col(c.text)} AS VARCHAR)` : 'NULL::VARCHAR',
    is_purchase: buy,
  })}
    FROM ${step.inputSql} AS i ${join}
    WHERE ${col(key)} IS NOT NULL AND TRY_CAST(${col(c.time)} AS TIMESTAMP) IS NOT NULL
      ${p.asOf ? `AND TRY_CAST(${col(c.time)} AS TIMESTAMP) < DATE ${literal(p.asOf)}` : ''}`;
}

function available(g: FeatureGroup, p: FeaturesParams, has: Available, text: boolean): string | null {
  if (g === 'item') return p.entity === 'item' ? null : 'only for entity = item';
  if (g === 'behaviour' || g === 'preferences') {
    if (p.entity === 'item') return `customer features (entity is item)`;
    if (g === 'preferences' && !has.category && !has.item) return 'needs a category or an item column';
    return null;
  }
  if (g === 'profile') return p.profileTable ? null : 'no profileTable';
  return text ? null : 'no text column';
}

function chooseGroups(p: FeaturesParams, has: Available, text: boolean, stepId: string): FeatureGroup[] {
  if (!p.groups) return GROUPS.filter((g) => available(g, p, has, text) === null);
  for (const g of p.groups) {
    const why = available(g, p, has, text);
    if (why) throw stepError(stepId, 'groups', `group '${g}' cannot be built: ${why}`);
  }
  return p.groups;
}

function groupsSkipped(p: FeaturesParams, has: Available, text: boolean): Json {
  if (p.groups) return {};
  return Object.fromEntries(GROUPS.map((g) => [g, available(g, p, has, text)]).filter(([, why]) => why !== null));
}

/** Most frequent values of `col` in `table` with unique feature names `prefix + slug`. */
async function topValues(
  ctx: OpContext,
  table: string,
  col: BaseColumn,
  limit: number,
  prefix: string,
  taken: Set<string>,
): Promise<Array<[string, string]>> {
  const res = await ctx.db.query(
    `SELECT ${col} AS v, count(*) AS n FROM ${table} WHERE ${col} IS NOT NULL GROUP BY ${col} ORDER BY n DESC, v LIMIT ${limit}`,
  );
  const values = res.rows.map((r) => String(r.v));
  return values.map((v, i) => [
    v,
    uniqueNames(
      values.map((x) => prefix + slug(x)),
      new Set(taken),
    )[i]!,
  ]);
}

/** The categories with the most weight (money, else units, else lines) across all purchases. */
async function topCategories(
  ctx: OpContext,
  table: string,
  k: number,
  _has: Available,
  taken: Set<string>,
): Promise<Array<[string, string]>> {
  if (k === 0) return [];
  const res = await ctx.db.query(
    `SELECT category AS v, sum(weight) AS s FROM ${table} WHERE is_purchase AND weight > 0 AND category IS NOT NULL GROUP BY category ORDER BY s DESC, category LIMIT ${k}`,
  );
  const values = res.rows.map((r) => String(r.v));
  const names = uniqueNames(
    values.map((v) => `share_${slug(v)}`),
    new Set(taken),
  );
  return values.map((v, i) => [v, names[i]!]);
}

/** Catalogue rows: each feature's description with its missing share and range over the table. */
async function catalogRows(
  ctx: OpContext,
  table: string,
  specs: FeatureSpec[],
): Promise<Array<Record<string, string | number | null>>> {
  const numeric = specs.filter((f) => f.kind !== 'text');
  const parts = specs.map((f, i) => `count(${ident(f.name)})::DOUBLE AS n${i}`);
  numeric.forEach((f) => {
    const i = specs.indexOf(f);
    parts.push(
      `avg(${ident(f.name)})::DOUBLE AS mean${i}`,
      `min(${ident(f.name)})::DOUBLE AS min${i}`,
      `max(${ident(f.name)})::DOUBLE AS max${i}`,
    );
  });
  const row = specs.length
    ? (await ctx.db.query(`SELECT count(*)::DOUBLE AS rows, ${parts.join(', ')} FROM ${table}`)).rows[0]!
    : { rows: 0 };
  const rows = Number(row.rows);
  const val = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return specs.map((f, i) => ({
    name: f.name,
    group: f.group,
    kind: f.kind,
    description: f.description,
    missing_pct: rows ? (100 * (rows - Number(row[`n${i}`]))) / rows : 0,
    mean: val(row[`mean${i}`]),
    min: val(row[`min${i}`]),
    max: val(row[`max${i}`]),
  }));
}
