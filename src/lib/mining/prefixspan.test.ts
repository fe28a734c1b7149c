import { describe, it, expect } from 'vitest';
import { Rng } from '../util/rng';
import {
  prefixSpan,
  prefixSpanAsync,
  sequencesFromCodes,
  minSequenceCount,
  type SequenceDatabase,
  type SequentialPatterns,
} from './prefixspan';

const ABC = 'abcdefghijklmnopqrstuvwxyz';

/** CSR sequences from strings of one-letter symbols ('a' = 0, 'b' = 1, …). */
function seqs(...lines: string[]): SequenceDatabase {
  const offsets = new Int32Array(lines.length + 1);
  const symbols: number[] = [];
  lines.forEach((line, i) => {
    for (const ch of line) symbols.push(ABC.indexOf(ch));
    offsets[i + 1] = symbols.length;
  });
  return { offsets, symbols: Int32Array.from(symbols) };
}

/** Patterns as { 'ab': count } in the miner's order. */
function asMap(r: SequentialPatterns): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of r.patterns) out[p.symbols.map((s) => ABC[s]).join('')] = p.count;
  return out;
}

/** Every pattern of up to maxLength elements and its count, by enumerating each sequence's subsequences. */
function bruteForce(
  db: SequenceDatabase,
  minCount: number,
  maxLength: number,
  maxGap = Infinity,
): Record<string, number> {
  const counts = new Map<string, number>();
  for (let q = 0; q + 1 < db.offsets.length; q++) {
    const seq = Array.from(db.symbols.subarray(db.offsets[q]!, db.offsets[q + 1]!));
    const found = new Set<string>();
    const walk = (pattern: number[], last: number) => {
      if (pattern.length) found.add(pattern.map((s) => ABC[s]).join(''));
      if (pattern.length === maxLength) return;
      const to = pattern.length ? Math.min(seq.length, last + 1 + maxGap) : seq.length;
      for (let p = last + 1; p < to; p++) walk([...pattern, seq[p]!], p);
    };
    walk([], -1);
    for (const key of found) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: Record<string, number> = {};
  for (const [k, v] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (v >= minCount) out[k] = v;
  return out;
}

// Hand-checked example: 4 sequences over a, b, c, d; minSupport 0.5 → minCount ceil(2) = 2.
//   S0 a b c    S1 a c b    S2 b a c    S3 a b d
// Length 1: a 4, b 4, c 3, d 1 (infrequent).
// Length 2: ab: S0, S1 (a…b), S3 = 3 (S2 has b before a); ac: S0, S1, S2 = 3;
//           bc: S0, S2 = 2 (S1's b is last); ba: S2 = 1; cb: S1 = 1; aa, bb, cc: 0.
// Length 3: abc: S0 only = 1; acb: S1 only = 1 → none frequent.
const TEXTBOOK = seqs('abc', 'acb', 'bac', 'abd');

describe('prefixSpan on hand-checked cases', () => {
  it('finds the textbook patterns with their counts, depth first', () => {
    const r = prefixSpan(TEXTBOOK, { minSupport: 0.5 });
    expect(r.nSequences).toBe(4);
    expect(r.minCount).toBe(2);
    expect(r.truncated).toBe(false);
    expect(r.patterns.map((p) => p.symbols.map((s) => ABC[s]).join(''))).toEqual(['a', 'ab', 'ac', 'b', 'bc', 'c']);
    expect(asMap(r)).toEqual({ a: 4, ab: 3, ac: 3, b: 4, bc: 2, c: 3 });
  });

  it('counts subsequences by default, contiguous runs with maxGap = 1', () => {
    // Contiguous: ab in S0 (a0 b1) and S3 (a0 b1) = 2 (S1 has c between); ac in S1 (a0 c1), S2 (a1 c2) = 2;
    // bc only in S0 = 1.
    expect(asMap(prefixSpan(TEXTBOOK, { minSupport: 0.5, maxGap: 1 }))).toEqual({ a: 4, ab: 2, ac: 2, b: 4, c: 3 });
    // maxGap = 2 admits one symbol in between: ab 3 (S1 a0 b2), ac 3 (S0 a0 c2), bc 2 (S0 b1 c2; S2 b0 c2).
    expect(asMap(prefixSpan(TEXTBOOK, { minSupport: 0.5, maxGap: 2 }))).toEqual({
      a: 4,
      ab: 3,
      ac: 3,
      b: 4,
      bc: 2,
      c: 3,
    });
  });

  it('with maxGap, tries every match end, not just the earliest', () => {
    // a c a b, contiguous: the first a cannot reach b, the second can. All 9 distinct substrings.
    const r = prefixSpan(seqs('acab'), { minSupport: 1, maxGap: 1 });
    expect(asMap(r)).toEqual({ a: 1, ab: 1, ac: 1, aca: 1, acab: 1, b: 1, c: 1, ca: 1, cab: 1 });
    // a … b with one symbol between at most: a2 b3 works although a0 b3 (gap 3) does not.
    expect(asMap(prefixSpan(seqs('axxab'), { minSupport: 1, maxGap: 2, maxLength: 2 }))['ab']).toBe(1);
    expect(asMap(prefixSpan(seqs('axxb'), { minSupport: 1, maxGap: 2, maxLength: 2 }))['ab']).toBeUndefined();
  });

  it('applies the minSupport threshold at the boundary', () => {
    // 0.3 × 10 = 3.0000000000000004 in floating point: still 3, not 4.
    expect(minSequenceCount(0.3, 10)).toBe(3);
    expect(minSequenceCount(0.5, 4)).toBe(2);
    expect(minSequenceCount(0.5000001, 4)).toBe(3);
    expect(minSequenceCount(0.001, 4)).toBe(1);
    // 'ab' is in exactly 3 of 10 sequences.
    const db = seqs('ab', 'ab', 'ab', 'ba', 'c', 'c', 'c', 'c', 'c', 'c');
    expect(asMap(prefixSpan(db, { minSupport: 0.3 }))['ab']).toBe(3);
    expect(asMap(prefixSpan(db, { minSupport: 0.31 }))['ab']).toBeUndefined();
    // Exactly at 3/4 = 0.75: a, b (4 each) and ab (3) are frequent; c (3) too.
    expect(asMap(prefixSpan(TEXTBOOK, { minSupport: 0.75 }))).toEqual({ a: 4, ab: 3, ac: 3, b: 4, c: 3 });
  });

  it('stops at maxLength', () => {
    const r = prefixSpan(seqs('abcd', 'abcd'), { minSupport: 1, maxLength: 2 });
    expect(Math.max(...r.patterns.map((p) => p.symbols.length))).toBe(2);
    expect(r.patterns).toHaveLength(4 + 6);
    expect(prefixSpan(seqs('abcd', 'abcd'), { minSupport: 1 }).patterns).toHaveLength(15);
  });

  it('truncates at maxPatterns and says so', () => {
    const r = prefixSpan(TEXTBOOK, { minSupport: 0.5, maxPatterns: 3 });
    expect(r.truncated).toBe(true);
    expect(r.patterns).toHaveLength(3);
    expect(r.message).toMatch(/more than 3 patterns/);
    const exact = prefixSpan(TEXTBOOK, { minSupport: 0.5, maxPatterns: 6 });
    expect(exact.truncated).toBe(false);
    expect(exact.message).toBeUndefined();
  });

  it('handles empty input and empty sequences, and rejects bad options', () => {
    expect(
      prefixSpan({ offsets: new Int32Array([0]), symbols: new Int32Array(0) }, { minSupport: 0.5 }).patterns,
    ).toEqual([]);
    expect(asMap(prefixSpan(seqs('', 'ab', ''), { minSupport: 0.3 }))).toEqual({ a: 1, ab: 1, b: 1 });
    expect(() => prefixSpan(TEXTBOOK, { minSupport: 0 })).toThrow(/minSupport/);
    expect(() => prefixSpan(TEXTBOOK, { minSupport: 0.5, maxGap: 0 })).toThrow(/maxGap/);
    expect(() => prefixSpan(TEXTBOOK, { minSupport: 0.5, maxLength: 1.5 })).toThrow(/maxLength/);
  });

  it('aborts through the signal', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(prefixSpanAsync(TEXTBOOK, { minSupport: 0.5, signal: ac.signal })).rejects.toThrow('stop');
  });
});

describe('sequencesFromCodes', () => {
  // Rows sorted by sequence: seq 0 = a a b a, seq 1 = b b.
  const q = [0, 0, 0, 0, 1, 1];
  const s = [0, 0, 1, 0, 1, 1];
  it('builds CSR rows as given', () => {
    const db = sequencesFromCodes(q, s);
    expect(Array.from(db.offsets)).toEqual([0, 4, 6]);
    expect(Array.from(db.symbols)).toEqual([0, 0, 1, 0, 1, 1]);
    expect(db.nSymbols).toBe(2);
    expect(asMap(prefixSpan(db, { minSupport: 0.5 }))['aa']).toBe(1);
  });
  it('collapses consecutive repeats only', () => {
    const db = sequencesFromCodes(q, s, { collapseRepeats: true });
    // a a b a → a b a (the last a is not consecutive with the first); b b → b.
    expect(Array.from(db.offsets)).toEqual([0, 3, 4]);
    expect(Array.from(db.symbols)).toEqual([0, 1, 0, 1]);
    expect(asMap(prefixSpan(db, { minSupport: 0.5 }))).toEqual({ a: 1, aa: 1, ab: 1, aba: 1, b: 2, ba: 1 });
    expect(asMap(prefixSpan(db, { minSupport: 0.5, maxGap: 1 }))['aa']).toBeUndefined();
  });
  it('rejects unsorted sequence codes', () => {
    expect(() => sequencesFromCodes([1, 0], [0, 0])).toThrow(/sorted/);
  });
});

describe('prefixSpan against brute force on random data', () => {
  it('matches exhaustive subsequence counting', async () => {
    const rng = new Rng(7);
    let checked = 0;
    for (let trial = 0; trial < 150; trial++) {
      const n = 1 + rng.int(15);
      const alphabet = 1 + rng.int(5);
      const lines: string[] = [];
      for (let i = 0; i < n; i++) {
        const len = rng.int(9);
        let line = '';
        for (let k = 0; k < len; k++) line += ABC[rng.int(alphabet)];
        lines.push(line);
      }
      const db = seqs(...lines);
      const minSupport = [0.05, 0.2, 0.34, 0.5, 1][rng.int(5)]!;
      const maxLength = 1 + rng.int(5);
      const maxGap = rng.next() < 0.5 ? undefined : 1 + rng.int(3);
      const r =
        trial % 2
          ? await prefixSpanAsync(db, { minSupport, maxLength, maxGap, sliceMs: 0 })
          : prefixSpan(db, { minSupport, maxLength, maxGap });
      const expected = bruteForce(db, minSequenceCount(minSupport, n), maxLength, maxGap);
      const got = asMap(r);
      expect(Object.keys(got)).toHaveLength(r.patterns.length); // no duplicates
      expect(Object.fromEntries(Object.entries(got).sort((a, b) => (a[0] < b[0] ? -1 : 1)))).toEqual(expected);
      checked += r.patterns.length;
    }
    expect(checked).toBeGreaterThan(500);
  });
});
