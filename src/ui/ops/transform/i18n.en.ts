import { fmt } from '../../../i18n/format';

/** The text of the transform view. */
export const en = {
  // TransformPanel: scale, log, bin, one-hot; freeze the fit
  transform: {
    title: 'Transform',
    intro:
      "Scale, log, bin or one-hot encode columns. The parameters (means, sds, bin edges, levels) are fitted once and saved in the recipe's report; freeze them and every re-run — on next month's data too — applies exactly the same numbers.",
    method: 'Method',
    methods: {
      standardize: 'Standardise (z-score)',
      minmax: 'Min–max to [0, 1]',
      robust: 'Robust (median, IQR)',
      log1p: 'log(1 + x)',
      'quantile-bin': 'Quantile bins',
      'one-hot': 'One-hot encode',
    },
    bins: 'Bins',
    maxLevels: 'Max levels',
    clip: 'clip at percentiles',
    lower: 'lower %',
    upper: 'upper %',
    missingValues: 'Missing values',
    impute: { none: 'keep as missing', mean: 'fill with mean', median: 'fill with median', zero: 'fill with 0' },
    indicators: 'add missing-value indicators',
    columnsSummary: (chosen: number, total: number, entity: string) =>
      `${fmt.count(chosen)} of ${fmt.count(total)} columns (one row per ${entity}, passed through unchanged)`,
    reapply: 'Re-apply frozen transform',
    fitApply: 'Fit and apply',
    rowsTo: (table: string) => `rows → ${table}`,
    columnsTransformed: 'columns transformed',
    methodLabel: 'method',
    frozen: 'frozen: re-runs replay these parameters',
    refit: 'Refit on next run',
    freeze: 'Freeze fitted parameters',
    moreNotes: (n: number) => `${fmt.count(n)} more notes`,
    region: 'fitted parameters',
    fittedParameters: 'Fitted parameters',
    before: (column: string) => `Before: ${column}`,
    after: (column: string) => `After: ${column}`,
    rowsAxis: 'rows',
    inputAxis: 'input',
    // The fitted numbers of one column, as "mean 1.2, scale 0.5".
    fitted: {
      mean: 'mean',
      scale: 'scale',
      min: 'min',
      max: 'max',
      median: 'median',
      iqr: 'iqr',
      edges: 'edges',
      levels: (n: number, other: boolean) => `${fmt.count(n)} levels${other ? ' + other' : ''}`,
      clip: 'clip',
      fill: 'fill',
      separator: ', ',
    },
  },
};
