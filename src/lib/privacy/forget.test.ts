import { describe, expect, it } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { forgetDuckDB } from './forget';

describe('forgetDuckDB', () => {
  it('drops everything a session can create and leaves an empty, working database', async () => {
    const db = await NodeDuckDB.create();
    // What a session holds: sources, a step schema with tables, a hidden rejects table, the SQL
    // console's temp result, and what a user may create by hand in the console.
    await db.exec(`
      CREATE TABLE events AS SELECT range AS id FROM range(10);
      CREATE TABLE __rejects_events AS SELECT 'line 3' AS line;
      CREATE SCHEMA rfm1; CREATE TABLE rfm1.rfm AS SELECT 1 AS r; CREATE TABLE rfm1.other AS SELECT 2 AS r;
      CREATE SCHEMA "we""ird; --"; CREATE TABLE "we""ird; --"."t;" AS SELECT 3 AS x;
      CREATE TEMP TABLE __console_result AS SELECT 4 AS y;
      CREATE VIEW recent AS SELECT * FROM events WHERE id > 5;
      CREATE MACRO plus_one(a) AS a + 1; CREATE MACRO top_n(n) AS TABLE SELECT * FROM events LIMIT n;
      CREATE SEQUENCE ids; CREATE TYPE mood AS ENUM ('ok', 'sad');
      ATTACH ':memory:' AS scratch; CREATE TABLE scratch.s AS SELECT 5 AS z;`);
    const result = await forgetDuckDB(db);
    // By hand from the statements above: 5 tables + 1 temp (scratch.s is dropped with its database).
    expect(result.dropped).toEqual({ database: 1, view: 1, macro: 2, table: 6, sequence: 1, type: 1, schema: 2 });
    expect(result.remaining).toBe(0);
    const left = await db.query(`SELECT count(*)::INT AS n FROM duckdb_tables()`);
    expect(left.rows[0]!.n).toBe(0);
    // Still usable afterwards, under the same names.
    await db.exec('CREATE TABLE events AS SELECT 1 AS id');
    expect((await db.query('SELECT count(*)::INT AS n FROM events')).rows[0]!.n).toBe(1);
    db.close();
  });

  it('is a no-op on an empty database', async () => {
    const db = await NodeDuckDB.create();
    expect(await forgetDuckDB(db)).toEqual({ dropped: {}, remaining: 0 });
    db.close();
  });
});
