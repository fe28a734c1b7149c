import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { runOp } from '../../../test-support/run-op';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident, literal as literalOf } from '../../data/sql';
import { parseCsvObjects } from '../../../test-support/csv';
import { generateJourneys, PLANTED_JOURNEYS } from '../../../samples/journeys';
import { loadSource } from '../load';
import type { OpContext } from '../types';
import { jsonStringSql, pathsOp } from './index';
import { readEventValues, readLinks, readPathLengths, readPaths } from './read';
import { dropOff, sankeyGraph, nodeId } from '../../journeys/sankey';

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

async function paths(id: string, table: string, params: Record<string, unknown>) {
  const result = await runOp(db, pathsOp, id, table, params, ctx);
  const rows = async (t: string, order: string) =>
    (await db.query(`SELECT * FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`)).rows;
  return {
    result,
    paths: async () =>
      (await rows('paths', 'count DESC, path')).map((r) => [JSON.parse(String(r.path)) as string[], r.count, r.share]),
    links: async () => (await rows('links', 'step, source, target')).map((r) => [r.step, r.source, r.target, r.count]),
  };
}

// Four customers; times HH:MM on one day. Rows are not in time order; two events share a time.
//   A: 09:00 home, 09:01 search, 09:01 product (same time: row order says search first), 09:05 cart
//      then away 2 hours: 11:10 home, 11:12 home (a repeat), 11:15 help
//   B: 10:00 home, 10:02 product, 10:03 product, 10:04 cart, 10:06 checkout, 10:07 home
//   C: 08:00 landing, 08:01 product
//   D: a row without a time (left out), 12:00 home
const LOG = `customer,ts,page,session
A,2025-03-01 09:05:00,cart,s1
A,2025-03-01 09:00:00,home,s1
A,2025-03-01 09:01:00,search,s1
A,2025-03-01 09:01:00,product,s1
A,2025-03-01 11:10:00,home,s2
A,2025-03-01 11:12:00,home,s2
A,2025-03-01 11:15:00,help,s2
B,2025-03-01 10:00:00,home,s3
B,2025-03-01 10:02:00,product,s3
B,2025-03-01 10:03:00,product,s3
B,2025-03-01 10:04:00,cart,s3
B,2025-03-01 10:06:00,checkout,s3
B,2025-03-01 10:07:00,home,s3
C,2025-03-01 08:00:00,landing,s4
C,2025-03-01 08:01:00,product,s4
D,,product,s5
D,2025-03-01 12:00:00,home,s5
`;
const base = { customer: 'customer', time: 'ts', event: 'page' };

describe('paths op on a small log', () => {
  beforeAll(() => load('log', LOG));

  it('orders by time then row order, collapses repeats before cutting at maxSteps, one journey per customer', async () => {
    const { paths: read, links, result } = await paths('p1', 'log', { ...base, maxSteps: 5 });
    // A: home search product cart home | help (cut at 5); B: home product cart checkout home; C; D.
    // Ties in count are in the order of the path's JSON text: '["home",…' before '["home"]'.
    expect(await read()).toEqual([
      [['home', 'product', 'cart', 'checkout', 'home'], 1, 0.25],
      [['home', 'search', 'product', 'cart', 'home'], 1, 0.25],
      [['home'], 1, 0.25],
      [['landing', 'product'], 1, 0.25],
    ]);
    expect(await links()).toEqual([
      [1, 'home', '(end)', 1],
      [1, 'home', 'product', 1],
      [1, 'home', 'search', 1],
      [1, 'landing', 'product', 1],
      [2, 'product', '(end)', 1],
      [2, 'product', 'cart', 1],
      [2, 'search', 'product', 1],
      [3, 'cart', 'checkout', 1],
      [3, 'product', 'cart', 1],
      [4, 'cart', 'home', 1],
      [4, 'checkout', 'home', 1],
    ]);
    expect(result.summary).toMatchObject({ journeys: 4, distinctPaths: 4, unit: 'customer' });
  });

  it('keeps repeats when asked, and cuts sessions by a column or by a gap', async () => {
    const { paths: raw } = await paths('p2', 'log', { ...base, collapseRepeats: false, maxSteps: 3 });
    expect((await raw()).map((r) => r[0])).toContainEqual(['home', 'product', 'product']);
    const bySession = await paths('p3', 'log', { ...base, session: 'session' });
    const byGap = await paths('p4', 'log', { ...base, sessionGap: 30 });
    const expected = [
      [['home', 'help'], 1, 0.2],
      [['home', 'product', 'cart', 'checkout', 'home'], 1, 0.2],
      [['home', 'search', 'product', 'cart'], 1, 0.2],
      [['home'], 1, 0.2],
      [['landing', 'product'], 1, 0.2],
    ];
    expect(await bySession.paths()).toEqual(expected);
    expect(await byGap.paths()).toEqual(expected);
    // A gap of three hours joins A's two visits again.
    const long = await paths('p5', 'log', { ...base, sessionGap: 180, maxSteps: 10 });
    expect((await long.paths()).map((r) => r[0])).toContainEqual(['home', 'search', 'product', 'cart', 'home', 'help']);
  });

  it('starts at the first start event, or ends with the first end event, leaving out journeys without it', async () => {
    const from = await paths('p6', 'log', { ...base, session: 'session', start: 'product', maxSteps: 3 });
    // s1: product cart; s3: product cart checkout (cut at 3); s4: product. s2 and s5 have no product (s5's has no time).
    expect(await from.paths()).toEqual([
      [['product', 'cart', 'checkout'], 1, 1 / 3],
      [['product', 'cart'], 1, 1 / 3],
      [['product'], 1, 1 / 3],
    ]);
    const to = await paths('p7', 'log', { ...base, end: 'cart', maxSteps: 2 });
    // A: … product cart (first cart); B: … product cart. C and D never reach a cart.
    expect(await to.paths()).toEqual([[['product', 'cart'], 2, 1]]);
    // With `end` a path stops at that event: no link to (end).
    expect(await to.links()).toEqual([[1, 'product', 'cart', 2]]);
  });

  it('drops rare paths with minCount but keeps their journeys in the shares', async () => {
    await load(
      'twice',
      LOG +
        LOG.split('\n')
          .slice(1)
          .join('\n')
          .replaceAll(/^([A-D]),/gm, '$1$1,'),
    );
    const { paths: read, links, result } = await paths('p8', 'twice', { ...base, minCount: 2, start: 'home' });
    // Each customer appears twice (A and AA…), so every path has count 2; C and CC start with landing.
    expect((await read()).map((r) => [r[1], r[2]])).toEqual([
      [2, 1 / 3],
      [2, 1 / 3],
      [2, 1 / 3],
    ]);
    const none = await paths('p9', 'twice', { ...base, minCount: 3 });
    expect(await none.paths()).toEqual([]);
    expect(await none.links()).toEqual([]);
    expect(none.result.summary).toMatchObject({ journeys: 8, pathsKept: 0 });
    expect(result.summary).toMatchObject({ journeys: 6, pathsKept: 3, journeysKept: 6 });
    expect((await links()).filter((l) => l[0] === 1)).toEqual([
      [1, 'home', '(end)', 2],
      [1, 'home', 'product', 2],
      [1, 'home', 'search', 2],
    ]);
  });

  it('writes each path as the JSON text JSON.stringify writes, for any symbol, without the json extension', async () => {
    const hostile = [
      'plain',
      'a "quoted", comma',
      'back\\slash\\',
      '","',
      'tab\there\nnewline\u0001\u001f',
      '上海',
      '',
    ];
    for (const v of hostile) {
      const got = (await db.query(`SELECT ${jsonStringSql('v')} AS j FROM (SELECT ${literalOf(v)} AS v)`)).rows[0]!.j;
      expect(got, JSON.stringify(v)).toBe(JSON.stringify(v));
    }
    // An empty field reads as a missing value (no step), so the journey below has the others.
    hostile.pop();
    const csv =
      'customer,ts,page\n' + hostile.map((v, i) => `A,2025-01-01 00:00:0${i},"${v.replaceAll('"', '""')}"`).join('\n');
    await load('hostile', csv + '\n');
    const { paths: read } = await paths('h1', 'hostile', { ...base, maxSteps: 10 });
    expect(await read()).toEqual([[hostile, 1, 1]]);
    // The reader finds a step by its text, quotes and all.
    for (const [i, v] of hostile.entries())
      expect((await readPaths(db, 'h1', { limit: 5, through: { step: i + 1, symbol: v } })).journeys, v).toBe(1);
    expect((await readPaths(db, 'h1', { limit: 5, through: { step: 2, symbol: 'plain' } })).journeys).toBe(0);
    expect(await readPathLengths(db, 'h1')).toEqual([{ length: hostile.length, count: 1 }]);
    // The values offered as start or end events: most frequent first (home 6, product 5, cart 2, then by name).
    expect(await readEventValues(db, 'log', 'page', 4)).toEqual(['home', 'product', 'cart', 'checkout']);
  });

  it('names what is wrong', async () => {
    await expect(paths('e1', 'log', { ...base, start: 'Home' })).rejects.toThrow(
      "step 'e1', field 'start': no journey has a 'Home' event in 'page' (most common values: 'home', 'product', 'cart', ",
    );
    await load('numbers', 'customer,ts,page\nA,1,home\nA,2,cart\n');
    await expect(paths('e2', 'numbers', { ...base, sessionGap: 30 })).rejects.toThrow(
      "step 'e2', field 'sessionGap': 'ts' holds numbers",
    );
    // Numbers order events well without a gap.
    expect(await (await paths('e3', 'numbers', base)).paths()).toEqual([[['home', 'cart'], 1, 1]]);
    const bad = (p: Record<string, unknown>) => pathsOp.params.safeParse({ ...base, ...p }).success;
    expect(bad({})).toBe(true);
    expect(bad({ session: 'session', sessionGap: 30 })).toBe(false);
    expect(bad({ start: 'a', end: 'b' })).toBe(false);
    expect(bad({ maxSteps: 0 })).toBe(false);
    expect(bad({ minCount: 0 })).toBe(false);
    expect(bad({ sessionGap: 0 })).toBe(false);
  });
});

/** Independent reference: the journeys of a parsed CSV, walked in plain JS. */
function bruteForce(
  rows: Record<string, string>[],
  o: { session?: string; start?: string; end?: string; maxSteps: number; collapse: boolean },
): Map<string, number> {
  const journeys = new Map<string, { t: string; i: number; page: string }[]>();
  rows.forEach((r, i) => {
    const key = `${r.customer_id}|${o.session ? r[o.session] : ''}`;
    const list = journeys.get(key) ?? [];
    list.push({ t: r.ts!, i, page: r.page! });
    journeys.set(key, list);
  });
  const counts = new Map<string, number>();
  for (const list of journeys.values()) {
    list.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
    let pages = list.map((e) => e.page);
    if (o.collapse) pages = pages.filter((p, j) => j === 0 || pages[j - 1] !== p);
    let path: string[];
    if (o.start) {
      const at = pages.indexOf(o.start);
      if (at < 0) continue;
      path = pages.slice(at, at + o.maxSteps);
    } else if (o.end) {
      const at = pages.indexOf(o.end);
      if (at < 0) continue;
      path = pages.slice(Math.max(0, at - o.maxSteps + 1), at + 1);
    } else path = pages.slice(0, o.maxSteps);
    const key = JSON.stringify(path);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('paths op on the planted journeys', () => {
  const csv = generateJourneys();
  const rows = parseCsvObjects(csv);
  beforeAll(() => load('journeys', csv));
  const jbase = { customer: 'customer_id', time: 'ts', event: 'page' };
  const asMap = (got: unknown[][]) => new Map(got.map(([p, n]) => [JSON.stringify(p), Number(n)]));

  it('recovers every planted path exactly, by session column and by a 30-minute gap', async () => {
    const planted = new Map(PLANTED_JOURNEYS.map((j) => [JSON.stringify(j.path), j.sessions]));
    const total = PLANTED_JOURNEYS.reduce((s, j) => s + j.sessions, 0);
    for (const [id, unit] of [
      ['j1', { session: 'session_id' }],
      ['j2', { sessionGap: 30 }],
    ] as const) {
      const { paths: read, result } = await paths(id, 'journeys', { ...jbase, ...unit, maxSteps: 10 });
      const got = await read();
      expect(asMap(got)).toEqual(planted);
      expect(got[0]![0]).toEqual(['home', 'search', 'product']);
      expect(got[0]![2]).toBeCloseTo(310 / total, 12);
      expect(result.summary).toMatchObject({ journeys: total });
    }
  });

  it('equals a brute-force count of the same rows for every mode', async () => {
    const cases = [
      { session: 'session_id', maxSteps: 5, collapse: true },
      { session: 'session_id', maxSteps: 3, collapse: false },
      { maxSteps: 5, collapse: true },
      { session: 'session_id', start: 'product', maxSteps: 4, collapse: true },
      { session: 'session_id', end: 'checkout', maxSteps: 3, collapse: true },
      { end: 'cart', maxSteps: 6, collapse: false },
    ];
    for (const [n, c] of cases.entries()) {
      const { paths: read } = await paths(`b${n}`, 'journeys', {
        ...jbase,
        ...(c.session ? { session: c.session } : {}),
        ...(c.start ? { start: c.start } : {}),
        ...(c.end ? { end: c.end } : {}),
        maxSteps: c.maxSteps,
        collapseRepeats: c.collapse,
      });
      const expected = bruteForce(rows, c);
      expect(asMap(await read()), JSON.stringify(c)).toEqual(expected);
    }
  });

  it('links sum to the journeys reaching each step, and the planted drop-off shows', async () => {
    const { links, paths: read } = await paths('l1', 'journeys', { ...jbase, session: 'session_id' });
    const all = await links();
    // Every journey leaves step 1 exactly once (to the next step or to the end).
    const out1 = all.filter((l) => l[0] === 1).reduce((s, l) => s + Number(l[3]), 0);
    expect(out1).toBe(1300);
    // Step 3 → (end): the 310 search-and-leave sessions (home search product) and landing product cart (150)
    // and home help contact (60).
    expect(all.filter((l) => l[0] === 3 && l[2] === '(end)').map((l) => [l[1], l[3]])).toEqual([
      ['cart', 150],
      ['contact', 60],
      ['product', 310],
    ]);
    // Paths of five steps (the cut ones too) never link to (end).
    const five = (await read()).filter((r) => (r[0] as string[]).length === 5);
    expect(five.length).toBeGreaterThan(0);
    expect(all.some((l) => l[0] === 5)).toBe(false);
  });

  it('reads the top paths, those through a node, and a Sankey and drop-off that agree with the links table', async () => {
    await paths('r1', 'journeys', { ...jbase, session: 'session_id' });
    const top = await readPaths(db, 'r1', { limit: 3 });
    expect(top.rows.map((r) => [r.path.join(' '), r.count])).toEqual([
      ['home search product', 310],
      ['home search product cart checkout', 240],
      ['home', 200],
    ]);
    expect(top.journeys).toBe(1300);
    // Through `cart` at step 3: home product cart checkout (180) and landing product cart (150).
    const through = await readPaths(db, 'r1', { limit: 50, through: { step: 3, symbol: 'cart' } });
    expect(through.rows.map((r) => [r.path.join(' '), r.count])).toEqual([
      ['home product cart checkout', 180],
      ['landing product cart', 150],
    ]);
    expect(through.journeys).toBe(330);
    // The graph built from every path has the links table's flows.
    const all = await readPaths(db, 'r1', { limit: 1000 });
    const graph = sankeyGraph(all.rows, { maxSteps: 5, stops: true });
    const fromLinks = (await readLinks(db, 'r1')).map((l) => [
      nodeId(l.step, l.source),
      nodeId(l.step + 1, l.target),
      l.count,
    ]);
    expect(graph.links.map((l) => [l.source, l.target, l.value]).sort()).toEqual(fromLinks.sort());
    // Step 1: 1300 journeys, 200 of them only saw the home page.
    expect(dropOff(await readPathLengths(db, 'r1'), 5)[0]).toEqual({
      step: 1,
      reaching: 1300,
      stopped: 200,
      rate: 200 / 1300,
    });
  });
});
