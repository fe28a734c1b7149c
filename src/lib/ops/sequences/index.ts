/**
 * `sequences`: frequent sequential patterns (PrefixSpan) over per-customer or per-session event
 * sequences, e.g. view → cart → purchase. DuckDB codes sequences and symbols (dense_rank) and
 * orders rows by sequence then time; the codes reach the miner as one Arrow buffer of two int32
 * columns, and the patterns return as Arrow too.
 */
import { z } from 'zod';
import { tableFromIPC } from 'apache-arrow';
import { ident } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import { prefixSpanAsync, sequencesFromCodes, DEFAULT_MAX_PATTERNS } from '../../mining/prefixspan';
import { defineOp } from '../types';
import type { Json } from '../../core/json';

const params = z.strictObject({
  /** The sequence id (each customer is one sequence unless `session` is given). */
  customer: z.string().min(1),
  /** Orders events within a sequence (timestamp or number); ties are broken by symbol. */
  time: z.string().min(1),
  /** What a step is: an event type, an item, a category. */
  symbol: z.string().min(1),
  /** When given, each (customer, session) is its own sequence. */
  session: z.string().min(1).optional(),
  minSupport: z.number().gt(0).max(1),
  maxLength: z.number().int().min(1).default(4),
  /** Most positions between consecutive pattern elements (1 = contiguous). */
  maxGap: z.number().int().min(1).optional(),
  /** Consecutive identical symbols count once: view, view, cart → view, cart. */
  collapseRepeats: z.boolean().default(true),
  maxPatterns: z.number().int().min(1).default(DEFAULT_MAX_PATTERNS),
});

export type SequencesParams = z.infer<typeof params>;

const TOP = 10;

export const sequencesOp = defineOp({
  name: 'sequences',
  title: 'Sequential patterns',
  description: 'Frequent ordered event sequences (PrefixSpan) per customer or per session.',
  params,
  needsInput: true,
  primaryTable: 'patterns',
  stage: 'explore',
  outputs: {
    patterns: { description: 'one frequent sequential pattern', columns: ['pattern', 'length', 'count', 'support'] },
  },
  columns: {
    customer: { role: 'customer', required: true },
    time: { role: 'time', required: true },
    symbol: { role: 'event', required: true },
    session: { role: 'basket' },
  },
  keyFigures: (s) => [['patterns', s.patterns, 0]],
  async run(ctx, step, p) {
    const c = ident(p.customer);
    const t = ident(p.time);
    const s = ident(p.symbol);
    const notNull = [c, t, s, ...(p.session ? [ident(p.session)] : [])].map((x) => `${x} IS NOT NULL`).join(' AND ');
    ctx.progress({ message: 'coding sequences and symbols in DuckDB' });
    const sql = `WITH ev AS (SELECT CAST(${c} AS VARCHAR) AS k1, ${p.session ? `CAST(${ident(p.session)} AS VARCHAR)` : 'NULL::VARCHAR'} AS k2,
                   ${t} AS t, CAST(${s} AS VARCHAR) AS sym FROM ${step.inputSql} WHERE ${notNull}),
                 keyed AS (SELECT (dense_rank() OVER (ORDER BY k1, k2) - 1)::INTEGER AS seq, t, sym,
                   (dense_rank() OVER (ORDER BY sym) - 1)::INTEGER AS symbol FROM ev)
               SELECT seq, symbol FROM keyed ORDER BY seq, t, symbol`;
    const table = tableFromIPC(await ctx.db.arrowIPC(sql));
    const labels = (
      await ctx.db.query(
        `SELECT DISTINCT CAST(${s} AS VARCHAR) AS sym FROM ${step.inputSql} WHERE ${notNull} ORDER BY sym`,
      )
    ).rows.map((r) => String(r.sym));
    const seqCodes = Int32Array.from(table.getChild('seq')!.toArray() as Int32Array);
    const symCodes = Int32Array.from(table.getChild('symbol')!.toArray() as Int32Array);
    const db = sequencesFromCodes(seqCodes, symCodes, { collapseRepeats: p.collapseRepeats });
    const n = db.offsets.length - 1;
    if (n <= 0) throw stepError(step.id, 'customer', 'no sequences: every row lacks a sequence id, time or symbol');

    ctx.progress({ message: `mining ${n} sequences × ${labels.length} symbols` });
    const mined = await prefixSpanAsync(
      { ...db, nSymbols: labels.length },
      {
        minSupport: p.minSupport,
        maxLength: p.maxLength,
        maxGap: p.maxGap,
        maxPatterns: p.maxPatterns,
        signal: ctx.signal,
      },
    );
    if (mined.truncated)
      throw stepError(step.id, 'minSupport', mined.message ?? `more than ${p.maxPatterns} patterns: raise minSupport`);

    const rows = mined.patterns
      .map((m) => ({
        pattern: JSON.stringify(m.symbols.map((code) => labels[code]!)),
        length: m.symbols.length,
        count: m.count,
        support: m.count / n,
      }))
      .sort(
        (a, b) =>
          a.length - b.length || b.count - a.count || (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0),
      );
    await ctx.db.insertArrow(step.schema, 'patterns', rowsToIPC(['pattern', 'length', 'count', 'support'], rows));
    // Arrow numbers arrive as DOUBLE (and an empty result has no text column): fix the types, keep the order.
    const out = `${step.schemaSql}.${ident('patterns')}`;
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${out} AS
      SELECT CAST(pattern AS VARCHAR) AS pattern, CAST(length AS INTEGER) AS length, CAST(count AS INTEGER) AS count, CAST(support AS DOUBLE) AS support
      FROM ${out} ORDER BY length, count DESC, pattern`);

    const byLength: Record<string, number> = {};
    for (const r of rows) byLength[r.length] = (byLength[r.length] ?? 0) + 1;
    const multi = rows.filter((r) => r.length >= 2);
    const top = (multi.length ? multi : rows)
      .slice()
      .sort((a, b) => b.count - a.count || a.length - b.length)
      .slice(0, TOP);
    return {
      tables: ['patterns'],
      summary: {
        sequences: n,
        symbols: labels.length,
        events: db.symbols.length,
        minCount: mined.minCount,
        patterns: rows.length,
        byLength,
        topPatterns: top.map((r) => ({ pattern: JSON.parse(r.pattern) as Json, count: r.count, support: r.support })),
      },
    };
  },
});
