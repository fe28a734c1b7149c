import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { resolve } from 'node:path';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident, literal } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { SHARED_DATA, sharedFile } from '../../../test-support/shared-data';
import { profileOp, type ProfileParams } from './';
import type { OpContext } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create({ allow: [SHARED_DATA, resolve(import.meta.dirname, '../../../../public/samples')] });
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
});
afterAll(() => db.close());

/** Run the op on `table` into schema `id`, as the engine would. */
async function profile(id: string, table: string, params: Partial<ProfileParams> = {}) {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(id)}`);
  const inputSql = ident(table);
  const step = { id, schema: id, schemaSql: ident(id), inputSql, inputColumns: await tableColumns(db, inputSql) };
  const result = await profileOp.run(ctx, step, profileOp.params.parse(params));
  const read = async (t: string, order: string) =>
    (await db.query(`SELECT * FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`)).rows;
  return {
    result,
    columns: await db.query(`SELECT * FROM ${ident(id)}.columns`).then((r) => r.rows),
    histograms: (column: string) =>
      db
        .query(`SELECT * FROM ${ident(id)}.histograms WHERE "column" = ${literal(column)} ORDER BY bin`)
        .then((r) => r.rows),
    topValues: (column: string) =>
      db
        .query(`SELECT * FROM ${ident(id)}.top_values WHERE "column" = ${literal(column)} ORDER BY rank`)
        .then((r) => r.rows),
    correlations: () => read('correlations', 'a, b'),
  };
}

describe('profile op on a hand-made table', () => {
  beforeAll(async () => {
    // b = 2a + 1 (exactly linear), c = 5 - a (anti-linear), k constant, e with two missing.
    await db.exec(
      `CREATE TABLE tiny (a INTEGER, b DOUBLE, c DOUBLE, e DOUBLE, s VARCHAR, d DATE, ts TIMESTAMP, k INTEGER)`,
    );
    await db.exec(`INSERT INTO tiny VALUES
      (1,    3,    4,    1.0,  'b',  DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00', 7),
      (2,    5,    3,    2.0,  'a',  DATE '2024-01-01', TIMESTAMP '2024-01-01 12:00:00', 7),
      (3,    7,    2,    3.0,  'b',  DATE '2024-01-03', TIMESTAMP '2024-01-02 00:00:00', 7),
      (4,    9,    1,    4.0,  NULL, NULL,              NULL,                            7),
      (10,   21,   -5,   NULL, 'c',  NULL,              NULL,                            7),
      (NULL, NULL, NULL, NULL, 'b',  NULL,              NULL,                            7)`);
  });

  it('computes per-column statistics checked by hand', async () => {
    const { columns, result } = await profile('p_tiny', 'tiny');
    expect(columns.map((c) => c.column)).toEqual(['a', 'b', 'c', 'e', 's', 'd', 'ts', 'k']);
    const col = (name: string) => columns.find((c) => c.column === name)!;

    // a = 1, 2, 3, 4, 10: mean 4; squared deviations 9+4+1+0+36 = 50, sample variance 50/4.
    expect(col('a')).toMatchObject({
      type: 'INTEGER',
      kind: 'numeric',
      count: 5,
      missing: 1,
      distinct: 5,
      min: '1',
      max: '10',
      mean: 4,
      q25: 2,
      q50: 3,
      q75: 4,
    });
    expect(col('a').missing_pct as number).toBeCloseTo(100 / 6, 10);
    expect(col('a').std as number).toBeCloseTo(Math.sqrt(12.5), 12);
    // e = 1, 2, 3, 4: quartiles interpolate (positions 0.75, 1.5, 2.25); variance (2.25+0.25+0.25+2.25)/3.
    expect(col('e')).toMatchObject({
      count: 4,
      missing: 2,
      mean: 2.5,
      q25: 1.75,
      q50: 2.5,
      q75: 3.25,
      min: '1.0',
      max: '4.0',
    });
    expect(col('e').std as number).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(col('e').missing_pct as number).toBeCloseTo(100 / 3, 10);
    // k is constant: std 0, every quartile 7.
    expect(col('k')).toMatchObject({
      count: 6,
      missing: 0,
      distinct: 1,
      mean: 7,
      std: 0,
      q25: 7,
      q50: 7,
      q75: 7,
      top_value: '7',
      top_count: 6,
    });
    // Non-numeric columns: no numeric statistics, min/max as text.
    expect(col('s')).toMatchObject({
      kind: 'text',
      count: 5,
      missing: 1,
      distinct: 3,
      min: 'a',
      max: 'c',
      mean: null,
      std: null,
      q25: null,
      q50: null,
      q75: null,
      top_value: 'b',
      top_count: 3,
    });
    expect(col('d')).toMatchObject({
      kind: 'temporal',
      count: 3,
      missing: 3,
      min: '2024-01-01',
      max: '2024-01-03',
      mean: null,
      top_value: '2024-01-01',
      top_count: 2,
    });
    expect(col('ts')).toMatchObject({ min: '2024-01-01 00:00:00', max: '2024-01-02 00:00:00' });

    expect(result.tables).toEqual(['columns', 'histograms', 'top_values', 'correlations']);
    expect(result.summary).toMatchObject({
      rows: 6,
      columns: 8,
      numericColumns: 5,
      temporalColumns: 2,
      missingCells: 1 + 1 + 1 + 2 + 1 + 3 + 3,
    });
    // Fixed widths × rows + string bytes: a,k 4 each; b,c,e 8; d 4; ts 8; s 'b','a','b','c','b' = 5 bytes.
    expect(result.summary.bytes).toBe(6 * (4 + 8 + 8 + 8 + 4 + 8 + 4) + 5);
  });

  it('ranks top values with shares of the non-missing values, ties broken by value', async () => {
    const { topValues } = await profile('p_tiny', 'tiny');
    expect((await topValues('s')).map((r) => [r.rank, r.value, r.count, r.share])).toEqual([
      [1, 'b', 3, 0.6],
      [2, 'a', 1, 0.2],
      [3, 'c', 1, 0.2],
    ]);
    expect((await topValues('a')).map((r) => r.value)).toEqual(['1', '10', '2', '3', '4']);
    const few = await profile('p_tiny2', 'tiny', { topValues: 2 });
    expect((await few.topValues('s')).map((r) => r.value)).toEqual(['b', 'a']);
  });

  it('bins numbers, dates and timestamps', async () => {
    const { histograms } = await profile('p_tiny', 'tiny');
    // a is an integer column spanning 10 values (<= 20 bins): one bin per value, [v, v+1).
    const a = await histograms('a');
    expect(a.map((r) => r.count)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 1]);
    expect([a[0]!.lo, a[0]!.hi, a[9]!.lo, a[9]!.hi]).toEqual(['1', '2', '10', '11']);
    // b = 3..21 in 20 equal bins of 0.9: 3 → 0, 5 → 2, 7 → 4, 9 → 6, 21 → 19 (the max goes in the last bin).
    const b = await histograms('b');
    expect(b).toHaveLength(20);
    expect(b.flatMap((r) => (r.count ? [[r.bin, r.count]] : []))).toEqual([
      [0, 1],
      [2, 1],
      [4, 1],
      [6, 1],
      [19, 1],
    ]);
    expect([b[0]!.lo_num, b[19]!.hi_num]).toEqual([3, 21]);
    expect(b[1]!.lo_num as number).toBeCloseTo(3.9, 12);
    // A constant column gets one bin.
    expect((await histograms('k')).map((r) => [r.bin, r.lo, r.hi, r.count])).toEqual([[0, '7', '7', 6]]);
    // A DATE column spanning 3 days: one bin per day.
    expect((await histograms('d')).map((r) => [r.lo, r.hi, r.count])).toEqual([
      ['2024-01-01', '2024-01-02', 2],
      ['2024-01-02', '2024-01-03', 0],
      ['2024-01-03', '2024-01-04', 1],
    ]);
    // Timestamps: 20 equal bins over 24 hours; 12:00 falls in bin 10.
    const ts = await histograms('ts');
    expect(ts).toHaveLength(20);
    expect(ts.flatMap((r) => (r.count ? [r.bin] : []))).toEqual([0, 10, 19]);
    expect([ts[0]!.lo, ts[0]!.hi, ts[19]!.hi]).toEqual([
      '2024-01-01 00:00:00',
      '2024-01-01 01:12:00',
      '2024-01-02 00:00:00',
    ]);
    // Strings get no histogram.
    expect(await histograms('s')).toEqual([]);
  });

  it('honours `bins` with equal-width bins', async () => {
    const { histograms } = await profile('p_tiny3', 'tiny', { bins: 3 });
    // a: 1..10 in bins of 3: [1,4) holds 1,2,3; [4,7) holds 4; [7,10] holds 10.
    expect((await histograms('a')).map((r) => [r.lo_num, r.hi_num, r.count])).toEqual([
      [1, 4, 3],
      [4, 7, 1],
      [7, 10, 1],
    ]);
    // b: 3..21 in bins of 6: 3,5,7 | 9 | 21.
    expect((await histograms('b')).map((r) => [r.lo, r.hi, r.count])).toEqual([
      ['3.0', '9.0', 3],
      ['9.0', '15.0', 1],
      ['15.0', '21.0', 1],
    ]);
  });

  it('correlates every pair of numeric columns: linear 1, anti-linear -1, constant NULL', async () => {
    const { correlations } = await profile('p_tiny', 'tiny');
    const rows = await correlations();
    expect(rows).toHaveLength(10); // 5 numeric columns
    const r = (a: string, b: string) => rows.find((x) => x.a === a && x.b === b)!.r;
    expect(r('a', 'b') as number).toBeCloseTo(1, 12);
    expect(r('a', 'c') as number).toBeCloseTo(-1, 12);
    expect(r('b', 'c') as number).toBeCloseTo(-1, 12);
    expect(r('a', 'e') as number).toBeCloseTo(1, 12); // over the 4 rows where both are present
    expect(r('a', 'k')).toBeNull();
  });

  it('profiles only the chosen columns and rejects unknown ones', async () => {
    const { columns, result, correlations } = await profile('p_tiny4', 'tiny', { columns: ['s', 'b'] });
    expect(columns.map((c) => c.column)).toEqual(['s', 'b']);
    expect(result.summary.columns).toBe(2);
    expect(await correlations()).toEqual([]);
    await expect(profile('p_tiny5', 'tiny', { columns: ['nope'] })).rejects.toThrow(/column 'nope' not found/);
    expect(() => profileOp.params.parse({ bins: 0 })).toThrow();
    expect(() => profileOp.params.parse({ extra: 1 })).toThrow();
    expect(profileOp.params.parse({})).toEqual({ bins: 20, topValues: 10 });
  });
});

describe('profile op with hostile names and awkward types', () => {
  it('quotes every name and handles types that have no numeric summary', async () => {
    await db.exec(`CREATE TABLE "my ""odd"" table" (
      "we""ird col" INTEGER, "select" DOUBLE, "客户 ID" VARCHAR, "a.b" DATE, "it's" VARCHAR, "__proto__" VARCHAR, "constructor" BIGINT,
      l INTEGER[], st STRUCT(x INTEGER, y VARCHAR), m MAP(VARCHAR, INTEGER), bl BOOLEAN, bb BLOB, u UUID, iv INTERVAL, tm TIME,
      tz TIMESTAMPTZ, h HUGEINT, dec DECIMAL(10, 2), en ENUM('x', 'y'), fl FLOAT)`);
    await db.exec(`INSERT INTO "my ""odd"" table" VALUES
      (1, 2.5, '张三', DATE '2020-01-01', 'o''brien', 'p', 1, [1, 2], {'x': 1, 'y': 'a'}, MAP {'k': 1}, true, '\\xAA'::BLOB,
       '00000000-0000-0000-0000-000000000001', INTERVAL 1 DAY, TIME '10:00:00', TIMESTAMPTZ '2020-01-01 00:00:00+00', 123, 1.25, 'x', 'nan'::FLOAT),
      (NULL, 3.5, NULL, DATE '2020-01-05', NULL, NULL, 2, [], NULL, NULL, false, NULL, NULL, NULL, NULL, NULL,
       170141183460469231731687303715884105727, 2.75, 'y', 1.5),
      (3, NULL, '李四', NULL, 'x', 'q', 3, NULL, {'x': 2, 'y': NULL}, MAP {}, NULL, NULL, NULL, INTERVAL 2 HOURS, NULL, NULL, NULL, NULL, NULL, 'inf'::FLOAT)`);
    const { columns, result, topValues, histograms, correlations } = await profile('p_odd', 'my "odd" table');
    const names = [
      'we"ird col',
      'select',
      '客户 ID',
      'a.b',
      "it's",
      '__proto__',
      'constructor',
      'l',
      'st',
      'm',
      'bl',
      'bb',
      'u',
      'iv',
      'tm',
      'tz',
      'h',
      'dec',
      'en',
      'fl',
    ];
    expect(columns.map((c) => c.column)).toEqual(names);
    const col = (name: string) => columns.find((c) => c.column === name)!;
    expect(col('we"ird col')).toMatchObject({ count: 2, mean: 2, min: '1', max: '3' });
    expect(col('select')).toMatchObject({ count: 2, mean: 3, q50: 3 });
    expect(col('客户 ID')).toMatchObject({ count: 2, min: '张三', max: '李四' });
    expect(col("it's")).toMatchObject({ count: 2, top_value: "o'brien" });
    expect(col('l')).toMatchObject({ kind: 'complex', count: 2, mean: null });
    expect(col('st')).toMatchObject({ kind: 'complex', count: 2 });
    expect(col('bl')).toMatchObject({ kind: 'boolean', count: 2, min: 'false', max: 'true', mean: null });
    expect(col('h')).toMatchObject({ kind: 'numeric', count: 2, min: '123' });
    expect(col('dec')).toMatchObject({ kind: 'numeric', mean: 2, q25: 1.625 }); // DECIMAL quartiles in DOUBLE, not truncated
    expect(col('fl')).toMatchObject({ kind: 'numeric', count: 3, mean: 1.5, std: null }); // NaN and inf left out
    expect(col('tz')).toMatchObject({ kind: 'temporal', count: 1 });
    for (const name of ['bb', 'u', 'iv', 'tm', 'm', 'en']) expect(col(name).count, name).toBeGreaterThan(0);
    expect((await topValues('__proto__')).map((r) => r.value)).toEqual(['p', 'q']);
    expect((await topValues('l')).map((r) => r.value)).toEqual(['[1, 2]', '[]']);
    expect((await histograms('a.b')).map((r) => r.count)).toEqual([1, 0, 0, 0, 1]);
    expect((await histograms('fl')).map((r) => r.count)).toEqual([1]);
    // Correlations among we"ird col, select, constructor, h, dec, fl.
    const corr = await correlations();
    expect(corr).toHaveLength(15);
    expect(corr.find((r) => r.a === 'we"ird col' && r.b === 'constructor')!.r as number).toBeCloseTo(1, 12);
    expect(Object.keys(result.summary.roles as object)).toContain('__proto__');
    expect(result.summary.rows).toBe(3);
  });

  it('is not confused by columns named like its own aliases', async () => {
    await db.exec(`CREATE TABLE aliases AS SELECT range AS i, range % 3 AS n, 'x' || (range % 2) AS v, range * 2 AS bin, range AS "rows", range AS c0_n, range AS value
      FROM range(10)`);
    const { columns, topValues, histograms, correlations } = await profile('p_alias', 'aliases');
    expect(columns.map((c) => [c.column, c.count, c.distinct])).toEqual([
      ['i', 10, 10],
      ['n', 10, 3],
      ['v', 10, 2],
      ['bin', 10, 10],
      ['rows', 10, 10],
      ['c0_n', 10, 10],
      ['value', 10, 10],
    ]);
    expect((await topValues('n')).map((r) => [r.value, r.count])).toEqual([
      ['0', 4],
      ['1', 3],
      ['2', 3],
    ]);
    // bin = 0, 2, …, 18: an integer range of 19 values, one bin each.
    expect((await histograms('bin')).map((r) => r.count)).toEqual(
      Array.from({ length: 19 }, (_, k) => (k % 2 === 0 ? 1 : 0)),
    );
    expect((await correlations()).find((r) => r.a === 'i' && r.b === 'bin')!.r as number).toBeCloseTo(1, 12);
  });

  it('profiles an empty table', async () => {
    await db.exec(`CREATE TABLE empty_t (x INTEGER, s VARCHAR)`);
    const { columns, result } = await profile('p_empty', 'empty_t');
    expect(columns.map((c) => [c.column, c.count, c.missing, c.missing_pct, c.mean])).toEqual([
      ['x', 0, 0, null, null],
      ['s', 0, 0, null, null],
    ]);
    expect(result.summary).toMatchObject({ rows: 0, columns: 2 });
  });
});

describe('profile op on the events sample', () => {
  it('counts rows, ranks event types and infers roles', async () => {
    const path = resolve(import.meta.dirname, '../../../../public/samples/events.csv');
    await db.exec(`CREATE TABLE events AS SELECT * FROM read_csv(${literal(path)}, header=true)`);
    const { columns, result, topValues, histograms } = await profile('p_events', 'events');
    expect(result.summary.rows).toBe(79_563);
    expect(columns).toHaveLength(12);
    const events = await topValues('event_type');
    expect(events.map((r) => r.value)).toEqual(['view', 'cart', 'purchase', 'review']);
    expect(events.reduce((s, r) => s + (r.count as number), 0)).toBe(79_563);
    expect(events.reduce((s, r) => s + (r.share as number), 0)).toBeCloseTo(1, 12);
    expect(result.summary.roles).toMatchObject({
      customer_id: 'customer',
      ts: 'time',
      event_type: 'event',
      item_id: 'item',
      order_id: 'basket',
      quantity: 'quantity',
      price: 'price',
      amount: 'amount',
      review_text: 'text',
    });
    expect(columns.find((c) => c.column === 'event_type')!.role).toBe('event');
    const ts = await histograms('ts');
    expect(ts).toHaveLength(20);
    expect(ts.reduce((s, r) => s + (r.count as number), 0)).toBe(79_563);
    const missingOrders = columns.find((c) => c.column === 'order_id')!;
    expect((missingOrders.count as number) + (missingOrders.missing as number)).toBe(79_563);
  });
});

describe('profile op and id columns', () => {
  it('profiles a numeric id as an id (no mean, histogram or correlation) and flags its missing rows', async () => {
    // 8 rows: CustomerID missing in 2 (25%); qty and price numeric measures.
    await db.exec(`CREATE TABLE orders_ids AS SELECT * FROM (VALUES
      (17850, 6, 2.55), (17850, 8, 3.39), (13047, 2, 1.65), (13047, 1, 4.25), (12583, 24, 0.85), (12583, 12, 1.25),
      (NULL, 3, 2.10), (NULL, 1, 9.95)) AS t("CustomerID", qty, price)`);
    const { columns, correlations, histograms, result } = await profile('p_ids', 'orders_ids');
    expect(columns.find((c) => c.column === 'CustomerID')).toMatchObject({
      kind: 'id',
      missing: 2,
      distinct: 3,
      mean: null,
      q25: null,
      min: '12583',
      max: '17850',
    });
    expect(columns.find((c) => c.column === 'qty')).toMatchObject({ kind: 'numeric', mean: 57 / 8 });
    expect(await histograms('CustomerID')).toEqual([]);
    expect((await correlations()).map((r) => [r.a, r.b])).toEqual([['qty', 'price']]);
    expect(result.summary.idMissing).toEqual([{ column: 'CustomerID', role: 'customer', missing: 2, missingPct: 25 }]);
  });
});

const retail = sharedFile('retail/online_retail.csv');
describe.runIf(retail)('profile op on Online Retail (541,909 rows)', () => {
  // Speed is measured by `npm run bench`, not asserted here.
  it('finds the roles and exact statistics', async () => {
    await db.exec(`CREATE TABLE retail AS SELECT * FROM read_csv(${literal(retail!)}, header=true)`);
    const { result, columns, correlations } = await profile('p_retail', 'retail');
    expect(result.summary.rows).toBe(541_909);
    expect(result.summary.roles).toEqual({
      InvoiceNo: 'basket',
      StockCode: 'item',
      Description: 'text',
      Quantity: 'quantity',
      InvoiceDate: 'time',
      UnitPrice: 'price',
      CustomerID: 'customer',
      Country: 'category',
    });
    expect(columns.find((c) => c.column === 'Country')!.top_value).toBe('United Kingdom');
    expect(columns.find((c) => c.column === 'CustomerID')!.missing).toBe(135_080);
    // Distinct counts are exact (as count(DISTINCT …) gives them).
    expect(Object.fromEntries(columns.map((c) => [c.column, c.distinct]))).toMatchObject({
      InvoiceNo: 25_900,
      StockCode: 4070,
      Description: 4223,
      CustomerID: 4372,
      Country: 38,
    });
    // CustomerID is an id: counted, not averaged or correlated (only Quantity × UnitPrice remains).
    expect(columns.find((c) => c.column === 'CustomerID')).toMatchObject({
      kind: 'id',
      mean: null,
      std: null,
      q50: null,
    });
    expect((await correlations()).map((r) => [r.a, r.b])).toEqual([['Quantity', 'UnitPrice']]);
    expect(result.summary.idMissing).toEqual([
      { column: 'CustomerID', role: 'customer', missing: 135_080, missingPct: expect.closeTo(24.93, 2) },
    ]);
    expect(result.summary.warnings).toEqual([
      "id column 'CustomerID' is missing in 24.9% of rows (135,080): analyses by CustomerID leave those rows out",
    ]);
  });
});

const telco = sharedFile('churn/Telco-Customer-Churn.csv');
describe.runIf(telco)('profile op on Telco churn', () => {
  it('infers roles from names and values', async () => {
    await db.exec(`CREATE TABLE telco AS SELECT * FROM read_csv(${literal(telco!)}, header=true)`);
    const { result } = await profile('p_telco', 'telco');
    const roles = result.summary.roles as Record<string, string>;
    expect(result.summary.rows).toBe(7043);
    expect(roles).toMatchObject({
      customerID: 'customer',
      Churn: 'label',
      TotalCharges: 'amount',
      gender: 'category',
      Contract: 'category',
      Partner: 'category',
    });
    expect(roles.PhoneService).not.toBe('pii_phone');
    expect(roles.tenure).toBeUndefined();
    expect(Object.values(roles).filter((r) => r === 'label')).toEqual(['label']);
  });
});

describe('profile op on a wide table', () => {
  // 1,200 columns already failed (a UNION ALL per column passed DuckDB's expression depth limit
  // of 1,000); 2,000 take about four times as long (15-20 s here), for no more coverage.
  it('profiles 1,200 columns', async () => {
    const cols = Array.from({ length: 1200 }, (_, i) => `${i % 2 ? `'v' || (r % ${i})` : `r * ${i}`} AS c${i}`).join(
      ', ',
    );
    await db.exec(`CREATE TABLE wide AS SELECT ${cols} FROM range(5) t(r)`);
    const { result, columns, topValues, histograms } = await profile('pw', 'wide');
    expect(result.summary.columns).toBe(1200);
    expect(columns).toHaveLength(1200);
    const last = columns.find((c) => c.column === 'c1198')!;
    expect([last.count, last.distinct, last.min, last.max]).toEqual([5, 5, '0', '4792']);
    expect((await topValues('c1199')).map((r) => r.value)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    expect((await histograms('c1198')).reduce((s, r) => s + Number(r.count), 0)).toBe(5);
  });
});
