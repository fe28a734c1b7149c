import { fmt } from '../../../i18n/format';

/** The text of the dbscan view. */
export const en = {
  // DbscanPanel: density clusters
  dbscan: {
    title: 'Density clusters (DBSCAN)',
    intro:
      'Clusters of any shape, with rows in sparse regions left out as noise (outliers), on the same standardised features. A row is a core point when at least minPts rows (itself included) lie within eps; clusters grow from core points. Choose eps near the knee of the k-distance curve below.',
    eps: 'eps (standard units)',
    minPts: 'minPts',
    run: 'Find density clusters',
    useKnee: (eps: number) => `Use eps ${eps} (knee)`,
    clusters: 'clusters',
    noiseRows: (share: number) => `noise rows (${fmt.percent(share)})`,
    corePoints: 'core points',
    silhouette: 'silhouette (without noise)',
    params: (eps: number, minPts: number) => `eps ${eps}, minPts ${minPts}`,
    kdistanceChart: "k-distance: each row's distance to its minPts-th nearest row",
    kdistanceX: 'rows, sparsest first →',
    kdistanceY: (minPts: number) => `distance to neighbour ${minPts} (standard units)`,
    epsMark: (eps: number) => `eps ${eps}`,
    kneeMark: (eps: number) => `knee ${eps}`,
    sizesChart: 'DBSCAN cluster sizes, with noise',
    rowsAxis: 'rows',
    clusterN: (cluster: number) => `cluster ${cluster}`,
    noise: 'noise',
    profilesChart: 'DBSCAN profiles: mean of each feature in standard units',
    clusterAxis: 'cluster',
    cluster: 'Cluster',
    size: 'size',
    share: 'share',
    inWords: 'in words',
    noiseInWords: 'rows in sparse regions: in no cluster',
  },
};
