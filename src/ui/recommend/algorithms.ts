/** What each recommender is, in a line, for the UI's menus and help. */
export type UiAlgorithm = 'popularity' | 'itemcf' | 'usercf' | 'tagcf' | 'session' | 'als' | 'bpr' | 'ncf' | 'sequence' | 'ranker';

export const ALGORITHM_ORDER: UiAlgorithm[] = ['popularity', 'itemcf', 'usercf', 'tagcf', 'session', 'als', 'bpr', 'ncf', 'sequence', 'ranker'];

export const ALGORITHM_INFO: Record<UiAlgorithm, { title: string; help: string; similarity?: boolean }> = {
  popularity: { title: 'Popularity (baseline)', help: 'The items most customers bought: the baseline every other recommender must beat.' },
  itemcf: { title: 'ItemCF (bought together)', similarity: true, help: 'Items similar to what the customer bought, by who else bought them (cosine, Jaccard or conditional probability with popularity damping); top 50 neighbours per item.' },
  usercf: { title: 'UserCF (similar customers)', help: 'What the 50 most similar customers (cosine over what they bought) bought.' },
  tagcf: { title: 'Tag-based', help: 'Items whose tags match the customer\u2019s tag profile (TF-IDF over the tags of what they bought); needs an items table with tags.' },
  session: { title: 'Session (just viewed)', similarity: true, help: 'From the customer\u2019s most recent order or session, recency-weighted item-to-item: "customers who just bought X".' },
  als: { title: 'ALS (matrix factorisation)', help: 'Implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008), trained with TF.js in the training worker.' },
  bpr: { title: 'BPR (matrix factorisation)', help: 'Bayesian personalised ranking (Rendle et al. 2009): embeddings trained with Adam on sampled positive/negative pairs.' },
  ncf: { title: 'NCF (neural matching)', help: 'NeuMF (He et al. 2017): a generalised matrix factorisation and an MLP tower over customer and item embeddings, trained on implicit feedback with 4 sampled negatives per purchase, in the training worker.' },
  sequence: { title: 'Sequence model (next item)', help: 'A GRU over each customer\u2019s recent steps predicts the next item; trained in the training worker on every window of the history.' },
  ranker: { title: 'Wide & Deep re-ranker', help: 'Re-ranks ItemCF\u2019s candidates by a Wide & Deep model of purchase after a view or cart (customer × item × context); needs an event-type column with views.' },
};

/** Metric definitions, as the evaluation harness (src/lib/recsys/metrics.ts) computes them. */
export const METRIC_HELP: Array<[string, string]> = [
  ['hr', 'HR@K: share of test customers with at least one test item in their top K.'],
  ['precision', 'Precision@K: hits / K, averaged over test customers.'],
  ['recall', 'Recall@K: hits / number of test items, averaged over test customers.'],
  ['ndcg', 'NDCG@K: discounted gain of hits (1 / log2(rank + 1)) over the ideal for min(test items, K) hits.'],
  ['map', 'MAP@K: mean over customers of the average precision at each hit, over min(test items, K).'],
  ['mrr', 'MRR: mean of 1 / rank of the first hit within the top K (0 if none).'],
  ['coverage', 'Coverage: share of the catalogue recommended to at least one test customer.'],
  ['avg_popularity', 'Average popularity: mean number of training buyers of the recommended items (popularity bias).'],
];
