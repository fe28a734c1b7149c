import { fmt } from '../format';
import { en as transform } from '../../ui/ops/transform/i18n.en';
import { en as select } from '../../ui/ops/select/i18n.en';
import { en as pca } from '../../ui/ops/pca/i18n.en';

/** Stage 3, Features: build, catalogue, transform, select, PCA. */
export const features = {
  tabsLabel: 'Feature steps',
  tabs: { build: 'Build', transform: 'Transform', select: 'Select', pca: 'Project (PCA)' },
  none: '(none)',
  needFeatureTable: 'Build a feature table first.',
  table: 'Table',
  feature: 'Feature',
  group: 'Group',
  missing: 'missing',
  column: 'Column',

  // BuildPanel: the feature matrix
  build: {
    title: 'Feature matrix',
    intro: (entity: string) =>
      `One row per ${entity}, built from the event log by DuckDB in a worker (text features in the compute worker): every model and most mining start here. With a reference date, nothing on or after it is used — features "as of" a cut-off.`,
    needEvents: 'Load an event or transaction table first.',
    events: 'Events',
    onePer: 'One row per',
    entities: { customer: 'customer', item: 'item' },
    itemAttributes: 'Item attributes',
    customerProfile: 'Customer profile',
    referenceDate: 'Reference date',
    trendWindow: 'Trend window (days)',
    columnsUsed: (found: number, total: number) =>
      `Columns used (${fmt.count(found)} of ${fmt.count(total)} roles found)`,
    roles: {
      customer: 'Customer',
      item: 'Item',
      basket: 'Order (basket)',
      time: 'Time',
      event: 'Event type',
      quantity: 'Quantity',
      price: 'Unit price',
      amount: 'Amount',
      category: 'Category',
      text: 'Text',
    },
    topCategories: 'Top categories',
    tfidfTerms: 'TF-IDF terms',
    groupsLegend: 'Feature groups',
    groups: {
      behaviour: { title: 'Behaviour', hint: 'counts, orders, spend, recency, tenure, trend, time of day' },
      preferences: { title: 'Preferences', hint: 'category shares, diversity, price level' },
      profile: { title: 'Profile', hint: 'attributes from a customer table' },
      text: { title: 'Text', hint: 'reviews: sentiment, TF-IDF terms' },
      item: { title: 'Item', hint: 'popularity, repeat rate, co-purchase degree' },
    },
    profileLegend: (table: string, key: string) =>
      `Profile columns from ${table} (joined on ${key}; label, id and personal-data columns start unticked)`,
    run: 'Build features',
    needTime: 'A time column is needed.',
  },

  // CatalogPanel: the catalogue of the built features
  catalog: {
    entities: (entity: string) => `${entity}s`,
    features: 'features',
    referenceDate: 'reference date',
    seconds: (s: number) => `${fmt.fixed(s, 1)} s`,
    toBuild: 'to build',
    exportCsv: 'Export CSV',
    perGroupChart: 'Features per group',
    perGroupAxis: 'features',
    missingChart: 'Missing values: the most incomplete features',
    missingAxis: '% missing',
    noMissing: 'no feature has missing values',
    all: 'all',
    find: 'Find',
    findPlaceholder: 'name or description',
    region: 'feature catalogue',
    kind: 'Kind',
    meaning: 'Meaning',
    mean: 'mean',
    min: 'min',
    max: 'max',
    tableSummary: (rows: number) => `The feature table (${fmt.count(rows)} rows)`,
  },

  ...transform,
  ...select,
  ...pca,
};
