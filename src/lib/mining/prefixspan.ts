/**
 * PrefixSpan (Pei et al. 2001): frequent sequential patterns over sequences with one symbol per
 * step. A pattern's count is the number of sequences that contain it as a subsequence (in order,
 * not necessarily contiguous); with `maxGap` each next element must lie at most `maxGap`
 * positions after the previous one (`maxGap = 1`: contiguous).
 *
 * Sequences arrive in CSR form: sequence i is `symbols[offsets[i] .. offsets[i + 1])`. The
 * miner uses pseudo-projection: a projected database is two position arrays (sequence index,
 * position of the prefix's last matched element), never copies of the sequences.
 *   - Without `maxGap` only the earliest match end per sequence is kept: a greedy earliest match
 *     is always extendable when any match is.
 *   - With `maxGap` every distinct match end per sequence is kept, since a later end can reach
 *     a symbol that the earliest cannot.
 *
 * Pure: typed arrays only, no DOM/DuckDB.
 */
import { checkAbort } from './itemsets';

export interface SequenceDatabase {
  /** n + 1 offsets into `symbols`, non-decreasing, `offsets[0] = 0`. */
  offsets: Int32Array;
  /** Symbol codes, 0-based. */
  symbols: Int32Array;
  /** Number of distinct symbol codes (max code + 1 when omitted). */
  nSymbols?: number;
}

export interface PrefixSpanOptions {
  /** Fraction of sequences, in (0, 1]; frequent when count ≥ ceil(minSupport × n − 1e-9). */
  minSupport: number;
  /** Longest pattern to report; unlimited when omitted. */
  maxLength?: number;
  /** Most positions between consecutive pattern elements (1 = contiguous); unlimited when omitted. */
  maxGap?: number;
  /** Stop after this many patterns, setting `truncated`. */
  maxPatterns?: number;
  signal?: AbortSignal;
}

export interface SequentialPattern {
  symbols: number[];
  count: number;
}

export interface SequentialPatterns {
  nSequences: number;
  minCount: number;
  /** Depth-first order: each pattern is followed by its extensions, symbols by code. */
  patterns: SequentialPattern[];
  truncated: boolean;
  message?: string;
}

export const DEFAULT_MAX_PATTERNS = 100_000;

/** Minimum count for a fraction of `n` sequences (at least 1). */
export function minSequenceCount(minSupport: number, n: number): number {
  return Math.max(1, Math.ceil(minSupport * n - 1e-9));
}

/**
 * CSR sequences from per-row codes sorted by sequence (then time). Sequence codes must be
 * non-decreasing; codes missing between used ones give empty sequences. With `collapseRepeats`
 * consecutive identical symbols within a sequence are kept once (view, view, cart → view, cart).
 */
export function sequencesFromCodes(
  sequenceCodes: ArrayLike<number>,
  symbolCodes: ArrayLike<number>,
  opts: { collapseRepeats?: boolean } = {},
): SequenceDatabase & { nSymbols: number } {
  const rows = sequenceCodes.length;
  if (symbolCodes.length !== rows) throw new Error('sequence and symbol codes differ in length');
  const n = rows === 0 ? 0 : sequenceCodes[rows - 1]! + 1;
  const counts = new Int32Array(n + 1);
  const keep = new Uint8Array(rows);
  let nSymbols = 0;
  for (let r = 0; r < rows; r++) {
    const q = sequenceCodes[r]!;
    const s = symbolCodes[r]!;
    if (q < 0 || s < 0 || (r > 0 && q < sequenceCodes[r - 1]!))
      throw new Error('sequence codes must be non-negative and sorted');
    if (s >= nSymbols) nSymbols = s + 1;
    if (opts.collapseRepeats && r > 0 && sequenceCodes[r - 1] === q && symbolCodes[r - 1] === s) continue;
    keep[r] = 1;
    counts[q + 1]!++;
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + counts[i + 1]!;
  const symbols = new Int32Array(offsets[n] ?? 0);
  let k = 0;
  for (let r = 0; r < rows; r++) if (keep[r]) symbols[k++] = symbolCodes[r]!;
  return { offsets, symbols, nSymbols };
}

/** Frequent sequential patterns, synchronously. */
export function prefixSpan(db: SequenceDatabase, opts: PrefixSpanOptions): SequentialPatterns {
  const miner = new PrefixSpanMiner(db, opts);
  for (let r = miner.steps.next(); !r.done; r = miner.steps.next());
  return miner.result();
}

/** As `prefixSpan`, but yields to the event loop every `sliceMs` so abort and progress land. */
export async function prefixSpanAsync(
  db: SequenceDatabase,
  opts: PrefixSpanOptions & { sliceMs?: number },
): Promise<SequentialPatterns> {
  const miner = new PrefixSpanMiner(db, opts);
  const sliceMs = opts.sliceMs ?? 30;
  let deadline = performance.now() + sliceMs;
  for (let r = miner.steps.next(); !r.done; r = miner.steps.next()) {
    if (performance.now() >= deadline) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      checkAbort(opts.signal);
      deadline = performance.now() + sliceMs;
    }
  }
  return miner.result();
}

class PrefixSpanMiner {
  readonly steps: Generator<void, void, void>;
  private readonly offsets: Int32Array;
  private readonly symbols: Int32Array;
  private readonly n: number;
  private readonly minCount: number;
  private readonly maxLength: number;
  private readonly maxGap: number;
  private readonly maxPatterns: number;
  private readonly counts: Int32Array;
  /** Last sequence visit that counted each symbol (visits numbered globally, so never reset). */
  private readonly seen: Float64Array;
  private visit = 0;
  private readonly patterns: SequentialPattern[] = [];
  private truncated = false;

  constructor(
    db: SequenceDatabase,
    private readonly opts: PrefixSpanOptions,
  ) {
    const { offsets, symbols } = db;
    this.n = Math.max(0, offsets.length - 1);
    if (this.n > 0 && (offsets[0] !== 0 || offsets[this.n] !== symbols.length))
      throw new Error('offsets must run from 0 to symbols.length');
    if (!(opts.minSupport > 0 && opts.minSupport <= 1)) throw new Error('minSupport must be in (0, 1]');
    if (opts.maxLength !== undefined && !(Number.isInteger(opts.maxLength) && opts.maxLength >= 1))
      throw new Error('maxLength must be an integer ≥ 1');
    if (opts.maxGap !== undefined && !(Number.isInteger(opts.maxGap) && opts.maxGap >= 1))
      throw new Error('maxGap must be an integer ≥ 1');
    let nSymbols = db.nSymbols ?? 0;
    for (let k = 0; k < symbols.length; k++) {
      const s = symbols[k]!;
      if (s < 0) throw new Error('symbol codes must be non-negative');
      if (s >= nSymbols) {
        if (db.nSymbols !== undefined) throw new Error(`symbol code ${s} ≥ nSymbols ${db.nSymbols}`);
        nSymbols = s + 1;
      }
    }
    this.offsets = offsets;
    this.symbols = symbols;
    this.minCount = minSequenceCount(opts.minSupport, this.n);
    this.maxLength = opts.maxLength ?? Infinity;
    this.maxGap = opts.maxGap ?? Infinity;
    this.maxPatterns = opts.maxPatterns ?? DEFAULT_MAX_PATTERNS;
    this.counts = new Int32Array(nSymbols);
    this.seen = new Float64Array(nSymbols).fill(-1);
    // The empty prefix: every sequence, "ending" just before its first position.
    const seqs = new Int32Array(this.n);
    const ends = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) {
      seqs[i] = i;
      ends[i] = offsets[i]! - 1;
    }
    this.steps = this.grow([], seqs, ends, true);
  }

  result(): SequentialPatterns {
    return {
      nSequences: this.n,
      minCount: this.minCount,
      patterns: this.patterns,
      truncated: this.truncated,
      ...(this.truncated
        ? { message: `more than ${this.maxPatterns} patterns: raise minSupport or lower maxLength` }
        : {}),
    };
  }

  /** Window of positions reachable from match end `e` in a sequence ending before `stop`. */
  private windowEnd(e: number, stop: number, first: boolean): number {
    return first ? stop : Math.min(stop, e + 1 + this.maxGap);
  }

  /** Frequent next symbols (ascending code) with their counts, for a projected database. */
  private frequentExtensions(
    seqs: Int32Array,
    ends: Int32Array,
    first: boolean,
  ): Array<[symbol: number, count: number]> {
    const { counts, seen, symbols, offsets } = this;
    const touched: number[] = [];
    let k = 0;
    while (k < seqs.length) {
      const q = seqs[k]!;
      const stop = offsets[q + 1]!;
      const v = this.visit++;
      let scanned = -1; // last position already scanned in this sequence
      for (; k < seqs.length && seqs[k] === q; k++) {
        const e = ends[k]!;
        const to = this.windowEnd(e, stop, first);
        for (let p = Math.max(e + 1, scanned + 1); p < to; p++) {
          const s = symbols[p]!;
          if (seen[s] !== v) {
            seen[s] = v;
            if (counts[s]! === 0) touched.push(s);
            counts[s]!++;
          }
        }
        if (to - 1 > scanned) scanned = to - 1;
      }
    }
    const out: Array<[number, number]> = [];
    for (const s of touched) {
      if (counts[s]! >= this.minCount) out.push([s, counts[s]!]);
      counts[s] = 0;
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** The projected database of prefix + `s`. */
  private project(seqs: Int32Array, ends: Int32Array, s: number, first: boolean): [Int32Array, Int32Array] {
    const { symbols, offsets } = this;
    const allEnds = this.maxGap !== Infinity;
    const outSeqs: number[] = [];
    const outEnds: number[] = [];
    let k = 0;
    while (k < seqs.length) {
      const q = seqs[k]!;
      const stop = offsets[q + 1]!;
      let last = -1; // last end pushed for this sequence
      for (; k < seqs.length && seqs[k] === q; k++) {
        const e = ends[k]!;
        const to = this.windowEnd(e, stop, first);
        for (let p = Math.max(e + 1, last + 1); p < to; p++) {
          if (symbols[p] !== s) continue;
          outSeqs.push(q);
          outEnds.push(p);
          last = p;
          if (!allEnds) break;
        }
        if (!allEnds && last >= 0) {
          // Earliest match found: skip the sequence's remaining ends (there are none without maxGap).
          while (k + 1 < seqs.length && seqs[k + 1] === q) k++;
        }
      }
    }
    return [Int32Array.from(outSeqs), Int32Array.from(outEnds)];
  }

  private *grow(prefix: number[], seqs: Int32Array, ends: Int32Array, first: boolean): Generator<void, void, void> {
    checkAbort(this.opts.signal);
    for (const [s, count] of this.frequentExtensions(seqs, ends, first)) {
      if (this.truncated) return;
      if (this.patterns.length >= this.maxPatterns) {
        this.truncated = true;
        return;
      }
      const pattern = [...prefix, s];
      this.patterns.push({ symbols: pattern, count });
      yield;
      if (pattern.length < this.maxLength) {
        const [nextSeqs, nextEnds] = this.project(seqs, ends, s, first);
        yield* this.grow(pattern, nextSeqs, nextEnds, false);
      }
    }
  }
}
