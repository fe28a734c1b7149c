import { runOp } from '../../../test-support/run-op';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident } from '../../data/sql';
import { parseCsvObjects } from '../../../test-support/csv';
import { generateSamples, PLANTED, SEGMENTS, type Segment } from '../../../samples/generate';
import { loadSource } from '../load';
import { funnelOp } from './';
import type { OpContext } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
});
afterAll(() => db.close());

async function load(name: string, csv: string) {
  await loadSource(ctx, { name, file: `${name}.csv` }, new Blob([csv]));
}

/** Run the op on `table` into schema `id`, as the engine would. */
async function funnel(id: string, table: string, params: Record<string, unknown>) {
  const result = await runOp(db, funnelOp, id, table, params, ctx);
  const read = async (t: string, order: string) =>
    (await db.query(`SELECT * FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`)).rows;
  return {
    result,
    stages: () => read('stages', 'stage_index'),
    bySegment: () => read('by_segment', 'segment NULLS LAST, stage_index'),
    funnels: () =>
      db
        .query(
          `SELECT * EXCLUDE (started_at, last_stage_at), strftime(started_at, '%H:%M') AS started, strftime(last_stage_at, '%H:%M') AS last
      FROM ${ident(id)}.funnels ORDER BY customer, started_at`,
        )
        .then((r) => r.rows),
  };
}

// Six sessions of four customers, all on 2025-03-01 (times HH:MM).
//   S1 A: view 10:00, cart 10:05, purchase 10:10           → view, cart, purchase
//   S2 A: cart 11:00, view 11:05, purchase 11:10           → view only (the cart came before the view,
//                                                             and a purchase needs a cart after the view)
//   S3 B: view 09:00, purchase 09:01, cart 09:02           → view, cart (the purchase came before the cart)
//   S4 C: purchase 08:00, cart 08:01                       → no view: not a funnel at all
//   S5 C: view 12:00, view 12:01, cart 12:01, purchase 12:01 → all three (equal times count)
//   S6 D: view 10:00, view 10:20, cart 10:30, view 11:30, purchase 12:00 → all three
// Rows are not in time order in the file; a review row is not a stage and is ignored.
const LOG = `customer,session,ts,event,channel
A,S1,2025-03-01 10:10:00,purchase,
A,S1,2025-03-01 10:00:00,view,web
A,S1,2025-03-01 10:05:00,cart,
A,S2,2025-03-01 11:00:00,cart,
A,S2,2025-03-01 11:05:00,view,app
A,S2,2025-03-01 11:10:00,purchase,
B,S3,2025-03-01 09:00:00,view,web
B,S3,2025-03-01 09:01:00,purchase,
B,S3,2025-03-01 09:02:00,cart,
C,S4,2025-03-01 08:00:00,purchase,
C,S4,2025-03-01 08:01:00,cart,
C,S5,2025-03-01 12:00:00,view,app
C,S5,2025-03-01 12:01:00,view,web
C,S5,2025-03-01 12:01:00,cart,
C,S5,2025-03-01 12:01:00,purchase,
D,S6,2025-03-01 10:00:00,view,web
D,S6,2025-03-01 10:20:00,view,app
D,S6,2025-03-01 10:30:00,cart,
D,S6,2025-03-01 11:30:00,view,app
D,S6,2025-03-01 12:00:00,purchase,
D,S6,2025-03-01 12:30:00,review,
`;
const VCP = ['view', 'cart', 'purchase'];
const base = { customer: 'customer', time: 'ts', event: 'event', stages: VCP };

describe('funnel op on a hand-checked event log', () => {
  beforeAll(async () => {
    await load('log', LOG);
    await load('tiers', 'id,tier\nA,gold\nB,silver\nC,gold\nE,bronze\n');
  });

  it('counts sessions reaching each stage in order; out-of-order events do not count', async () => {
    const { stages, funnels, result } = await funnel('f1', 'log', { ...base, session: 'session' });
    // Funnels S1 S2 S3 S5 S6 reach 3, 1, 2, 3, 3 stages → view 5, cart 4, purchase 3.
    expect(await stages()).toEqual([
      {
        stage_index: 1,
        stage: 'view',
        entrants: 5,
        conversion_from_previous: null,
        conversion_from_first: 1,
        drop_off: null,
      },
      {
        stage_index: 2,
        stage: 'cart',
        entrants: 4,
        conversion_from_previous: 0.8,
        conversion_from_first: 0.8,
        drop_off: 1,
      },
      {
        stage_index: 3,
        stage: 'purchase',
        entrants: 3,
        conversion_from_previous: 0.75,
        conversion_from_first: 0.6,
        drop_off: 1,
      },
    ]);
    expect((await funnels()).map((f) => [f.session, f.stages_reached, f.started, f.last])).toEqual([
      ['S1', 3, '10:00', '10:10'],
      ['S2', 1, '11:05', '11:05'],
      ['S3', 2, '09:00', '09:02'],
      ['S5', 3, '12:00', '12:01'],
      ['S6', 3, '10:00', '12:00'],
    ]);
    expect(result.tables).toEqual(['stages', 'funnels']);
    expect(result.summary).toMatchObject({
      mode: 'session',
      windowHours: null,
      funnels: 5,
      completed: 3,
      overallConversion: 0.6,
    });
    expect((result.summary.stages as { entrants: number }[]).map((s) => s.entrants)).toEqual([5, 4, 3]);
  });

  it('without sessions, counts non-overlapping windows after a first-stage event', async () => {
    // Window 1 h, per customer:
    //   A: 10:00 → cart 10:05, purchase 10:10: complete, so the next funnel starts at the next view,
    //      11:05, which is never followed by a cart (the 11:00 cart is earlier) → (3, 1)
    //   B: (2) as in S3.  C: 12:00 → cart 12:01, purchase 12:01 → (3); the 12:01 view is not after 12:01.
    //   D: 10:00 → cart 10:30, but the 12:00 purchase is after 11:00 → 2; the 10:20 view is inside
    //      that window; the next funnel starts at 11:30 and sees no cart after it → (2, 1)
    const oneHour = await funnel('f2', 'log', { ...base, window: 1 });
    expect((await oneHour.stages()).map((s) => [s.entrants, s.conversion_from_previous])).toEqual([
      [6, null],
      [4, 4 / 6],
      [2, 0.5],
    ]);
    expect((await oneHour.funnels()).map((f) => [f.customer, f.started, f.stages_reached, f.last])).toEqual([
      ['A', '10:00', 3, '10:10'],
      ['A', '11:05', 1, '11:05'],
      ['B', '09:00', 2, '09:02'],
      ['C', '12:00', 3, '12:01'],
      ['D', '10:00', 2, '10:30'],
      ['D', '11:30', 1, '11:30'],
    ]);
    expect(oneHour.result.summary).toMatchObject({ mode: 'window', windowHours: 1, funnels: 6, completed: 2 });
    // The default 24 h window: D's 10:00 funnel completes at 12:00 and no view follows it.
    const day = await funnel('f3', 'log', base);
    expect((await day.stages()).map((s) => s.entrants)).toEqual([5, 4, 3]);
    expect((await day.funnels()).filter((f) => f.customer === 'D').map((f) => [f.started, f.stages_reached])).toEqual([
      ['10:00', 3],
    ]);
    expect(day.result.summary).toMatchObject({ windowHours: 24, funnels: 5 });
  });

  it('breaks the funnel down by a column of the first-stage row', async () => {
    const { bySegment, result } = await funnel('f4', 'log', { ...base, session: 'session', segment: 'channel' });
    // app: S2 (1), S5 (3) → 2, 1, 1.  web: S1 (3), S3 (2), S6 (3) → 3, 3, 2.
    expect((await bySegment()).map((r) => [r.segment, r.stage, r.entrants, r.conversion_from_first])).toEqual([
      ['app', 'view', 2, 1],
      ['app', 'cart', 1, 0.5],
      ['app', 'purchase', 1, 0.5],
      ['web', 'view', 3, 1],
      ['web', 'cart', 3, 1],
      ['web', 'purchase', 2, 2 / 3],
    ]);
    expect(result.tables).toEqual(['stages', 'by_segment', 'funnels']);
    expect(result.summary.segments).toEqual([
      { segment: 'web', funnels: 3, completed: 2, conversion: 2 / 3 },
      { segment: 'app', funnels: 2, completed: 1, conversion: 0.5 },
    ]);
  });

  it('breaks the funnel down by a column of another table joined on the customer', async () => {
    const { bySegment } = await funnel('f5', 'log', {
      ...base,
      session: 'session',
      segmentTable: 'tiers',
      segmentKey: 'id',
      segmentColumn: 'tier',
    });
    // gold: A (S1 3, S2 1) and C (S5 3) → 3, 2, 2.  silver: B (S3 2) → 1, 1, 0.  D is not in tiers → NULL: 1, 1, 1.
    expect((await bySegment()).map((r) => [r.segment, r.entrants])).toEqual([
      ['gold', 3],
      ['gold', 2],
      ['gold', 2],
      ['silver', 1],
      ['silver', 1],
      ['silver', 0],
      [null, 1],
      [null, 1],
      [null, 1],
    ]);
  });

  it('explains a missing stage value, a missing segment table or column, and a non-unique key', async () => {
    await expect(funnel('f6', 'log', { ...base, stages: ['View', 'cart'] })).rejects.toThrow(
      "step 'f6', field 'stages': no 'View' events in 'event' to start a funnel (most common values: 'view', 'cart', 'purchase', 'review')",
    );
    await expect(funnel('f6', 'log', { ...base, segmentTable: 'nope', segmentColumn: 'tier' })).rejects.toThrow(
      "field 'segmentTable': table 'nope' does not exist",
    );
    await expect(funnel('f6', 'log', { ...base, segmentTable: 'tiers', segmentColumn: 'tier' })).rejects.toThrow(
      "field 'segmentKey': column 'customer' not found in 'tiers' (columns: id, tier)",
    );
    await expect(funnel('f6', 'log', { ...base, segmentTable: 'log', segmentColumn: 'channel' })).rejects.toThrow(
      "field 'segmentKey': 'customer' is not unique in 'log'",
    );
  });

  it('validates params', () => {
    const bad = (p: Record<string, unknown>) => funnelOp.params.safeParse({ ...base, ...p }).success;
    expect(bad({})).toBe(true);
    expect(bad({ stages: ['view'] })).toBe(false);
    expect(bad({ stages: ['view', 'view'] })).toBe(false);
    expect(bad({ session: 'session', window: 2 })).toBe(false);
    expect(bad({ window: 0 })).toBe(false);
    expect(bad({ segmentTable: 'tiers' })).toBe(false);
    expect(bad({ segmentKey: 'id' })).toBe(false);
    expect(bad({ segment: 'channel', segmentTable: 'tiers', segmentColumn: 'tier' })).toBe(false);
    expect(bad({ extra: 1 })).toBe(false);
  });
});

describe('funnel op with hostile names', () => {
  it('quotes every identifier and value', async () => {
    // The customer column is called "select", the time "event time", the event "t" (a name the SQL
    // uses internally), the session "Session ""ID""" and the stage values hold quotes.
    const csv = LOG.replace(
      'customer,session,ts,event,channel',
      'select,"Session ""ID""",event time,t,stage_index',
    ).replaceAll(',cart,', ",add to 'cart',");
    await load('order', csv); // source names are plain names, but may be keywords
    const { stages, bySegment } = await funnel('group', 'order', {
      customer: 'select',
      time: 'event time',
      event: 't',
      session: 'Session "ID"',
      segment: 'stage_index',
      stages: ['view', "add to 'cart'", 'purchase'],
    });
    expect((await stages()).map((s) => [s.stage, s.entrants])).toEqual([
      ['view', 5],
      ["add to 'cart'", 4],
      ['purchase', 3],
    ]);
    expect((await bySegment()).filter((r) => r.stage_index === 3).map((r) => [r.segment, r.entrants])).toEqual([
      ['app', 1],
      ['web', 2],
    ]);
  });
});

/** Independent reference: does the session contain view ≤ cart ≤ purchase (by time)? Brute force over all pairs and triples. */
function reachedByBruteForce(events: { type: string; ts: string }[]): number {
  const at = (type: string) => events.filter((e) => e.type === type).map((e) => e.ts);
  const [views, carts, purchases] = [at('view'), at('cart'), at('purchase')];
  if (views.length === 0) return 0;
  const cartsAfterView = carts.filter((c) => views.some((v) => v <= c));
  if (cartsAfterView.length === 0) return 1;
  return purchases.some((p) => cartsAfterView.some((c) => c <= p)) ? 3 : 2;
}

describe('funnel op on the generated sample shop', () => {
  const { events, customers } = generateSamples();
  const segmentOf = new Map(parseCsvObjects(customers).map((c) => [c.customer_id!, c.planted_segment as Segment]));
  // Sessions of the event log, parsed in JS.
  const sessions = new Map<string, { customer: string; events: { type: string; ts: string }[] }>();
  const rowsOf: Record<string, number> = {};
  for (const e of parseCsvObjects(events)) {
    const key = `${e.customer_id}|${e.session_id}`;
    const s = sessions.get(key) ?? { customer: e.customer_id!, events: [] };
    s.events.push({ type: e.event_type!, ts: e.ts! });
    sessions.set(key, s);
    rowsOf[e.event_type!] = (rowsOf[e.event_type!] ?? 0) + 1;
  }
  type Counts = [number, number, number];
  const reference = new Map<Segment | 'all', Counts>([
    ['all', [0, 0, 0]],
    ...SEGMENTS.map((s) => [s, [0, 0, 0]] as [Segment, Counts]),
  ]);
  for (const s of sessions.values()) {
    const reached = reachedByBruteForce(s.events);
    for (const group of ['all', segmentOf.get(s.customer)!] as const) {
      const c = reference.get(group)!;
      for (let j = 0; j < reached; j++) c[j]! += 1;
    }
  }

  beforeAll(async () => {
    await load('events', events);
    await load('customers', customers);
  });

  it('counts exactly the sessions a brute-force JS reading of the CSV finds, per segment too', async () => {
    const { stages, bySegment, result } = await funnel('fs', 'events', {
      customer: 'customer_id',
      time: 'ts',
      event: 'event_type',
      session: 'session_id',
      stages: VCP,
      segmentTable: 'customers',
      segmentKey: 'customer_id',
      segmentColumn: 'planted_segment',
    });
    expect((await stages()).map((s) => s.entrants)).toEqual(reference.get('all'));
    const got = await bySegment();
    for (const seg of SEGMENTS)
      expect(
        got.filter((r) => r.segment === seg).map((r) => r.entrants),
        seg,
      ).toEqual(reference.get(seg));
    // Every session with a view is a funnel (15 032 sessions less the review-only ones).
    expect(result.summary.funnels).toBe(reference.get('all')![0]);
  });

  it('recovers the planted conversion rates, per session rather than per item', async () => {
    const { stages, bySegment } = await funnel('fs2', 'events', {
      customer: 'customer_id',
      time: 'ts',
      event: 'event_type',
      session: 'session_id',
      stages: VCP,
      segmentTable: 'customers',
      segmentKey: 'customer_id',
      segmentColumn: 'planted_segment',
    });
    // The planted rates are per item (PLANTED.md: 0.43 cart | view, 0.51 purchase | cart over rows).
    expect(rowsOf.cart! / rowsOf.view!).toBeCloseTo(PLANTED.funnel.approxOverallCartRate, 2);
    expect(rowsOf.purchase! / rowsOf.cart!).toBeCloseTo(PLANTED.funnel.approxOverallPurchaseRate, 2);
    // A session browses 1 + Poisson(λ) units, each carted with rate c and then bought with rate p, so
    //   P(≥ 1 cart)     = 1 − (1 − c)·exp(−λc)
    //   P(≥ 1 purchase) = 1 − (1 − cp)·exp(−λcp)
    // and the session-level rates are P(≥ 1 cart) and P(≥ 1 purchase) / P(≥ 1 cart): much higher than per item.
    const rows = await bySegment();
    const model = { funnels: 0, carts: 0, purchases: 0 };
    for (const seg of PLANTED.segments) {
      const { cartRate: c, purchaseRate: p, extraSeedsPerSession: lambda } = seg;
      const anyCart = 1 - (1 - c) * Math.exp(-lambda * c);
      const anyPurchase = 1 - (1 - c * p) * Math.exp(-lambda * c * p);
      const [view, cart, purchase] = rows.filter((r) => r.segment === seg.name);
      // Measured at seed 42: 0.776 0.801 0.769 0.683 (model 0.776 0.803 0.764 0.687) for cart | view,
      // 0.594 0.789 0.741 0.383 (model 0.603 0.778 0.725 0.359) for purchase | cart.
      expect(Math.abs((cart!.conversion_from_previous as number) - anyCart), `${seg.name} cart | view`).toBeLessThan(
        0.02,
      );
      expect(
        Math.abs((purchase!.conversion_from_previous as number) - anyPurchase / anyCart),
        `${seg.name} purchase | cart`,
      ).toBeLessThan(0.04);
      const n = view!.entrants as number;
      model.funnels += n;
      model.carts += n * anyCart;
      model.purchases += n * anyPurchase;
    }
    const [, cart, purchase] = await stages();
    // Overall 0.766 cart | view (model 0.767) and 0.647 purchase | cart (model 0.639).
    expect(Math.abs((cart!.conversion_from_previous as number) - model.carts / model.funnels)).toBeLessThan(0.01);
    expect(Math.abs((purchase!.conversion_from_previous as number) - model.purchases / model.carts)).toBeLessThan(0.02);
    expect(cart!.conversion_from_previous as number).toBeGreaterThan(PLANTED.funnel.approxOverallCartRate + 0.2);

    // Window browsers convert far less than loyal regulars.
    const overall = (seg: string) =>
      rows.find((r) => r.segment === seg && r.stage_index === 3)!.conversion_from_first as number;
    expect(overall('window_browser')).toBeLessThan(overall('loyal_regular') / 2);
    expect(overall('loyal_regular')).toBeGreaterThan(0.5);
    expect(overall('window_browser')).toBeLessThan(0.3);
  });

  it('counts 24-hour windows: at most one start per session, at least one per customer who viewed', async () => {
    // A window that does not complete lasts past the end of its session (no session crosses midnight,
    // nor lasts 24 h), and one that completes does so at the checkout, the session's last event.
    const { stages } = await funnel('fs3', 'events', {
      customer: 'customer_id',
      time: 'ts',
      event: 'event_type',
      stages: VCP,
    });
    const viewers = new Set(
      [...sessions.values()].filter((s) => s.events.some((e) => e.type === 'view')).map((s) => s.customer),
    );
    const got = (await stages()).map((s) => s.entrants as number);
    expect(got[0]).toBeGreaterThan(viewers.size);
    expect(got[0]).toBeLessThanOrEqual(reference.get('all')![0]);

    // Independent reference: walk each customer's events in time order, one window after another.
    const day = 24 * 3600_000;
    const byCustomer = new Map<string, { type: string; t: number }[]>();
    for (const s of sessions.values()) {
      const list = byCustomer.get(s.customer) ?? [];
      for (const e of s.events) list.push({ type: e.type, t: Date.parse(`${e.ts.replace(' ', 'T')}Z`) });
      byCustomer.set(s.customer, list);
    }
    const expected = [0, 0, 0];
    for (const list of byCustomer.values()) {
      const at = (type: string) =>
        list
          .filter((e) => e.type === type)
          .map((e) => e.t)
          .sort((a, b) => a - b);
      const [views, carts, purchases] = [at('view'), at('cart'), at('purchase')];
      let after = -Infinity; // the next funnel starts strictly after this
      for (;;) {
        const start = views.find((t) => t > after);
        if (start === undefined) break;
        const cart = carts.find((t) => t >= start && t <= start + day);
        const bought = cart === undefined ? undefined : purchases.find((t) => t >= cart && t <= start + day);
        expected[0]! += 1;
        if (cart !== undefined) expected[1]! += 1;
        if (bought !== undefined) expected[2]! += 1;
        after = bought ?? start + day;
      }
    }
    expect(got).toEqual(expected);
  });
});
