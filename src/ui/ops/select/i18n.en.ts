import { fmt } from '../../../i18n/format';

/** The text of the select view. */
export const en = {
  // SelectPanel: rank features against a label, keep or drop by hand
  select: {
    title: 'Select features',
    intro:
      'Rank every feature by how much it tells about a label — mutual information (binned, exact) or chi-square as scikit-learn computes it — drop constant ones and one of each pair correlated above the threshold, keep the top k. Then overrule any of it.',
    features: 'Features',
    labelFrom: 'Label from',
    label: 'Label',
    choose: 'choose…',
    score: 'Score',
    scores: { mutualInfo: 'mutual information', chi2: 'chi-square (min–max scaled)' },
    dropAbove: 'Drop if |r| above',
    keepTop: 'Keep top k',
    keepTopPlaceholder: 'all',
    run: 'Rank features',
    keptOf: (total: number) => `of ${fmt.count(total)} features kept`,
    rowsWithLabel: 'rows with a label',
    classesOf: (label: string) => `classes of ${label}`,
    apply: 'Apply my keep / drop choices',
    chart: 'Feature ranking against the label',
    chi2Axis: 'chi-square (scaled)',
    miAxis: 'mutual information (nats)',
    kept: 'kept',
    dropped: 'dropped',
    region: 'feature scores',
    colMi: 'MI',
    colChi2: 'chi²',
    maxCorrWith: 'max |r| with',
    result: 'Result',
    yourChoice: 'Your choice',
    choiceFor: (feature: string) => `choice for ${feature}`,
    choices: { auto: 'as ranked', keep: 'keep', drop: 'drop' },
  },
};
