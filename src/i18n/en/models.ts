import { fmt } from '../format';

/** Stage 4 and 5 models: recommendations, neural models, lookalikes, the churn/propensity model and its registry. */
export const models = {
  recTabsLabel: 'Recommendation steps',
  recTabs: { recommend: 'Recommend', neural: 'Neural models', lookalike: 'Lookalike' },

  // Shared by several panels
  events: 'Events',
  model: 'Model',
  train: 'Train',
  customer: 'Customer',
  algorithm: 'Algorithm',
  threshold: 'Threshold',
  exportCsv: 'Export CSV',
  epoch: 'epoch',
  trainingLoss: 'training loss',
  validationLoss: 'validation loss',
  precision: 'precision',
  recall: 'recall',
  coverage: 'coverage',
  similarity: 'similarity',
  logisticRegression: 'logistic regression',
  leaveOutBought: 'leave out items already bought',
  loadPurchaseLog: 'Load a purchase log first.',
  rows: (n: number) => `${fmt.count(n)} rows`,

  // TrainPanel: the classifier's settings
  trainer: {
    title: 'Churn / propensity model',
    intro:
      'A logistic regression or a small neural network (TensorFlow.js, in a training worker) predicts a yes/no label from numeric features. Rows stream from DuckDB in chunks; seeded, stratified 70/10/20 split; early stopping on validation loss; ROC, PR, calibration and permutation importance on the held-out test set.',
    empty: 'Run RFM or build a feature matrix (or load a table with numeric columns) first.',
    featuresFrom: 'Features from',
    featuresCount: (chosen: number, of: number) => `Features (${fmt.count(chosen)} of ${fmt.count(of)})`,
    labelTable: 'Label table',
    labelColumn: 'Label column',
    joinColumn: (table: string) => `Join ${table} column`,
    toColumn: (table: string) => `= ${table} column`,
    mlp: 'neural network (MLP)',
    hiddenLayers: 'Hidden layers',
    hiddenTitle: 'sizes, e.g. 32, 16',
    dropout: 'Dropout',
    maxEpochs: 'Max epochs',
    batch: 'Batch',
    learningRate: 'Learning rate',
    classWeights: 'Class weights',
    balanced: 'balanced',
    none: 'none',
    backend: 'Backend',
    backendAuto: 'auto (fastest available)',
    resume: 'Resume',
    paused: 'paused',
    pause: 'Pause',
    stop: 'Stop',
  },

  // EvaluationPanel: curves, metrics and threshold of a trained classifier
  evaluation: {
    lossTitle: 'Loss per epoch',
    lossChart: 'Training and validation loss per epoch',
    lossAxis: 'loss (binary cross-entropy)',
    trainingWarmUp: 'training loss (linear warm-up)',
    validationWarmUp: 'validation loss (linear warm-up)',
    testRocAuc: 'test ROC-AUC',
    prAuc: 'PR-AUC (AP)',
    logLoss: 'log loss',
    trainedOn: (backend: string) => `trained on ${backend}`,
    epochsRun: (epochs: number, stoppedEarly: boolean, best: number) =>
      `${fmt.count(epochs)} epochs${stoppedEarly ? ' (stopped early)' : ''}, ${best === 0 ? 'kept the logistic warm start (no epoch lowered the validation loss)' : `kept epoch ${fmt.count(best)}`}`,
    rowsSplit: (used: number, train: number, validation: number, test: number) =>
      `${fmt.count(used)} rows (${fmt.count(train)} / ${fmt.count(validation)} / ${fmt.count(test)})`,
    seconds: (s: number) => `${fmt.number(s, 3)} s`,
    rowsPerSecond: (n: number) => `${fmt.count(n)} rows/s`,
    savedAs: (name: string) => `saved as “${name}”`,
    modelName: 'model name',
    saveModel: 'Save model',
    accuracy: 'accuracy',
    onTestRows: (rows: number, positive: number) =>
      `on ${fmt.count(rows)} test rows; predicted ${fmt.count(positive)} positive`,
    rocChart: 'ROC curve (test)',
    falsePositiveRate: 'false positive rate',
    truePositiveRate: 'true positive rate',
    prChart: 'Precision–recall curve (test)',
    calibrationChart: 'Calibration (test)',
    meanPredicted: 'mean predicted probability',
    observedPositive: 'observed share positive',
    importanceChart: 'Permutation importance (drop in test ROC-AUC)',
    importanceAxis: 'drop in ROC-AUC when shuffled',
  },

  // ConfusionMatrix
  confusion: {
    caption: 'Confusion matrix on the test rows',
    predicted: (label: string) => `predicted ${label}`,
    predictedNot: 'predicted not',
    actually: (label: string) => `actually ${label}`,
    actuallyNot: 'actually not',
    truePositives: 'true positives',
    missed: 'missed',
    falseAlarms: 'false alarms',
    trueNegatives: 'true negatives',
  },

  // RegistryPanel: saved models and scoring
  registry: {
    title: 'Saved models',
    intro:
      'Kept in this browser (IndexedDB) with what applying them needs: the features, the fitted transform and standardisation that produced them, the test metrics and a fingerprint of the training data. Export writes model.json, weights.bin and custodian.json; import reads the three back.',
    empty: 'No saved model yet: train one and press “Save model”, or import one.',
    cols: {
      name: 'name',
      saved: 'saved',
      model: 'model',
      testAuc: 'test AUC',
      features: 'features',
      trainedOn: 'trained on',
    },
    step: (id: string) => `step ${id}`,
    logistic: 'logistic',
    export: 'Export',
    delete: 'Delete',
    importFiles: 'Import model files (model.json, weights.bin, custodian.json)',
    scoreTitle: 'Score a table',
    table: 'Table',
    score: 'Score',
    scoredWith: (name: string) => `scored with “${name}”`,
    skipped: (n: number) => `${fmt.count(n)} skipped (a feature missing)`,
    atOrAbove: (threshold: number) => `at or above ${threshold}`,
    meanScore: (score: number, transforms: string) =>
      `mean score ${fmt.fixed(score, 3)} · transforms replayed: ${transforms}`,
    noTransforms: 'none',
  },

  // RecommendPanel: top-k lists, one customer's view, similar items
  recommend: {
    title: 'Recommendations',
    intro:
      'Top-k items for every customer, computed in the compute worker (matrix factorisation in the training worker, on the GPU when there is one). Each recommendation says why.',
    similarityLabel: 'Similarity',
    similarities: { cosine: 'cosine', jaccard: 'Jaccard', conditional: 'conditional probability' },
    itemsPerCustomer: 'Items per customer',
    run: 'Recommend',
    lossChart: 'Recommender training loss per epoch',
    customers: 'customers',
    catalogueItems: 'items in the catalogue',
    recommendedShare: 'of items recommended to someone',
    seconds: (s: number) => `${fmt.fixed(s, 2)} s`,
    trainScore: (backend: string) => `train + score (${backend})`,
    computeWorker: 'compute worker',
    findCustomer: 'Find a customer',
    idPlaceholder: 'id',
    bought: (customer: string) => `What ${customer} bought`,
    item: 'Item',
    times: 'times',
    last: 'last',
    recommended: 'Recommended',
    score: 'score',
    why: 'why',
    boughtBefore: 'bought before',
    similarTo: 'Similar items to',
    itemPlaceholder: 'item id',
    boughtWith: 'Bought with it',
  },

  // NeuralPanel: sequence model and Wide & Deep ranker
  neural: {
    title: 'Neural behaviour models',
    intro:
      "Trained in the training worker (on the GPU when there is one), each judged on data it did not see. The sequence model predicts each customer's next item from the order of what they viewed and bought; the ranker predicts whether a view or cart turns into a purchase, and re-ranks ItemCF's candidates with it. NCF (neural matching) is in the Algorithm list above and in Compare.",
    empty: 'Load an event log first.',
    kinds: { sequence: 'Next item (GRU sequence model)', ranker: 'Purchase after view (Wide & Deep ranker)' },
    epochs: 'Epochs',
    lossChart: 'Neural model loss per epoch',
    lossAxis: 'loss',
    testAuc: 'test ROC-AUC (latest 20% of views and carts)',
    judged: 'customers judged on their last step',
    epochsOn: (backend: string) => `epochs · ${backend}`,
    samplesPerSecond: 'samples / s',
    atK10: 'at K = 10',
  },

  // LookalikePanel: audience expansion
  lookalike: {
    title: 'Lookalike audience',
    intro:
      'Customers whose behaviour and profile (a feature table, z-scored) are closest to the average of a seed group — for audience expansion.',
    empty: 'Build a feature table first (Features).',
    features: 'Features',
    seedsFrom: 'Seeds from',
    where: 'where',
    is: 'is',
    audienceSize: 'Audience size',
    run: 'Find lookalikes',
    seedCustomers: (value: string) => `seed customers (${value})`,
    lookalikes: 'lookalikes',
    distinct: (feature: string, z: number) => `${feature} (${z > 0 ? '+' : ''}${fmt.fixed(z, 1)} sd)`,
    inCommon: (items: string[]) => `What the seeds have in common: ${items.join(', ')}`,
    exportAudience: 'Export the audience',
  },

  // EvaluatePanel: compare recommenders offline
  compare: {
    title: 'Compare recommenders',
    intro:
      "Every algorithm is trained on the same training part and judged on the same held-out part, by one metrics module. Leave-last-basket: each customer's last order is hidden and has to be recommended back from the orders before it.",
    split: 'Split',
    splits: {
      leaveLastBasket: 'leave last order out',
      temporal: 'before / after a date',
      randomHoldout: 'random 20% of items (seeded)',
    },
    cutoff: 'Cut-off',
    run: 'Evaluate',
    algorithms: 'Algorithms (popularity is always included as the baseline)',
    testCustomers: (customers: number, items: number) =>
      `${fmt.count(customers)} test customers, ${fmt.fixed(items, 1)} held-out items each on average.`,
    atK: 'At K',
    chart: 'Metrics by K for each algorithm',
    metricsMeaning: 'What the metrics mean',
  },

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

  // algorithms.ts: each recommender in a line, for menus and help
  algorithms: {
    popularity: {
      title: 'Popularity (baseline)',
      help: 'The items most customers bought: the baseline every other recommender must beat.',
    },
    itemcf: {
      title: 'ItemCF (bought together)',
      help: 'Items similar to what the customer bought, by who else bought them (cosine, Jaccard or conditional probability with popularity damping); top 50 neighbours per item.',
    },
    usercf: {
      title: 'UserCF (similar customers)',
      help: 'What the 50 most similar customers (cosine over what they bought) bought.',
    },
    tagcf: {
      title: 'Tag-based',
      help: 'Items whose tags match the customer\u2019s tag profile (TF-IDF over the tags of what they bought); needs an items table with tags.',
    },
    session: {
      title: 'Session (just viewed)',
      help: 'From the customer\u2019s most recent order or session, recency-weighted item-to-item: "customers who just bought X".',
    },
    als: {
      title: 'ALS (matrix factorisation)',
      help: 'Implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008), trained with TF.js in the training worker.',
    },
    bpr: {
      title: 'BPR (matrix factorisation)',
      help: 'Bayesian personalised ranking (Rendle et al. 2009): embeddings trained with Adam on sampled positive/negative pairs.',
    },
    ncf: {
      title: 'NCF (neural matching)',
      help: 'NeuMF (He et al. 2017): a generalised matrix factorisation and an MLP tower over customer and item embeddings, trained on implicit feedback with 4 sampled negatives per purchase, in the training worker.',
    },
    sequence: {
      title: 'Sequence model (next item)',
      help: 'A GRU over each customer\u2019s recent steps predicts the next item; trained in the training worker on every window of the history.',
    },
    ranker: {
      title: 'Wide & Deep re-ranker',
      help: 'Re-ranks ItemCF\u2019s candidates by a Wide & Deep model of purchase after a view or cart (customer × item × context); needs an event-type column with views.',
    },
  },

  // algorithms.ts: metric definitions, as the evaluation harness computes them
  metricHelp: {
    hr: 'HR@K: share of test customers with at least one test item in their top K.',
    precision: 'Precision@K: hits / K, averaged over test customers.',
    recall: 'Recall@K: hits / number of test items, averaged over test customers.',
    ndcg: 'NDCG@K: discounted gain of hits (1 / log2(rank + 1)) over the ideal for min(test items, K) hits.',
    map: 'MAP@K: mean over customers of the average precision at each hit, over min(test items, K).',
    mrr: 'MRR: mean of 1 / rank of the first hit within the top K (0 if none).',
    coverage: 'Coverage: share of the catalogue recommended to at least one test customer.',
    avgPopularity: 'Average popularity: mean number of training buyers of the recommended items (popularity bias).',
  },
};
