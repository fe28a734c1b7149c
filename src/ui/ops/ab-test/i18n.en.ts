/** The experiment readout's UI text (English). */
export const en = {
  title: 'Experiment readout',
  intro:
    'Compare the arms of an A/B test on one metric: each variant against control, with intervals, the Bayesian chance of being best, and the checks that say whether the readout can be trusted.',
  table: 'Table',
  unit: 'Unit (id)',
  variant: 'Arm column',
  control: 'Control arm',
  metric: 'Metric',
  pre: 'Pre-period covariate (CUPED)',
  none: '(none)',
  alpha: 'α',
  run: 'Read out',
  empty: 'Load a table with one row per unit (or per event) and a column naming the arm each unit saw.',
  srmBad: 'Sample-ratio mismatch — this readout cannot be trusted',
  srmBadDetail: (p: string, counts: string) =>
    `The arms' sizes (${counts}) differ from the planned split (χ² test p = ${p} < 0.001). Something in the assignment or the logging lost or added units unevenly: find out why before reading the results below.`,
  verdictWin: (list: string, n: number, control: string, alpha: string, best: string, prob: string) =>
    `${list} ${n === 1 ? 'differs' : 'differ'} from ${control} at α = ${alpha}; ${best} is best with probability ${prob}.`,
  verdictNone: (control: string, alpha: string, best: string, prob: string) =>
    `No arm differs from ${control} at α = ${alpha}; ${best} is best with probability ${prob}.`,
  winner: (variant: string, lift: string, p: string) => `${variant} (${lift}, p = ${p})`,
  srmOk: (p: string) => `Sample sizes match the planned split (sample-ratio test p = ${p}).`,
  kindBinary: '0/1 metric: Wilson intervals, pooled two-proportion z-test, Beta–Binomial posterior (uniform prior).',
  kindContinuous: "Continuous metric: t intervals, Welch's t-test, normal approximation of each arm's mean.",
  cuped: (pre: string, reduction: string, theta: string, without: number) =>
    `CUPED on ${pre}: variance reduced by ${reduction} (θ = ${theta}${without ? `; ${without} units without a pre value are not adjusted` : ''}). Means, intervals and tests below are of the adjusted metric.`,
  mixed: (n: number) => `${n} units were seen in more than one arm and are left out.`,
  noMetric: (n: number) => `${n} units have no value of the metric and are left out.`,
  multiplicity:
    'No multiplicity correction: each variant is tested against control on its own, so with several variants one of them may look significant by chance.',
  colArm: 'Arm',
  colUnits: 'Units',
  colMean: 'Mean',
  colInterval: (level: string) => `${level} interval`,
  colLift: 'Lift vs control',
  colP: 'p',
  colBest: 'P(best)',
  colLoss: 'Expected loss',
  colMde: 'MDE (80% power)',
  controlMark: 'control',
  liftChart: 'Lift over control, with its interval',
  liftAxis: 'Lift over control',
  mdeNote: (alpha: string) =>
    `MDE: the smallest absolute difference from control this sample detects 80% of the time at α = ${alpha}.`,
};
