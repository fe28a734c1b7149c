/** The segment comparison's UI text (English). */
export const en = {
  title: 'Compare segments',
  intro:
    "What distinguishes one group of customers from another? Every feature is compared: means with Welch's t-test and Cohen's d for numbers, shares with the chi-square test and Cramér's V for categories, with p-values adjusted for the number of features (Benjamini–Hochberg q).",
  table: 'Table (one row per customer)',
  entity: 'Id column',
  group: 'Group column',
  a: 'Group A',
  b: 'Group B',
  everyoneElse: '(everyone else)',
  run: 'Compare',
  empty:
    'Load a table with one row per customer, e.g. an RFM or features table, or a customer table with a churn flag.',
  aLabel: (group: string, a: string) => `${group} = ${a}`,
  bLabel: (group: string, a: string, b: string | null) => (b === null ? `${group} ≠ ${a}` : `${group} = ${b}`),
  summaryNumber: (
    a: string,
    feature: string,
    ma: string,
    mb: string,
    b: string,
    gap: string,
    higher: boolean,
    d: string,
  ) => `${a}: ${feature} ${ma} on average vs ${mb} for ${b} — ${gap} ${higher ? 'higher' : 'lower'}, d = ${d}.`,
  summaryCategory: (a: string, share: string, feature: string, level: string, other: string, b: string, v: string) =>
    `${a}: ${share} have ${feature} = ${level}, vs ${other} for ${b} — V = ${v}.`,
  notSignificant: 'Not significant after adjusting for the number of features (q ≥ 0.05).',
  counts: (a: string, na: string, b: string, nb: string, features: number, significant: number) =>
    `${a}: ${na}; ${b}: ${nb}. ${features} features compared, ${significant} significant at q < 0.05.`,
  skipped: (list: string) => `Not compared: ${list}.`,
  chart: 'What sets the groups apart, strongest first',
  axis: '← lower in A · strength (|r| for numbers, V for categories) · higher in A →',
  significant: 'significant (q < 0.05)',
  notSig: 'not significant',
  colFeature: 'Feature',
  colLevel: 'Level',
  colDifference: 'Difference',
  colEffect: 'Effect',
};
