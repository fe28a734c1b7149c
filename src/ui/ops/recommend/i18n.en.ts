import { fmt } from '../../../i18n/format';

/** The text of the recommend view. */
export const en = {
  recTabs: { recommend: 'Recommend', neural: 'Neural models', lookalike: 'Lookalike' },

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
