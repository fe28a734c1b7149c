import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../data/node-duckdb';
import { detectPersonalColumns, exportSelect, personalColumns } from './export';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  await db.exec(`CREATE TABLE crm AS SELECT * FROM (VALUES
    ('C1', 'alice@example.com', 'Alice Smith', 34, 'gold', 'left at door'),
    ('C2', 'bob@example.org', 'Bob Jones', 51, 'silver', 'ring twice')) t(customer_id, email, full_name, age, tier, notes)`);
});
afterAll(() => db.close());

describe('exports without personal data', () => {
  it('leaves out detected personal columns and pii_* roles, but not age or ordinary columns', async () => {
    const { columns, personal } = await detectPersonalColumns(db, '"crm"', { notes: 'pii_address' });
    expect(personal).toEqual([
      { column: 'email', reason: 'email' },
      { column: 'full_name', reason: 'name' },
      { column: 'notes', reason: 'pii_address' },
    ]);
    const sql = exportSelect(
      '"crm"',
      columns,
      personal.map((p) => p.column),
    );
    expect(sql).toBe('SELECT "customer_id", "age", "tier" FROM "crm"');
    expect((await db.query(sql)).columns.map((c) => c.name)).toEqual(['customer_id', 'age', 'tier']);
    const csv = new TextDecoder().decode(await db.exportCsv(sql));
    expect(csv.split('\n')[0]).toBe('customer_id,age,tier');
    expect(csv).not.toContain('alice');
  });

  it('exports everything when nothing is excluded, and refuses to export nothing', () => {
    const cols = [{ name: 'email', type: 'VARCHAR' }];
    expect(exportSelect('"t"', cols, [])).toBe('SELECT * FROM "t"');
    expect(() => exportSelect('"t"', cols, ['email'])).toThrow(
      'every column holds personal data (email): tick "include personal data" to export them',
    );
    // Low-confidence findings (a name alone, 0.4 or less) stay in.
    expect(
      personalColumns(
        [
          {
            column: 'email',
            kind: 'email',
            confidence: 0.45,
            share: null,
            sampled: 0,
            evidence: ['values'],
            suggested: { action: 'hash' },
            quasiIdentifier: false,
            why: '',
          },
        ],
        cols,
      ),
    ).toEqual([]);
  });
});
