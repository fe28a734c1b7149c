/**
 * Population stability index (PSI) between a reference distribution (the training data) and a
 * new one, over the same bins:  PSI = Σ_b (a_b − e_b) · ln(a_b / e_b), with e_b and a_b the
 * shares of reference and new rows in bin b. Empty bins get a floor share of 1e-4 so a level
 * that appears or vanishes counts as a large shift instead of an infinity (as most credit-risk
 * tooling does). The usual reading (Siddiqi, "Credit Risk Scorecards", 2006):
 *   PSI < 0.10 stable · 0.10–0.25 moderate shift · ≥ 0.25 significant shift.
 */

export const PSI_FLOOR = 1e-4;
export const PSI_MODERATE = 0.1;
export const PSI_SIGNIFICANT = 0.25;

export type DriftStatus = 'stable' | 'moderate shift' | 'significant shift';

/** PSI of two count vectors over the same bins. */
export function psi(expected: ArrayLike<number>, actual: ArrayLike<number>, floor = PSI_FLOOR): number {
  if (expected.length !== actual.length) throw new Error('expected and actual need the same bins');
  const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, x) => a + x, 0);
  const te = sum(expected);
  const ta = sum(actual);
  if (te === 0 || ta === 0) return Number.NaN;
  let total = 0;
  for (let b = 0; b < expected.length; b++) {
    const e = Math.max(floor, expected[b]! / te);
    const a = Math.max(floor, actual[b]! / ta);
    total += (a - e) * Math.log(a / e);
  }
  return total;
}

export function driftStatus(value: number): DriftStatus {
  return value >= PSI_SIGNIFICANT ? 'significant shift' : value >= PSI_MODERATE ? 'moderate shift' : 'stable';
}

/** Inner bin edges from sorted reference quantiles (deciles for 10 bins), duplicates removed. */
export function quantileEdges(quantiles: number[]): number[] {
  const out: number[] = [];
  for (const q of quantiles) if (Number.isFinite(q) && (out.length === 0 || q > out[out.length - 1]!)) out.push(q);
  return out;
}

export interface RetrainAdvice {
  retrain: boolean;
  reason: string;
}

/**
 * The "retrain recommended" signal: any feature with a significant shift, or a model metric on
 * newly labelled data that fell by more than `maxAucDrop` (absolute AUC).
 */
export function retrainAdvice(
  features: Array<{ feature: string; psi: number }>,
  auc?: { reference: number; current: number },
  maxAucDrop = 0.05,
): RetrainAdvice {
  if (!features.length && !auc) return { retrain: false, reason: 'No verdict: no feature was compared.' };
  const shifted = features.filter((f) => f.psi >= PSI_SIGNIFICANT).sort((a, b) => b.psi - a.psi);
  const reasons: string[] = [];
  if (shifted.length) {
    const names = shifted
      .slice(0, 3)
      .map((f) => `${f.feature} (PSI ${f.psi.toFixed(2)})`)
      .join(', ');
    reasons.push(
      `${shifted.length} feature${shifted.length === 1 ? '' : 's'} shifted significantly: ${names}${shifted.length > 3 ? ', …' : ''}`,
    );
  }
  if (
    auc &&
    Number.isFinite(auc.reference) &&
    Number.isFinite(auc.current) &&
    auc.reference - auc.current > maxAucDrop
  ) {
    reasons.push(`AUC fell from ${auc.reference.toFixed(3)} to ${auc.current.toFixed(3)} on the new labelled data`);
  }
  if (reasons.length) return { retrain: true, reason: `Retrain recommended: ${reasons.join('; ')}.` };
  const moderate = features.filter((f) => f.psi >= PSI_MODERATE).length;
  return {
    retrain: false,
    reason: moderate
      ? `No retraining needed yet: ${moderate} feature${moderate === 1 ? '' : 's'} moved moderately (PSI 0.10–0.25); watch them.`
      : 'No retraining needed: every feature is stable (PSI < 0.10).',
  };
}

/**
 * The default pair to compare: the two tables sharing the most column names (a feature matrix and
 * its rebuild as of an earlier date share all of them; an event log and a customer table share
 * only an id). Tables listed in `preferred` (feature matrices) come first. Undefined when no two
 * tables share a column.
 */
export function comparablePair(
  tables: ReadonlyArray<{ ref: string; columns: ReadonlyArray<{ name: string }> }>,
  preferred: readonly string[] = [],
): { reference: string; current: string } | undefined {
  let best: { reference: string; current: string; score: number } | undefined;
  for (const [i, a] of tables.entries()) {
    const names = new Set(a.columns.map((c) => c.name));
    for (const b of tables.slice(i + 1)) {
      const shared = b.columns.filter((c) => names.has(c.name)).length;
      // Two feature matrices (one rebuilt as of an earlier date) are the pair drift is for.
      const score = shared + 1000 * (Number(preferred.includes(a.ref)) + Number(preferred.includes(b.ref)));
      if (shared > 1 && (!best || score > best.score)) best = { reference: a.ref, current: b.ref, score };
    }
  }
  return best && { reference: best.reference, current: best.current };
}
