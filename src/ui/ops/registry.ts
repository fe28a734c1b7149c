/**
 * Where each op's step is made and shown: the one list of op → view (an id of StageNav's VIEWS).
 * The stage hints (lib/recipe/hints.ts) point there and take the recommenders from it (the ops of
 * the Recommend view). An op not listed (cleaning, SQL, profile: the Prepare stage) lives in Data.
 */
import type { OpViews } from '../../lib/recipe/hints';

export const OP_VIEWS = {
  rfm: 'rfm',
  clv: 'clv',
  cohorts: 'explore',
  funnel: 'explore',
  sequences: 'explore',
  paths: 'explore',
  'compare-segments': 'contrast',
  features: 'features',
  transform: 'features',
  select: 'features',
  pca: 'features',
  'assoc-rules': 'rules',
  graph: 'rules',
  kmeans: 'segments',
  dbscan: 'segments',
  recommend: 'recommend',
  'train-ncf': 'recommend',
  'train-sequence': 'recommend',
  'train-ranker': 'recommend',
  'train-classifier': 'model',
  'rule-induction': 'model',
  score: 'model',
  'evaluate-recs': 'compare',
  fairness: 'fairness',
  'ab-test': 'experiment',
  drift: 'monitor',
  anomalies: 'monitor',
} as const satisfies OpViews;
