import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileOnDisk, NodeDuckDB } from './node-duckdb';
import { literal } from './sql';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'node-duckdb-')));
const out = join(dir, 'out');
const source = join(dir, 'shop.csv');
const other = join(dir, 'other.csv');
let db: NodeDuckDB;
beforeAll(async () => {
  writeFileSync(source, 'customer,amount\nA,10\nB,=1+1\nC,30\n');
  writeFileSync(other, 'x\n1\n');
  mkdirSync(out);
  db = await NodeDuckDB.create({ threads: 2, spill: true, allow: [out], allowFiles: [source] });
});
afterAll(() => db.close());

describe('the native connector as the runner uses it', () => {
  it('reads a source where it is, no copy, and never deletes it; other files stay closed', async () => {
    const blob = await fileOnDisk(source);
    const path = await db.registerFile('shop.csv', blob);
    expect(path).toBe(source);
    expect((await db.query(`SELECT count(*)::INTEGER AS n FROM read_csv(${literal(path)})`)).rows[0]!.n).toBe(3);
    await db.dropFile(path);
    expect(existsSync(source)).toBe(true);
    await expect(db.query(`SELECT * FROM read_csv(${literal(other)})`)).rejects.toThrow(/Cannot access file/);
    // A slice (the load op's cut after a BOM) is another Blob: written to the connector's own folder.
    const sliced = await db.registerFile('shop.csv', blob.slice(0, 20));
    expect(sliced).not.toBe(source);
    expect(readFileSync(sliced, 'utf8')).toBe('customer,amount\nA,10');
  });

  it('spills to a folder of its own and has no 4 GB ceiling', async () => {
    const temp = (await db.query(`SELECT current_setting('temp_directory') AS t`)).rows[0]!.t as string;
    expect(temp.startsWith(tmpdir())).toBe(true);
    expect(temp.endsWith('/spill')).toBe(true);
    expect(db.maxFileBytes).toBe(Infinity);
  });

  it('writes a CSV straight to the output folder, formula-safe, cut to the first rows when asked', async () => {
    await db.exec(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(source)}, all_varchar = true)`);
    const all = join(out, 't.csv');
    expect(await db.exportCsvTo('SELECT * FROM t', all)).toBe(3);
    expect(readFileSync(all, 'utf8')).toBe("customer,amount\nA,10\nB,'=1+1\nC,30\n");
    expect(await db.exportCsvTo('SELECT * FROM t', join(out, 'two.csv'), 2)).toBe(2);
    expect(readFileSync(join(out, 'two.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
    await expect(db.exportCsvTo('SELECT * FROM t', join(dir, 'outside.csv'))).rejects.toThrow(/Cannot access/);
  });
});
