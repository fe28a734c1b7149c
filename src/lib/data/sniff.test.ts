import { describe, it, expect } from 'vitest';
import { sniffText } from './sniff';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('sniffText', () => {
  it('finds the delimiter of the header, ignoring quoted ones', () => {
    expect(sniffText(bytes('a;b;"c;d"\n1;2;3'), 15)).toEqual({ kind: 'text', delimiter: ';', headerFields: 3 });
    expect(sniffText(bytes('a,"x,y",c\n'), 10)).toEqual({ kind: 'text', delimiter: ',', headerFields: 3 });
    expect(sniffText(bytes('\ufeffid\tname\n'), 12)).toMatchObject({ delimiter: '\t', headerFields: 2 });
  });

  it('settles a header that splits alike at two delimiters by its records, then prefers the one seldom in text', () => {
    // A European export: a comma in a column name, one decimal comma per row (a fuzzer finding:
    // read as two comma-separated columns, the amounts cut at their decimal comma).
    const eu = 'Umsatz, netto;Datum\n12,50;2024-01-01\n7,25;2024-01-02\n';
    expect(sniffText(bytes(eu), eu.length)).toMatchObject({ delimiter: ';', headerFields: 2 });
    // The records decide when they split differently: here only ',' gives every row two fields.
    const us = 'name;x,amount\nA,1\nB,2\n';
    expect(sniffText(bytes(us), us.length)).toMatchObject({ delimiter: ',', headerFields: 2 });
    const three = 'a,b;c;d\n1;2;3\n';
    expect(sniffText(bytes(three), three.length)).toMatchObject({ delimiter: ';', headerFields: 3 });
    // A tab file with commas in its names and its text: more fields at the comma, but the tab is
    // meant (a fuzzer finding: `=x_c,d<TAB>id_c,d` over `t=1+1,,<TAB>2020-01-01` read as three columns).
    const tabs = '=x_c,d\tid_c,d\r\nt=1+1,,\t2020-01-01\r\n';
    expect(sniffText(bytes(tabs), tabs.length)).toMatchObject({ delimiter: '\t', headerFields: 2 });
    // A comma file with a semicolon in a name and in one text cell: at ';' its quoted names are cut
    // (`"c,d",semi`), so ',' is meant (a fuzzer finding once the tab above was preferred).
    const commas = '"c,d",semi;colon," sp ace",DROP\r\ntx y-x;,451752,40645.82,999988\r\n';
    expect(sniffText(bytes(commas), commas.length)).toMatchObject({ delimiter: ',', headerFields: 4 });
    // A quoted line break does not end a record; a record cut at the end of the head is not judged.
    const quoted = 'a,b\n"x\ny",1\n2,3';
    expect(sniffText(bytes(quoted), quoted.length + 100)).toMatchObject({ delimiter: ',', headerFields: 2 });
  });

  it('reports empty and binary files', () => {
    expect(sniffText(new Uint8Array(0), 0).kind).toBe('empty');
    expect(sniffText(bytes('\n\n'), 2).kind).toBe('empty');
    expect(sniffText(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 20, 0]), 8)).toMatchObject({ kind: 'binary' });
    expect(sniffText(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0xc3]), 7)).toMatchObject({ kind: 'binary' });
  });

  it('accepts Chinese text and a multi-byte character cut at the end of the head', () => {
    const full = bytes('城市,金额\n上海,12\n');
    expect(sniffText(full.subarray(0, full.length - 1), full.length)).toMatchObject({ kind: 'text', delimiter: ',' });
    expect(sniffText(bytes('城市,金额\n上').subarray(0, 15), 20)).toMatchObject({ kind: 'text' });
  });
});
