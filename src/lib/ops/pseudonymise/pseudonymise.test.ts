import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runOp } from '../../../test-support/run-op';
import { memorySecrets } from '../../privacy/secrets';
import { hmacKey, hmacSha256, toHex } from '../../privacy/crypto';
import { runRecipe } from '../../recipe/engine';
import { pseudonymiseOp } from './';
import type { OpContext } from '../types';

const JEFE = new TextEncoder().encode('Jefe');
/** RFC 4231 test case 2: HMAC-SHA-256("Jefe", "what do ya want for nothing?"), first 16 bytes. */
const RFC4231_CASE2 = '5bdcc146bf60754e6a042426089575c7';

let db: NodeDuckDB;
let ctx: OpContext;
beforeAll(async () => {
  db = await NodeDuckDB.create();
  ctx = { db, signal: new AbortController().signal, progress: () => {}, secrets: memorySecrets({ project: JEFE }) };
  await db.exec(`CREATE TABLE people (id VARCHAR, email VARCHAR, name VARCHAR, phone VARCHAR, card VARCHAR, age INTEGER,
    income DOUBLE, postcode VARCHAR, birth DATE, signup VARCHAR)`);
  await db.exec(`INSERT INTO people VALUES
    ('p1', 'what do ya want for nothing?', 'Emma Weber', '+44 20 7946 0958', '4111 1111 1111 1111', 34, 52340.5, 'SW1A 1AA', DATE '1985-03-02', '2024-05-06'),
    ('p2', 'alice@example.com', 'Ada Lovelace', '(415) 555-2671', '378282246310005', 40, 999.99, 'EC1A 1BB', DATE '1990-11-23', '2023-01-31 10:00:00'),
    ('p3', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    ('p4', 'alice@example.com', 'Alice Smith', '7', 'x1', 9, -5, 'M1', DATE '2001-07-14', '2022-12-01')`);
  await db.exec(`CREATE TABLE orders (order_id VARCHAR, email VARCHAR, amount DOUBLE)`);
  await db.exec(
    `INSERT INTO orders VALUES ('o1', 'alice@example.com', 10), ('o2', 'alice@example.com', 5), ('o3', 'bob@example.com', 7)`,
  );
});
afterAll(() => db.close());

const read = async (sql: string) => (await db.query(sql)).rows;

describe('pseudonymise', () => {
  it('hashes with HMAC-SHA-256 under the project secret (RFC 4231 case 2), drops, masks and generalises', async () => {
    const result = await runOp(
      db,
      pseudonymiseOp,
      'ps1',
      'people',
      {
        hash: ['email'],
        drop: ['name'],
        mask: { phone: 'phone', card: 'keep-last-4', id: 'all' },
        generalise: { age: 'band10', income: 'band1000', postcode: 'prefix3', birth: 'month', signup: 'year' },
      },
      ctx,
    );
    expect(result.tables).toEqual(['data']);
    const rows = await read(`SELECT * FROM ps1.data`);
    // Column order is the input's, less the dropped one; rows keep their order.
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'email',
      'phone',
      'card',
      'age',
      'income',
      'postcode',
      'birth',
      'signup',
    ]);
    const alice = toHex((await hmacSha256(await hmacKey(JEFE), 'alice@example.com')).subarray(0, 16));
    expect(rows).toEqual([
      {
        id: '***',
        email: RFC4231_CASE2,
        phone: '+** ** **** **58',
        card: '**** **** **** 1111',
        age: '30-39',
        income: '[52000, 53000)',
        postcode: 'SW1',
        birth: '1985-03',
        signup: 2024,
      },
      {
        id: '***',
        email: alice,
        phone: '(***) ***-**71',
        card: '***********0005',
        age: '40-49',
        income: '[0, 1000)',
        postcode: 'EC1',
        birth: '1990-11',
        signup: 2023,
      },
      {
        id: '***',
        email: null,
        phone: null,
        card: null,
        age: null,
        income: null,
        postcode: null,
        birth: null,
        signup: null,
      },
      // Fewer characters than are kept: everything is masked. −5 lies in [−1000, 0).
      {
        id: '***',
        email: alice,
        phone: '*',
        card: '**',
        age: '0-9',
        income: '[-1000, 0)',
        postcode: 'M1',
        birth: '2001-07',
        signup: 2022,
      },
    ]);
    expect(result.summary).toMatchObject({
      treated: [
        { column: 'id', action: 'mask:all' },
        { column: 'email', action: 'hash' },
        { column: 'name', action: 'drop' },
        { column: 'phone', action: 'mask:phone' },
        { column: 'card', action: 'mask:keep-last-4' },
        { column: 'age', action: 'generalise:band10' },
        { column: 'income', action: 'generalise:band1000' },
        { column: 'postcode', action: 'generalise:prefix3' },
        { column: 'birth', action: 'generalise:month' },
        { column: 'signup', action: 'generalise:year' },
      ],
      counts: { hashed: 1, dropped: 1, masked: 3, generalised: 5 },
      rows: 4,
      columnsIn: 10,
      columnsOut: 9,
      distinctHashed: { email: 2 },
      hashing: { algorithm: 'HMAC-SHA-256', outputBytes: 16, encoding: 'hex', secretRef: 'project' },
    });
    // The secret itself is nowhere in the summary; the temporary hash tables are gone.
    expect(JSON.stringify(result.summary)).not.toContain(toHex(JEFE));
    expect(
      (await read(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'ps1'`)).map(
        (r) => r.table_name,
      ),
    ).toEqual(['data']);
  });

  it('the same secret gives the same hash in another table, so joins still work; another secret does not', async () => {
    await runOp(db, pseudonymiseOp, 'ps_people', 'people', { hash: ['email'] }, ctx);
    await runOp(db, pseudonymiseOp, 'ps_orders', 'orders', { hash: ['email'] }, ctx);
    // alice is p2 and p4 (2 rows) × 2 orders = 4 joined rows; bob has no person.
    expect(
      await read(`SELECT count(*)::INTEGER AS n FROM ps_people.data p JOIN ps_orders.data o USING (email)`),
    ).toEqual([{ n: 4 }]);
    const other = { ...ctx, secrets: memorySecrets() };
    await runOp(db, pseudonymiseOp, 'ps_other', 'orders', { hash: ['email'] }, other);
    expect(
      await read(`SELECT count(*)::INTEGER AS n FROM ps_people.data p JOIN ps_other.data o USING (email)`),
    ).toEqual([{ n: 0 }]);
    const wide = await runOp(db, pseudonymiseOp, 'ps_wide', 'orders', { hash: ['email'], hashBytes: 32 }, ctx);
    expect((await read(`SELECT length(email)::INTEGER AS n FROM ps_wide.data LIMIT 1`))[0]!.n).toBe(64);
    expect(wide.summary.hashing).toMatchObject({ outputBytes: 32 });
  });

  it('hashes each distinct value once, in batches, for more values than one batch', async () => {
    await db.exec(`CREATE TABLE many AS SELECT 'id' || (i % 60001) AS cid, i FROM range(120002) t(i)`);
    const result = await runOp(db, pseudonymiseOp, 'ps_many', 'many', { hash: ['cid'] }, ctx);
    expect(result.summary.distinctHashed).toEqual({ cid: 60001 });
    const stats = await read(
      `SELECT count(DISTINCT cid)::INTEGER AS d, count(*)::INTEGER AS n, count(cid)::INTEGER AS hashed FROM ps_many.data`,
    );
    expect(stats).toEqual([{ d: 60001, n: 120002, hashed: 120002 }]);
    // 120001 mod 60001 = 60000.
    const last = await read(`SELECT cid FROM ps_many.data WHERE i = 120001`);
    expect(last[0]!.cid).toBe(toHex((await hmacSha256(await hmacKey(JEFE), 'id60000')).subarray(0, 16)));
  });

  it('refuses what it cannot do, naming the field', async () => {
    const fails = (params: unknown, c: OpContext = ctx) => runOp(db, pseudonymiseOp, 'ps_bad', 'people', params, c);
    await expect(fails({ hash: ['email'], drop: ['email'] })).rejects.toThrow(
      "step 'ps_bad', field 'drop[0]': column 'email' already has a treatment (hash[0])",
    );
    await expect(fails({ generalise: { name: 'band10' } })).rejects.toThrow(
      "field 'generalise.name': column 'name' is VARCHAR: band10 needs numbers",
    );
    await expect(fails({ generalise: { age: 'year' } })).rejects.toThrow(
      "field 'generalise.age': column 'age' is INTEGER: year needs a date",
    );
    await expect(fails({ hash: ['email'] }, { ...ctx, secrets: undefined })).rejects.toThrow(
      "field 'secretRef': no secret store here",
    );
    await expect(
      fails({ drop: ['id', 'email', 'name', 'phone', 'card', 'age', 'income', 'postcode', 'birth', 'signup'] }),
    ).rejects.toThrow("field 'drop': every column would be dropped");
    await db.exec(`CREATE TABLE bad_dates AS SELECT * FROM (VALUES ('2024-01-02'), ('03/02/2024'), ('soon')) t(d)`);
    await expect(runOp(db, pseudonymiseOp, 'ps_bad', 'bad_dates', { generalise: { d: 'month' } }, ctx)).rejects.toThrow(
      /field 'generalise\.d': 2 value\(s\) of 'd' \(VARCHAR\) are not dates, e\.g\. '(03\/02\/2024|soon)'/,
    );
  });

  it('in a recipe: params are checked before anything runs, and the engine hands the op its secrets', async () => {
    const recipe = (params: unknown) => ({
      version: 1,
      sources: [{ name: 'people', file: 'people.csv' }],
      steps: [{ id: 'pr', op: 'pseudonymise', input: 'people', params }],
    });
    const bad = async (params: unknown) =>
      (await runRecipe(recipe(params), { db, only: ['pr'], secrets: memorySecrets() })).error;
    expect(await bad({})).toBe("step 'pr', field 'hash': name at least one column to hash, drop, mask or generalise");
    expect(await bad({ generalise: { age: 'decade' } })).toBe(
      "step 'pr', field 'generalise.age': must be band<N> (numbers), prefix<N> (text), year or month (dates)",
    );
    expect(await bad({ mask: { phone: 'stars' } })).toMatch(/^step 'pr', field 'mask\.phone': /);
    expect(await bad({ hash: ['mail'] })).toMatch(/^step 'pr', field 'hash\[0\]': column 'mail' not found in 'people'/);
    expect(await bad({ hash: ['email'], secret: 'abc' })).toBe("step 'pr', field 'secret': unknown field");
    const ok = await runRecipe(recipe({ hash: ['email'] }), {
      db,
      only: ['pr'],
      secrets: memorySecrets({ project: JEFE }),
    });
    expect(ok.status).toBe('ok');
    expect((await read(`SELECT email FROM pr.data WHERE id = 'p1'`))[0]!.email).toBe(RFC4231_CASE2);
  });
});
