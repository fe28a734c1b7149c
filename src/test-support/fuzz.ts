/**
 * Generators for the property tests over the loader and the ops (fast-check), and the independent
 * reading of what they generate. CI runs a fixed seed and a few hundred cases; `npm run fuzz`
 * runs many more with a fresh seed (FUZZ_RUNS, FUZZ_SEED), and what it finds is kept as a
 * regression case in `src/lib/data/fixtures/fuzz/`.
 */
import fc from 'fast-check';

/** A property's time limit: its cases run one after another, and CI's two cores may be busy. */
export const PROPERTY_TIMEOUT = 300_000;

/** Runs and seed for a property: a fixed seed in CI, wider and random under `npm run fuzz`. */
export function fuzzParams(ciRuns: number): fc.Parameters<unknown> {
  const runs = Number(process.env.FUZZ_RUNS ?? 0);
  const seed =
    process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : runs ? Date.now() % 2 ** 31 : 20261207;
  return { numRuns: runs || ciRuns, seed, endOnFailure: true, verbose: 1 };
}

/** `money`: amounts written as currency text (`$1,234.50`, `1.234,50 €`), which must stay text, named. */
export type ColumnKind = 'int' | 'decimal' | 'money' | 'text' | 'date';

export interface GeneratedColumn {
  name: string;
  kind: ColumnKind;
  /** The value of each row as the file means it: numbers for numeric kinds, the text for text, ISO for dates. */
  values: Array<number | string | null>;
}

/**
 * How the file writes its numbers: plain (`1234.5`), European (`1.234,50`, `1 234,50`, `1234,50`)
 * or with English thousands separators (`1,234.50`).
 */
export type NumberStyle = 'plain' | 'eu-dot' | 'eu-space' | 'eu-none' | 'us';

export interface GeneratedCsv {
  numbers: NumberStyle;
  /** How `text` is written into `bytes`. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  bytes: Uint8Array;
  delimiter: string;
  newline: string;
  columns: GeneratedColumn[];
  rows: number;
  text: string;
}

// Text cells that test quoting, Unicode, spreadsheet formulas and markup, but are never numbers,
// dates or booleans (DuckDB would then type the column, which is right but not what is compared).
const TEXT_ATOMS = [
  'a',
  'Zoë',
  '上海',
  'x y',
  '"q"',
  ',',
  ';',
  '|',
  '\t',
  "it's",
  '=1+1',
  '+cmd',
  '-x',
  '@SUM(1)',
  '<b>',
  'NaN-ish',
  'é',
];
const textCell = fc
  .array(fc.constantFrom(...TEXT_ATOMS), { minLength: 1, maxLength: 3 })
  .map((parts) => `t${parts.join('')}`);

const columnName = fc
  .array(fc.constantFrom('id', 'amount', 'Name', 'ünï', '名字', ' sp ace', 'a"b', 'semi;colon', 'c,d', '=x', 'DROP'), {
    minLength: 1,
    maxLength: 2,
  })
  .map((p) => p.join('_'));

function cellArb(kind: ColumnKind): fc.Arbitrary<number | string | null> {
  switch (kind) {
    case 'int':
      return fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { freq: 8 });
    case 'decimal':
    case 'money':
      return fc.option(
        fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => n / 100),
        { freq: 8 },
      );
    case 'date':
      return fc.option(
        fc
          .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        { freq: 8 },
      );
    case 'text':
      return fc.option(textCell, { freq: 8 });
  }
}

/** A number as a file in `style` writes it (`decimals` digits after the separator). */
export function writeNumber(value: number, decimals: number, style: NumberStyle): string {
  const [whole, frac] = Math.abs(value).toFixed(decimals).split('.') as [string, string | undefined];
  const group = style === 'eu-dot' ? '.' : style === 'eu-space' ? ' ' : style === 'us' ? ',' : '';
  const grouped = group ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, group) : whole;
  const point = style.startsWith('eu') ? ',' : '.';
  return `${value < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : point + frac}`;
}

/** An amount as an export in `style` writes it with its currency: `$1,234.50`, `1.234,50 €`, `CHF 1'234.50`. */
function money(value: number, style: NumberStyle): string {
  const n = writeNumber(value, 2, style);
  return style.startsWith('eu') ? `${n} €` : style === 'plain' ? `USD ${n}` : `$${n}`;
}

/** A cell as written in the file: quoted when it holds the delimiter, a quote or a line break. */
function writeCell(
  value: number | string | null,
  kind: ColumnKind,
  delimiter: string,
  style: NumberStyle = 'plain',
): string {
  if (value === null) return '';
  const text =
    kind === 'money'
      ? money(value as number, style)
      : kind === 'decimal' || kind === 'int'
        ? writeNumber(value as number, kind === 'decimal' ? 2 : 0, style)
        : String(value);
  // A one-column file has no delimiter to go by: a cell or name holding any common one is quoted,
  // or the file reads (to any tool) as several columns.
  const delimiters = delimiter === '' ? [',', ';', '\t', '|'] : [delimiter];
  return /["\r\n]/.test(text) || delimiters.some((d) => text.includes(d)) || (kind === 'text' && /^\s|\s$/.test(text))
    ? `"${text.replaceAll('"', '""')}"`
    : text;
}

export const csvArb: fc.Arbitrary<GeneratedCsv> = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    newline: fc.constantFrom('\n', '\r\n'),
    kinds: fc.array(fc.constantFrom<ColumnKind>('int', 'decimal', 'money', 'text', 'date'), {
      minLength: 1,
      maxLength: 6,
    }),
    names: fc.uniqueArray(columnName, {
      minLength: 6,
      maxLength: 6,
      comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
    }),
    rows: fc.integer({ min: 1, max: 40 }),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
    encoding: fc.constantFrom<GeneratedCsv['encoding']>(
      'utf-8',
      'utf-8',
      'utf-8',
      'utf-16le',
      'utf-16be',
      'windows-1252',
    ),
    numbers: fc.constantFrom<NumberStyle>('plain', 'plain', 'plain', 'eu-dot', 'eu-space', 'eu-none', 'us'),
  })
  .chain(({ delimiter, newline, kinds, names, rows, bom, trailingNewline, encoding, numbers }) =>
    fc.tuple(...kinds.map((k) => fc.array(cellArb(k), { minLength: rows, maxLength: rows }))).map((cols) => {
      // A column of only nulls cannot be typed from the file: give it one value.
      const columns = cols.map((values, i): GeneratedColumn => {
        const kind = kinds[i]!;
        const some = kind === 'text' ? 'tsome' : kind === 'date' ? '2020-01-01' : 1;
        const filled = values.every((v) => v === null) ? [some, ...values.slice(1)] : [...values];
        // In a one-column file an empty last row is a trailing line break (RFC 4180): not a row.
        if (kinds.length === 1 && filled.at(-1) === null) filled[filled.length - 1] = some;
        return { name: names[i]!, kind, values: filled };
      });
      const quoteFor = columns.length === 1 ? '' : delimiter;
      const header = columns.map((c) => writeCell(c.name, 'text', quoteFor)).join(delimiter);
      const lines = Array.from({ length: rows }, (_, r) =>
        columns.map((c) => writeCell(c.values[r]!, c.kind, quoteFor, numbers)).join(delimiter),
      );
      const body = [header, ...lines].join(newline) + (trailingNewline ? newline : '');
      // Windows-1252 holds only the Latin text; a file with Chinese in it stays UTF-8.
      const enc = encoding === 'windows-1252' && [...body].some((ch) => ch.charCodeAt(0) > 0xff) ? 'utf-8' : encoding;
      // Windows-1252 has no byte-order mark; UTF-16 files carry one (Excel's "Unicode text" does).
      const text = ((bom && enc === 'utf-8') || enc.startsWith('utf-16') ? '\ufeff' : '') + body;
      return { numbers, encoding: enc, bytes: encode(text, enc), delimiter, newline, columns, rows, text };
    }),
  );

/** Bytes that a user might drop by mistake: random binary, truncated text, stray quotes. */
export const junkArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 300 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
  fc
    .constantFrom('a,b\n1,"2\n3,4\n', 'a,b\n1\n2,3,4\n', '"', '\n\n\n', 'a\n', '{"a":1}', '[1,2', 'PK\u0003\u0004')
    .map((s) => new TextEncoder().encode(s)),
);

/** RFC 4180 reader for what the exports write (comma, double quotes, LF or CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (cell !== '' || row.length) endRow();
  return rows;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell a spreadsheet would run: starts like a formula, is not a plain number, and was not prefixed. */
export function isLiveFormula(cell: string): boolean {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell);
}

/** `text` in one of the encodings spreadsheets and older systems export (TextEncoder writes only UTF-8). */
export function encode(text: string, encoding: GeneratedCsv['encoding']): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  if (encoding === 'windows-1252') return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const [hi, lo] = [unit >> 8, unit & 0xff];
    out[2 * i] = encoding === 'utf-16le' ? lo : hi;
    out[2 * i + 1] = encoding === 'utf-16le' ? hi : lo;
  }
  return out;
}
