/**
 * The browser's DuckDB hands results over as Arrow; rows read from it must hold the same numbers as
 * native DuckDB's client gives for the same query (DECIMAL arrives unscaled in Arrow: 1.5 as 150).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WasmNodeDuckDB } from '../../test-support/wasm-node-duckdb';
import { NodeDuckDB } from './node-duckdb';
import { decimalValue } from './arrow-rows';

let wasm: WasmNodeDuckDB;
let native: NodeDuckDB;
beforeAll(async () => {
  [wasm, native] = await Promise.all([WasmNodeDuckDB.create(), NodeDuckDB.create()]);
});
afterAll(() => native.close());

describe('rows read from DuckDB-WASM', () => {
  it('hold DECIMAL values as native DuckDB gives them', async () => {
    const sql = `SELECT 1.5::DECIMAL(4,2) AS d, 1.5::DECIMAL(18,3) AS e, 123456789.125::DECIMAL(38,3) AS f,
      -0.05::DECIMAL(5,2) AS g, 7::DECIMAL(9,0) AS h, NULL::DECIMAL(10,2) AS n, sum(x)::DECIMAL(18,2) AS s
      FROM (VALUES (0.10::DECIMAL(5,2)), (0.20), (0.30)) t(x)`;
    const [a, b] = await Promise.all([wasm.query(sql), native.query(sql)]);
    expect(a.rows).toEqual(b.rows);
    expect(a.rows[0]).toMatchObject({ d: 1.5, f: 123456789.125, g: -0.05, h: 7, n: null, s: 0.6 });
  });

  it('scale an unscaled integer by its digits', () => {
    expect(decimalValue('150', 2)).toBe(1.5);
    expect(decimalValue('-5', 2)).toBe(-0.05);
    expect(decimalValue('5', 3)).toBe(0.005);
    expect(decimalValue('0', 2)).toBe(0);
    expect(decimalValue('12', 0)).toBe(12);
  });
});
