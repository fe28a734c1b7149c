/**
 * Evaluation curves and threshold metrics for a binary classifier, with scikit-learn's
 * definitions so figures can be checked against it:
 *   rocCurve / prCurve   one point per distinct score threshold (sklearn roc_curve with
 *                        drop_intermediate=False; precision_recall_curve)
 *   averagePrecision     Σ (R_n − R_{n−1}) · P_n over thresholds (average_precision_score):
 *                        the PR-AUC without optimistic interpolation
 *   calibration          mean label and mean score per equal-width score bin, empty bins left
 *                        out (calibration_curve, strategy='uniform')
 *   atThreshold          confusion matrix, precision, recall, F1, accuracy for score ≥ threshold
 */

export interface CurvePoint {
  threshold: number;
  tpr: number;
  fpr: number;
  precision: number;
  recall: number;
}

/** Distinct thresholds from the highest score down, with cumulative counts. */
function sweep(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): Array<{ threshold: number; tp: number; fp: number }> {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const out: Array<{ threshold: number; tp: number; fp: number }> = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) out.push({ threshold: scores[i]!, tp, fp });
  }
  return out;
}

function totals(labels: ArrayLike<number>): { positives: number; negatives: number } {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  return { positives, negatives: labels.length - positives };
}

/** ROC and PR points, from the highest threshold to the lowest (starting after (0, 0)). */
export function curves(scores: ArrayLike<number>, labels: ArrayLike<number>): CurvePoint[] {
  const { positives, negatives } = totals(labels);
  return sweep(scores, labels).map(({ threshold, tp, fp }) => ({
    threshold,
    tpr: positives ? tp / positives : Number.NaN,
    fpr: negatives ? fp / negatives : Number.NaN,
    precision: tp / (tp + fp),
    recall: positives ? tp / positives : Number.NaN,
  }));
}

/** sklearn.metrics.average_precision_score. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { positives } = totals(labels);
  if (positives === 0) return Number.NaN;
  let ap = 0;
  let previousRecall = 0;
  for (const { tp, fp } of sweep(scores, labels)) {
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
  }
  return ap;
}

export interface CalibrationBin {
  bin: number;
  /** Mean score of the rows in the bin. */
  predicted: number;
  /** Share of positives in the bin. */
  observed: number;
  count: number;
}

/** sklearn.calibration.calibration_curve(strategy='uniform'): bins of width 1/nBins over [0, 1]. */
export function calibration(scores: ArrayLike<number>, labels: ArrayLike<number>, nBins = 10): CalibrationBin[] {
  const sum = new Float64Array(nBins);
  const pos = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  // Inner edges as np.linspace(0, 1, nBins + 1)[1:-1] computes them (k · step, so 3 · 0.2 = 0.6000000000000001).
  const step = 1 / nBins;
  const edges = Array.from({ length: nBins - 1 }, (_, k) => (k + 1) * step);
  for (let i = 0; i < scores.length; i++) {
    // sklearn: np.searchsorted(inner edges, p) (side='left'): a score on an edge stays in the lower bin.
    let b = 0;
    while (b < edges.length && edges[b]! < scores[i]!) b++;
    sum[b]! += scores[i]!;
    pos[b]! += labels[i] === 1 ? 1 : 0;
    count[b]! += 1;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++)
    if (count[b]! > 0)
      out.push({ bin: b, predicted: sum[b]! / count[b]!, observed: pos[b]! / count[b]!, count: count[b]! });
  return out;
}

export interface ThresholdMetrics {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** Predict positive when score ≥ threshold. Precision of no positive predictions is 0 (sklearn's zero_division default warns and gives 0). */
export function atThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ThresholdMetrics {
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    accuracy: scores.length ? (tp + tn) / scores.length : Number.NaN,
  };
}
