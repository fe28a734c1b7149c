/** Messy files through the loader on native DuckDB: each is read, or refused with one short line naming the source. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { NodeDuckDB } from '../../data/node-duckdb';
import { runRecipe } from '../../recipe/engine';
import type { Source } from '../../data/source';

let db: NodeDuckDB;
beforeAll(async () => {
  db = await NodeDuckDB.create();
});
afterAll(() => db.close());

const load = (name: string, file: string, content: BlobPart, extra: Partial<Source> = {}) =>
  runRecipe(
    { version: 1, sources: [{ name, file, ...extra }], steps: [] },
    { db, files: { [name]: new Blob([content]) } },
  );
const rows = async (sql: string) => (await db.query(sql)).rows;
/** `n` data lines `i,i*2` under the header `a,b`, about 12 bytes each. */
const numbered = (n: number) => ['a,b', ...Array.from({ length: n }, (_, i) => `${i},${i * 2}`)].join('\n') + '\n';
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('load: CSV lines and sizes', () => {
  it('reads mixed line ends (CRLF, LF and lone CR) by normalising them', async () => {
    const r = await load('mixed', 'mixed.csv', 'a,b\r\n1,2\n3,4\r5,6\r\n7,8\n');
    expect(r.error).toBeUndefined();
    expect(await rows('SELECT a, b FROM mixed ORDER BY a')).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
      { a: 5, b: 6 },
      { a: 7, b: 8 },
    ]);
    expect(r.steps.mixed!.summary!.lineEnds).toBe('mixed (2 CRLF, 2 LF, 1 CR), read as LF');
  });

  it('numbers lines across chunks and line-end styles', async () => {
    // 100,000 CRLF lines then old-Mac CR lines, a NUL on the 3rd of those: chunked reads see every style
    const text = numbered(100_000).replace(/\n/g, '\r\n') + '1,2\r3,4\r5\u0000,6\r';
    const r = await load('styles', 'styles.csv', text);
    expect(r.error).toMatch(/^source 'styles' \(styles\.csv\): line 100004 holds a NUL byte/);
  });

  it('refuses one 10 MB line of 1.3 million fields before DuckDB reads it', async () => {
    const line = Array.from({ length: 1_300_000 }, (_, i) => String(i % 10_000)).join(',');
    expect(line.length).toBeGreaterThan(6e6);
    const t0 = performance.now();
    const r = await load('wide', 'wide.csv', line);
    expect(r.error).toBe(
      "source 'wide' (wide.csv): there is no line break in the first 64 KB, so this is not a table of rows " +
        '(one endless line, or not CSV at all); check that this is the file you meant, or export it again as CSV',
    );
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('refuses 10 MB without a line break or a delimiter instead of loading one column', async () => {
    const r = await load('blob', 'blob.csv', 'x'.repeat(10e6));
    expect(r.error).toMatch(/^source 'blob' \(blob\.csv\): there is no line break in the first 64 KB/);
    expect(await rows("SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = 'blob'")).toEqual([
      { n: 0 },
    ]);
  });

  it('refuses a header of more than 10,000 fields', async () => {
    const header = Array.from({ length: 10_001 }, (_, i) => `c${i}`).join(',');
    const r = await load('w', 'w.csv', `${header}\n${header.replace(/c\d+/g, '1')}\n`);
    expect(r.error).toBe(
      "source 'w' (w.csv): the header has 10,001 fields, more than the 10,000 that can be loaded; check the delimiter, or split the file into narrower ones",
    );
  });

  it('names a 10 MB cell by its line and size, without echoing it', async () => {
    const r = await load('cell', 'cell.csv', `a,b\n1,2\n3,${'x'.repeat(10e6)}\n4,5\n`);
    expect(r.error).toBe(
      "source 'cell' (cell.csv): line 3 is 10.0 MB long, more than the 2 MB DuckDB reads as one row; check that this is a CSV file of rows, or shorten that line",
    );
  });

  it('never echoes a long line DuckDB rejects (a quoted cell with line breaks)', async () => {
    const cell = `"${'y'.repeat(1e6)}\n${'y'.repeat(1.5e6)}"`;
    const r = await load('q', 'q.csv', `a,b\n1,${cell}\n`);
    expect(r.error).toMatch(/^source 'q' \(q\.csv\): /);
    expect(r.error!.length).toBeLessThan(400);
    expect(r.error).not.toMatch(/y{100}/);
  });

  it('loads a 2,000-column file', async () => {
    const header = Array.from({ length: 2000 }, (_, i) => `c${i}`).join(',');
    const r = await load('c2k', 'c2k.csv', `${header}\n${Array.from({ length: 2000 }, (_, i) => i).join(',')}\n`);
    expect(r.error).toBeUndefined();
    expect(r.steps.c2k!.tables.c2k!.columns).toHaveLength(2000);
  });
});

describe('load: NUL bytes, encodings and casts deep in a file', () => {
  it('finds a NUL byte after the first 64 KB', async () => {
    const text = numbered(10_000);
    expect(text.length).toBeGreaterThan(70_000);
    const r = await load('nul', 'nul.csv', `${text}x\u0000y,1\n`);
    expect(r.error).toMatch(/^source 'nul' \(nul\.csv\): line 10002 holds a NUL byte, which CSV text never has/);
  });

  it('finds invalid UTF-8 after the first 64 KB, and says what to do', async () => {
    const r = await load('bad8', 'bad8.csv', bytes(numbered(10_000), [0x41, 0xff, 0x2c, 0x31, 0x0a]));
    expect(r.error).toBe(
      "source 'bad8' (bad8.csv): line 10002 is not valid UTF-8 although the text before it is, so the file mixes encodings or is damaged there; " +
        "export it again as UTF-8, or set the source's encoding if the whole file is in another one (e.g. windows-1252)",
    );
  });

  it('frames a failed cast deep in the file as a value, not as a column count', async () => {
    const r = await load('cast', 'cast.csv', `${numbered(30_000)}abc,1\n`);
    expect(r.error).toBe(
      "source 'cast' (cast.csv): 1 row could not be read (line 30002: column 'a' holds \"abc\", which is not a BIGINT like the values before it). " +
        "Fix those values, or remove the rows; the column's type was inferred from the rows before them.",
    );
  });
});

describe('load: encodings', () => {
  const text = 'customer,city\nA,北京\nB,Zürich\n';
  const utf16 = (le: boolean) => {
    const out = [le ? 0xff : 0xfe, le ? 0xfe : 0xff];
    for (const ch of text) {
      const c = ch.charCodeAt(0);
      out.push(...(le ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
    }
    return new Uint8Array(out);
  };
  const cities = async (table: string) =>
    (await rows(`SELECT city FROM ${table} ORDER BY customer`)).map((r) => r.city);

  it('reads UTF-16 BE and LE with a BOM', async () => {
    for (const [name, le] of [
      ['be', false],
      ['le', true],
    ] as const) {
      const r = await load(name, `${name}.csv`, utf16(le));
      expect(r.error).toBeUndefined();
      expect(r.steps[name]!.summary!.encoding).toBe(le ? 'utf-16le' : 'utf-16be');
      expect(await cities(name)).toEqual(['北京', 'Zürich']);
    }
  });

  it('reads GBK and Windows-1252 exports, told apart by their bytes', async () => {
    // 北京 in GBK: B1 B1 BE A9; 上海: C9 CF BA A3
    const gbk = bytes('customer,city\nA,', [0xb1, 0xb1, 0xbe, 0xa9], '\nB,', [0xc9, 0xcf, 0xba, 0xa3], '\n');
    let r = await load('gbk', 'gbk.csv', gbk);
    expect(r.error).toBeUndefined();
    expect(r.steps.gbk!.summary!.encoding).toBe('gb18030');
    expect(await cities('gbk')).toEqual(['北京', '上海']);
    // Zürich, Café, Œuvre in Windows-1252 (Œ is 0x8C there, not in Latin-1)
    const cp = bytes('customer,city\nA,Z', [0xfc], 'rich\nB,Caf', [0xe9], '\nC,', [0x8c], 'uvre\n');
    r = await load('cp', 'cp.csv', cp);
    expect(r.error).toBeUndefined();
    expect(r.steps.cp!.summary!.encoding).toBe('windows-1252');
    expect(await cities('cp')).toEqual(['Zürich', 'Café', 'Œuvre']);
  });

  it('takes the encoding from the source when given, over detection', async () => {
    // Valid as GBK and as Windows-1252; the source says which
    const both = bytes('customer,city\nA,', [0xb1, 0xb1, 0xbe, 0xa9], '\n');
    const r = await load('over', 'over.csv', both, { encoding: 'windows-1252' });
    expect(r.error).toBeUndefined();
    expect(r.steps.over!.summary).toMatchObject({ encoding: 'windows-1252', encodingDetectedBy: 'source' });
    expect(await cities('over')).toEqual(['±±¾©']);
  });
});

describe('load: JSON shapes', () => {
  it('names the broken line of NDJSON', async () => {
    const r = await load('nd', 'nd.ndjson', '{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n');
    expect(r.error).toBe(
      "source 'nd' (nd.ndjson): line 3 is not valid JSON (cut short, or a stray character), unlike line 1; fix or remove that line",
    );
  });

  it('reads the array inside an API dump, and one pretty-printed object as one row', async () => {
    let r = await load(
      'api',
      'api.json',
      JSON.stringify(
        {
          meta: { page: 1 },
          data: [
            { id: 1, city: '北京' },
            { id: 2, city: 'Lyon' },
          ],
        },
        null,
        2,
      ),
    );
    expect(r.error).toBeUndefined();
    expect(r.steps.api!.summary!.shape).toBe('the records in "data"');
    expect(await rows('SELECT id, city FROM api ORDER BY id')).toEqual([
      { id: 1, city: '北京' },
      { id: 2, city: 'Lyon' },
    ]);
    r = await load('one', 'one.json', JSON.stringify({ id: 7, name: 'x' }, null, 2));
    expect(r.error).toBeUndefined();
    expect(await rows('SELECT id, name FROM one')).toEqual([{ id: 7, name: 'x' }]);
  });

  it('says what shape it found when it cannot choose', async () => {
    const r = await load('two', 'two.json', JSON.stringify({ users: [{ id: 1 }], orders: [{ id: 2 }] }, null, 2));
    expect(r.error).toBe(
      `source 'two' (two.json): it is one object holding 2 arrays of records ("users", "orders"); save the one you want as a file of its own`,
    );
  });

  it('refuses JSON nested 10,000 deep, and a bare scalar, each with a reason', async () => {
    let r = await load('deep', 'deep.json', '['.repeat(10_000) + ']'.repeat(10_000));
    expect(r.error).toMatch(
      /^source 'deep' \(deep\.json\): it is nested more than 100 levels deep, which is not a table of records; a JSON source must be/,
    );
    r = await load('num', 'num.json', '42');
    expect(r.error).toBe(
      "source 'num' (num.json): it holds a single number, not records; a JSON source must be an array of objects, one object per line (NDJSON), or an object holding one such array",
    );
  });
});

describe('load: cancel', () => {
  it('stops during the checks before DuckDB reads the file, and the table already loaded stays', async () => {
    expect((await load('cancelme', 'c.csv', 'a,b\n1,2\n')).status).toBe('ok');
    const controller = new AbortController();
    // Cancelled as the check of the whole file starts: nothing after it may run.
    const r = await runRecipe(
      { version: 1, sources: [{ name: 'cancelme', file: 'c.csv' }], steps: [] },
      {
        db,
        files: { cancelme: new Blob([numbered(200_000)]) },
        signal: controller.signal,
        onProgress: (p) => void (p.message.startsWith('reading') && controller.abort()),
      },
    );
    expect(r.status).toBe('cancelled');
    expect(r.steps.cancelme!.status).toBe('cancelled');
    expect(await rows('SELECT a, b FROM cancelme')).toEqual([{ a: 1, b: 2 }]);
  });
});
