import { fmt } from '../../../i18n/format';

/** The text of the clv view. */
export const en = {
  // ClvView
  clv: {
    title: 'Lifetime value (BG/NBD + Gamma-Gamma)',
    intro:
      'How many purchases each customer will still make and what they are worth: BG/NBD (Fader, Hardie & Lee 2005) for repeat purchases and the chance the customer is still active, Gamma-Gamma for spend per purchase. Fitted by maximum likelihood in a worker; purchases on one day count as one.',
    calibrationEnds: 'Calibration ends',
    unit: 'Unit',
    horizon: (unit: string) => `Horizon (${unit}s)`,
    fit: 'Fit',
    customersRepeat: (repeat: number) => `customers (${fmt.count(repeat)} repeat)`,
    valueOver: (horizon: number, unit: string) => `value over ${horizon} ${unit}s`,
    predictedActual: (after: string) => `predicted / actual purchases after ${after}`,
    aliveChart: 'Probability alive by frequency and recency',
    recencyTenth: 'recency (tenth of the period)',
    repeatPurchases: 'repeat purchases',
    pAlive: 'P(alive)',
    expectedChart: 'Expected purchases by frequency and recency',
    expectedIn: (horizon: number, unit: string) => `expected purchases in ${horizon} ${unit}s`,
    holdoutChart: 'Predicted against actual purchases in the holdout period',
    repeatInCalibration: 'repeat purchases in calibration (7 = 7+)',
    meanInHoldout: 'mean purchases in holdout',
    predicted: 'predicted',
    actual: 'actual',
    mostValuable: 'Most valuable customers',
    expectedPurchases: 'expected purchases',
  },
};
