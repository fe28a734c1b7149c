import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident } from '../../data/sql';
import { runOp } from '../../../test-support/run-op';
import { featuresOp } from './';
import type { OpContext } from '../types';
import { loadSource } from '../load';
import { auc } from '../../ml/metrics';
import { generateSamples, PLANTED, SEGMENTS } from '../../../samples/generate';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
  // A: browses I1, orders I1 ×2 + I2 (O1), reorders I1 (O2), reviews I1. B: browses and buys I2 (O3). C: profile only.
  await db.exec(`CREATE TABLE ev (customer_id VARCHAR, ts TIMESTAMP, event_type VARCHAR, item_id VARCHAR, order_id VARCHAR,
    quantity INTEGER, price DOUBLE, amount DOUBLE, review_text VARCHAR)`);
  await db.exec(`INSERT INTO ev VALUES
    ('A', '2025-01-01 10:00:00', 'view', 'I1', NULL, NULL, NULL, NULL, NULL),
    ('A', '2025-01-01 10:05:00', 'purchase', 'I1', 'O1', 2, 5, 10, NULL),
    ('A', '2025-01-01 10:05:00', 'purchase', 'I2', 'O1', 1, 20, 20, NULL),
    ('A', '2025-01-11 20:00:00', 'purchase', 'I1', 'O2', 1, 5, 5, NULL),
    ('A', '2025-01-21 20:00:00', 'review', 'I1', NULL, NULL, NULL, NULL, 'Great knife, love it'),
    ('B', '2025-01-15 03:00:00', 'view', 'I2', NULL, NULL, NULL, NULL, NULL),
    ('B', '2025-01-20 09:00:00', 'purchase', 'I2', 'O3', 1, 30, 30, NULL)`);
  await db.exec(`CREATE TABLE items (item_id VARCHAR, category VARCHAR, list_price DOUBLE)`);
  await db.exec(`INSERT INTO items VALUES ('I1', 'Kitchen', 5), ('I2', 'Garden', 20)`);
  await db.exec(
    `CREATE TABLE people (customer_id VARCHAR, age INTEGER, city VARCHAR, signup DATE, email VARCHAR, churned INTEGER)`,
  );
  await db.exec(`INSERT INTO people VALUES ('A', 30, 'Paris', '2024-12-01', 'a@x.org', 0), ('B', 40, 'London', '2025-01-10', 'b@x.org', 1),
    ('C', 50, '上海', '2025-01-01', 'c@x.org', 1)`);
});
afterAll(() => db.close());

async function features(id: string, params: Record<string, unknown>, table = 'ev') {
  const result = await runOp(db, featuresOp, id, table, params, ctx);
  const rows = (await db.query(`SELECT * FROM ${ident(id)}.features`)).rows;
  const catalog = (await db.query(`SELECT * FROM ${ident(id)}.catalog`)).rows;
  const tables = (
    await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${id}' ORDER BY 1`)
  ).rows.map((r) => r.table_name);
  return { result, rows, catalog, tables, of: (k: string) => rows.find((r) => r[Object.keys(r)[0]!] === k)! };
}

describe('features op: customers, on a hand-checked log', () => {
  // Reference date: the day after the last event (2025-01-21) = 2025-01-22. trendDays 10: "last" is
  // from 2025-01-12, "previous" is 2025-01-02 … 2025-01-11.
  const params = { itemTable: 'items', profileTable: 'people', trendDays: 10, minDf: 1 };

  it('builds behaviour features by hand', async () => {
    const { of, rows, tables, result } = await features('f_all', params);
    expect(tables).toEqual(['catalog', 'features']); // working tables are gone
    expect(rows.map((r) => r.customer_id)).toEqual(['A', 'B', 'C']); // C has a profile but no events
    expect(result.summary).toMatchObject({ entity: 'customer', key: 'customer_id', rows: 3, asOf: '2025-01-22' });
    const a = of('A');
    // Event types by frequency: purchase (4), view (2), review (1).
    expect(a).toMatchObject({
      events: 5,
      n_purchase: 3,
      n_view: 1,
      n_review: 1,
      active_days: 3,
      tenure_days: 21,
      days_since_last_event: 1,
    });
    expect(a).toMatchObject({ events_last_10d: 1, events_prev_10d: 1, trend_events: 0 });
    expect(a).toMatchObject({ share_night: 0, share_morning: 0.6, share_afternoon: 0, share_evening: 0.4 });
    // 2025-01-01 is a Wednesday, 01-11 a Saturday, 01-21 a Tuesday.
    expect(a).toMatchObject({ share_wed: 0.6, share_sat: 0.2, share_tue: 0.2, share_mon: 0 });
    // Orders O1 (2 lines, 3 units, 30) and O2 (1 line, 1 unit, 5).
    expect(a).toMatchObject({ orders: 2, purchase_lines: 3, units: 4, spend: 35, avg_order_value: 17.5 });
    expect(a).toMatchObject({ basket_lines_mean: 1.5, basket_lines_max: 2, basket_units_mean: 2, recency_days: 11 });
    expect(a).toMatchObject({
      orders_last_10d: 0,
      orders_prev_10d: 1,
      trend_orders: -1,
      spend_last_10d: 0,
      spend_prev_10d: 5,
      trend_spend: -1,
    });
    // One gap: 2025-01-01 10:05 → 2025-01-11 20:00 = 10 days 9 h 55 min.
    expect(a.ipt_mean_days as number).toBeCloseTo(10 + (9 * 60 + 55) / 1440, 9);
    expect(a.ipt_max_days as number).toBeCloseTo(10 + (9 * 60 + 55) / 1440, 9);
    expect(a.ipt_sd_days).toBeNull();

    const b = of('B');
    expect(b).toMatchObject({
      events: 2,
      n_purchase: 1,
      n_view: 1,
      n_review: 0,
      active_days: 2,
      tenure_days: 7,
      days_since_last_event: 2,
    });
    expect(b).toMatchObject({
      events_last_10d: 2,
      events_prev_10d: 0,
      trend_events: 1,
      share_night: 0.5,
      share_morning: 0.5,
      share_wed: 0.5,
      share_mon: 0.5,
    });
    expect(b).toMatchObject({ orders: 1, spend: 30, recency_days: 2, trend_orders: 1, ipt_mean_days: null });

    // No events: counts and shares 0, everything measured NULL.
    expect(of('C')).toMatchObject({
      events: 0,
      orders: 0,
      spend: 0,
      active_days: 0,
      recency_days: null,
      tenure_days: null,
      avg_order_value: null,
      share_garden: 0,
    });
  });

  it('builds preferences from categories joined from the item table', async () => {
    const { of } = await features('f_pref', { ...params, groups: ['preferences'] });
    // Spend per category overall: Garden 50, Kitchen 15 → share_garden comes first.
    // A: Kitchen 10 + 5 = 15, Garden 20, of 35. Category mean prices over purchase lines: Kitchen 5, Garden 25.
    const a = of('A');
    expect(Object.keys(a).slice(1, 3)).toEqual(['share_garden', 'share_kitchen']);
    expect(a.share_garden as number).toBeCloseTo(20 / 35, 12);
    expect(a.share_kitchen as number).toBeCloseTo(15 / 35, 12);
    expect(a).toMatchObject({ distinct_items: 2, distinct_categories: 2 });
    const entropy = -((15 / 35) * Math.log2(15 / 35) + (20 / 35) * Math.log2(20 / 35));
    expect(a.category_entropy as number).toBeCloseTo(entropy, 12);
    expect(a.price_level as number).toBeCloseTo((5 / 5 + 20 / 25 + 5 / 5) / 3, 12);
    expect(of('B')).toMatchObject({
      share_garden: 1,
      share_kitchen: 0,
      distinct_items: 1,
      category_entropy: 0,
      price_level: 1.2,
    });
  });

  it('one-hots profile text with a level cap, keeps numbers, turns dates into days and leaves out PII and labels', async () => {
    const { of, result } = await features('f_prof', { ...params, groups: ['profile'], maxLevels: 2 });
    const cols = Object.keys(of('A'));
    // email (PII) and churned (a label) are not features unless named.
    expect(cols).toEqual(['customer_id', 'age', 'city_london', 'city_paris', 'city_other', 'signup_days']);
    expect(of('A')).toMatchObject({ age: 30, city_london: 0, city_paris: 1, city_other: 0, signup_days: 52 });
    expect(of('C')).toMatchObject({ age: 50, city_london: 0, city_paris: 0, city_other: 1, signup_days: 21 });
    expect(result.summary.groups).toEqual({ profile: 5 });
    const named = await features('f_prof2', { ...params, groups: ['profile'], profileColumns: ['city', 'churned'] });
    expect(Object.keys(named.of('A'))).toEqual(['customer_id', 'city_london', 'city_paris', 'city_上海', 'churned']);
  });

  it('computes text features with sentiment and TF-IDF', async () => {
    const { of, catalog } = await features('f_text', { ...params, groups: ['text'] });
    // One document (A's review): tokens great, knife, love (it is a stopword); idf = ln(2/2) + 1 = 1.
    const a = of('A');
    expect(a).toMatchObject({
      n_texts: 1,
      text_len_mean: 20,
      sentiment_mean: 1,
      top_terms: '["great","knife","love"]',
    });
    for (const t of ['great', 'knife', 'love']) expect(a[`tfidf_${t}`] as number).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(of('B')).toMatchObject({ n_texts: 0, sentiment_mean: null, tfidf_great: 0, top_terms: null });
    expect(catalog.find((c) => c.name === 'tfidf_knife')).toMatchObject({ group: 'text', kind: 'numeric' });
  });

  it('writes a catalogue with descriptions and missing shares', async () => {
    const { catalog, rows } = await features('f_cat', params);
    expect(catalog.length).toBe(Object.keys(rows[0]!).length - 1);
    const recency = catalog.find((c) => c.name === 'recency_days')!;
    // C never ordered: 1 of 3 missing.
    expect(recency).toMatchObject({ group: 'behaviour', kind: 'days', min: 2, max: 11 });
    expect(recency.missing_pct as number).toBeCloseTo(100 / 3, 9);
    expect(recency.description).toMatch(/last order/);
    expect(catalog.find((c) => c.name === 'orders')).toMatchObject({ missing_pct: 0, mean: 1 });
  });

  it('cuts at asOf: nothing on or after the reference date is used', async () => {
    const { of, result } = await features('f_asof', { groups: ['behaviour'], asOf: '2025-01-11', trendDays: 10 });
    expect(result.summary.asOf).toBe('2025-01-11');
    // Only A's three rows of 2025-01-01 remain; B has no rows before the cut-off.
    expect(of('A')).toMatchObject({ events: 3, orders: 1, spend: 30, recency_days: 10, tenure_days: 10 });
    expect(result.summary.rows).toBe(1);
  });

  it('builds item features', async () => {
    const { of } = await features('f_item', { entity: 'item', itemTable: 'items' });
    // I1: A views, buys in O1 and O2, reviews. I2: A buys in O1, B views and buys in O3.
    expect(of('I1')).toMatchObject({
      events: 4,
      n_purchase: 2,
      n_view: 1,
      purchase_lines: 2,
      orders: 2,
      buyers: 1,
      units: 3,
      revenue: 15,
      price_mean: 5,
      repeat_rate: 1,
      copurchase_degree: 1,
      buyer_share: 1,
      days_since_last_sale: 11,
      category: 'Kitchen',
    });
    expect(of('I2')).toMatchObject({
      events: 3,
      purchase_lines: 2,
      orders: 2,
      buyers: 2,
      units: 2,
      revenue: 50,
      price_mean: 25,
      repeat_rate: 0,
      copurchase_degree: 1,
      days_since_last_sale: 2,
      category: 'Garden',
    });
  });

  it('says clearly what is wrong', async () => {
    await expect(features('f_bad1', { purchaseEvent: 'order' })).rejects.toThrow(
      /no 'event_type' value equals 'order' \(values: purchase, review, view\)/,
    );
    await expect(features('f_bad2', { groups: ['profile'] })).rejects.toThrow(
      /group 'profile' cannot be built: no profileTable/,
    );
    await expect(features('f_bad3', { profileTable: 'nope' })).rejects.toThrow(/table 'nope' does not exist/);
    await db.exec(
      `CREATE TABLE dup_people AS SELECT * FROM people UNION ALL SELECT * FROM people WHERE customer_id = 'A'`,
    );
    await expect(features('f_bad4', { profileTable: 'dup_people' })).rejects.toThrow(
      /'customer_id' repeats in 'dup_people'/,
    );
    await db.exec(`CREATE TABLE notime AS SELECT customer_id, item_id FROM ev`);
    await expect(features('f_bad5', {}, 'notime')).rejects.toThrow(/no time column/);
  });

  it('takes null for "no such column": nothing is guessed for it', async () => {
    const guessed = await features('f_null1', { groups: ['behaviour', 'text'] });
    expect(guessed.result.summary.columns).toMatchObject({ text: 'review_text', quantity: 'quantity' });
    const none = await features('f_null2', { text: null, quantity: null });
    expect(none.result.summary.columns).not.toHaveProperty('text');
    expect(none.result.summary.groups).not.toHaveProperty('text');
    expect(Object.keys(none.of('A'))).not.toContain('units');
  });

  it('copes with hostile column names', async () => {
    await db.exec(`CREATE TABLE hostile AS SELECT customer_id AS "the ""client""", ts AS "when?", event_type AS "事件", order_id AS "order id",
      quantity AS "qty", price AS "unit price", item_id AS "商品" FROM ev`);
    const { of } = await features(
      'f_hostile',
      {
        customer: 'the "client"',
        time: 'when?',
        event: '事件',
        basket: 'order id',
        quantity: 'qty',
        price: 'unit price',
        item: '商品',
      },
      'hostile',
    );
    expect(of('A')).toMatchObject({ orders: 2, units: 4, spend: 35, distinct_items: 2 });
  });
});

describe('features op on the generated sample shop: the planted structure shows', () => {
  let rows: Record<string, unknown>[] = [];
  let summary: Record<string, unknown> = {};
  beforeAll(async () => {
    const { events, items, customers } = generateSamples();
    for (const [name, csv] of [
      ['s_events', events],
      ['s_items', items],
      ['s_customers', customers],
    ] as const) {
      await loadSource(ctx, { name, file: `${name}.csv` }, new Blob([csv]));
    }
    const result = await runOp(
      db,
      featuresOp,
      'f_shop',
      's_events',
      {
        itemTable: 's_items',
        profileTable: 's_customers',
        profileColumns: ['age', 'gender', 'city', 'signup_date'],
        textTerms: 60,
      },
      ctx,
    );
    summary = result.summary;
    rows = (
      await db.query(`SELECT f.*, c.planted_segment, c.churned, r.rating FROM f_shop.features f JOIN s_customers c USING (customer_id)
      LEFT JOIN (SELECT customer_id, avg(rating) AS rating FROM s_events WHERE rating IS NOT NULL GROUP BY 1) r USING (customer_id)`)
    ).rows;
  });
  const bySegment = (f: string) => {
    const out: Record<string, number> = {};
    for (const s of SEGMENTS) {
      const vs = rows.filter((r) => r.planted_segment === s).map((r) => Number(r[f]));
      out[s] = vs.reduce((a, v) => a + v, 0) / vs.length;
    }
    return out;
  };

  it('has one row per customer, those without events included', () => {
    expect(rows.length).toBe(2000);
    expect(summary.rows).toBe(2000);
    expect(rows.filter((r) => r.events === 0).length).toBe(172);
  });

  it('ranks churn by recency as PLANTED.md measured (AUC ≈ 0.93 for days since the last event)', () => {
    const active = rows.filter((r) => r.days_since_last_event !== null);
    const value = auc(
      active.map((r) => Number(r.days_since_last_event)),
      active.map((r) => Number(r.churned)),
    );
    expect(value).toBeGreaterThan(0.9);
    expect(value).toBeLessThan(0.97);
  });

  it('orders per customer follow the planted segment order, and premium shoppers buy Fashion', () => {
    const orders = bySegment('orders');
    const rank = [...SEGMENTS].sort((a, b) => orders[b]! - orders[a]!);
    expect(rank).toEqual(PLANTED.ordersPerCustomerRank);
    const fashion = bySegment('share_fashion');
    expect(fashion.premium_shopper!).toBeGreaterThan(2 * fashion.bargain_hunter!);
    // Price level is NULL for customers who never bought: compare the buyers only.
    const level = (s: string) => {
      const vs = rows
        .filter((r) => r.planted_segment === s && r.price_level !== null)
        .map((r) => Number(r.price_level));
      return vs.reduce((a, v) => a + v, 0) / vs.length;
    };
    // Planted price taste: premium +1.5 > loyal +0.3 > window 0 > bargain −1.2 (PLANTED.md §2).
    const byLevel = [...SEGMENTS].sort((a, b) => level(b) - level(a));
    expect(byLevel).toEqual(['premium_shopper', 'loyal_regular', 'window_browser', 'bargain_hunter']);
    expect(level('premium_shopper')).toBeGreaterThan(1);
    expect(level('bargain_hunter')).toBeLessThan(1);
  });

  it('sees the evening peak of the planted hour weights', () => {
    const mean = (f: string) => rows.filter((r) => r.events !== 0).reduce((a, r) => a + Number(r[f]), 0) / 1828;
    expect(mean('share_evening')).toBeGreaterThan(2 * mean('share_night'));
  });

  it('sentiment follows the star rating, and Chinese reviews give word terms', () => {
    const rated = rows.filter((r) => r.rating !== null && r.sentiment_mean !== null);
    expect(rated.length).toBeGreaterThan(500);
    expect(
      pearson(
        rated.map((r) => Number(r.rating)),
        rated.map((r) => Number(r.sentiment_mean)),
      ),
    ).toBeGreaterThan(0.7);
    const vocabulary = summary.vocabulary as string[];
    expect(vocabulary.length).toBe(60);
    const han = vocabulary.filter((t) => /\p{Script=Han}/u.test(t));
    expect(han.length).toBeGreaterThan(0);
    expect(han.some((t) => [...t].length >= 2)).toBe(true);
  });
});

function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, v) => a + v, 0) / x.length;
  const my = y.reduce((a, v) => a + v, 0) / y.length;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i]! - my);
    sxx += (v - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}
