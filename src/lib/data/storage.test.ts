import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeDuckDB } from './node-duckdb';
import { chooseStorage, estimateFootprint, fileKey, tablesOnDisk, type DiskStatus } from './storage';
import { runRecipe } from '../recipe/engine';
import { forgetDuckDB } from '../privacy/forget';

const GB = 1024 ** 3;
const open: DiskStatus = { available: true, memoryLimitBytes: 4 * GB };

describe('chooseStorage', () => {
  it('puts a file on disk when its estimated table exceeds a quarter of the memory limit', () => {
    // 4 GiB limit: the line is at 1 GiB of table.
    expect(chooseStorage({ bytes: 1.2 * GB, format: 'csv', disk: open })).toEqual({
      storage: 'opfs',
      reason: "about 1,288 MB once loaded, more than 25% of DuckDB's 4,295 MB memory",
    });
    expect(chooseStorage({ bytes: 0.9 * GB, format: 'csv', disk: open }).storage).toBe('memory');
    // Parquet is compressed: 300 MB of it is about 1.2 GB of table.
    expect(chooseStorage({ bytes: 300e6, format: 'parquet', disk: open }).storage).toBe('opfs');
    expect(chooseStorage({ bytes: 300e6, format: 'csv', disk: open }).storage).toBe('memory');
  });

  it('follows the recipe either way', () => {
    expect(chooseStorage({ requested: 'opfs', bytes: 10, format: 'csv', disk: open })).toEqual({
      storage: 'opfs',
      reason: 'the recipe asks for disk',
    });
    expect(chooseStorage({ requested: 'memory', bytes: 3 * GB, format: 'csv', disk: open })).toEqual({
      storage: 'memory',
      reason: 'the recipe asks for memory',
    });
  });

  it('stays in memory where there is no disk, and says why', () => {
    const held: DiskStatus = { available: false, reason: 'another tab has it open', memoryLimitBytes: 4 * GB };
    expect(chooseStorage({ requested: 'opfs', bytes: 10, format: 'csv', disk: held })).toEqual({
      storage: 'memory',
      reason: 'the recipe asks for disk, but another tab has it open',
    });
    expect(chooseStorage({ bytes: 3 * GB, format: 'csv', disk: held })).toEqual({
      storage: 'memory',
      reason: 'no disk database: another tab has it open',
    });
    expect(chooseStorage({ bytes: 3 * GB, format: 'csv', disk: undefined }).storage).toBe('memory');
  });

  it('estimates a table from its file', () => {
    expect(estimateFootprint(100, 'csv')).toBe(100);
    expect(estimateFootprint(100, 'parquet')).toBe(400);
  });
});

describe('fileKey', () => {
  it('tells files apart by name, size and modified time', () => {
    const a = new File(['abc'], 'a.csv', { lastModified: 1 });
    expect(fileKey(a, 'x')).toBe(JSON.stringify(['a.csv', 3, 1]));
    expect(fileKey(new File(['abc'], 'a.csv', { lastModified: 2 }), 'x')).not.toBe(fileKey(a, 'x'));
    expect(fileKey(new Blob(['abcd']), 'x.csv')).toBe(JSON.stringify(['x.csv', 4, null]));
  });
});

describe('sources on disk (a native DuckDB on a file, as the app on its OPFS file)', () => {
  const dirs: string[] = [];
  const dbs: NodeDuckDB[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const start = async (path: string) => {
    const db = await NodeDuckDB.create({ disk: path });
    dbs.push(db);
    return db;
  };
  const csv = (text: string, lastModified: number) => new File([text], 'shop.csv', { lastModified });
  const recipe = (storage?: 'memory' | 'opfs') => ({
    version: 2 as const,
    sources: [{ name: 'shop', file: 'shop.csv', ...(storage ? { storage } : {}) }],
    steps: [],
  });
  const where = async (db: NodeDuckDB) =>
    (
      await db.query(`SELECT database_name AS d FROM duckdb_tables() WHERE table_name = 'shop' ORDER BY database_name`)
    ).rows.map((r) => r.d);

  it('stores the table in the file, reuses it after a restart for the same file, reads a changed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodian-disk-'));
    dirs.push(dir);
    const path = join(dir, 'disk.duckdb');
    let db = await start(path);
    const first = await runRecipe(recipe('opfs'), { db, files: { shop: csv('id,amount\n1,2.5\n2,3\n', 10) } });
    expect(first.error).toBeUndefined();
    expect(first.steps.shop!.summary).toMatchObject({ storage: 'opfs', rows: 2 });
    expect(await where(db)).toEqual(['disk']);
    expect((await db.query('SELECT sum(amount) AS s FROM shop')).rows).toEqual([{ s: 5.5 }]);

    // Opening the project forgets the session but keeps the disk for the run to reuse.
    await forgetDuckDB(db, { keepDisk: true });
    expect(await where(db)).toEqual(['disk']);
    db.close();
    dbs.splice(0);

    db = await start(path);
    // A restarted DuckDB finds the table by name, nothing reattached.
    expect(await tablesOnDisk(db)).toEqual(['shop']);
    expect((await db.query('SELECT count(*)::INT AS n FROM shop')).rows).toEqual([{ n: 2 }]);
    const again = await runRecipe(recipe('opfs'), { db, files: { shop: csv('id,amount\n1,2.5\n2,3\n', 10) } });
    expect(again.steps.shop!.summary).toMatchObject({ storage: 'opfs', reused: true, rows: 2 });

    // The same file read another way (a delimiter set): read again, not reused.
    const other = await runRecipe(
      { ...recipe('opfs'), sources: [{ name: 'shop', file: 'shop.csv', storage: 'opfs', delimiter: ',' }] },
      { db, files: { shop: csv('id,amount\n1,2.5\n2,3\n', 10) } },
    );
    expect(other.steps.shop!.summary!.reused).toBeUndefined();

    // Another file under the same name (new modified time): read, not reused.
    const changed = await runRecipe(recipe('opfs'), { db, files: { shop: csv('id,amount\n1,7\n', 11) } });
    expect(changed.steps.shop!.summary!.reused).toBeUndefined();
    expect((await db.query('SELECT sum(amount) AS s FROM shop')).rows).toEqual([{ s: 7 }]);

    // Into memory now: the copy on disk goes, so `shop` is the one in memory.
    const mem = await runRecipe(recipe('memory'), { db, files: { shop: csv('id,amount\n1,1\n', 12) } });
    expect(mem.steps.shop!.summary).toMatchObject({ storage: 'memory', storageReason: 'the recipe asks for memory' });
    expect(await where(db)).toEqual(['mem']);

    // Forget everything drops what the file held too (the app then deletes the file).
    await runRecipe(recipe('opfs'), { db, files: { shop: csv('id,amount\n1,2\n', 13) } });
    const forgotten = await forgetDuckDB(db);
    expect(forgotten.remaining).toBe(0);
    expect(await where(db)).toEqual([]);
  });

  it('a small file without a storage setting stays in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodian-disk-'));
    dirs.push(dir);
    const db = await start(join(dir, 'disk.duckdb'));
    const r = await runRecipe(recipe(), { db, files: { shop: csv('id,amount\n1,2\n', 1) } });
    expect(r.steps.shop!.summary!.storage).toBe('memory');
    expect(String(r.steps.shop!.summary!.storageReason)).toMatch(/^about 0 MB once loaded, within 25% of DuckDB's/);
    expect(await where(db)).toEqual(['mem']);
  });
});
