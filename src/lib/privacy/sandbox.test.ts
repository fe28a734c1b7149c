import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { NodeDuckDB } from '../data/node-duckdb';
import { runOp } from '../../test-support/run-op';
import { sqlOp } from '../ops/sql';
import { toErrorInfo } from '../recipe/error-info';
import { APP_PREFIX, describeRefusal, lockdownSql, sandboxRefusal } from './sandbox';

// A port nothing listens on: if DuckDB tried, the error would be a connection error, not a refusal.
const PROBE_URL = 'http://127.0.0.1:18765/probe.csv';

async function message(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    return String((err as Error).message);
  }
  throw new Error('expected a failure');
}

describe('native DuckDB (@duckdb/node-api 1.4.4) is closed from the inside', () => {
  let db: NodeDuckDB;
  let outside: string;
  let allowed: string;
  beforeAll(async () => {
    outside = mkdtempSync(join(tmpdir(), 'sandbox-outside-'));
    writeFileSync(join(outside, 'secret.csv'), 'a\n1\n');
    allowed = mkdtempSync(join(tmpdir(), 'sandbox-allowed-'));
    writeFileSync(join(allowed, 'data.csv'), 'a\n41\n');
    db = await NodeDuckDB.create({ allow: [allowed] });
  });
  afterAll(() => db.close());

  it('reads registered files and the allowed folder; exports CSV and Parquet', async () => {
    const path = await db.registerFile('events.csv', new Blob(['id,v\n1,2\n']));
    expect((await db.query(`SELECT sum(v)::INTEGER AS s FROM read_csv('${path}')`)).rows).toEqual([{ s: 2 }]);
    expect((await db.query(`SELECT a FROM read_csv('${join(allowed, 'data.csv')}')`)).rows).toEqual([{ a: 41 }]);
    expect(new TextDecoder().decode(await db.exportCsv('SELECT 1 AS x'))).toBe('x\n1\n');
    const parquet = await db.exportParquet('SELECT 1 AS x');
    expect(new TextDecoder().decode(parquet.slice(0, 4))).toBe('PAR1');
  });

  it.each([
    [`SELECT * FROM read_csv('${PROBE_URL}')`, 'network'],
    [`SELECT * FROM read_text('/etc/passwd')`, 'file'],
    [`SELECT * FROM glob('/etc/*')`, 'file'],
    [`COPY (SELECT 1) TO '/tmp/custodian-sandbox-probe.csv'`, 'file'],
    [`ATTACH '/tmp/custodian-sandbox-probe.db'`, 'file'],
    ['SET enable_external_access = true', 'settings'],
    ["SET allowed_directories = ['/']", 'settings'],
  ])('refuses %s', async (sql, kind) => {
    expect(sandboxRefusal(await message(db.exec(sql)))?.kind).toBe(kind);
  });

  it('refuses a file outside, and `..` out of an allowed folder', async () => {
    expect(
      sandboxRefusal(await message(db.exec(`SELECT * FROM read_csv('${join(outside, 'secret.csv')}')`)))?.kind,
    ).toBe('file');
    expect(
      sandboxRefusal(
        await message(db.exec(`SELECT * FROM read_csv('${allowed}/../${outside.split('/').pop()}/secret.csv')`)),
      )?.kind,
    ).toBe('file');
  });

  it('a sql step that reaches out fails with one plain line naming the step and the target', async () => {
    await db.exec('CREATE TABLE t AS SELECT 1 AS x');
    const net = toErrorInfo(
      await runOp(db, sqlOp, 'probe', 't', { query: `SELECT * FROM read_csv('${PROBE_URL}')` }).catch((e) => e),
    );
    expect(net.message).toBe(
      `step 'probe', field 'query': this recipe tried to reach the network (${PROBE_URL}); Custodian never fetches data: load the file as a source instead`,
    );
    const file = toErrorInfo(
      await runOp(db, sqlOp, 'peek', 't', { query: "SELECT * FROM read_text('/etc/passwd')" }).catch((e) => e),
    );
    expect(file.message).toMatch(
      /^step 'peek', field 'query': this recipe tried to read or write a file outside the app \(\/etc\/passwd\)/,
    );
    expect(file.message).not.toContain('\n');
  });
});

describe('DuckDB-WASM 1.32 (DuckDB 1.4.3, the node-blocking build of the bundle the app ships)', () => {
  const require = createRequire(import.meta.url);
  type Conn = { query(sql: string): { toArray(): { toJSON(): Record<string, unknown> }[] } };
  let db: { registerFileText(name: string, text: string): void; connect(): Conn };
  let conn: Conn;
  beforeAll(async () => {
    const bundle = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
    const duckdb = require(bundle);
    const dist = dirname(bundle);
    const instance = await duckdb.createDuckDB(
      {
        mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
        eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
      },
      new duckdb.VoidLogger(),
      duckdb.NODE_RUNTIME,
    );
    await instance.instantiate();
    instance.open({});
    db = instance;
    db.registerFileText(`${APP_PREFIX}before.csv`, 'a\n1\n');
    conn = db.connect();
    for (const sql of lockdownSql([APP_PREFIX])) conn.query(sql);
  });
  const rows = (sql: string) =>
    conn
      .query(sql)
      .toArray()
      .map((r) => r.toJSON());
  const fails = (sql: string) => {
    try {
      conn.query(sql);
    } catch (err) {
      return String((err as Error).message);
    }
    throw new Error(`expected ${sql} to fail`);
  };

  it('reads files registered under the app prefix, before and after the lock', () => {
    db.registerFileText(`${APP_PREFIX}after.csv`, 'a\n2\n');
    expect(rows(`SELECT a FROM read_csv('${APP_PREFIX}before.csv')`)).toEqual([{ a: 1n }]);
    expect(rows(`SELECT a FROM read_csv('${APP_PREFIX}after.csv')`)).toEqual([{ a: 2n }]);
  });

  it.each([
    [`SELECT * FROM read_csv('${PROBE_URL}')`, 'network'],
    ["SELECT * FROM read_text('/etc/passwd')", 'file'],
    [`SELECT * FROM read_csv('${APP_PREFIX}../etc/passwd')`, 'file'],
    ['SET enable_external_access = true', 'settings'],
  ])('refuses %s', (sql, kind) => {
    expect(sandboxRefusal(fails(sql))?.kind).toBe(kind);
  });

  it('a file registered outside the prefix is not readable either', () => {
    db.registerFileText('loose.csv', 'a\n3\n');
    expect(sandboxRefusal(fails("SELECT * FROM read_csv('loose.csv')"))?.kind).toBe('file');
  });
});

describe('describeRefusal', () => {
  it('says what was tried, in one line', () => {
    expect(describeRefusal({ kind: 'network', target: 'https://x.example/a.csv' }, 'this query')).toBe(
      'this query tried to reach the network (https://x.example/a.csv); Custodian never fetches data: load the file as a source instead',
    );
    expect(sandboxRefusal('Binder Error: column "x" not found')).toBeUndefined();
  });
});
