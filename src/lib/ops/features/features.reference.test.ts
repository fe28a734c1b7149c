/**
 * The `features` op's whole customer table on real data (a slice of Online Retail) against a
 * reference written here in plain JS from the feature definitions, so that the op's SQL and JS plan
 * can change without its numbers changing. Every column of the op's output is checked.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { literal } from '../../data/sql';
import { runOp } from '../../../test-support/run-op';
import { SHARED_DATA, sharedFile } from '../../../test-support/shared-data';
import { isTerm, sentiment, tokenize } from '../../features/text';
import { featuresOp } from './';

const retail = sharedFile('retail/online_retail.parquet');
const DAY = 86_400_000;

interface Line {
  k: string;
  invoice: string;
  item: string;
  qty: number;
  price: number;
  ms: number;
  text: string | null;
  /** The line's country, which the op takes for the category role (inferred from the name). */
  category: string | null;
  /** The customer's most frequent country (the profile table). */
  country: string;
}

type Row = Record<string, unknown>;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const sd = (xs: number[]) => {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const utcDay = (ms: number) => Math.floor(ms / DAY);
const trend = (last: number, prev: number) => (last + prev > 0 ? (last - prev) / (last + prev) : 0);
const slug = (v: string) =>
  v
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '') || 'blank';

/** The reference: one object per customer, keyed by feature name. */
function reference(lines: Line[], trendDays: number): { rows: Map<string, Row>; asOfDay: number } {
  const asOfDay = utcDay(Math.max(...lines.map((l) => l.ms))) + 1;
  const asOfMs = asOfDay * DAY;
  const byCustomer = new Map<string, Line[]>();
  for (const l of lines) {
    if (!byCustomer.has(l.k)) byCustomer.set(l.k, []);
    byCustomer.get(l.k)!.push(l);
  }
  const rows = new Map<string, Row>();
  for (const [k, ls] of byCustomer) {
    const r: Row = {};
    r.active_days = new Set(ls.map((l) => utcDay(l.ms))).size;
    r.tenure_days = asOfDay - utcDay(Math.min(...ls.map((l) => l.ms)));
    const hour = (l: Line) => new Date(l.ms).getUTCHours();
    const share = (f: (l: Line) => boolean) => ls.filter(f).length / ls.length;
    r.share_night = share((l) => hour(l) < 6);
    r.share_morning = share((l) => hour(l) >= 6 && hour(l) < 12);
    r.share_afternoon = share((l) => hour(l) >= 12 && hour(l) < 18);
    r.share_evening = share((l) => hour(l) >= 18);
    ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].forEach((d, i) => {
      r[`share_${d}`] = share((l) => new Date(l.ms).getUTCDay() === i);
    });
    // Orders: one per invoice, at its earliest line.
    const orders = new Map<string, { ms: number; lines: number; units: number; value: number }>();
    for (const l of ls) {
      const o = orders.get(l.invoice) ?? { ms: l.ms, lines: 0, units: 0, value: 0 };
      o.ms = Math.min(o.ms, l.ms);
      o.lines += 1;
      o.units += l.qty;
      o.value += l.qty * l.price;
      orders.set(l.invoice, o);
    }
    const os = [...orders.entries()].map(([id, o]) => ({ id, ...o }));
    r.orders = os.length;
    r.purchase_lines = ls.length;
    r.units = ls.reduce((a, l) => a + l.qty, 0);
    r.spend = os.reduce((a, o) => a + o.value, 0);
    r.avg_order_value = mean(os.map((o) => o.value));
    r.basket_lines_mean = mean(os.map((o) => o.lines));
    r.basket_lines_max = Math.max(...os.map((o) => o.lines));
    r.basket_units_mean = mean(os.map((o) => o.units));
    r.recency_days = asOfDay - utcDay(Math.max(...os.map((o) => o.ms)));
    const inLast = (o: { ms: number }) => o.ms >= asOfMs - trendDays * DAY;
    const inPrev = (o: { ms: number }) => o.ms >= asOfMs - 2 * trendDays * DAY && o.ms < asOfMs - trendDays * DAY;
    const oLast = os.filter(inLast).length;
    const oPrev = os.filter(inPrev).length;
    const sLast = os.filter(inLast).reduce((a, o) => a + o.value, 0);
    const sPrev = os.filter(inPrev).reduce((a, o) => a + o.value, 0);
    Object.assign(r, {
      [`orders_last_${trendDays}d`]: oLast,
      [`orders_prev_${trendDays}d`]: oPrev,
      trend_orders: trend(oLast, oPrev),
      [`spend_last_${trendDays}d`]: sLast,
      [`spend_prev_${trendDays}d`]: sPrev,
      trend_spend: trend(sLast, sPrev),
    });
    os.sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const gaps = os.slice(1).map((o, i) => (o.ms - os[i]!.ms) / DAY);
    r.ipt_mean_days = mean(gaps);
    r.ipt_sd_days = sd(gaps);
    r.ipt_max_days = gaps.length ? Math.max(...gaps) : null;
    r.distinct_items = new Set(ls.map((l) => l.item)).size;
    r.distinct_categories = new Set(ls.filter((l) => l.category !== null).map((l) => l.category)).size;
    // Category weights: money on lines with positive money and a category.
    const byCat = new Map<string, number>();
    for (const l of ls)
      if (l.qty * l.price > 0 && l.category !== null)
        byCat.set(l.category, (byCat.get(l.category) ?? 0) + l.qty * l.price);
    const total = [...byCat.values()].reduce((a, b) => a + b, 0);
    r._byCat = byCat;
    r.category_entropy = [...byCat.values()].reduce((a, s) => a - (s / total) * Math.log2(s / total), 0);
    r._priced = ls.filter((l) => l.price > 0 && l.category !== null);
    const texts = ls.map((l) => l.text?.trim() ?? '').filter((t) => t !== '');
    r.n_texts = texts.length;
    r.text_len_mean = mean(texts.map((t) => [...t].length));
    r.sentiment_mean = mean(texts.map((t) => sentiment(tokenize(t, true)).score));
    r._terms = texts.flatMap((t) => tokenize(t, true).filter(isTerm));
    r.country = ls[0]!.country;
    rows.set(k, r);
  }
  // Shares of the 8 categories with the most money overall (ties: the name that sorts first).
  const catTotal = new Map<string, number>();
  for (const l of lines)
    if (l.qty * l.price > 0 && l.category !== null)
      catTotal.set(l.category, (catTotal.get(l.category) ?? 0) + l.qty * l.price);
  const topCats = [...catTotal.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 8)
    .map(([c]) => c);
  // Price level: mean of price / (the category's mean price over every priced line).
  const catSum = new Map<string, [number, number]>();
  for (const l of lines)
    if (l.price > 0 && l.category !== null) {
      const [s, n] = catSum.get(l.category) ?? [0, 0];
      catSum.set(l.category, [s + l.price, n + 1]);
    }
  const catMean = (c: string) => catSum.get(c)![0] / catSum.get(c)![1];
  for (const r of rows.values()) {
    const byCat = r._byCat as Map<string, number>;
    const total = [...byCat.values()].reduce((a, b) => a + b, 0);
    for (const c of topCats) r[`share_${slug(c)}`] = total > 0 ? (byCat.get(c) ?? 0) / total : 0;
    r.price_level = mean((r._priced as Line[]).map((l) => l.price / catMean(l.category!)));
    delete r._byCat;
    delete r._priced;
  }
  // TF-IDF (scikit-learn's defaults): each customer's texts are one document; the 20 terms most
  // used across the corpus with df ≥ 2 (ties: the term that sorts first); raw counts × smoothed idf, L2 rows.
  const docs = [...rows.values()].filter((r) => (r._terms as string[]).length > 0 || (r.n_texts as number) > 0);
  const count = new Map<string, number>();
  const df = new Map<string, number>();
  for (const r of docs) {
    for (const t of r._terms as string[]) count.set(t, (count.get(t) ?? 0) + 1);
    for (const t of new Set(r._terms as string[])) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const vocab = [...count.keys()]
    .filter((t) => df.get(t)! >= 2)
    .sort((a, b) => count.get(b)! - count.get(a)! || (a < b ? -1 : 1))
    .slice(0, 20);
  const idf = vocab.map((t) => Math.log((1 + docs.length) / (1 + df.get(t)!)) + 1);
  for (const r of rows.values()) {
    const tf = vocab.map((t) => (r._terms as string[]).filter((x) => x === t).length);
    const w = tf.map((c, j) => c * idf[j]!);
    const norm = Math.sqrt(w.reduce((a, x) => a + x * x, 0));
    vocab.forEach((t, j) => (r[`tfidf_${slug(t)}`] = norm > 0 ? w[j]! / norm : 0));
    const top = vocab
      .map((t, j) => [t, norm > 0 ? w[j]! / norm : 0] as const)
      .filter(([, x]) => x > 0)
      .sort((a, b) => b[1] - a[1] || vocab.indexOf(a[0]) - vocab.indexOf(b[0]))
      .slice(0, 3)
      .map(([t]) => t);
    r.top_terms = (r.n_texts as number) > 0 ? JSON.stringify(top) : null;
    delete r._terms;
  }
  // Profile: the country one-hot of the 10 most frequent countries (over profile rows) plus _other.
  const freq = new Map<string, number>();
  for (const r of rows.values()) freq.set(r.country as string, (freq.get(r.country as string) ?? 0) + 1);
  const levels = [...freq.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([c]) => c);
  for (const r of rows.values()) {
    for (const c of levels) r[`country_${slug(c)}`] = r.country === c ? 1 : 0;
    r.country_other = levels.includes(r.country as string) ? 0 : 1;
    delete r.country;
  }
  return { rows, asOfDay };
}

describe.runIf(retail)('features op on a slice of Online Retail against a plain-JS reference', () => {
  let db: NodeDuckDB;
  beforeAll(async () => {
    db = await NodeDuckDB.create({ allow: [SHARED_DATA] });
    // Cleaned as in ../shared/data/README.md; a slice of customers keeps the test fast.
    await db.exec(`CREATE TABLE retail AS SELECT DISTINCT * FROM read_parquet(${literal(retail!)})
      WHERE NOT starts_with(CAST("InvoiceNo" AS VARCHAR), 'C') AND "CustomerID" IS NOT NULL AND "Quantity" > 0
        AND "CustomerID" < 12700`);
    await db.exec(`CREATE TABLE country AS SELECT "CustomerID", mode("Country") AS country FROM retail GROUP BY 1`);
  });
  afterAll(() => db.close());

  it('matches the reference in every column, for every customer', async () => {
    await runOp(db, featuresOp, 'fr', 'retail', {
      customer: 'CustomerID',
      time: 'InvoiceDate',
      basket: 'InvoiceNo',
      item: 'StockCode',
      quantity: 'Quantity',
      price: 'UnitPrice',
      text: 'Description',
      profileTable: 'country',
      profileKey: 'CustomerID',
    });
    const raw = (
      await db.query(`SELECT CAST(r."CustomerID" AS VARCHAR) AS k, CAST("InvoiceNo" AS VARCHAR) AS invoice,
        CAST("StockCode" AS VARCHAR) AS item, "Quantity"::DOUBLE AS qty, "UnitPrice"::DOUBLE AS price,
        epoch_ms(CAST("InvoiceDate" AS TIMESTAMP))::DOUBLE AS ms, CAST("Description" AS VARCHAR) AS text,
        CAST(r."Country" AS VARCHAR) AS category, c.country
        FROM retail r JOIN country c USING ("CustomerID")`)
    ).rows as unknown as Line[];
    const { rows: expected, asOfDay } = reference(raw, 30);
    const got = (await db.query(`SELECT * FROM fr.features`)).rows;
    expect(got.length).toBe(expected.size);
    expect(got.length).toBeGreaterThan(150);
    expect(new Date(asOfDay * DAY).toISOString().slice(0, 10)).toBe('2011-12-10');
    // The output lists customers in key order, and has exactly the reference's columns.
    const keys = got.map((r) => String(r.CustomerID));
    expect(keys).toEqual([...keys].sort());
    expect(Object.keys(got[0]!).slice(1).sort()).toEqual(Object.keys(expected.get(keys[0]!)!).sort());
    let checked = 0;
    for (const row of got) {
      const want = expected.get(String(row.CustomerID))!;
      for (const [name, value] of Object.entries(want)) {
        const have = row[name];
        if (typeof value === 'number') {
          expect(have, `${name} of ${String(row.CustomerID)}`).not.toBeNull();
          expect(Math.abs(Number(have) - value), `${name} of ${String(row.CustomerID)}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(value)),
          );
        } else expect(have, `${name} of ${String(row.CustomerID)}`).toEqual(value);
        checked++;
      }
    }
    expect(checked).toBe(got.length * (Object.keys(got[0]!).length - 1));
  }, 60_000);
});
