/**
 * The op readers against real DuckDB: hand-made result tables under a step's schema (as the engine
 * writes them), names and values that need quoting, and the edge cases the panels rely on.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { exportRfmSegmentCsv, readRfmGrid } from './rfm/read';
import { readItemLabels, readMatrixRules, readRuleRanges, readRules } from './assoc-rules/read';
import { readPurchaseHistory, readRecommendedCustomers, readSimilarTo } from './recommend/read';
import { readKmeansResult } from './kmeans/read';
import { readDriftBins } from './drift/read';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await db.exec(
    `CREATE SCHEMA "r 1"; CREATE SCHEMA rules1; CREATE SCHEMA recs; CREATE SCHEMA km; CREATE SCHEMA drift1`,
  );
});
afterAll(() => db.close());

describe('rfm readers', () => {
  beforeAll(async () => {
    await db.exec(`CREATE TABLE "r 1".rfm (customer VARCHAR, r_score INTEGER, f_score INTEGER, monetary DOUBLE, segment VARCHAR);
      INSERT INTO "r 1".rfm VALUES ('a', 5, 5, 100, 'Champions'), ('b', 5, 5, 300, 'Champions'),
        ('c', 1, 2, 10, 'Can''t lose'), ('d', 1, 2, 30, 'Can''t lose'), ('e', 1, 2, NULL, 'Can''t lose')`);
  });

  it('counts customers and averages spend per (R, F) cell, ignoring missing spend', async () => {
    const grid = await readRfmGrid(db, 'r 1');
    const byCell = new Map(grid.map((g) => [`${g.r_score}${g.f_score}`, g]));
    expect(grid).toHaveLength(2);
    expect(byCell.get('55')).toMatchObject({ customers: 2, avg_monetary: 200 });
    expect(byCell.get('12')).toMatchObject({ customers: 3, avg_monetary: 20 });
  });

  it('exports one segment whose name holds a quote, biggest spenders first', async () => {
    const csv = new TextDecoder().decode(await exportRfmSegmentCsv(db, 'r 1.rfm', "Can't lose"));
    const customers = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(customers).toEqual(['d', 'c', 'e']);
  });
});

describe('assoc-rules readers', () => {
  beforeAll(async () => {
    await db.exec(`CREATE TABLE rules1.rules (antecedent VARCHAR, consequent VARCHAR, support DOUBLE, confidence DOUBLE, lift DOUBLE, count INTEGER);
      INSERT INTO rules1.rules VALUES ('["A"]', '["B"]', 0.1, 0.6, 2.0, 10), ('["B"]', '["A"]', 0.1, 0.8, 2.0, 10),
        ('["50%_off"]', '["C"]', 0.3, 0.9, 1.5, 30);
      CREATE TABLE rules1.items (item VARCHAR, label VARCHAR); INSERT INTO rules1.items VALUES ('A', 'apple'), ('B', NULL)`);
    await db.exec(`CREATE SCHEMA empty1; CREATE TABLE empty1.rules AS SELECT * FROM rules1.rules WHERE false`);
  });

  it('sorts by the chosen measure, then antecedent', async () => {
    expect((await readRules(db, 'rules1', '', 'confidence')).map((r) => r.antecedent)).toEqual([
      '["50%_off"]',
      '["B"]',
      '["A"]',
    ]);
    expect((await readRules(db, 'rules1', '', 'lift')).map((r) => r.antecedent)).toEqual([
      '["A"]',
      '["B"]',
      '["50%_off"]',
    ]);
  });

  it('filters on either side, case-insensitively, with quotes in the filter kept as text', async () => {
    expect((await readRules(db, 'rules1', ' c ', 'lift')).map((r) => r.consequent)).toEqual(['["C"]']);
    expect(await readRules(db, 'rules1', "x' OR 1=1 --", 'lift')).toEqual([]);
    expect(await readMatrixRules(db, 'rules1', 'b', 1)).toHaveLength(1);
  });

  it('gives the ranges of all rules, and nulls when there are none', async () => {
    expect(await readRuleRanges(db, 'rules1')).toEqual({ l0: 1.5, l1: 2, s0: 0.1, s1: 0.3, c0: 0.6 });
    expect(await readRuleRanges(db, 'empty1')).toEqual({ l0: null, l1: null, s0: null, s1: null, c0: null });
  });

  it('maps item codes to labels (a missing label reads as empty)', async () => {
    expect([...(await readItemLabels(db, 'rules1'))]).toEqual(
      expect.arrayContaining([
        ['A', 'apple'],
        ['B', ''],
      ]),
    );
  });
});

describe('recommend readers', () => {
  beforeAll(async () => {
    await db.exec(`CREATE TABLE recs.recommendations (customer VARCHAR, rank INTEGER, item VARCHAR);
      INSERT INTO recs.recommendations VALUES ('Zoe', 1, 'x'), ('zed', 2, 'y'), ('zed', 1, 'z'), ('amy', 1, 'x');
      CREATE TABLE recs.similar (item VARCHAR, rank INTEGER, neighbour VARCHAR, similarity DOUBLE);
      INSERT INTO recs.similar VALUES ('b1', 1, 'b2', 0.9), ('a1', 2, 'a3', 0.5), ('a1', 1, 'a2', 0.7);
      CREATE TABLE "tx 1" ("cust id" INTEGER, sku VARCHAR, "bought at" TIMESTAMP);
      INSERT INTO "tx 1" VALUES (7, 'p', '2024-01-01'), (7, 'q', '2024-03-01'), (7, 'p', '2024-02-01'), (7, NULL, '2024-04-01'), (8, 'r', '2024-01-01')`);
  });

  it('finds customers by part of their id, case-insensitively, in order', async () => {
    expect(await readRecommendedCustomers(db, 'recs.recommendations', ' Z ')).toEqual(['Zoe', 'zed']);
    expect(await readRecommendedCustomers(db, 'recs.recommendations', '')).toEqual(['Zoe', 'amy', 'zed']);
  });

  it("reads one customer's history: latest first with a time column, most bought first without", async () => {
    const cols = { customer: 'cust id', item: 'sku' };
    const latest = await readPurchaseHistory(db, 'tx 1', { ...cols, time: 'bought at' }, '7');
    expect(latest.map((h) => [h.item, h.times])).toEqual([
      ['q', 1],
      ['p', 2],
    ]);
    expect(latest[0]!.last_time).toMatch(/^2024-03-01/);
    const often = await readPurchaseHistory(db, 'tx 1', cols, '7');
    expect(often.map((h) => h.item)).toEqual(['p', 'q']);
    expect(often[0]).not.toHaveProperty('last_time');
  });

  it('shows the neighbours of the first item matching the search, by rank', async () => {
    expect((await readSimilarTo(db, 'recs.similar', '')).map((r) => r.neighbour)).toEqual(['a2', 'a3']);
    expect((await readSimilarTo(db, 'recs.similar', 'B')).map((r) => r.neighbour)).toEqual(['b2']);
    expect(await readSimilarTo(db, 'recs.similar', 'none')).toEqual([]);
  });
});

describe('kmeans and drift readers', () => {
  it('reads the k search only when the step wrote one', async () => {
    await db.exec(`CREATE TABLE km.profile (cluster INTEGER, spend DOUBLE); INSERT INTO km.profile VALUES (0, 1), (1, 2);
      CREATE TABLE km.selection (k INTEGER, inertia DOUBLE); INSERT INTO km.selection VALUES (3, 5), (2, 9)`);
    const full = await readKmeansResult(db, 'km', true);
    expect(full.selection.map((r) => r.k)).toEqual([2, 3]);
    expect((await readKmeansResult(db, 'km', false)).selection).toEqual([]);
    expect(full.profile).toHaveLength(2);
  });

  it("reads one feature's bins, in bin order", async () => {
    await db.exec(`CREATE TABLE drift1.bins (feature VARCHAR, bin INTEGER, label VARCHAR, reference_share DOUBLE, current_share DOUBLE);
      INSERT INTO drift1.bins VALUES ('it''s', 1, 'b', 0.5, 0.4), ('it''s', 0, 'a', 0.5, 0.6), ('other', 0, 'a', 1, 1)`);
    expect((await readDriftBins(db, 'drift1', "it's")).map((b) => b.label)).toEqual(['a', 'b']);
  });
});
