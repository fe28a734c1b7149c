import { fmt } from '../../../i18n/format';

/** The KPI anomalies view (Monitor): the `anomalies` op's form, the series with its band, and each anomaly's causes. */
export const en = {
  title: 'KPI anomalies',
  intro:
    'When a KPI left its usual weekly rhythm, and which countries, categories or segments explain it. The expected value is the median of the same weekday over the previous four weeks.',
  table: 'Table',
  time: 'Time',
  metric: 'KPI',
  rows: 'number of rows',
  quantityPrice: (quantity: string, price: string) => `${quantity} × ${price}`,
  sumOf: (column: string) => `sum of ${column}`,
  grain: 'Per',
  grains: { day: 'day', week: 'week', hour: 'hour' },
  dimensions: 'Explain by',
  sensitivity: 'Sensitivity',
  run: 'Find anomalies',
  needTime: 'Load a table with a date/time column first.',
  summary: (periods: string, unit: string, anomalies: number) =>
    `${periods} ${unit}s checked: ${fmt.count(anomalies)} ${anomalies === 1 ? 'anomaly' : 'anomalies'}.`,
  dropped: (period: string) => `The last period (${period}) is incomplete and was left out.`,
  chart: 'The KPI, its expected band and the anomalies',
  value: 'value',
  expected: 'expected',
  list: 'Anomalies (click one for its causes)',
  none: 'No period left the band at this sensitivity.',
  anomaly: (period: string, value: string, expected: string, change: string, score: string) =>
    `${period}: ${value} against ${expected} expected (${change}), score ${score}`,
  headline: (period: string, value: string, expected: string, change: string) =>
    `On ${period} the KPI was ${value} against ${expected} expected (${change}).`,
  cause: (value: string, dimension: string, share: string, actual: string, expected: string) =>
    `${value} (${dimension}) explains ${share} of the gap: ${actual} against ${expected} expected.`,
  noCauses: 'No single value of the dimensions explains a tenth of the gap: it is spread over many.',
  noDimensions: 'Choose columns to explain by to see the causes.',
};
