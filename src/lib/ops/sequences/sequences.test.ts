import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeDuckDB } from '../../data/node-duckdb';
import { ident, literal } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { generateSamples } from '../../../samples/generate';
import { sequencesOp, type SequencesParams } from './';
import type { OpContext } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sequences-'));
  db = await NodeDuckDB.create({ allow: [dir] });
  ctx = { db, signal: new AbortController().signal, progress: () => {} };
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Run the op on `table` into schema `id`, as the engine would. */
async function run(id: string, table: string, params: Partial<SequencesParams> & Record<string, unknown>) {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(id)}`);
  const inputSql = ident(table);
  const step = { id, schema: id, schemaSql: ident(id), inputSql, inputColumns: await tableColumns(db, inputSql) };
  const result = await sequencesOp.run(ctx, step, sequencesOp.params.parse(params));
  const rows = (await db.query(`SELECT * FROM ${ident(id)}.patterns ORDER BY length, count DESC, pattern`)).rows;
  const counts = Object.fromEntries(rows.map((r) => [String(r.pattern), Number(r.count)]));
  return { result, rows, counts };
}

// Three customers; rows out of time order on purpose, one row with a NULL symbol (dropped).
//   A: view 1, view 2, cart 3, purchase 4                 → collapsed: view cart purchase
//   B: cart 1, view 2, view 3, purchase 4                 → collapsed: cart view purchase
//   C: view 1, cart 2, view 3, cart 4                     → view cart view cart (no repeats to collapse)
// minSupport 2/3 → minCount 2. Collapsed counts by hand:
//   view 3, cart 3, purchase 2; view→cart: A, C = 2; view→purchase: A, B = 2; cart→purchase: A, B = 2;
//   cart→view: B, C = 2; view→view: C only (A's repeat is collapsed) = 1; cart→cart: C = 1;
//   view→cart→purchase: A = 1; cart→view→purchase: B = 1; view→cart→view: C = 1.
const LOG = `customer,ts,event,session
A,2,view,s1
C,4,cart,s2
A,1,view,s1
B,4,purchase,s1
A,4,purchase,s1
B,1,cart,s1
A,3,cart,s1
B,2,view,s1
C,1,view,s1
C,3,view,s2
B,3,view,s1
C,2,cart,s1
C,5,,s2
`;

describe('sequences op on a hand-made log', () => {
  beforeAll(async () => {
    const path = join(dir, 'log.csv');
    writeFileSync(path, LOG);
    await db.exec(`CREATE TABLE log AS SELECT * FROM read_csv(${literal(path)}, header=true)`);
  });

  it('mines collapsed customer sequences with hand-checked counts', async () => {
    const { result, rows, counts } = await run('seq_log', 'log', {
      customer: 'customer',
      time: 'ts',
      symbol: 'event',
      minSupport: 2 / 3,
    });
    expect(counts).toEqual({
      '["cart"]': 3,
      '["view"]': 3,
      '["purchase"]': 2,
      '["cart","purchase"]': 2,
      '["cart","view"]': 2,
      '["view","cart"]': 2,
      '["view","purchase"]': 2,
    });
    // Sorted by length, then count desc.
    expect(rows.map((r) => r.length)).toEqual([1, 1, 1, 2, 2, 2, 2]);
    expect(rows[0]).toEqual({ pattern: '["cart"]', length: 1, count: 3, support: 1 });
    expect(rows[3]!.support).toBeCloseTo(2 / 3, 12);
    expect(result.tables).toEqual(['patterns']);
    expect(result.summary).toMatchObject({
      sequences: 3,
      symbols: 3,
      events: 10,
      minCount: 2,
      patterns: 7,
      byLength: { 1: 3, 2: 4 },
    });
    expect((result.summary.topPatterns as unknown[])[0]).toEqual({
      pattern: ['cart', 'purchase'],
      count: 2,
      support: 2 / 3,
    });
    const types = await db.query(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'seq_log' AND table_name = 'patterns' ORDER BY ordinal_position`,
    );
    expect(types.rows.map((r) => [r.column_name, r.data_type])).toEqual([
      ['pattern', 'VARCHAR'],
      ['length', 'INTEGER'],
      ['count', 'INTEGER'],
      ['support', 'DOUBLE'],
    ]);
  });

  it('keeps repeats when collapseRepeats is false', async () => {
    const { counts } = await run('seq_log_rep', 'log', {
      customer: 'customer',
      time: 'ts',
      symbol: 'event',
      minSupport: 0.3,
      collapseRepeats: false,
    });
    // view→view now in A (view view), B (view view) and C (view … view) = 3; collapsed it was C only.
    expect(counts['["view","view"]']).toBe(3);
    expect(counts['["view","cart","purchase"]']).toBe(1);
  });

  it('counts contiguous patterns with maxGap = 1 and splits by session', async () => {
    // Contiguous, collapsed: view→purchase only in B (view purchase at the end) = 1; cart→purchase in A = 1.
    const gap = await run('seq_log_gap', 'log', {
      customer: 'customer',
      time: 'ts',
      symbol: 'event',
      minSupport: 0.3,
      maxGap: 1,
    });
    expect(gap.counts['["view","purchase"]']).toBe(1);
    expect(gap.counts['["cart","purchase"]']).toBe(1);
    expect(gap.counts['["view","cart"]']).toBe(2);
    // Sessions: A/s1, B/s1, C/s1 (view cart), C/s2 (view cart; the NULL row is dropped) → 4 sequences.
    const bySession = await run('seq_log_sess', 'log', {
      customer: 'customer',
      time: 'ts',
      symbol: 'event',
      session: 'session',
      minSupport: 0.5,
    });
    expect(bySession.result.summary.sequences).toBe(4);
    expect(bySession.counts['["view","cart"]']).toBe(3);
    expect(bySession.counts['["cart","view"]']).toBeUndefined(); // only B, 1 of 4
  });

  it('fails clearly when the cap is hit', async () => {
    await expect(
      run('seq_log_cap', 'log', { customer: 'customer', time: 'ts', symbol: 'event', minSupport: 0.3, maxPatterns: 2 }),
    ).rejects.toThrow(/more than 2 patterns/);
  });
});

describe('sequences op on the generated sample', () => {
  beforeAll(async () => {
    const path = join(dir, 'events.csv');
    writeFileSync(path, generateSamples().events);
    await db.exec(`CREATE TABLE events AS SELECT * FROM read_csv(${literal(path)}, header=true)`);
  });

  it('finds view → cart → purchase per session, far above its reversals', async () => {
    const t0 = performance.now();
    const { result, counts } = await run('seq_sess', 'events', {
      customer: 'customer_id',
      session: 'session_id',
      time: 'ts',
      symbol: 'event_type',
      minSupport: 0.01,
    });
    const ms = performance.now() - t0;
    const n = result.summary.sequences as number;
    expect(n).toBe(15032); // PLANTED.md: 15 032 sessions, each review its own
    const vcp = counts['["view","cart","purchase"]'] ?? 0;
    expect(vcp / n).toBeGreaterThan(0.1);
    // Planted: every cart follows a view and every purchase a cart, so every session with a cart
    // contains view→cart, and every session with a purchase contains view→cart→purchase.
    expect(counts['["view","cart"]']).toBe(counts['["cart"]']);
    expect(vcp).toBe(counts['["purchase"]']);
    // Reversals happen only across items (cart one item, then view the next), and less often.
    expect(counts['["cart","view"]'] ?? 0).toBeLessThan(counts['["view","cart"]']!);
    expect(counts['["cart","view","purchase"]'] ?? 0).toBeLessThan(vcp);
    // Checkout ends a session: nothing follows a purchase, and a review is its own session.
    for (const key of Object.keys(counts)) expect(key).not.toMatch(/"purchase",/);
    expect(counts['["purchase","review"]']).toBeUndefined();
    expect(ms).toBeLessThan(10_000);
  });

  it('finds reviews after purchases per customer', async () => {
    const { result, counts } = await run('seq_cust', 'events', {
      customer: 'customer_id',
      time: 'ts',
      symbol: 'event_type',
      minSupport: 0.1,
    });
    const n = result.summary.sequences as number;
    expect(n).toBe(2000 - 172); // customers with at least one event
    expect(counts['["purchase","review"]']! / n).toBeGreaterThan(0.2);
    // A review needs an earlier purchase: every reviewer has purchase→review; the reverse
    // (buying again after a review) is rarer.
    expect(counts['["purchase","review"]']).toBe(counts['["review"]']);
    expect(counts['["review","purchase"]'] ?? 0).toBeLessThan(counts['["purchase","review"]']!);
  });
});
