import { describe, it, expect } from 'vitest';
import { sniffText } from './sniff';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('sniffText', () => {
  it('finds the delimiter of the header, ignoring quoted ones', () => {
    expect(sniffText(bytes('a;b;"c;d"\n1;2;3'), 15)).toEqual({ kind: 'text', delimiter: ';', headerFields: 3 });
    expect(sniffText(bytes('a,"x,y",c\n'), 10)).toEqual({ kind: 'text', delimiter: ',', headerFields: 3 });
    expect(sniffText(bytes('\ufeffid\tname\n'), 12)).toMatchObject({ delimiter: '\t', headerFields: 2 });
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
