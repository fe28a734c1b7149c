import { describe, it, expect } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { oneLine } from '../core/errors';
import { toErrorInfo } from './error-info';

describe('error messages', () => {
  it("word DuckDB-WASM's JSON errors as native DuckDB does, in one line", () => {
    // As DuckDB-WASM 1.32 throws it.
    const wasm = new Error(
      '{"exception_type":"Catalog","exception_message":"Failed to create table \'itemsets\': Table with name \\"itemsets\\" already exists!","error_subtype":"ENTRY_ALREADY_EXISTS"}',
    );
    expect(toErrorInfo(wasm).message).toBe(
      `Catalog Error: Failed to create table 'itemsets': Table with name "itemsets" already exists!`,
    );
    expect(oneLine('{"exception_message":"no type"}')).toBe('no type');
    // Text that only looks like JSON stays as it is.
    expect(oneLine('{not json')).toBe('{not json');
  });

  it("keep the first line of native DuckDB's multi-line errors", async () => {
    const db = await NodeDuckDB.create();
    try {
      const err = await db.query('SELECT nope FROM range(1)').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String((err as Error).message)).toContain('\n');
      expect(toErrorInfo(err).message).toBe('Binder Error: Referenced column "nope" not found in FROM clause!');
    } finally {
      db.close();
    }
  });
});
