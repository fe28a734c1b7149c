import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { detectColumnFormat, numberSql, readsOnlyWithPoint, stripCurrency } from './numeric-format';
import { NodeDuckDB } from './node-duckdb';
import { literal } from './sql';

describe('detectColumnFormat', () => {
  it('reads decimal commas and their thousands separators', () => {
    expect(detectColumnFormat(['12,50', '1.234,50', '-3,00', ''])).toEqual({
      kind: 'number',
      decimal: ',',
      thousands: '.',
    });
    expect(detectColumnFormat(['12,5', '1 234,50'])).toEqual({ kind: 'number', decimal: ',', thousands: ' ' });
    expect(detectColumnFormat(['0,5', '7'])).toEqual({ kind: 'number', decimal: ',', thousands: '' });
    expect(detectColumnFormat(['1,234.50', '12.00'])).toEqual({ kind: 'number', decimal: '.', thousands: ',' });
    expect(detectColumnFormat(['1.234.567', '2.000'])).toEqual({ kind: 'number', decimal: ',', thousands: '.' });
    // Whole numbers grouped by spaces or apostrophes read one way only (a fuzzer finding: they stayed text, unnamed).
    expect(detectColumnFormat(['-798 144', '999 995', '-4'])).toEqual({ kind: 'number', decimal: '.', thousands: ' ' });
    expect(detectColumnFormat(["1'234", '12'])).toEqual({ kind: 'number', decimal: '.', thousands: "'" });
  });

  it('leaves what DuckDB reads itself, and text, alone', () => {
    expect(detectColumnFormat(['12.5', '-3', '1e-3', '0.125'])).toEqual({ kind: 'plain' });
    expect(detectColumnFormat(['12', '7', null])).toEqual({ kind: 'plain' });
    expect(detectColumnFormat([])).toEqual({ kind: 'plain' });
    expect(detectColumnFormat(['A12', '3,5'])).toEqual({ kind: 'text' });
    // 1.234 is 1.234 in one column, 1,5 is a decimal comma in the other: one column never mixes them.
    expect(detectColumnFormat(['1.5', '1,5'])).toEqual({ kind: 'text' });
  });

  it('calls a column that reads both ways ambiguous, unless the source names its decimal', () => {
    expect(detectColumnFormat(['1.234', '2.500', '7'])).toEqual({ kind: 'ambiguous', example: '1.234' });
    expect(detectColumnFormat(['1,234', '12'])).toEqual({ kind: 'ambiguous', example: '1,234' });
    expect(detectColumnFormat(['1.234', '2.500'], { decimal: ',' })).toEqual({
      kind: 'number',
      decimal: ',',
      thousands: '.',
    });
    expect(detectColumnFormat(['1.234', '2.500'], { decimal: '.' })).toEqual({ kind: 'plain' });
  });

  it('tells cells only a decimal point reads', () => {
    expect(['12.5', '0.125', '1234.567', '1,234.50', '-3.25', '1e-3.5'].map(readsOnlyWithPoint)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(['1.234', '1.234.567', '12', '12,5', '1 234'].map(readsOnlyWithPoint)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('finds currency text and its separators', () => {
    expect(detectColumnFormat(['$1,234.50', '$3.00'])).toEqual({
      kind: 'currency',
      example: '$1,234.50',
      format: { decimal: '.', thousands: ',' },
    });
    expect(detectColumnFormat(['€ 12,50', '1.234,50 €'])).toEqual({
      kind: 'currency',
      example: '€ 12,50',
      format: { decimal: ',', thousands: '.' },
    });
    expect(detectColumnFormat(['EUR 12,50', '3,10 EUR'])).toMatchObject({
      kind: 'currency',
      format: { decimal: ',', thousands: '' },
    });
    expect(detectColumnFormat(['€1.234'])).toEqual({ kind: 'currency', example: '€1.234' });
    expect(detectColumnFormat(['ABC 123', 'XYZ 9'])).toEqual({ kind: 'text' });
    expect(stripCurrency('-$1,234.50')).toBe('-1,234.50');
    expect(stripCurrency('($12.50)')).toBe('-12.50');
    expect(stripCurrency('12,50 €')).toBe('12,50');
  });
});

describe('numberSql on DuckDB', () => {
  let db: NodeDuckDB;
  beforeAll(async () => {
    db = await NodeDuckDB.create();
  });
  afterAll(() => db.close());
  const read = async (cell: string, format: Parameters<typeof numberSql>[1], currency = false) =>
    (await db.query(`SELECT ${numberSql(literal(cell), format, currency)} AS v`)).rows[0]!.v;

  it('converts each written form to the number meant', async () => {
    expect(await read('1.234,50', { decimal: ',', thousands: '.' })).toBe(1234.5);
    expect(await read('-12,5', { decimal: ',', thousands: '' })).toBe(-12.5);
    expect(await read('1\u00a0234,5', { decimal: ',', thousands: ' ' })).toBe(1234.5);
    expect(await read("1'234.5", { decimal: '.', thousands: "'" })).toBe(1234.5);
    expect(await read('$1,234.50', { decimal: '.', thousands: ',' }, true)).toBe(1234.5);
    expect(await read('1.234,50 €', { decimal: ',', thousands: '.' }, true)).toBe(1234.5);
    expect(await read('EUR 12,50', { decimal: ',', thousands: '.' }, true)).toBe(12.5);
    expect(await read('($12.50)', { decimal: '.', thousands: ',' }, true)).toBe(-12.5);
    expect(await read('- $ 3', { decimal: '.', thousands: ',' }, true)).toBe(-3);
    expect(await read('n/a', { decimal: ',', thousands: '.' }, true)).toBeNull();
  });
});
