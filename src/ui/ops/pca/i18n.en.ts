import { fmt } from '../../../i18n/format';

/** The text of the pca view. */
export const en = {
  // PcaPanel: principal components
  pca: {
    title: 'Project (PCA)',
    intro:
      "Summarise many correlated features in a few uncorrelated components (as scikit-learn's PCA), to see the shape of the customer base and to feed models fewer inputs.",
    components: 'Components',
    standardise: 'standardise first',
    colourBy: 'Colour by',
    run: 'Project',
    featuresSummary: (chosen: number, total: number, label: string) =>
      `${fmt.count(chosen)} of ${fmt.count(total)} numeric features${label ? ` (the label ${label} is left out)` : ''}`,
    rowsProjected: 'rows projected',
    varianceOnPc1: 'variance on PC1',
    onKept: (n: number) => `on the ${fmt.count(n)} kept`,
    varianceChart: 'Explained variance by component',
    componentAxis: 'component',
    shareAxis: 'share of variance',
    scatterChart: 'Customers on the first two components',
    loadingsChart: 'Loadings: what each component is made of',
    loading: 'loading',
  },
};
