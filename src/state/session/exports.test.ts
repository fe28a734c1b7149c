import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDuckDB } from '../../lib/data/node-duckdb';
import { exportData } from './exports';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await db.exec(`CREATE TABLE customers AS SELECT * FROM (VALUES
    (1, 'ann@example.com', 'gold', 12.5),
    (2, 'bo@example.org', 'basic', 3.0)) AS v(customer_id, contact, plan, spend)`);
});
afterAll(() => db.close());

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trim().split('\n');

describe('exports', () => {
  it('leave out a column detected as personal data, and say so', async () => {
    const { bytes, excluded } = await exportData(db, 'customers', 'csv');
    expect(excluded).toEqual(['contact']);
    expect(text(bytes)).toEqual(['customer_id,plan,spend', '1,gold,12.5', '2,basic,3.0']);
  });

  it('leave out a column mapped to a personal-data role too', async () => {
    const { bytes, excluded } = await exportData(db, 'customers', 'csv', { roles: { plan: 'pii_name' } });
    expect(excluded.sort()).toEqual(['contact', 'plan']);
    expect(text(bytes)[0]).toBe('customer_id,spend');
  });

  it('keep every column when the user includes personal data', async () => {
    const { bytes, excluded } = await exportData(db, 'customers', 'csv', { includePersonal: true });
    expect(excluded).toEqual([]);
    expect(text(bytes)[1]).toBe('1,ann@example.com,gold,12.5');
  });

  it('write a query as Parquet with the same filter', async () => {
    const { bytes, excluded } = await exportData(db, '(SELECT * FROM customers WHERE spend > 5)', 'parquet');
    expect(excluded).toEqual(['contact']);
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
  });
});
