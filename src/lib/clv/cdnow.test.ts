/**
 * The CDNOW 1/10 sample against the published estimates:
 *   BG/NBD (Fader, Hardie & Lee 2005, Marketing Science): r = 0.243, α = 4.414, a = 0.793,
 *   b = 2.426, LL = −9582.4; worked example x = 2, t_x = 30.43, T = 38.86 → 1.226 in 39 weeks.
 *   Gamma-Gamma (Fader & Hardie 2013 note; FHL 2005 iso-value paper): p = 6.25, q = 3.74, γ = 15.44.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnowSummary, parseCdnow } from './cdnow';
import { conditionalExpectedPurchases, fitBgNbd, probabilityAlive, type BgNbdParams } from './bgnbd';
import { clv, fitGammaGamma, type GammaGammaParams } from './gamma-gamma';

// ../shared/data/cdnow/CDNOW_sample.txt from the repository root, or $CUSTODIAN_DATA/cdnow/….
const DATA_DIR = process.env.CUSTODIAN_DATA ?? resolve(import.meta.dirname, '../../../../shared/data');
const FILE = resolve(DATA_DIR, 'cdnow/CDNOW_sample.txt');
const exists = existsSync(FILE);

const PUBLISHED_BG: BgNbdParams & { logLikelihood: number } = {
  r: 0.243,
  alpha: 4.414,
  a: 0.793,
  b: 2.426,
  logLikelihood: -9582.4,
};
const PUBLISHED_GG: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 };
const relErr = (got: number, want: number) => Math.abs(got / want - 1);

describe('CDNOW parsing (inline text)', () => {
  const text = [
    ' 00007 0001 19970105  1   10.00\r',
    ' 00007 0001 19970105  2   20.00\r', // same day: merged with the row above
    ' 00007 0001 19970119  1   30.00\r',
    ' 00007 0001 19970302  1   12.50\r',
    ' 00007 0001 19971001  1   99.00\r', // holdout
    ' 00003 0002 19970330  1    5.00\r',
    '',
  ].join('\n');

  it('merges same-day rows, counts repeat days, weeks from first purchase', () => {
    const s = cdnowSummary(parseCdnow(text));
    expect(Array.from(s.ids)).toEqual([3, 7]);
    expect(Array.from(s.frequency)).toEqual([0, 2]);
    expect(s.recency[1]).toBeCloseTo(56 / 7, 12); // 1997-01-05 → 1997-03-02
    expect(s.T[1]).toBeCloseTo(268 / 7, 12); // 1997-01-05 → 1997-09-30
    expect(s.T[0]).toBeCloseTo(184 / 7, 12);
    expect(s.meanSpend[1]).toBeCloseTo((30 + 12.5) / 2, 12); // repeat transactions only
    expect(Array.from(s.holdoutFrequency)).toEqual([0, 1]);
  });

  it('options: unmerged rows, spend over all transactions, day units', () => {
    const rows = parseCdnow(text);
    expect(cdnowSummary(rows, { mergeSameDay: false }).frequency[1]).toBe(3);
    expect(cdnowSummary(rows, { spendRepeatOnly: false }).meanSpend[1]).toBeCloseTo((30 + 30 + 12.5) / 3, 12);
    expect(cdnowSummary(rows, { unitDays: 1 }).T[1]).toBe(268);
  });

  it('rejects malformed rows', () => {
    expect(() => parseCdnow(' 00007 0001 19970105  1\n')).toThrow(/5 fields/);
    expect(() => parseCdnow(' 00007 0001 1997-1-5  1 2\n')).toThrow(/bad date/);
  });
});

describe.runIf(exists)('CDNOW sample (FHL 2005 protocol)', () => {
  const rows = exists ? parseCdnow(readFileSync(FILE, 'utf8')) : [];
  const cal = cdnowSummary(rows); // same-day merged, repeat-only spend: the paper's definitions

  it('parses 6,919 rows for 2,357 customers; 2,457 repeat transactions, 946 repeat buyers', () => {
    expect(rows.length).toBe(6919);
    expect(cal.ids.length).toBe(2357);
    expect(cal.frequency.reduce((s, v) => s + v, 0)).toBe(2457);
    expect(cal.frequency.filter((v) => v > 0).length).toBe(946);
    // Customer 00004 is the paper's worked example: first buy 1997-01-01, last calibration buy 1997-08-02.
    expect(cal.ids[0]).toBe(4);
    expect(cal.frequency[0]).toBe(2);
    expect(cal.recency[0]!.toFixed(2)).toBe('30.43');
    expect(cal.T[0]!.toFixed(2)).toBe('38.86');
    expect(cal.holdoutLength).toBe(39);
  });

  it('BG/NBD fit reproduces the published estimates within 1% (LL to 0.1)', () => {
    const t0 = performance.now();
    const fit = fitBgNbd(cal);
    const ms = performance.now() - t0;
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    console.info(
      `CDNOW BG/NBD (${ms.toFixed(1)} ms, ${fit.iterations} it): ` +
        keys
          .map(
            (k) =>
              `${k}=${fit[k].toFixed(4)} (pub ${PUBLISHED_BG[k]}, ${(100 * relErr(fit[k], PUBLISHED_BG[k])).toFixed(3)}%)`,
          )
          .join(', ') +
        `, LL=${fit.logLikelihood.toFixed(2)} (pub ${PUBLISHED_BG.logLikelihood})`,
    );
    expect(fit.converged).toBe(true);
    for (const k of keys) expect(relErr(fit[k], PUBLISHED_BG[k]), k).toBeLessThan(0.01);
    expect(Math.abs(fit.logLikelihood - PUBLISHED_BG.logLikelihood)).toBeLessThan(0.1);
    // The paper's worked example holds with the fitted parameters too.
    expect(conditionalExpectedPurchases(fit, 39, 2, 30.43, 38.86).toFixed(3)).toBe('1.226');
    expect(probabilityAlive(fit, 0, 0, 38.86)).toBe(1);
  });

  it('without same-day merging the published estimates are NOT reproduced', () => {
    const raw = cdnowSummary(rows, { mergeSameDay: false });
    expect(raw.frequency.reduce((s, v) => s + v, 0)).toBe(2603);
    const fit = fitBgNbd(raw);
    expect(relErr(fit.r, PUBLISHED_BG.r)).toBeGreaterThan(0.05);
    expect(Math.abs(fit.logLikelihood - PUBLISHED_BG.logLikelihood)).toBeGreaterThan(100);
  });

  it('Gamma-Gamma fit on mean repeat-transaction spend reproduces the published estimates within 1%', () => {
    const t0 = performance.now();
    const fit = fitGammaGamma(cal.frequency, cal.meanSpend);
    const ms = performance.now() - t0;
    const keys = ['p', 'q', 'v'] as const;
    console.info(
      `CDNOW Gamma-Gamma (${ms.toFixed(1)} ms, n=${fit.n}): ` +
        keys
          .map(
            (k) =>
              `${k}=${fit[k].toFixed(4)} (pub ${PUBLISHED_GG[k]}, ${(100 * relErr(fit[k], PUBLISHED_GG[k])).toFixed(3)}%)`,
          )
          .join(', ') +
        `, LL=${fit.logLikelihood.toFixed(4)}`,
    );
    expect(fit.n).toBe(946);
    expect(fit.converged).toBe(true);
    for (const k of keys) expect(relErr(fit[k], PUBLISHED_GG[k]), k).toBeLessThan(0.01);
    // Agrees with the CLVTools reference log-likelihood for this model and data (−4055.9177).
    expect(fit.logLikelihood).toBeCloseTo(-4055.9177, 3);
  });

  it('averaging spend over all calibration transactions (first included) does NOT reproduce them', () => {
    const all = cdnowSummary(rows, { spendRepeatOnly: false });
    const fit = fitGammaGamma(all.frequency, all.meanSpend);
    expect(relErr(fit.p, PUBLISHED_GG.p)).toBeGreaterThan(0.5);
  });

  it('holdout sanity: 39-week conditional forecasts track the actual repeat purchases; CLV is finite and positive', () => {
    const bg = fitBgNbd(cal);
    const gg = fitGammaGamma(cal.frequency, cal.meanSpend);
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < cal.ids.length; i++) {
      predicted += conditionalExpectedPurchases(bg, cal.holdoutLength, cal.frequency[i]!, cal.recency[i]!, cal.T[i]!);
      actual += cal.holdoutFrequency[i]!;
    }
    console.info(
      `CDNOW holdout (weeks 40–78): predicted ${predicted.toFixed(1)}, actual ${actual} repeat transactions`,
    );
    expect(actual).toBe(1882);
    expect(relErr(predicted, actual)).toBeLessThan(0.15);
    const t0 = performance.now();
    const values = clv(bg, gg, cal, { periods: 12, discountRate: 0.01 });
    const ms = performance.now() - t0;
    console.info(
      `CDNOW 12-month CLV for 2,357 customers: ${ms.toFixed(1)} ms, total $${values.reduce((s, v) => s + v, 0).toFixed(0)}`,
    );
    expect(values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });
});
