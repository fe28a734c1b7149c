/**
 * CDNOW 1/10 sample → BG/NBD and Gamma-Gamma calibration summary (test support; pure parsing).
 *
 * File: whitespace-separated rows `master_id sample_id YYYYMMDD number_of_cds dollar_value`,
 * 6,919 rows for 2,357 customers who first bought in Q1 1997, followed to 1998-06-30.
 * Protocol of Fader, Hardie & Lee (2005, BG/NBD paper §4): time in weeks; calibration ends
 * 1997-09-30 (T = 38.86 weeks for a 1997-01-01 first purchase); transactions on the same day are
 * one transaction; x = repeat transactions (transaction days after the first) in calibration;
 * t_x = weeks from the first to the last calibration transaction; T = weeks from the first
 * purchase to the calibration end. Spend (Fader & Hardie 2013 Gamma-Gamma note): z̄ = mean value
 * of the x repeat transactions in calibration (same-day values summed), the first excluded.
 */
import type { RfmData } from './bgnbd';

export interface CdnowRow {
  id: number;
  /** Days since 1970-01-01 (UTC). */
  day: number;
  cds: number;
  dollars: number;
}

const MS_PER_DAY = 86_400_000;

/** 'YYYYMMDD' or 'YYYY-MM-DD' → days since 1970-01-01. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date);
  if (!m) throw new Error(`bad date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

/** Parses the CDNOW text (LF or CRLF); throws on a malformed row. */
export function parseCdnow(text: string): CdnowRow[] {
  const rows: CdnowRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const f = line.split(/\s+/);
    if (f.length !== 5) throw new Error(`CDNOW line ${i + 1}: expected 5 fields, got ${f.length}`);
    const row = { id: Number(f[0]), day: dayNumber(f[2]!), cds: Number(f[3]), dollars: Number(f[4]) };
    if (!Number.isFinite(row.id) || !Number.isFinite(row.cds) || !Number.isFinite(row.dollars)) {
      throw new Error(`CDNOW line ${i + 1}: non-numeric field`);
    }
    rows.push(row);
  }
  return rows;
}

export interface CdnowSummaryOptions {
  /** Last day of calibration, inclusive (default '1997-09-30'). */
  calibrationEnd?: string;
  /** Last day of the holdout period, inclusive (default '1998-06-30'). */
  holdoutEnd?: string;
  /** Merge same-day rows into one transaction (default true; the paper's protocol). */
  mergeSameDay?: boolean;
  /** Days per model time unit (default 7: weeks). */
  unitDays?: number;
  /** z̄ over repeat transactions only (default true) or over all calibration transactions. */
  spendRepeatOnly?: boolean;
}

export interface CdnowSummary extends RfmData {
  weights?: undefined;
  /** master_id per customer, ascending. */
  ids: Int32Array;
  /** z̄: mean dollar value per (repeat) calibration transaction; 0 where there are none. */
  meanSpend: Float64Array;
  /** Transactions in the holdout period (calibration end, holdout end]. */
  holdoutFrequency: Float64Array;
  /** Length of the holdout period in model time units (39 weeks by default). */
  holdoutLength: number;
}

/** Per-customer calibration summary (x, t_x, T, z̄) and holdout counts from CDNOW rows. */
export function cdnowSummary(rows: readonly CdnowRow[], opts: CdnowSummaryOptions = {}): CdnowSummary {
  const calEnd = dayNumber(opts.calibrationEnd ?? '1997-09-30');
  const holdEnd = dayNumber(opts.holdoutEnd ?? '1998-06-30');
  const merge = opts.mergeSameDay ?? true;
  const unit = opts.unitDays ?? 7;
  const repeatOnly = opts.spendRepeatOnly ?? true;

  // Group into transactions: (id, day) keys when merging, else one per row.
  const byCustomer = new Map<number, { day: number; dollars: number }[]>();
  for (const r of rows) {
    let list = byCustomer.get(r.id);
    if (!list) byCustomer.set(r.id, (list = []));
    list.push({ day: r.day, dollars: r.dollars });
  }
  const ids = Int32Array.from([...byCustomer.keys()].sort((a, b) => a - b));
  const n = ids.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const meanSpend = new Float64Array(n);
  const holdoutFrequency = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const list = byCustomer
      .get(ids[i]!)!
      .slice()
      .sort((u, v) => u.day - v.day);
    const tx: { day: number; dollars: number }[] = [];
    for (const t of list) {
      const last = tx[tx.length - 1];
      if (merge && last && last.day === t.day) last.dollars += t.dollars;
      else tx.push({ ...t });
    }
    const first = tx[0]!;
    if (first.day > calEnd) throw new Error(`CDNOW customer ${ids[i]} first buys after the calibration end`);
    let x = 0;
    let lastDay = first.day;
    let spend = repeatOnly ? 0 : first.dollars;
    for (let k = 1; k < tx.length; k++) {
      const t = tx[k]!;
      if (t.day <= calEnd) {
        x++;
        lastDay = t.day;
        spend += t.dollars;
      } else if (t.day <= holdEnd) holdoutFrequency[i]!++;
    }
    frequency[i] = x;
    recency[i] = (lastDay - first.day) / unit;
    T[i] = (calEnd - first.day) / unit;
    const count = repeatOnly ? x : x + 1;
    meanSpend[i] = count > 0 ? spend / count : 0;
  }
  return { ids, frequency, recency, T, meanSpend, holdoutFrequency, holdoutLength: (holdEnd - calEnd) / unit };
}
