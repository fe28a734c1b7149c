import { describe, it, expect } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { rowsToIPC, numericMatrix } from './arrow';

describe('rowsToIPC', () => {
  it('round-trips numbers and text with nulls, infinities and non-ASCII', () => {
    const ipc = rowsToIPC(
      ['n', 's'],
      [
        { n: 1.5, s: '["a","b"]' },
        { n: null, s: null },
        { n: Infinity, s: '上海, "quoted"' },
      ],
    );
    const t = tableFromIPC(ipc);
    expect(t.numRows).toBe(3);
    expect([...t.getChild('s')!]).toEqual(['["a","b"]', null, '上海, "quoted"']);
    const n = [...t.getChild('n')!] as number[];
    expect(n[0]).toBe(1.5);
    expect(n[1]).toBeNull();
    expect(n[2]).toBe(Infinity);
    expect(numericMatrix(ipc, ['n']).nRows).toBe(3);
  });
});
