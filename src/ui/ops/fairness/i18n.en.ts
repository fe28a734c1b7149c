/** The text of the fairness view. */
export const en = {
  // FairnessPanel
  fairness: {
    title: 'Fairness by group',
    intro:
      'Does the model treat groups alike? On the held-out test rows at the chosen threshold: the share each group has selected (predicted positive), the true-positive rate (equal opportunity) and the false-positive rate. Disparate impact is the lowest selection rate over the highest; below 0.8 fails the four-fifths rule. Numeric attributes are cut into four quantile bands.',
    empty: 'Train a classifier first (Train stage → Model): its predictions table is what this checks.',
    predictions: 'Predictions',
    attributeTable: 'Attribute table',
    idColumn: 'Id column',
    attribute: 'Attribute',
    run: 'Check',
    flagged: 'check needed',
    notFlagged: 'no gap flagged',
    disparateImpact: 'disparate impact',
    equalOpportunity: 'equal-opportunity difference',
    rowsCol: 'rows',
    baseRate: 'base rate',
    selectionRate: 'selection rate',
    chart: 'Selection rate, TPR and FPR per group',
    rateAxis: 'rate (%)',
  },
};
