import { fmt } from '../format';

/** The frame around every view: header, stages, progress, notices, session messages. */
export const shell = {
  tagline: 'customer analytics that never leaves this browser',
  duckdb: (version: string) => `DuckDB ${version}`,
  startingDuckdb: 'starting DuckDB…',
  backend: (name: string) => `TF.js: ${name}`,
  probing: 'probing…',
  themeToLight: 'switch to light theme',
  themeToDark: 'switch to dark theme',
  themeLight: '☀ light',
  themeDark: '☾ dark',
  language: 'Language',
  offOrigin: (n: number) => `${fmt.count(n)} off-origin requests`,
  working: 'working…',
  stepProgress: 'progress of this step',
  cancel: 'Cancel',
  almostDone: 'almost done',
  secondsLeft: (s: number) => `about ${fmt.count(s)} s left`,
  minutesLeft: (m: number) => `about ${fmt.count(m)} min left`,

  // Stage navigation
  stagesLabel: 'Stages',
  viewsLabel: 'Views',
  stages: {
    prepare: { title: 'Prepare data' },
    explore: { title: 'Explore' },
    features: { title: 'Features' },
    train: { title: 'Train' },
    test: { title: 'Test' },
    apply: { title: 'Apply' },
    monitor: { title: 'Monitor' },
  },
  /** What to do next in a stage, by hint id (src/lib/recipe/hints.ts picks one); the argument is its table, step or model. */
  hints: {
    load: () => 'load a file, or the sample data.',
    runStep: (step: string) => `run ${step}, the recipe\u2019s next step.`,
    roles: (table: string) =>
      `check the column roles of ${table} (customer, time, amount…): the steps take their defaults from them.`,
    profile: (table: string) =>
      `profile ${table}: missing values, outliers and personal data, then clean what needs it.`,
    explore: () => 'look at activity, cohorts and funnels.',
    rfm: () => 'score customers by recency, frequency and monetary value.',
    clv: () => 'fit customer lifetime value.',
    features: () => 'build the customer feature matrix.',
    customer: () => 'look one customer up across every result.',
    transform: (step: string) => `scale, select or project the features of ${step}.`,
    model: () => 'train a churn model on the features.',
    perCustomer: () => 'score RFM or build features first: segments and models need one row per customer.',
    segments: (step: string) => `find customer segments in ${step}.`,
    rules: () => 'mine product bundles.',
    recommend: () => 'train a recommender.',
    test: () => 'test what was trained.',
    trainFirst: () => 'train a recommender or a churn model first.',
    compare: () => 'compare the recommenders on held-out orders.',
    fairness: (step: string) => `check ${step} for unequal errors across groups.`,
    metrics: (step: string) => `read ${step}\u2019s test metrics.`,
    saveModel: (step: string) => `save ${step}\u2019s model to score new customers with it.`,
    score: (model: string) => `score customers with the saved model \u2018${model}\u2019.`,
    export: () => 'export segments, recommendations and predictions.',
    nothingToExport: () => 'run a step first: its tables are exported here.',
    loadNewer: () => 'load a newer file of the same data to compare with.',
    drift: () => 'compare new data with the training data.',
    driftAgain: () => 'compare again when new data arrives; retrain when it has drifted.',
  },
  /** The view a hint points to, as a link. */
  hintWhere: (stage: string, view: string) => `${stage} \u2192 ${view}`,
  hintGo: (where: string) => `Go to ${where}`,
  views: {
    data: 'Data',
    sql: 'SQL',
    explore: 'Explore',
    rfm: 'RFM',
    clv: 'Lifetime value',
    customer: 'Customer',
    features: 'Features',
    rules: 'Bundles',
    segments: 'Segments',
    recommend: 'Recommend',
    model: 'Model',
    compare: 'Compare recommenders',
    fairness: 'Fairness',
    experiment: 'Experiment',
    apply: 'Apply',
    atrisk: 'At-risk customers',
    similar: 'Similar items',
    monitor: 'Monitor',
    recipe: 'Recipe & report',
    privacy: 'Privacy',
  },
  stale: 'stale',
  staleTitle: (steps: string) => `stale: ${steps}`,
  failedTitle: (steps: string) => `failed: ${steps}`,
  doneTitle: (steps: string) => `done: ${steps}`,
  dataLoaded: 'data loaded',
  staleAfter: (steps: string) => `Stale after an upstream change: ${steps}.`,
  rerunStale: (n: number): string => (n === 1 ? 'Re-run it' : 'Re-run them'),
  doneSteps: (steps: string) => `Done: ${steps}.`,
  failedSteps: (steps: string) => `Failed: ${steps}.`,
  cancelledSteps: (steps: string) => `Cancelled: ${steps}; run again when ready.`,
  /** Neutral notice after the user cancelled a run (the steps it stopped, possibly none: a load). */
  cancelledRun: (steps: string[]) => (steps.length ? `Cancelled: ${steps.join(', ')}` : 'Cancelled'),
  /** Beside a panel's result: its step's last run was cancelled. */
  stepCancelled: (step: string) => `${step}: cancelled; its results are not shown. Run it again when ready.`,
  next: (what: string) => `Next: ${what}`,
  notRun: (steps: string) => `Not run yet: ${steps}.`,
  runPending: (n: number): string => (n === 1 ? 'Run it' : 'Run them'),

  // Undo / redo of recipe edits
  history: 'Recipe history',
  undo: 'Undo',
  redo: 'Redo',
  nothingToUndo: 'Nothing to undo',
  nothingToRedo: 'Nothing to redo',
  undoTitle: (change: string) => `Undo: ${change} (Ctrl+Z)`,
  redoTitle: (change: string) => `Redo: ${change} (Ctrl+Shift+Z)`,
  changeAdded: (ids: string) => `add ${ids}`,
  changeRemoved: (ids: string) => `remove ${ids}`,
  changeEdited: (ids: string) => `edit ${ids}`,
  changeRoles: (tables: string) => `roles of ${tables}`,

  // Form controls shared by many panels (src/ui/FilePicker.svelte, src/ui/CheckList.svelte)
  chooseFile: 'Choose file…',
  chooseFiles: 'Choose files…',
  noFileChosen: 'no file chosen',
  filesChosen: (names: string[]) =>
    names.length > 2 ? `${names.slice(0, 2).join(', ')} and ${fmt.count(names.length - 2)} more` : names.join(', '),
  checkAll: 'All',
  checkNone: 'None',
  checkedOf: (n: number, of: number) => `${fmt.count(n)} of ${fmt.count(of)} chosen`,
  checkAllOf: (legend: string) => `Choose all: ${legend}`,
  checkNoneOf: (legend: string) => `Clear: ${legend}`,

  /** Observable Plot's aria-labels of a chart's parts ("x-axis tick", "bar"), for screen readers. */
  plotPart: (label: string) => label,

  // Messages of the session (notices and errors)
  stepsDone: (what: string, seconds: number) => `${what} done in ${fmt.fixed(seconds, 1)} s`,
  nSteps: (n: number) => `${fmt.count(n)} steps`,
  busy: 'Another step is still running.',
  stepInUse: (id: string, users: string[]) =>
    `Step '${id}' is used by ${users.map((u) => `'${u}'`).join(', ')}: undo ${users.length === 1 ? 'that step' : 'those steps'} first.`,
  recipeOffOrigin: (origin: string, other: string) =>
    `The recipe link must point to this app's own origin (${origin}), not ${other}.`,
  schemeUrl: (protocol: string) => `a ${protocol} URL`,
  recipeHttp: (path: string, status: number) => `Could not fetch the recipe ${path} (HTTP ${status}).`,
  recipeNotJson: (path: string) => `${path} is not valid JSON.`,
  recipeTooBig: (mb: number, maxMb: number) =>
    `This recipe is ${mb.toFixed(1)} MB, more than the ${maxMb} MB a recipe may be. A recipe names its data files; put the data in a source file.`,
  absolutePaths: (files: string[]) =>
    `This linked recipe names files by absolute path (${files.join(', ')}). Load them from this site?`,
  absoluteRefused: (files: string[]) =>
    `Not loaded: the recipe names files by absolute path (${files.join(', ')}) and you did not allow it.`,
  noModelToSave: (id: string) => `Step '${id}' has no trained model to save: train it first.`,
  failed: 'failed',
  /** The code editor's own words (CodeMirror phrases), by their English text; English needs none. */
  editorPhrases: {} as Record<string, string>,
};
