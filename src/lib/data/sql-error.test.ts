import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from './node-duckdb';
import { sqlErrorRange } from './sql-error';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await db.exec('CREATE TABLE events (customer_id VARCHAR, amount DOUBLE)');
});
afterAll(() => db.close());

/** The message DuckDB gives for `sql`. */
const errorOf = (sql: string) =>
  db.exec(sql).then(
    () => '',
    (err: Error) => err.message,
  );
const marked = (sql: string, message: string) => {
  const r = sqlErrorRange(message, sql);
  return r && sql.slice(r.from, r.to);
};

describe('where a DuckDB error points', () => {
  it('marks the unknown column, table or bad keyword that DuckDB puts its caret under', async () => {
    for (const [sql, word] of [
      ['SELECT nope FROM events', 'nope'],
      ['SELECT customer_id,\n  sum(amount)\nFROM evnts\nGROUP BY ALL', 'evnts'],
      ['SELECT * FRM events', 'events'],
      // The console runs a query as a table: the caret is in the wrapped statement's line.
      ['CREATE OR REPLACE TEMP TABLE "__console_result" AS SELECT customer_id, nope FROM events', 'nope'], // FRM reads as an alias of *: DuckDB stops at the name after it
    ] as const) {
      expect(marked(sql, await errorOf(sql))).toBe(word);
    }
  });

  it('finds the spot in a long line that DuckDB shortens', async () => {
    const sql = `SELECT ${Array.from({ length: 40 }, (_, i) => `amount AS a${i}`).join(', ')}, missing_column FROM events`;
    const message = await errorOf(sql);
    expect(message).toMatch(/LINE 1: \.\.\./); // shortened on the left
    expect(marked(sql, message)).toBe('missing_column');
  });

  it('gives nothing when the message has no caret', () => {
    expect(sqlErrorRange('Catalog Error: Table with name x does not exist!', 'SELECT 1')).toBeUndefined();
  });
});
