/**
 * Clustering: pure functions over row-major typed arrays [n × d], no DOM/DuckDB. Typical use
 * (columnStats and standardize from util/scale):
 *   const stats = columnStats(raw, n, d);
 *   const z = standardize(raw, n, d, stats);
 *   const fit = orderBySize(kmeans(z, n, d, { k: 4, nInit: 10, seed: 42 }));
 *   silhouette(z, n, d, fit.labels);            // exact up to 5000 rows, seeded sample above
 *   adjustedRandIndex(fit.labels, truth);        // against known groups
 */
export {
  kmeans,
  kmeansPlusPlus,
  randomInit,
  inertiaOf,
  orderBySize,
  type KMeansOptions,
  type KMeansResult,
  type KMeansInit,
} from './kmeans';
export {
  silhouette,
  silhouetteSamples,
  sampleRows,
  adjustedRandIndex,
  SILHOUETTE_MAX_EXACT,
  SILHOUETTE_SAMPLE_SIZE,
  type SilhouetteOptions,
} from './metrics';
export {
  describeCluster,
  featureLabel,
  AVERAGE_DESCRIPTION,
  type ClusterDescription,
  type DescriptionTerm,
  type DescribeOptions,
  type Level,
} from './describe';
export {
  chooseK,
  distinctRows,
  SILHOUETTE_TOLERANCE,
  MAX_LARGEST_SHARE,
  type KCandidate,
  type KChoice,
} from './choose-k';
