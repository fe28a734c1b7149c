import { describe, it, expect, beforeAll } from 'vitest';
import {
  generateSamples,
  PLANTED,
  HEADERS,
  REVIEW_TEXTS,
  SEGMENTS,
  CATEGORIES,
  DEFAULTS,
  churnProbability,
  creditChurnProbability,
  type SampleCsvs,
  type Segment,
} from './generate';

// ---------------------------------------------------------------------------------------
// A deliberately independent, strict RFC 4180 parser (not shared with the generator), so
// these tests prove the generator's quoting rather than agree with itself.
// ---------------------------------------------------------------------------------------

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let atFieldStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (atFieldStart && ch === '"') {
      // Quoted field: runs to the next lone quote; "" is an escaped quote.
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
      const next = text[i];
      if (next !== ',' && next !== '\n' && next !== undefined) throw new Error(`junk after closing quote at ${i}`);
      atFieldStart = false;
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '"') throw new Error(`bare quote inside unquoted field at ${i}`);
    if (ch === '\r') throw new Error('generator must use \\n line ends');
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (!atFieldStart || field !== '' || row.length > 0) throw new Error('file must end with a newline');
  return rows;
}

/** Parse and check the header; returns rows as objects keyed by column name. */
function table(text: string, header: readonly string[]): Record<string, string>[] {
  const rows = parseCsv(text);
  expect(rows[0]).toEqual([...header]);
  return rows.slice(1).map((r, k) => {
    if (r.length !== header.length) throw new Error(`row ${k + 2} has ${r.length} fields, want ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, r[j] as string]));
  });
}

const tsMs = (ts: string) => Date.parse(`${ts.replace(' ', 'T')}Z`);
const cents = (money: string) => Math.round(Number(money) * 100);
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

type Row = Record<string, string>;
let csv: SampleCsvs;
let customers: Row[];
let items: Row[];
let events: Row[];
let credit: Row[];
/** order id → set of item ids */
let orders: Map<string, Set<string>>;

beforeAll(() => {
  csv = generateSamples();
  customers = table(csv.customers, HEADERS.customers);
  items = table(csv.items, HEADERS.items);
  events = table(csv.events, HEADERS.events);
  credit = table(csv.credit, HEADERS.credit);
  orders = new Map();
  for (const e of events) {
    if (e.event_type !== 'purchase') continue;
    const set = orders.get(e.order_id!) ?? new Set<string>();
    set.add(e.item_id!);
    orders.set(e.order_id!, set);
  }
});

describe('determinism and options', () => {
  it('same seed gives byte-identical output, a different seed does not', () => {
    const again = generateSamples({ seed: DEFAULTS.seed });
    expect(again).toEqual(csv);
    const other = generateSamples({ seed: 7, customers: 200 });
    const otherAgain = generateSamples({ seed: 7, customers: 200 });
    expect(otherAgain).toEqual(other);
    const small42 = generateSamples({ seed: 42, customers: 200 });
    expect(small42.events).not.toEqual(other.events);
    expect(small42.credit).not.toEqual(other.credit);
  });

  it('honours customers / items counts', () => {
    const s = generateSamples({ seed: 3, customers: 150, items: 60 });
    expect(parseCsv(s.customers)).toHaveLength(151);
    expect(parseCsv(s.items)).toHaveLength(61);
    expect(parseCsv(s.credit)).toHaveLength(151);
    expect(() => generateSamples({ items: 10 })).toThrow(RangeError);
    expect(() => generateSamples({ customers: 1.5 })).toThrow(RangeError);
  });

  it('stays within the size budget (~6 MB at defaults)', () => {
    const bytes = Object.values(csv).reduce((s, t) => s + new TextEncoder().encode(t).length, 0);
    expect(bytes).toBeLessThan(6_000_000);
  });
});

describe('table shapes and formats', () => {
  it('customers.csv', () => {
    expect(customers).toHaveLength(DEFAULTS.customers);
    customers.forEach((c, i) => expect(c.customer_id).toBe(`C${String(i + 1).padStart(5, '0')}`));
    for (const c of customers) {
      expect(c.signup_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(c.signup_date! <= '2025-10-31').toBe(true);
      expect(Number.isInteger(Number(c.age))).toBe(true);
      expect(['F', 'M']).toContain(c.gender);
      expect(PLANTED.cities).toContain(c.city);
      expect(SEGMENTS).toContain(c.planted_segment);
      expect(['0', '1']).toContain(c.churned);
    }
    const cities = new Set(customers.map((c) => c.city));
    expect(cities.has('上海') && cities.has('北京')).toBe(true); // UTF-8 survives
    expect(new Set(customers.map((c) => c.planted_segment)).size).toBe(4);
  });

  it('items.csv', () => {
    expect(items).toHaveLength(DEFAULTS.items);
    items.forEach((it, i) => expect(it.item_id).toBe(`I${String(i + 1).padStart(3, '0')}`));
    for (const it of items) {
      expect(CATEGORIES).toContain(it.category);
      expect(it.tags).toMatch(/^[a-z]+(\|[a-z]+)*$/);
      expect(it.price).toMatch(/^\d+\.\d{2}$/);
      expect(it.name!.length).toBeGreaterThan(0);
    }
    expect(new Set(items.map((it) => it.category)).size).toBe(6);
    // Names with a comma and a double quote round-trip through quoting.
    expect(items.some((it) => it.name!.includes(','))).toBe(true);
    expect(items.some((it) => it.name!.includes('"'))).toBe(true);
  });

  it('events.csv: ids, timestamps within 2025 and sorted', () => {
    expect(events.length).toBeGreaterThan(30_000);
    const bad: string[] = [];
    let prev = '';
    events.forEach((e, i) => {
      if (e.event_id !== String(i + 1)) bad.push(`event_id ${e.event_id} at row ${i + 2}`);
      if (!/^2025-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(e.ts!)) bad.push(`ts ${e.ts}`);
      if (e.ts! < prev) bad.push(`unsorted at event ${e.event_id}`); // fixed width: string order = time order
      prev = e.ts!;
    });
    expect(bad.slice(0, 5)).toEqual([]);
    expect(events[0]!.ts! >= '2025-01-01 00:00:00').toBe(true);
    expect(prev <= '2025-12-31 23:59:59').toBe(true);
  });

  it('events.csv: columns are filled only on the rows they belong to', () => {
    const customerIds = new Set(customers.map((c) => c.customer_id));
    const itemIds = new Set(items.map((it) => it.item_id));
    const types = new Set(['view', 'cart', 'purchase', 'review']);
    const bad: string[] = [];
    for (const e of events) {
      const purchase = e.event_type === 'purchase';
      const review = e.event_type === 'review';
      const ok =
        customerIds.has(e.customer_id!) &&
        itemIds.has(e.item_id!) &&
        /^S\d+$/.test(e.session_id!) &&
        types.has(e.event_type!) &&
        (e.order_id !== '') === purchase &&
        (e.quantity !== '') === purchase &&
        (e.price !== '') === purchase &&
        (e.amount !== '') === purchase &&
        (e.rating !== '') === review &&
        (e.review_text !== '') === review;
      if (!ok) bad.push(`event ${e.event_id}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('credit.csv', () => {
    expect(credit).toHaveLength(DEFAULTS.customers);
    for (const r of credit) {
      expect(r.customer_id).toMatch(/^C\d{5}$/);
      const u = Number(r.utilisation);
      expect(u >= 0 && u <= 1).toBe(true);
      for (const k of ['age', 'income', 'credit_limit', 'late_payments_12m', 'tenure_months', 'num_products']) {
        expect(Number.isInteger(Number(r[k]))).toBe(true);
      }
      expect(['0', '1']).toContain(r.churned);
    }
  });

  it('quoting is exactly RFC 4180: re-serialising the parsed rows reproduces the file', () => {
    const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    for (const text of Object.values(csv)) {
      const rebuilt =
        parseCsv(text)
          .map((r) => r.map(quote).join(','))
          .join('\n') + '\n';
      expect(rebuilt === text).toBe(true);
    }
    const texts = events.filter((e) => e.event_type === 'review').map((e) => e.review_text!);
    expect(texts.some((t) => t.includes(',') && t.includes('"'))).toBe(true);
    expect(texts.some((t) => /[\u4e00-\u9fff]/.test(t) && t.includes(','))).toBe(true);
  });
});

describe('orders', () => {
  it('amount = quantity × unit price, and the price is the catalogue price', () => {
    const priceOf = new Map(items.map((it) => [it.item_id!, cents(it.price!)]));
    const bad: string[] = [];
    for (const e of events.filter((x) => x.event_type === 'purchase')) {
      const q = Number(e.quantity);
      const ok =
        Number.isInteger(q) &&
        q >= 1 &&
        /^\d+\.\d{2}$/.test(e.price!) &&
        /^\d+\.\d{2}$/.test(e.amount!) &&
        cents(e.price!) === priceOf.get(e.item_id!) &&
        cents(e.amount!) === q * cents(e.price!);
      if (!ok) bad.push(`event ${e.event_id}: ${e.quantity} × ${e.price} = ${e.amount}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('one order = one basket: one customer, one session, one checkout time, distinct items', () => {
    const seen = new Map<string, string>();
    const sessionOrders = new Map<string, string>();
    let lines = 0;
    for (const e of events.filter((x) => x.event_type === 'purchase')) {
      lines++;
      const key = `${e.customer_id}|${e.session_id}|${e.ts}`;
      const prev = seen.get(e.order_id!);
      if (prev !== undefined) expect(key).toBe(prev);
      seen.set(e.order_id!, key);
      const other = sessionOrders.get(e.session_id!);
      if (other !== undefined) expect(other).toBe(e.order_id);
      sessionOrders.set(e.session_id!, e.order_id!);
    }
    // A basket never lists the same item twice (quantity carries multiples).
    const distinctLines = [...orders.values()].reduce((s, o) => s + o.size, 0);
    expect(distinctLines).toBe(lines);
    expect(orders.size).toBeGreaterThan(3000);
  });
});

describe('planted structure is recoverable by counting', () => {
  it('bundles: pairwise lift ≥ 4 and support ≥ 3% of orders; each item also bought alone', () => {
    const n = orders.size;
    const support = (ids: readonly string[]) =>
      [...orders.values()].filter((o) => ids.every((id) => o.has(id))).length / n;
    expect(PLANTED.bundles.length).toBeGreaterThanOrEqual(3);
    for (const b of PLANTED.bundles) {
      expect(support(b.items)).toBeGreaterThanOrEqual(0.03);
      for (let i = 0; i < b.items.length; i++) {
        for (let j = i + 1; j < b.items.length; j++) {
          const a = b.items[i]!;
          const c = b.items[j]!;
          const lift = support([a, c]) / (support([a]) * support([c]));
          expect(lift, `${b.name} ${a}+${c}`).toBeGreaterThanOrEqual(4);
        }
      }
      for (const id of b.items) {
        const alone = [...orders.values()].filter((o) => o.has(id) && b.items.some((p) => !o.has(p))).length;
        expect(alone, `${id} bought without its bundle`).toBeGreaterThan(10);
      }
    }
    // Control: the planted bundles are the ONLY strong pairs. Every other pair bought
    // together in at least 15 orders has lift < 4 (typically ≈ 1).
    const bundlePairs = new Set<string>();
    for (const b of PLANTED.bundles)
      for (const a of b.items) for (const c of b.items) if (a < c) bundlePairs.add(`${a}+${c}`);
    const single = new Map<string, number>();
    const pair = new Map<string, number>();
    for (const o of orders.values()) {
      const ids = [...o].sort();
      ids.forEach((a, i) => {
        single.set(a, (single.get(a) ?? 0) + 1);
        for (const c of ids.slice(i + 1)) pair.set(`${a}+${c}`, (pair.get(`${a}+${c}`) ?? 0) + 1);
      });
    }
    const spurious: string[] = [];
    for (const [key, count] of pair) {
      if (count < 15 || bundlePairs.has(key)) continue;
      const [a, c] = key.split('+') as [string, string];
      const lift = (count * n) / (single.get(a)! * single.get(c)!);
      if (lift >= 4) spurious.push(`${key} lift ${lift.toFixed(1)}`);
    }
    expect(spurious).toEqual([]);
  });

  it('funnel: every cart follows a view, every purchase a cart, every review a purchase', () => {
    const viewed = new Set<string>();
    const carted = new Set<string>();
    const bought = new Set<string>();
    const bad: string[] = [];
    for (const e of events) {
      const inSession = `${e.session_id}|${e.item_id}`;
      if (e.event_type === 'view') viewed.add(inSession);
      if (e.event_type === 'cart') {
        if (!viewed.has(inSession)) bad.push(`cart without view: ${e.event_id}`);
        carted.add(inSession);
      }
      if (e.event_type === 'purchase') {
        if (!carted.has(inSession)) bad.push(`purchase without cart: ${e.event_id}`);
        bought.add(`${e.customer_id}|${e.item_id}`);
      }
      // Reviews come days after the purchase, in their own session.
      if (e.event_type === 'review' && !bought.has(`${e.customer_id}|${e.item_id}`))
        bad.push(`review before purchase: ${e.event_id}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('funnel conversion rates match the stated per-segment rates', () => {
    const segOf = new Map(customers.map((c) => [c.customer_id!, c.planted_segment as Segment]));
    const counts = new Map<Segment, { view: number; cart: number; purchase: number }>();
    for (const s of SEGMENTS) counts.set(s, { view: 0, cart: 0, purchase: 0 });
    for (const e of events) {
      const c = counts.get(segOf.get(e.customer_id!)!)!;
      if (e.event_type === 'view' || e.event_type === 'cart' || e.event_type === 'purchase') c[e.event_type]++;
    }
    let view = 0;
    let cart = 0;
    let purchase = 0;
    for (const s of SEGMENTS) {
      const c = counts.get(s)!;
      const pCart = PLANTED.funnel.cartRateBySegment[s];
      const pBuy = PLANTED.funnel.purchaseRateBySegment[s];
      // Bundles make decisions in clusters (design effect ~1.5), so allow 6 binomial SEs (~4 real SEs).
      const tol = (p: number, n: number) => 6 * Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(c.cart / c.view - pCart), `${s} cart rate`).toBeLessThan(tol(pCart, c.view));
      expect(Math.abs(c.purchase / c.cart - pBuy), `${s} purchase rate`).toBeLessThan(tol(pBuy, c.cart));
      view += c.view;
      cart += c.cart;
      purchase += c.purchase;
    }
    expect(Math.abs(cart / view - PLANTED.funnel.approxOverallCartRate)).toBeLessThan(0.04);
    expect(Math.abs(purchase / cart - PLANTED.funnel.approxOverallPurchaseRate)).toBeLessThan(0.04);
  });

  it('segments behave as documented (frequency, value, price, conversion, categories)', () => {
    const segOf = new Map(customers.map((c) => [c.customer_id!, c.planted_segment as Segment]));
    const ordersBy = new Map<Segment, Set<string>>();
    const value = new Map<Segment, number>();
    const unitPrices = new Map<Segment, number[]>();
    const views = new Map<Segment, number>();
    const purchases = new Map<Segment, number>();
    const fashionLines = new Map<Segment, number>();
    const catOf = new Map(items.map((it) => [it.item_id!, it.category!]));
    for (const s of SEGMENTS) {
      ordersBy.set(s, new Set());
      value.set(s, 0);
      unitPrices.set(s, []);
      views.set(s, 0);
      purchases.set(s, 0);
      fashionLines.set(s, 0);
    }
    for (const e of events) {
      const s = segOf.get(e.customer_id!)!;
      if (e.event_type === 'view') views.set(s, views.get(s)! + 1);
      if (e.event_type !== 'purchase') continue;
      purchases.set(s, purchases.get(s)! + 1);
      ordersBy.get(s)!.add(e.order_id!);
      value.set(s, value.get(s)! + Number(e.amount));
      unitPrices.get(s)!.push(Number(e.price));
      if (catOf.get(e.item_id!) === 'Fashion') fashionLines.set(s, fashionLines.get(s)! + 1);
    }
    const nCustomers = (s: Segment) => customers.filter((c) => c.planted_segment === s).length;
    const ordersPerCustomer = (s: Segment) => ordersBy.get(s)!.size / nCustomers(s);
    const rank = PLANTED.ordersPerCustomerRank;
    for (let i = 0; i + 1 < rank.length; i++) {
      expect(ordersPerCustomer(rank[i]!), `${rank[i]} > ${rank[i + 1]}`).toBeGreaterThan(
        ordersPerCustomer(rank[i + 1]!) * 1.2,
      );
    }
    const aov = (s: Segment) => value.get(s)! / ordersBy.get(s)!.size;
    for (const s of SEGMENTS) {
      if (s !== PLANTED.highestOrderValue) expect(aov(PLANTED.highestOrderValue)).toBeGreaterThan(aov(s) * 1.15);
      if (s !== PLANTED.lowestUnitPrice)
        expect(mean(unitPrices.get(PLANTED.lowestUnitPrice)!)).toBeLessThan(mean(unitPrices.get(s)!));
    }
    const v2p = (s: Segment) => purchases.get(s)! / views.get(s)!;
    const vr = PLANTED.viewToPurchaseRank;
    for (let i = 0; i + 1 < vr.length; i++) expect(v2p(vr[i]!)).toBeGreaterThan(v2p(vr[i + 1]!));
    // Category taste: premium shoppers buy far more Fashion than bargain hunters.
    const fashionShare = (s: Segment) => fashionLines.get(s)! / purchases.get(s)!;
    expect(fashionShare('premium_shopper')).toBeGreaterThan(3 * fashionShare('bargain_hunter'));
  });

  it('churn: rate matches the logistic model; churners go quiet, recency predicts but not perfectly', () => {
    const churned = customers.filter((c) => c.churned === '1');
    const expected = customers.map((c) => churnProbability(c.planted_segment as Segment, Number(c.age)));
    const expectedRate = mean(expected);
    const se = Math.sqrt((expectedRate * (1 - expectedRate)) / customers.length);
    expect(Math.abs(churned.length / customers.length - expectedRate)).toBeLessThan(4 * se);

    const lastEvent = new Map<string, number>();
    const lastOrder = new Map<string, number>();
    for (const e of events) {
      lastEvent.set(e.customer_id!, tsMs(e.ts!));
      if (e.event_type === 'purchase') lastOrder.set(e.customer_id!, tsMs(e.ts!));
    }
    // Hard stop: no churned customer does anything after the last stop date.
    const stopLimit = tsMs(`${PLANTED.churn.lastStopDate} 23:59:59`);
    for (const c of churned) expect(lastEvent.get(c.customer_id!) ?? 0).toBeLessThanOrEqual(stopLimit);

    const meanLast = (flag: string) =>
      mean(
        customers
          .filter((c) => c.churned === flag && lastEvent.has(c.customer_id!))
          .map((c) => lastEvent.get(c.customer_id!)!),
      );
    const DAY = 86_400_000;
    expect(meanLast('0') - meanLast('1')).toBeGreaterThan(60 * DAY);

    // Rank AUC of "days since last order" (never ordered = oldest) as a churn score.
    const yearEnd = Date.UTC(2026, 0, 1);
    const recency = (id: string) => yearEnd - (lastOrder.get(id) ?? Date.UTC(2024, 0, 1));
    const pos = churned.map((c) => recency(c.customer_id!));
    const neg = customers.filter((c) => c.churned === '0').map((c) => recency(c.customer_id!));
    let wins = 0;
    for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
    const auc = wins / (pos.length * neg.length);
    expect(auc).toBeGreaterThan(0.75);
    expect(auc).toBeLessThan(0.95);
  });

  it('reviews: rating drives sentiment band; low-rated items get low ratings', () => {
    const reviews = events.filter((e) => e.event_type === 'review');
    expect(reviews.length).toBeGreaterThan(500);
    const band = (t: string) =>
      (REVIEW_TEXTS.positive as readonly string[]).includes(t) ||
      (REVIEW_TEXTS.positiveZh as readonly string[]).includes(t)
        ? 'pos'
        : (REVIEW_TEXTS.negative as readonly string[]).includes(t) ||
            (REVIEW_TEXTS.negativeZh as readonly string[]).includes(t)
          ? 'neg'
          : (REVIEW_TEXTS.neutral as readonly string[]).includes(t) ||
              (REVIEW_TEXTS.neutralZh as readonly string[]).includes(t)
            ? 'neu'
            : 'unknown';
    const ratingsBy = { pos: [] as number[], neu: [] as number[], neg: [] as number[] };
    for (const r of reviews) {
      const rating = Number(r.rating);
      expect([1, 2, 3, 4, 5]).toContain(rating);
      const b = band(r.review_text!);
      expect(b).not.toBe('unknown');
      if (b !== 'unknown') ratingsBy[b].push(rating);
    }
    expect(Math.min(...ratingsBy.pos)).toBe(4);
    expect(Math.max(...ratingsBy.neg)).toBe(2);
    expect(mean(ratingsBy.pos)).toBeGreaterThan(mean(ratingsBy.neu));
    expect(mean(ratingsBy.neu)).toBeGreaterThan(mean(ratingsBy.neg));
    const chinese = reviews.filter((r) => /[\u4e00-\u9fff]/.test(r.review_text!)).length / reviews.length;
    expect(chinese).toBeGreaterThan(0.03);
    expect(chinese).toBeLessThan(0.15);

    const low = new Set<string>(PLANTED.reviews.lowRatedItems);
    const lowRatings = reviews.filter((r) => low.has(r.item_id!)).map((r) => Number(r.rating));
    const otherRatings = reviews.filter((r) => !low.has(r.item_id!)).map((r) => Number(r.rating));
    expect(lowRatings.length).toBeGreaterThan(20);
    expect(mean(lowRatings)).toBeLessThan(2.8);
    expect(mean(otherRatings)).toBeGreaterThan(3.8);
  });

  it('credit: churn follows the known logistic model (high utilisation churns more)', () => {
    const rows = credit.map((r) => ({
      age: Number(r.age),
      income: Number(r.income),
      credit_limit: Number(r.credit_limit),
      utilisation: Number(r.utilisation),
      late_payments_12m: Number(r.late_payments_12m),
      tenure_months: Number(r.tenure_months),
      num_products: Number(r.num_products),
      churned: Number(r.churned),
    }));
    const rate = (xs: typeof rows) => mean(xs.map((x) => x.churned));
    const byU = [...rows].sort((a, b) => a.utilisation - b.utilisation);
    const half = Math.floor(byU.length / 2);
    expect(rate(byU.slice(half))).toBeGreaterThan(1.5 * rate(byU.slice(0, half)));
    expect(rate(rows.filter((x) => x.late_payments_12m > 0))).toBeGreaterThan(
      rate(rows.filter((x) => x.late_payments_12m === 0)),
    );
    const byTenure = [...rows].sort((a, b) => a.tenure_months - b.tenure_months);
    expect(rate(byTenure.slice(0, half))).toBeGreaterThan(rate(byTenure.slice(half)));
    // The labels were drawn from exactly these probabilities: observed ≈ expected rate.
    const p = mean(rows.map(creditChurnProbability));
    expect(Math.abs(rate(rows) - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / rows.length));
    expect(p).toBeGreaterThan(0.1);
    expect(p).toBeLessThan(0.35);
  });
});
