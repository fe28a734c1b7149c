import { fmt } from '../../../i18n/format';

/** The text of the train-classifier view. */
export const en = {
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
};
