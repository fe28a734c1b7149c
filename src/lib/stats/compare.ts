/**
 * What distinguishes group a from group b, feature by feature. Numbers: the means, Welch's t-test and
 * Cohen's d (pooled SD, ddof 1), ranked by |point-biserial r|. Categories: the level whose share differs
 * most, the chi-square test of the whole level × group table (no continuity correction) and Cramér's V,
 * ranked by V. q is Benjamini–Hochberg over every finite p.
 */
import { benjaminiHochberg, chi2Contingency, cohenD, cramersV, pointBiserial, welch, type Moments } from './tests';

export interface ComparisonRow {
  feature: string;
  kind: 'number' | 'category';
  /** The most telling level (categories). */
  level: string | null;
  /** Mean (numbers) or the level's share (categories) in a and in b. */
  a: number;
  b: number;
  difference: number;
  /** Cohen's d (numbers) or Cramér's V (categories). */
  effect: number;
  p: number;
  q: number;
  /** |point-biserial r| (numbers) or V (categories): the common ranking. */
  strength: number;
  /** Values compared in a and b (non-null). */
  n_a: number;
  n_b: number;
}

type Unranked = Omit<ComparisonRow, 'q'>;

export function compareNumber(feature: string, a: Moments, b: Moments): Unranked {
  const enough = a.n >= 2 && b.n >= 2;
  return {
    feature,
    kind: 'number',
    level: null,
    a: a.mean,
    b: b.mean,
    difference: a.mean - b.mean,
    effect: enough ? cohenD(a, b) : NaN,
    p: enough ? welch(a, b).p : NaN,
    strength: enough ? Math.abs(pointBiserial(a, b)) : NaN,
    n_a: a.n,
    n_b: b.n,
  };
}

/** `counts`: per level, the count in a and in b. */
export function compareCategory(feature: string, counts: Map<string, [number, number]>): Unranked {
  const levels = [...counts.keys()].sort();
  const na = levels.reduce((s, l) => s + counts.get(l)![0], 0);
  const nb = levels.reduce((s, l) => s + counts.get(l)![1], 0);
  let level: string | null = null;
  let gap = -1;
  for (const l of levels) {
    const [ca, cb] = counts.get(l)!;
    const g = Math.abs(ca / na - cb / nb);
    if (g > gap) [level, gap] = [l, g];
  }
  const chi = chi2Contingency(levels.map((l) => [...counts.get(l)!]));
  const v = na && nb ? cramersV(chi.statistic, chi.n, levels.length, 2) : NaN;
  const [ca, cb] = level === null ? [NaN, NaN] : counts.get(level)!;
  return {
    feature,
    kind: 'category',
    level,
    a: ca / na,
    b: cb / nb,
    difference: ca / na - cb / nb,
    effect: v,
    p: chi.p,
    strength: v,
    n_a: na,
    n_b: nb,
  };
}

/** q-values, then the strongest differences first (ties and NaN last, by feature name). */
export function rank(rows: Unranked[]): ComparisonRow[] {
  const q = benjaminiHochberg(rows.map((r) => r.p));
  const key = (r: ComparisonRow) => (Number.isNaN(r.strength) ? -Infinity : r.strength);
  return rows
    .map((r, i) => ({ ...r, q: q[i]! }))
    .sort((x, y) => key(y) - key(x) || (x.feature < y.feature ? -1 : x.feature > y.feature ? 1 : 0));
}

const num = (v: number, digits = 2) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toFixed(digits)).toString());

/** One difference in plain words: "Churn = Yes: tenure 18 vs 37.57 (19.6 lower), d = −0.89". */
export function describe(row: ComparisonRow, aLabel: string, bLabel: string): string {
  const sign = (v: number) => (v < 0 ? `−${num(-v)}` : num(v));
  if (row.kind === 'number')
    return `${aLabel}: ${row.feature} ${num(row.a)} on average vs ${num(row.b)} for ${bLabel} (${num(Math.abs(row.difference))} ${row.difference < 0 ? 'lower' : 'higher'}), d = ${sign(row.effect)}`;
  return `${aLabel}: ${(row.a * 100).toFixed(1)} % have ${row.feature} = ${row.level} vs ${(row.b * 100).toFixed(1)} % for ${bLabel}, V = ${num(row.effect)}`;
}
