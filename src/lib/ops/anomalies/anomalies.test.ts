import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { runOp } from '../../../test-support/run-op';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident } from '../../data/sql';
import { parseCsvObjects } from '../../../test-support/csv';
import { generateKpi, PLANTED_ANOMALY } from '../../../samples/kpi';
import { loadSource } from '../load';
import type { OpContext } from '../types';
import { anomaliesOp } from './index';

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

async function anomalies(id: string, table: string, params: Record<string, unknown>) {
  const result = await runOp(db, anomaliesOp, id, table, params, ctx);
  const read = async (t: string, order: string) =>
    (
      await db.query(
        `SELECT * REPLACE (strftime(period, '%Y-%m-%d') AS period) FROM ${ident(id)}.${ident(t)} ORDER BY ${order}`,
      )
    ).rows;
  return {
    result,
    anomalies: () => read('anomalies', 'period'),
    causes: () => read('causes', 'period, dimension, contribution DESC'),
    series: () => read('series', 'period'),
  };
}

/** Independent reference: the daily series of the CSV, scored as the issue defines it, in plain JS. */
function reference(rows: Record<string, string>[], sensitivity: number) {
  const byDay = new Map<string, number>();
  for (const r of rows) byDay.set(r.ts!.slice(0, 10), (byDay.get(r.ts!.slice(0, 10)) ?? 0) + Number(r.amount));
  const days = [...byDay.keys()].sort();
  // Zero-filled from the first day to the last; the last day stops at noon, so it is dropped.
  const all: string[] = [];
  for (let d = Date.parse(`${days[0]}T00:00:00Z`); d <= Date.parse(`${days.at(-1)}T00:00:00Z`); d += 86_400_000)
    all.push(new Date(d).toISOString().slice(0, 10));
  all.pop();
  const y = all.map((d) => byDay.get(d) ?? 0);
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const expected = y.map((_, t) => {
    const same = [t - 7, t - 14, t - 21, t - 28].filter((i) => i >= 0).map((i) => y[i]!);
    return same.length ? med(same) : null;
  });
  const r = y.flatMap((v, t) => (expected[t] === null ? [] : [v - expected[t]!]));
  const center = med(r);
  const scale = 1.4826 * med(r.map((x) => Math.abs(x - center)));
  const score = y.map((v, t) => (expected[t] === null ? null : (v - expected[t]! - center) / scale));
  return { days: all, y, expected, score, flagged: all.filter((_, t) => Math.abs(score[t] ?? 0) >= sensitivity) };
}

describe('anomalies op on the planted KPI log', () => {
  const csv = generateKpi();
  const rows = parseCsvObjects(csv);
  beforeAll(() => load('kpi', csv));
  const base = { time: 'ts', metric: 'amount', dimensions: ['city', 'channel'] };

  it('scores every day as an independent reading of the CSV does, and finds only the planted day', async () => {
    const { series, anomalies: found, result } = await anomalies('a1', 'kpi', base);
    const ref = reference(rows, 3.5);
    const got = await series();
    expect(got.map((r) => r.period)).toEqual(ref.days);
    got.forEach((r, t) => {
      expect(r.value as number).toBeCloseTo(ref.y[t]!, 6);
      if (ref.expected[t] === null) expect(r.expected).toBeNull();
      else expect(r.expected as number).toBeCloseTo(ref.expected[t]!, 6);
      if (ref.score[t] === null) expect(r.score).toBeNull();
      else expect(r.score as number).toBeCloseTo(ref.score[t]!, 9);
    });
    expect(ref.flagged).toEqual([PLANTED_ANOMALY.day]);
    const anomaly = await found();
    expect(anomaly.map((a) => a.period)).toEqual([PLANTED_ANOMALY.day]);
    const a = anomaly[0]!;
    expect(a.value as number).toBeGreaterThan(a.high as number);
    expect(result.summary).toMatchObject({
      grain: 'day',
      periods: 181,
      scored: 174,
      first: '2025-01-01',
      last: '2025-06-30',
      droppedIncomplete: '2025-07-01',
      anomalies: 1,
    });
  });

  it('names the planted city as the cause, and splits the channels by their usual shares', async () => {
    const { causes } = await anomalies('a2', 'kpi', base);
    const got = await causes();
    const city = got.filter((c) => c.dimension === 'city');
    expect(city[0]).toMatchObject({ period: PLANTED_ANOMALY.day, value: PLANTED_ANOMALY.city });
    expect(city[0]!.contribution as number).toBeGreaterThan(0.8);
    expect(city.length).toBeLessThanOrEqual(5);
    expect(city.every((c) => (c.contribution as number) >= 0.1)).toBe(true);
    // Berlin's expected: the day's expected × Berlin's share of the 28 days before, from the CSV.
    const day = Date.parse(`${PLANTED_ANOMALY.day}T00:00:00Z`);
    const before = rows.filter((r) => {
      const t = Date.parse(`${r.ts!.slice(0, 10)}T00:00:00Z`);
      return t < day && t >= day - 28 * 86_400_000;
    });
    const sum = (xs: Record<string, string>[]) => xs.reduce((s, r) => s + Number(r.amount), 0);
    const share = sum(before.filter((r) => r.city === PLANTED_ANOMALY.city)) / sum(before);
    const [a] = await (await anomalies('a3', 'kpi', base)).anomalies();
    expect(city[0]!.expected as number).toBeCloseTo((a!.expected as number) * share, 6);
    const actual = sum(rows.filter((r) => r.ts!.startsWith(PLANTED_ANOMALY.day) && r.city === PLANTED_ANOMALY.city));
    expect(city[0]!.actual as number).toBeCloseTo(actual, 6);
    expect(city[0]!.contribution as number).toBeCloseTo(
      (actual - (a!.expected as number) * share) / ((a!.value as number) - (a!.expected as number)),
      9,
    );
    // Both channels grew with the day: each explains part, and together all of it.
    const channel = got.filter((c) => c.dimension === 'channel');
    expect(channel.map((c) => c.value).sort()).toEqual(['app', 'web']);
    expect(channel.reduce((s, c) => s + (c.contribution as number), 0)).toBeCloseTo(1, 9);
  });

  it('counts rows, sums quantity × price, and works by week', async () => {
    const counted = await anomalies('c1', 'kpi', { time: 'ts', metric: 'count' });
    expect((await counted.anomalies()).map((a) => a.period)).toEqual([PLANTED_ANOMALY.day]);
    const weekly = await anomalies('w1', 'kpi', { time: 'ts', metric: 'amount', grain: 'week' });
    const weeks = await weekly.series();
    expect(weeks[0]!.period).toBe('2024-12-30'); // the Monday of 2025-01-01's week
    // The last week (Monday 30 June, its data stopping on Tuesday noon) is incomplete.
    expect(weekly.result.summary.droppedIncomplete).toBe('2025-06-30');
    await load(
      'qp',
      'ts,q,p,city\n' + rows.map((r) => `${r.ts},2,${Number(r.amount) / 2},${r.city}`).join('\n') + '\n',
    );
    const qp = await anomalies('q1', 'qp', { time: 'ts', quantity: 'q', price: 'p', dimensions: ['city'] });
    expect((await qp.anomalies()).map((a) => a.period)).toEqual([PLANTED_ANOMALY.day]);
  });

  it('names what is wrong', async () => {
    await load('short', 'ts,amount\n2025-01-01,1\n2025-01-05,2\n');
    await expect(anomalies('e1', 'short', { time: 'ts', metric: 'amount' })).rejects.toThrow(
      "step 'e1', field 'time': 5 days of data (from '2025-01-01 00:00:00'); the seasonal baseline needs at least 14",
    );
    await load('text', 'ts,amount\n2025-01-01,$1.00\n');
    await expect(anomalies('e2', 'text', { time: 'ts', metric: 'amount' })).rejects.toThrow(
      "step 'e2', field 'metric': column 'amount' holds 1 value that are not numbers, such as '$1.00'",
    );
    const ok = (p: Record<string, unknown>) => anomaliesOp.params.safeParse({ time: 'ts', ...p }).success;
    expect(ok({ metric: 'amount' })).toBe(true);
    expect(ok({ metric: 'count', grain: 'hour', sensitivity: 5 })).toBe(true);
    expect(ok({})).toBe(false);
    expect(ok({ metric: 'amount', quantity: 'q', price: 'p' })).toBe(false);
    expect(ok({ quantity: 'q' })).toBe(false);
    expect(ok({ metric: 'amount', grain: 'month' })).toBe(false);
    expect(ok({ metric: 'amount', sensitivity: 0 })).toBe(false);
  });
});
