import { fmt } from '../format';
import { en as recommend } from '../../ui/ops/recommend/i18n.en';
import { en as evaluateRecs } from '../../ui/ops/evaluate-recs/i18n.en';
import { en as fairness } from '../../ui/ops/fairness/i18n.en';
import { en as trainClassifier } from '../../ui/ops/train-classifier/i18n.en';

/** Stage 4 and 5 models: recommendations, neural models, lookalikes, the churn/propensity model and its registry. */
export const models = {
  recTabsLabel: 'Recommendation steps',
  ...recommend,

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

  ...trainClassifier,

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

  ...evaluateRecs,
  ...fairness,
};
