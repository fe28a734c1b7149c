import { describe, expect, it } from 'vitest';
import { formatMoney, toCsv } from './format';

describe('toCsv (chart data exports)', () => {
  it('quotes as RFC 4180 and neutralises formula-like text, header included; numbers stay numbers', () => {
    const rows = [
      { '=name': '=HYPERLINK("http://x","y")', value: -3, note: 'a,b' },
      { '=name': '@SUM(A1)', value: 2.5, note: '-1+1' },
      { '=name': 'plain', value: 0, note: '-12' },
    ];
    // By hand: a leading = + - @ gets a ' unless the text is a plain number (OWASP CSV Injection).
    expect(toCsv(rows)).toBe(
      "'=name,value,note\n" +
        `"'=HYPERLINK(""http://x"",""y"")",-3,"a,b"\n` +
        "'@SUM(A1),2.5,'-1+1\n" +
        'plain,0,-12\n',
    );
  });
});

describe('toCsv non-text cells', () => {
  it('guards whatever is not a number or a boolean (a cell an object prints as, a bigint stays)', () => {
    const rows = [{ o: { toString: () => '=1+1' }, n: 10n, b: false }];
    expect(toCsv(rows)).toBe("o,n,b\n'=1+1,10,false\n");
  });
});

describe('toCsv dates', () => {
  it("writes a chart's calendar days as YYYY-MM-DD and other instants as ISO 8601", () => {
    // 15 s past the minute is never a local midnight, whatever the time zone.
    const rows = [{ day: new Date(2024, 0, 7), at: new Date(Date.UTC(2024, 0, 7, 10, 30, 15)) }];
    expect(toCsv(rows)).toBe('day,at\n2024-01-07,2024-01-07T10:30:15.000Z\n');
  });
});

describe('formatMoney', () => {
  it('writes every amount with two decimals and grouped thousands', () => {
    expect([945.7, 1666.336, 20000, -3].map(formatMoney)).toEqual(['945.70', '1,666.34', '20,000.00', '-3.00']);
  });
});
