/**
 * Large sources in the browser's DuckDB (DuckDB-WASM run in Node; Parquet streamed by parquet-wasm as
 * the app does): row group by row group with only the kept columns, refused before reading when the
 * estimate does not fit, and an out-of-memory error that leaves every loaded table in place.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeDuckDB } from '../../data/node-duckdb';
import { WasmNodeDuckDB } from '../../../test-support/wasm-node-duckdb';
import { runRecipe } from '../../recipe/engine';
import { toErrorInfo } from '../../recipe/error-info';
import type { Source } from '../../data/source';
import { RecipeError } from '../../core/errors';
import { loadSource, MAX_FILE_BYTES } from './index';
import type { OpContext } from '../types';

let dir: string;
let native: NodeDuckDB;
let wasm: WasmNodeDuckDB;
let parquet: Blob;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'load-large-'));
  native = await NodeDuckDB.create({ allow: [dir] });
  wasm = await WasmNodeDuckDB.create();
  // 250,000 rows in 5 row groups of 50,000, a NULL every 7th amount, text of several lengths.
  await native.exec(
    `COPY (SELECT range AS id, 'C' || (range % 997) AS customer,
       CASE WHEN range % 7 = 0 THEN NULL ELSE range * 0.25 END AS amount,
       TIMESTAMP '2024-01-01' + to_seconds(range * 60) AS at, repeat('x', (range % 40)::INTEGER) AS note
     FROM range(250000)) TO '${join(dir, 'orders.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 50000)`,
  );
  parquet = await openAsBlob(join(dir, 'orders.parquet'));
});
afterAll(() => {
  native.close();
  wasm.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (
  source: Source,
  file: Blob,
  opts: { onProgress?: (p: { message: string }) => void; signal?: AbortSignal } = {},
) => runRecipe({ version: 1, sources: [source], steps: [] }, { db: wasm, files: { [source.name]: file }, ...opts });

/** A checksum of every column, the same SQL on both DuckDBs. */
const CHECK = `SELECT count(*)::DOUBLE AS n, sum(id)::DOUBLE AS ids, count(amount)::DOUBLE AS amounts,
  sum(amount)::DOUBLE AS total, count(DISTINCT customer)::DOUBLE AS customers, sum(length(note))::DOUBLE AS notes,
  min("at")::VARCHAR AS t0, max("at")::VARCHAR AS t1 FROM `;

describe('load: Parquet streamed into DuckDB-WASM', () => {
  it('reads every row group, with progress after each, into the same table native DuckDB reads', async () => {
    const progress: string[] = [];
    const r = await run({ name: 'orders', file: 'orders.parquet' }, parquet, {
      onProgress: (p) => progress.push(p.message),
    });
    expect(r.error).toBeUndefined();
    expect(progress.filter((m) => m.startsWith('read row group'))).toEqual(
      [1, 2, 3, 4, 5].map((g) => `read row group ${g} of 5`),
    );
    const got = (await wasm.query(`${CHECK} orders`)).rows[0];
    const want = (await native.query(`${CHECK} read_parquet('${join(dir, 'orders.parquet')}')`)).rows[0];
    expect(got).toEqual(want);
    expect(got!.n).toBe(250_000);
    const types = await native.query(`DESCRIBE SELECT * FROM read_parquet('${join(dir, 'orders.parquet')}')`);
    expect(r.steps.orders!.tables.orders!.columns.map((c) => `${c.name} ${c.type}`)).toEqual(
      types.rows.map((t) => `${t.column_name} ${t.column_type}`),
    );
  });

  it('reads only the columns the source keeps', async () => {
    const r = await run({ name: 'slim', file: 'orders.parquet', columns: ['customer', 'amount'] }, parquet);
    expect(r.error).toBeUndefined();
    expect(r.steps.slim!.tables.slim!.columns.map((c) => c.name)).toEqual(['customer', 'amount']);
    const got = await wasm.query('SELECT count(*)::DOUBLE AS n, sum(amount)::DOUBLE AS total FROM slim');
    const want = await native.query(
      `SELECT count(*)::DOUBLE AS n, sum(amount)::DOUBLE AS total FROM read_parquet('${join(dir, 'orders.parquet')}')`,
    );
    expect(got.rows).toEqual(want.rows);
  });

  it('names a kept column the file does not have', async () => {
    const r = await run({ name: 'bad', file: 'orders.parquet', columns: ['customer', 'price'] }, parquet);
    expect(r.error).toBe(
      "source 'bad' (orders.parquet): the source's columns name 'price', which the file does not have (it has id, customer, amount, at, note)",
    );
  });

  it('a cancel stops the read between row groups and keeps the table that was there', async () => {
    await run({ name: 'c', file: 'orders.parquet', columns: ['id'] }, parquet);
    const controller = new AbortController();
    const seen: string[] = [];
    const r = await run({ name: 'c', file: 'orders.parquet' }, parquet, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.message);
        if (p.message === 'read row group 2 of 5') controller.abort();
      },
    });
    expect(r.status).toBe('cancelled');
    expect(seen).not.toContain('read row group 3 of 5');
    expect((await wasm.query('SELECT count(*)::DOUBLE AS n FROM c')).rows).toEqual([{ n: 250_000 }]);
    expect((await wasm.query('DESCRIBE c')).rows.map((x) => x.column_name)).toEqual(['id']);
  });

  it('loads a Parquet file without rows as an empty table with its columns', async () => {
    await native.exec(`COPY (SELECT 1 AS a, 'x' AS b WHERE false) TO '${join(dir, 'empty.parquet')}' (FORMAT parquet)`);
    const r = await run({ name: 'empty', file: 'empty.parquet' }, await openAsBlob(join(dir, 'empty.parquet')));
    expect(r.error).toBeUndefined();
    expect(r.steps.empty!.tables.empty!.rows).toBe(0);
    expect(r.steps.empty!.tables.empty!.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });
});

describe('load: limits by size, before a byte is read', () => {
  /** A file of `size` bytes that fails any read. */
  const unread = (size: number) =>
    ({
      size,
      slice: () => {
        throw new Error('must not be read');
      },
    }) as unknown as Blob;
  const ctx = () => ({ db: wasm, signal: new AbortController().signal, progress: () => {} }) as unknown as OpContext;

  it('refuses a JSON file over the size read whole, naming the way out', async () => {
    const r = await run({ name: 'j', file: 'events.json' }, unread(200 * 1024 ** 2));
    expect(r.error).toBe(
      "source 'j' (events.json): a JSON file is read whole, and 200 MB is over the 128 MB that allows; convert it to " +
        "Parquet or CSV, which are read piece by piece (e.g. duckdb -c \"COPY (FROM 'events.json') TO 'out.parquet'\"), " +
        'or run the recipe with the native engine',
    );
  });

  it('applies the 3 GB file limit to in-memory storage only', async () => {
    const inMemory = loadSource(ctx(), { name: 'm', file: 'm.csv' }, unread(5 * 1024 ** 3));
    await expect(inMemory).rejects.toThrow(
      /^source 'm' \(m\.csv\): 5\.0 GB is more than this browser tab can hold in memory/,
    );
    // Stored on disk (native DuckDB on a database file, given the browser's ceiling), the same file
    // goes on to be read (here, a read that fails).
    const dir = mkdtempSync(join(tmpdir(), 'custodian-disk-'));
    const native = await NodeDuckDB.create({ disk: join(dir, 'disk.duckdb') });
    try {
      const ceiled = Object.create(native, { maxFileBytes: { value: MAX_FILE_BYTES } }) as NodeDuckDB;
      const persisted = loadSource({ ...ctx(), db: ceiled }, { name: 'm', file: 'm.csv' }, unread(5 * 1024 ** 3), {
        storage: 'opfs',
      });
      await expect(persisted).rejects.toThrow('must not be read');
    } finally {
      native.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('load: the memory ceiling', () => {
  // RESET leaves DuckDB's buffer pool at the lower limit (its setting reads back reset): set it back.
  let limit = '';
  const restoreLimit = () => wasm.exec(`SET memory_limit = '${limit}'`);
  beforeAll(async () => {
    limit = String((await wasm.query(`SELECT current_setting('memory_limit') AS m`)).rows[0]!.m);
    // What the tests above loaded would not fit under the small limits set here.
    for (const t of ['orders', 'slim', 'c', 'empty']) await wasm.exec(`DROP TABLE IF EXISTS ${t}`);
    await wasm.exec('CHECKPOINT');
  });
  afterAll(async () => {
    await restoreLimit();
  });

  it('refuses before reading a file whose estimated table does not fit, with the numbers and the way out', async () => {
    await wasm.exec(`SET memory_limit = '12MB'`);
    const r = await run({ name: 'wide', file: 'orders.parquet' }, parquet);
    await restoreLimit();
    expect(r.error).toMatch(
      /^source 'wide' \(orders\.parquet\): it would take about \d+ MB of DuckDB's memory \(250,000 rows × 5 columns, estimated before reading it\), and this tab's DuckDB has \d+ MB free of its 11 MB limit/,
    );
    expect(r.error).toContain('--engine native');
    expect(r.error).toContain(`(the source's "columns")`);
    expect(
      (await wasm.query(`SELECT count(*)::DOUBLE AS n FROM duckdb_tables() WHERE table_name = 'wide'`)).rows,
    ).toEqual([{ n: 0 }]);
  });

  it("DuckDB's out-of-memory error is one line naming the source, its numbers and the way out; loaded tables stay", async () => {
    expect((await run({ name: 'kept', file: 'kept.csv' }, new Blob(['a,b\n1,x\n2,y\n']))).error).toBeUndefined();
    expect((await wasm.query('SELECT count(*)::DOUBLE AS n FROM kept')).rows).toEqual([{ n: 2 }]);
    // Its first values are short (a small estimate, from them), the rest 200 bytes: DuckDB runs out.
    const path = join(dir, 'grows.parquet');
    await native.exec(
      `COPY (SELECT range AS id, CASE WHEN range < 5000 THEN 'a' ELSE repeat('y', 200) || range END AS text
       FROM range(150000)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 50000)`,
    );
    await wasm.exec(`SET memory_limit = '24MB'`);
    const r = await run({ name: 'grows', file: 'grows.parquet' }, await openAsBlob(path));
    await restoreLimit();
    expect(r.error).toMatch(
      /^source 'grows' \(grows\.parquet\): DuckDB ran out of memory loading it \(could not allocate block of size [^(]+ \([^)]+ used\)\); its limit is 23 MB\. The tables loaded before are kept; keep fewer columns .* --engine native$/,
    );
    expect(r.error).not.toContain('\n');
    expect((await wasm.query('SELECT * FROM kept ORDER BY a')).rows).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(
      (await wasm.query(`SELECT count(*)::DOUBLE AS n FROM duckdb_tables() WHERE table_name = 'grows'`)).rows,
    ).toEqual([{ n: 0 }]);
  });

  it("an op's out-of-memory error keeps what the op said before DuckDB's words", () => {
    const err = new RecipeError(
      "table 'rfm': Out of Memory Error: could not allocate block of size 256.0 KiB (3.1 GiB/3.1 GiB used)\nDatabase is launched…",
      'rfm1',
    );
    const info = toErrorInfo(err);
    expect(info.step).toBe('rfm1');
    expect(info.message).toMatch(
      /^table 'rfm': DuckDB ran out of memory \(could not allocate block of size 256\.0 KiB \(3\.1 GiB\/3\.1 GiB used\)\); the tables loaded before are kept; keep fewer columns/,
    );
  });

  it("a step's out-of-memory error reads as one line with the way out", () => {
    const err = new Error(
      'Out of Memory Error: could not allocate block of size 30.5 MiB (10.0 KiB/28.6 MiB used)\n' +
        'Database is launched in in-memory mode and no temporary directory is specified.\nPossible solutions: …',
    );
    expect(toErrorInfo(err).message).toBe(
      'DuckDB ran out of memory (could not allocate block of size 30.5 MiB (10.0 KiB/28.6 MiB used)); ' +
        'the tables loaded before are kept; keep fewer columns (the source\'s "columns"), store the tables in the ' +
        "browser's storage (OPFS), or run the recipe with the native engine: npm run analyze -- recipe.json --out dir --engine native",
    );
  });
});
