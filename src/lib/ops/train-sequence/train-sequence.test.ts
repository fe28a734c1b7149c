import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { NodeDuckDB } from '../../data/node-duckdb';
import { literal } from '../../data/sql';
import { runOp } from '../../../test-support/run-op';
import { neuralTrainer } from '../../../test-support/neural-trainer';
import { generateSamples } from '../../../samples/generate';
import { sentence, trainSequenceOp } from './';
import type { OpContext } from '../types';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ctx = { db, trainer: await neuralTrainer(), signal: new AbortController().signal, progress: () => {} };
  // u1, u2: A → B → C; u3: A → B; u4: D → A; u5: C only (one step: trains, is not evaluated).
  // u1 also views C twice in a row at the end: a repeat, collapsed into one step.
  await db.exec(`CREATE TABLE log (customer_id VARCHAR, item_id VARCHAR, ts TIMESTAMP, event_type VARCHAR)`);
  await db.exec(`INSERT INTO log VALUES
    ('u1', 'A', '2025-01-01 10:00', 'view'), ('u1', 'B', '2025-01-01 10:05', 'view'), ('u1', 'C', '2025-01-01 10:09', 'view'), ('u1', 'C', '2025-01-01 10:10', 'cart'),
    ('u2', 'A', '2025-01-02 10:00', 'view'), ('u2', 'B', '2025-01-02 10:05', 'view'), ('u2', 'C', '2025-01-02 10:10', 'view'),
    ('u3', 'A', '2025-01-03 10:00', 'view'), ('u3', 'B', '2025-01-03 10:05', 'view'),
    ('u4', 'D', '2025-01-04 10:00', 'view'), ('u4', 'A', '2025-01-04 10:05', 'view'),
    ('u5', 'C', '2025-01-05 10:00', 'view')`);
});
afterAll(() => db.close());

describe('train-sequence on a hand-made log (leave-last-out)', () => {
  it('scores the baselines exactly and lists the next steps', async () => {
    const before = tf.memory().numTensors;
    const result = await runOp(
      db,
      trainSequenceOp,
      'q_hand',
      'log',
      { k: [1, 2, 4], top: 2, epochs: 3, factors: 4, maxLength: 4 },
      ctx,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.tables).toEqual(['metrics', 'recommendations', 'history']);
    const metrics = (await db.query(`SELECT * FROM q_hand.metrics ORDER BY algorithm, k`)).rows;
    expect(metrics).toHaveLength(3 * 3);
    const at = (algorithm: string, k: number) => metrics.find((m) => m.algorithm === algorithm && m.k === k)!;
    // Training steps: u1 [A B], u2 [A B], u3 [A], u4 [D], u5 [C]; targets u1 C, u2 C, u3 B, u4 A.
    // Popularity (customers per symbol): A 3, B 2, C 1, D 1 → everyone gets [A B C D].
    //   hits: u4 at 1, u3 at 2, u1 and u2 at 3. HR@1 1/4; NDCG@2 (1 + 1/log2 3)/4 = 0.40773;
    //   NDCG@4 (1 + 0.63093 + 0.5 + 0.5)/4 = 0.65773.
    expect(at('popularity', 1).hr).toBeCloseTo(0.25, 10);
    expect(at('popularity', 2).ndcg as number).toBeCloseTo(0.40773, 5);
    expect(at('popularity', 4).ndcg as number).toBeCloseTo(0.65773, 5);
    // Last item's ItemCF (cosine over customers: A–B 2/√6): u1, u2 after B → [A, then B C D filled];
    //   u3 after A → [B …]; u4 after D (no neighbour) → [A B C D]. Hits: u3, u4 at 1; u1, u2 at 3.
    expect(at('itemcf-last-item', 1).hr).toBeCloseTo(0.5, 10);
    expect(at('itemcf-last-item', 2).ndcg as number).toBeCloseTo(0.5, 10);
    expect(at('itemcf-last-item', 4).ndcg as number).toBeCloseTo(0.75, 10);
    // One target each: precision = HR/K, recall = HR, MAP = MRR.
    for (const m of metrics) {
      expect(m.precision as number).toBeCloseTo((m.hr as number) / (m.k as number), 10);
      expect(m.recall).toBeCloseTo(m.hr as number, 10);
      expect(m.map).toBeCloseTo(m.mrr as number, 10);
    }
    expect(result.summary).toMatchObject({
      target: 'item',
      customers: 5,
      evaluated: 4,
      symbols: 4,
      rows: 12,
      steps: 11,
      collapseRepeats: true,
      trainingSteps: 2,
      k: [1, 2, 4],
      compareAt: 4,
      backend: 'wasm',
      tensorsLeaked: 0,
    });
    expect((result.summary['ndcg@4'] as Record<string, number>)['itemcf-last-item']).toBeCloseTo(0.75, 10);
    // Next steps after each whole sequence, `top` = 2 each, with the reason.
    const recs = (await db.query(`SELECT * FROM q_hand.recommendations ORDER BY customer, rank`)).rows;
    expect(recs).toHaveLength(5 * 2);
    expect(recs.filter((r) => r.customer === 'u1').map((r) => r.reason)).toEqual(['after C', 'after C']);
    expect(recs.filter((r) => r.customer === 'u4').map((r) => r.reason)).toEqual(['after A', 'after A']);
    for (const r of recs) expect(r.score as number).toBeGreaterThan(0);
    expect((await db.query(`SELECT count(*)::INTEGER AS n FROM q_hand.history`)).rows[0]!.n).toBe(3);
  });

  it('predicts categories when asked, and explains bad input', async () => {
    await db.exec(
      `CREATE TABLE cats AS SELECT * FROM (VALUES ('A', 'x'), ('B', 'y'), ('C', 'x'), ('D', 'z')) AS t(item_id, category)`,
    );
    const result = await runOp(
      db,
      trainSequenceOp,
      'q_cat',
      'log',
      { target: 'category', itemTable: 'cats', k: [1], epochs: 1, factors: 2 },
      ctx,
    );
    // Steps (collapsed): u1 x y x, u2 x y x, u3 x y, u4 z x, u5 x.
    expect(result.summary).toMatchObject({ target: 'category', symbols: 3, evaluated: 4, steps: 11, trainingSteps: 2 });
    // With A, B in one category, no training prefix has two steps left: said plainly.
    await db.exec(
      `CREATE TABLE cats2 AS SELECT * FROM (VALUES ('A', 'x'), ('B', 'x'), ('C', 'y'), ('D', 'z')) AS t(item_id, category)`,
    );
    await expect(
      runOp(db, trainSequenceOp, 'q_cat2', 'log', { target: 'category', itemTable: 'cats2' }, ctx),
    ).rejects.toThrow(/field 'customer': no customer has two steps before the held-out one/);
    await expect(runOp(db, trainSequenceOp, 'q_nocat', 'log', { target: 'category', k: [1] }, ctx)).rejects.toThrow(
      /field 'category': next-category prediction needs a category column/,
    );
    await expect(runOp(db, trainSequenceOp, 'q_ev', 'log', { events: ['purchase'] }, ctx)).rejects.toThrow(
      /field 'events': no steps/,
    );
    await expect(runOp(db, trainSequenceOp, 'q_none', 'log', {}, { ...ctx, trainer: undefined })).rejects.toThrow(
      /train-sequence trains in the training worker/,
    );
    expect(sentence(0.3, 0.1, 0.35, 10)).toBe(
      "On NDCG@10 the GRU (0.3000) beats popularity (0.1000) and does not beat the last item's ItemCF neighbours (0.3500).",
    );
  });
});

describe('train-sequence on the sample shop', () => {
  it("the GRU beats popularity and the last item's ItemCF neighbours on NDCG@10 (every event type)", async () => {
    const samples = generateSamples();
    const path = await db.registerFile('events.csv', new Blob([samples.events]));
    await db.exec(`CREATE TABLE events AS SELECT * FROM read_csv(${literal(path)}, header=true)`);
    const result = await runOp(db, trainSequenceOp, 'q_sample', 'events', {}, ctx);
    // Measured at the defaults (seed 42, WASM): GRU 0.2755, popularity 0.1038, last-item ItemCF 0.2196
    // over the 1810 customers with two steps or more (62,863 steps after collapsing repeats).
    const ndcg = result.summary['ndcg@10'] as Record<string, number>;
    expect(result.summary).toMatchObject({
      evaluated: 1810,
      steps: 62_863,
      beatsPopularity: true,
      beatsItemcfLastItem: true,
    });
    expect(ndcg.popularity).toBeCloseTo(0.1038, 3);
    expect(ndcg['itemcf-last-item']).toBeCloseTo(0.2196, 3);
    expect(ndcg.sequence).toBeGreaterThan(ndcg['itemcf-last-item']! + 0.02);
  }, 300_000);
});
