/**
 * Group fairness of a binary classifier's decisions (score ≥ threshold) across the levels of one
 * attribute, with the usual measures (Barocas, Hardt & Narayanan, "Fairness and Machine Learning"):
 *   selection rate  P(ŷ = 1 | group)         disparate impact = min / max selection rate
 *                                             (the "four-fifths rule" flags < 0.8)
 *   TPR             P(ŷ = 1 | y = 1, group)  equal-opportunity difference = max − min TPR
 *   FPR             P(ŷ = 1 | y = 0, group)  with TPR: equalised odds
 * plus each group's base rate, precision and ROC-AUC, so a reviewer sees where the model is less
 * accurate as well as where it decides differently.
 */
import { auc } from './metrics';
import { atThreshold } from './curves';

export interface GroupFairness {
  group: string;
  count: number;
  share: number;
  baseRate: number;
  selectionRate: number;
  tpr: number;
  fpr: number;
  precision: number;
  auc: number;
}

export interface FairnessReport {
  groups: GroupFairness[];
  disparateImpact: number;
  equalOpportunityDifference: number;
  /** The four-fifths rule: disparate impact below 0.8. */
  flagged: boolean;
  sentence: string;
}

export function groupFairness(
  groups: string[],
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): FairnessReport {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  const n = groups.length;
  const out: GroupFairness[] = [...byGroup.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([group, rows]) => {
      const s = rows.map((i) => scores[i]!);
      const y = rows.map((i) => labels[i]!);
      const m = atThreshold(s, y, threshold);
      const positives = m.tp + m.fn;
      const negatives = m.fp + m.tn;
      return {
        group,
        count: rows.length,
        share: rows.length / n,
        baseRate: positives / rows.length,
        selectionRate: (m.tp + m.fp) / rows.length,
        tpr: positives ? m.tp / positives : Number.NaN,
        fpr: negatives ? m.fp / negatives : Number.NaN,
        precision: m.tp + m.fp ? m.precision : Number.NaN,
        auc: auc(s, y),
      };
    });
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  const rates = finite(out.map((g) => g.selectionRate));
  const tprs = finite(out.map((g) => g.tpr));
  const disparateImpact = rates.length && Math.max(...rates) > 0 ? Math.min(...rates) / Math.max(...rates) : Number.NaN;
  const equalOpportunityDifference = tprs.length ? Math.max(...tprs) - Math.min(...tprs) : Number.NaN;
  const flagged = disparateImpact < 0.8;
  const low = out.reduce((a, g) => (g.selectionRate < a.selectionRate ? g : a), out[0]!);
  const high = out.reduce((a, g) => (g.selectionRate > a.selectionRate ? g : a), out[0]!);
  const sentence =
    out.length < 2
      ? 'Only one group: nothing to compare.'
      : `${flagged ? 'Below the four-fifths rule' : 'Within the four-fifths rule'}: '${low.group}' is selected at ${(100 * low.selectionRate).toFixed(1)}% against ${(100 * high.selectionRate).toFixed(1)}% for '${high.group}' (ratio ${disparateImpact.toFixed(2)}); true-positive rates differ by up to ${(100 * equalOpportunityDifference).toFixed(1)} points.`;
  return { groups: out, disparateImpact, equalOpportunityDifference, flagged, sentence };
}
