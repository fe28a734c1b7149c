/**
 * How numbers are written in a text column: the decimal and thousands separators, read from a
 * sample of its cells, and the SQL that turns such text into DOUBLE. Exports from European
 * systems write `12,50` and `1.234,50`; DuckDB reads only `12.50`, so without this the column
 * stays text and every sum over it is silently empty.
 *
 * A column is read one way throughout (never `1.234` as 1.234 here and 1234 there). When every
 * cell reads both ways (`1.234`, `1,234`) nothing tells which is meant: the column stays text and
 * the caller warns, unless the source names its decimal separator.
 */

export type Decimal = '.' | ',';
/** '' = none seen; ' ' stands for any space (also the no-break spaces French exports write). */
export type Thousands = '' | ',' | '.' | ' ' | "'";

export interface NumberFormat {
  decimal: Decimal;
  thousands: Thousands;
}

export type ColumnFormat =
  /** No cells to judge, or plain numbers DuckDB reads as they are (`12`, `-3.5`, `1e-3`). */
  | { kind: 'plain' }
  /** Numbers with separators DuckDB does not read, to convert. */
  | ({ kind: 'number' } & NumberFormat)
  /** Every cell reads both ways (`1.234`, `1,234`). */
  | { kind: 'ambiguous'; example: string }
  /**
   * Amounts with currency symbols or codes (`$1,234.50`, `12,50 €`), for a `cast` with format
   * 'currency'; `format` is absent when the numbers read both ways.
   */
  | { kind: 'currency'; example: string; format?: NumberFormat }
  | { kind: 'text' };

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** ISO 4217 codes common in exports (a short list: product codes such as `ABC 123` are not money). */
const CODES =
  'USD|EUR|GBP|JPY|CNY|RMB|CHF|CAD|AUD|NZD|HKD|SGD|TWD|KRW|INR|SEK|NOK|DKK|PLN|CZK|HUF|BRL|MXN|ZAR|TRY|THB|RUB';
/** Currency symbols (Unicode Sc) and codes, at either end of the cell. */
const CURRENCY = new RegExp(`^\\(?[+-]?\\s*(?:\\p{Sc}|(?:${CODES})\\b)|(?:\\p{Sc}|\\b(?:${CODES}))\\)?-?$`, 'u');
const CURRENCY_ALL = new RegExp(`\\p{Sc}|\\b(?:${CODES})\\b`, 'gu');
/** The same, for DuckDB's RE2 in SQL. */
const CURRENCY_SQL = `\\p{Sc}|\\b(?:${CODES})\\b`;

function grouped(t: string): string {
  const sep = t === ' ' ? '[\\s\\u00a0\\u202f]' : `\\${t}`;
  return `[1-9]\\d{0,2}(?:${sep}\\d{3})+`;
}

function reading(decimal: Decimal, thousands: Thousands[]): RegExp {
  const ints = ['\\d+', ...thousands.map(grouped)].join('|');
  return new RegExp(`^[+-]?(?:${ints})(?:\\${decimal}\\d+)?$`);
}

const READINGS: Array<{ decimal: Decimal; thousands: Thousands[]; re: RegExp }> = [
  { decimal: '.', thousands: [',', ' ', "'"], re: reading('.', [',', ' ', "'"]) },
  { decimal: ',', thousands: ['.', ' '], re: reading(',', ['.', ' ']) },
];

/**
 * A cell only a decimal point reads (`12.5`, `0.125`, `1234.567`, `1,234.50`): evidence that the
 * file writes decimals with a point, which settles its `1.234`s.
 */
export function readsOnlyWithPoint(cell: string): boolean {
  const c = cell.trim();
  return c.includes('.') && (PLAIN.test(c) || READINGS[0]!.re.test(c)) && !READINGS[1]!.re.test(c);
}

/** The thousands separator a cell uses under `decimal`, if any. */
function thousandsIn(cell: string, decimal: Decimal): Thousands {
  const int = cell.split(decimal)[0]!;
  if (/[\s\u00a0\u202f]/.test(int)) return ' ';
  for (const t of [',', '.', "'"] as const) if (t !== decimal && int.includes(t)) return t;
  return '';
}

function detectIn(cells: string[], given?: Partial<NumberFormat>): ColumnFormat | undefined {
  if (cells.every((c) => PLAIN.test(c) && !/^[+-]?[1-9]\d{0,2}\.\d{3}$/.test(c))) return { kind: 'plain' };
  const fits = READINGS.filter((r) => cells.every((c) => r.re.test(c)));
  if (fits.length === 0) return undefined;
  let chosen = fits[0]!;
  if (fits.length > 1) {
    const byGiven = fits.find((r) => r.decimal === given?.decimal);
    // Whole numbers read the same either way unless a point or comma could be the decimal
    // separator: a space or apostrophe (`798 144`, `1'234`) only ever groups thousands.
    if (!byGiven && cells.some((c) => /[.,]/.test(c))) {
      return { kind: 'ambiguous', example: cells.find((c) => /[.,]/.test(c)) ?? cells[0]! };
    }
    chosen = byGiven ?? fits.find((r) => r.decimal === '.')!;
  }
  const seen = new Set(cells.map((c) => thousandsIn(c, chosen.decimal)).filter((t) => t !== ''));
  if (seen.size > 1) return undefined;
  const thousands = given?.thousands ?? [...seen][0] ?? '';
  return { kind: 'number', decimal: chosen.decimal, thousands };
}

/**
 * The format of one column from its non-empty cells (trimmed). `given` is what the source
 * says (its `decimal`/`thousands`), which settles a column that reads both ways.
 */
export function detectColumnFormat(raw: Array<string | null | undefined>, given?: Partial<NumberFormat>): ColumnFormat {
  const cells = raw.map((c) => (c ?? '').trim()).filter((c) => c !== '');
  if (cells.length === 0) return { kind: 'plain' };
  const direct = detectIn(cells, given);
  if (direct) {
    if (direct.kind !== 'number') return direct;
    // A '.'-decimal number without thousands is what DuckDB reads itself.
    return direct.decimal === '.' && direct.thousands === '' ? { kind: 'plain' } : direct;
  }
  const marked = cells.filter((c) => CURRENCY.test(c));
  if (marked.length === 0) return { kind: 'text' };
  const stripped = detectIn(cells.map(stripCurrency), given);
  if (!stripped || stripped.kind === 'text' || stripped.kind === 'currency') return { kind: 'text' };
  const example = marked[0]!;
  if (stripped.kind === 'ambiguous') return { kind: 'currency', example };
  const format: NumberFormat =
    stripped.kind === 'number'
      ? { decimal: stripped.decimal, thousands: stripped.thousands }
      : { decimal: '.', thousands: '' };
  return { kind: 'currency', example, format };
}

/** A cell without its currency symbols and codes (`$1,234.50` → `1,234.50`, `-€ 3` → `-3`). */
export function stripCurrency(cell: string): string {
  const bare = cell.replace(CURRENCY_ALL, '').trim();
  const negative = /^-|-$|^\(.*\)$/.test(bare);
  const digits = bare.replace(/^[-(]\s*|\s*[-)]$/g, '').trim();
  return negative ? `-${digits}` : digits;
}

/**
 * SQL turning text `sql` written with `format` into DOUBLE (NULL where it does not read so).
 * `currency` also strips symbols, ISO codes and a sign written after them or in parentheses.
 */
export function numberSql(sql: string, format: NumberFormat, currency = false): string {
  let s = `trim(CAST(${sql} AS VARCHAR))`;
  if (currency) {
    s = `trim(regexp_replace(${s}, '${CURRENCY_SQL}', '', 'g'))`;
    // `(12.50)` and a trailing minus are negative amounts in accounting exports.
    s = `CASE WHEN regexp_matches(${s}, '^\\(.*\\)$|-$') THEN '-' || trim(regexp_replace(${s}, '^\\(|\\)$|-$', '', 'g')) ELSE ${s} END`;
    s = `regexp_replace(${s}, '^([+-])\\s+', '\\1')`;
  }
  if (format.thousands === ' ') s = `regexp_replace(${s}, '[\\s\\x{00a0}\\x{202f}]', '', 'g')`;
  else if (format.thousands !== '') s = `replace(${s}, '${format.thousands === "'" ? "''" : format.thousands}', '')`;
  if (format.decimal === ',') s = `replace(${s}, ',', '.')`;
  return `TRY_CAST(${s} AS DOUBLE)`;
}

/** `decimal ',' and thousands '.'`, for messages. */
export function describeFormat(f: NumberFormat): string {
  const t =
    f.thousands === '' ? 'no thousands separator' : `thousands ${f.thousands === ' ' ? 'space' : `'${f.thousands}'`}`;
  return `decimal '${f.decimal}', ${t}`;
}
