import { fmt } from '../../../i18n/format';

/** The text of the kmeans view. */
export const en = {
  // SegmentsView: k-means
  segments: {
    nearTies: (ties: number[], k: number, balanced: boolean) =>
      `Near-ties (silhouette within 0.02 of the best): k = ${ties.join(', ')}. ${balanced ? `k = ${k} is shown: the smallest of them whose largest segment holds at most 60% of the customers.` : `None of them keeps its largest segment to 60% of the customers; k = ${k} has the best silhouette.`} Try the others too.`,
    kLeftOut: (ks: number[], distinct: number) =>
      `k = ${ks.join(', ')} left out: only ${fmt.count(distinct)} distinct feature rows.`,
    title: 'Segments (k-means)',
    intro:
      'Groups of similar customers: k-means++ with 10 seeded restarts on standardised features. Give a range of k to choose by silhouette; read the elbow and silhouette charts too, the automatic choice is only a suggestion.',
    needTable: 'Run RFM (or load a table with numeric columns) first.',
    table: 'Table',
    entity: 'One row per',
    features: 'Features',
    kFrom: 'k from',
    kTo: 'to',
    run: 'Find segments',
    segments: 'segments',
    rowsClustered: 'rows clustered',
    silhouette: 'silhouette',
    silhouetteChart: 'Inertia and silhouette by k',
    elbowChart: 'Elbow: inertia by k',
    inertiaAxis: 'inertia (standard units)',
    profileChart: 'Segment profiles: mean of each feature in standard units',
    segmentAxis: 'segment',
    segment: 'Segment',
    size: 'size',
    share: 'share',
    inWords: 'in words',
  },
};
