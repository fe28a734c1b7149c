import { describe, it, expect } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { inStep, oneLine, stepError, toErrorInfo } from './errors';

describe('errors', () => {
  it('names the step in one line, whatever the op threw', () => {
    const duck = JSON.stringify({
      exception_type: 'Catalog',
      exception_message: 'Table with name "itemsets" already exists!',
    });
    expect(inStep(new Error(duck), 'ar1').message).toBe(
      'step \'ar1\': Catalog Error: Table with name "itemsets" already exists!',
    );
    expect(inStep(new Error('Conversion Error: bad date\n\nLINE 1: SELECT …'), 'c').message).toBe(
      "step 'c': Conversion Error: bad date",
    );
    expect(inStep('x'.repeat(1000), 's').message).toHaveLength("step 's': ".length + 301);
  });

  it("keeps an op's own message that already names the step", () => {
    const own = stepError('r1', 'customer', "column 'x' not found");
    expect(inStep(own, 'r1')).toBe(own);
  });

  it('reads the first non-empty line', () => {
    expect(oneLine('\n\n  first\nsecond')).toBe('first');
    expect(oneLine('{not json')).toBe('{not json');
  });
});

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
