import { fmt } from '../format';

/** The workflow around the analysis: templates, projects, recipe & report, apply, monitor, privacy. */
export const workflow = {
  // TemplatesPanel: title, question and description of each scenario template, by template id
  // (a description's `backtick spans` show as code).
  templatesHeading: 'Start from a question',
  runOnSamples: 'Run on the sample data',
  useWithMyData: 'Use with my data',
  templates: {
    ecommerce: {
      title: 'E-commerce recommendation',
      question: 'Which items sell together, and what should each customer see next?',
      description:
        "Which items sell together, and what should each customer see next? Finds bundles (association rules and the co-purchase network), recommends ten items to every customer with ItemCF and the reason behind each, and compares popularity, ItemCF, UserCF, ALS matrix factorisation and a neural matching model (NCF) on each customer's last order, so you can pick the recommender that actually works on your shop, then reads the online A/B test of the new recommendations (Test → Experiment). Export the recommendations from the Apply stage.",
    },
    'similar-items': {
      title: 'Similar items',
      question: 'For any product, which others go with it, and how do customers move through the shop?',
      description:
        "For any product, which others go with it? Builds the co-purchase network with its communities (PageRank shows the hub items), the ten nearest neighbours of every item by who bought them (ItemCF, in the `similar` table), per-item features (popularity, repeat-purchase rate, co-purchase degree), and the behaviour paths customers take through the shop (view → cart → purchase), and trains a sequence model (a GRU) that predicts each customer's next item, judged against popularity and the last item's ItemCF neighbours on every customer's last step.",
    },
    retention: {
      title: 'Customer retention',
      question: 'Who is drifting away, what are they worth, and who should we win back first?',
      description:
        "Who is drifting away, and what are they worth? Scores customers by recency, frequency and money (RFM), tracks monthly cohorts, fits lifetime value (BG/NBD + Gamma-Gamma), builds behaviour features, trains a churn classifier on them (saved to this browser's model registry), scores every customer with it, and lists the customers most at risk with their churn probability and value at risk (probability × lifetime value), highest first, for a win-back campaign (sort and export it in the At-risk customers view).",
    },
    credit: {
      title: 'Financial credit',
      question: 'Which card holders will default, and is the model fair across age groups?',
      description:
        'Which card holders are the risk? Profiles the credit book, ranks the drivers of the outcome (mutual information), trains a classifier on the customer table with a held-out test set (ROC, calibration, a threshold to choose in the Model view), and checks it for fairness across age bands (selection rate, true-positive rate, the four-fifths rule) at the chosen threshold. On the bundled sample the outcome column is `churned` (the holder left the bank); on your own book, name your default flag as the label.',
    },
  },

  // TemplateMapper: a template onto the user's own tables
  mapping: {
    heading: (title: string) => `${title}: use with my data`,
    intro:
      'Pick which of your loaded tables plays each table of the template, and which column plays each role. Roles come from the Data view; nothing runs until you press Run.',
    noTables: 'Load your files first (Data view above): the template needs at least one table.',
    table: (name: string) => `Table “${name}”`,
    yourTable: 'Your table',
    none: '— none —',
    steps: 'Steps',
    runs: 'runs',
    added: 'added',
    skipped: 'skipped',
    problems: 'Cannot run yet:',
    run: 'Run on my data',
    cancel: 'Close',
  },

  // AnswerPanel: the plain-language answer above a template's landing view
  answers: {
    heading: 'The answer',
    retention: (top: number, topValue: string, share: string, scored: number, prob: string, unscored: number) =>
      `The ${fmt.count(top)} customers most worth winning back hold ${topValue} of expected value at risk (churn probability × value), ${share} of the value at risk of all ${fmt.count(scored)} scored customers; their average churn probability is ${prob}. Start the win-back campaign at the top of the list below and export it as CSV.` +
      (unscored
        ? ` ${fmt.count(unscored)} customers could not be scored (a feature was missing, e.g. a single order).`
        : ''),
    retentionNoValue: (scored: number, high: number) =>
      `${fmt.count(scored)} customers were scored; ${fmt.count(high)} of them have a churn probability of 50% or more. No value column was mapped, so the list below is ordered by churn probability.`,
    ecommerce: (best: string, ndcg: string, baseline: string, baselineNdcg: string, customers: number) =>
      `On each of ${fmt.count(customers)} customers' last order, ${best} recommends best (NDCG@10 ${ndcg}, against ${baselineNdcg} for ${baseline}). Use it for the recommendations; the ticked algorithms below are those compared.`,
    similar: (items: number, item: string, neighbours: string) =>
      `${fmt.count(items)} items have their nearest neighbours by who bought them. For example, customers who bought ${item} also bought ${neighbours}. Search an item below to see what goes with it.`,
    credit: (auc: string, test: number, top: string) =>
      `On ${fmt.count(test)} held-out holders the model ranks a random defaulter above a random non-defaulter ${auc} of the time (ROC-AUC). The strongest driver is ${top}. Pick the threshold below; the Fairness view checks it across groups.`,
  },

  // AtRiskView
  atRisk: {
    heading: 'Customers to win back first',
    intro:
      'Every scored customer with their churn probability, the value at stake and the value at risk (probability × value). Click a column to sort.',
    empty: 'Run the retention template (start page) to list the customers at risk.',
    customer: 'Customer',
    probability: 'Churn probability',
    value: 'Value',
    valueAtRisk: 'Value at risk',
    segment: 'Segment',
    export: 'Export CSV',
    showing: (shown: number, total: number) => `Showing ${fmt.count(shown)} of ${fmt.count(total)}`,
  },

  // SimilarItemsView
  similar: {
    heading: 'Similar items',
    intro: 'For each item, the items bought by the same customers (ItemCF), most similar first.',
    search: 'Item',
    empty: 'Run the similar-items template (start page) to see the items that go together.',
    rank: '#',
    item: 'Similar item',
    score: 'Similarity',
  },

  // ProjectsPanel
  projects: {
    heading: 'Projects',
    intro:
      "A project is the recipe, its last report and the source files, kept in this browser's IndexedDB (never on a server). Opening one runs the recipe again on the stored files and checks that the key figures match the saved run.",
    defaultName: 'Customer analysis',
    name: 'Name',
    passphraseOptional: 'Passphrase (optional)',
    saveNew: 'Save as new project',
    saveOver: (name: string) => `Save over '${name}'`,
    loadFirst: 'Load data or run a template first.',
    none: 'No saved project in this browser yet.',
    colProject: 'project',
    colSize: 'size',
    colLastRun: 'last run',
    colSaved: 'saved',
    importFile: 'Import a project file (.custodian)',
    passphraseOf: (name: string) => `Passphrase of '${name}'`,
    import: 'Import',
    reopenSummary: (name: string, differ: number, total: number) =>
      `'${name}' re-run: ${differ === 0 ? `all ${fmt.count(total)} key figures match the saved run` : `${fmt.count(differ)} of ${fmt.count(total)} key figures differ`}`,
    colStep: 'step',
    colFigure: 'figure',
    colNow: 'now',
  },

  // ProjectRow
  project: {
    encryptedTitle: 'encrypted at rest with a passphrase (AES-GCM)',
    encrypted: '🔒 encrypted',
    open: 'open',
    sizeTitle: (files: number, bytes: string, meta: string) =>
      `${fmt.count(files)} files, ${bytes}; recipe and report ${meta}`,
    lastRun: (ok: boolean, steps: number, seconds: number, at: string) =>
      `${ok ? 'ok' : 'failed'} · ${fmt.count(steps)} steps · ${seconds.toFixed(1)} s · ${at}`,
    neverRun: 'never run',
    when: (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
    openButton: 'Open',
    duplicate: 'Duplicate',
    rename: 'Rename',
    export: 'Export',
    delete: 'Delete',
    newName: 'New name',
    confirmDelete: (name: string) =>
      `Delete '${name}' and its saved files from this browser? Exported files are not affected.`,
    exported: (name: string, file: string, size: string) =>
      `Exported '${name}' as ${file} (${size}, SHA-256 of every part and of the whole inside).`,
  },

  // Messages of the saved projects and the re-run (state/projects)
  busy: {
    reading: 'reading projects',
    saving: 'saving',
    opening: 'opening',
    running: 'running the recipe',
    noting: 'noting the run',
    duplicating: 'duplicating',
    renaming: 'renaming',
    deleting: 'deleting',
    exporting: 'exporting',
    importing: 'checking and importing',
    forgetting: 'forgetting',
    hashing: 'hashing the input files',
  },
  sourceGone: (name: string, file: string) =>
    `the file of source '${name}' (${file}) is no longer held by this tab: load it again first`,
  nothingToSave: 'Nothing to save yet: load data first.',
  savedOnDisk: (names: string[]) =>
    `The tables of ${names.join(', ')} stay unencrypted in DuckDB's database file in this browser until “Forget everything” (Privacy).`,
  diskEncrypted: 'the open project is encrypted and DuckDB-WASM cannot encrypt its database file',
  encryptedSaveOver: (name: string) =>
    `'${name}' is encrypted: enter its passphrase to save over it (or save as a new project).`,
  saved: (name: string, encrypted: boolean) => `Saved '${name}'${encrypted ? ' (encrypted)' : ''}.`,
  openFailed: (name: string, error: string) => `Opened '${name}', but its recipe failed: ${error}`,
  unknownError: 'unknown error',
  opened: (name: string, differ: number, total: number) =>
    `Opened '${name}': ${total === 0 ? 'no saved report to compare with' : differ === 0 ? `all ${fmt.count(total)} key figures match the saved run` : `${fmt.count(differ)} of ${fmt.count(total)} key figures differ from the saved run`}.`,
  copied: (name: string) => `Copied as '${name}'.`,
  renamed: (name: string) => `Renamed to '${name}'.`,
  deleted: (name: string) => `Deleted '${name}'.`,
  imported: (name: string) => `Imported '${name}': every part matched its SHA-256. Open it to run its recipe here.`,
  rerunFailed: 'the re-run failed',

  // RecipeView
  recipe: {
    heading: 'Recipe',
    download: 'Download recipe',
    runAll: 'Run whole recipe',
    introBefore: 'Every action in this app is a step of this recipe. The same JSON runs headless (',
    introMiddle: ') and from a link (',
    introAfter: ').',
    jsonLabel: 'Recipe JSON',
    notJson: (message: string) => `Not valid JSON: ${message}`,
    report: 'Report',
    downloadHtml: 'Download report (HTML)',
    downloadJson: 'Download report.json',
    colStep: 'Step',
    colOp: 'Op',
    colStatus: 'Status',
    colRowsIn: 'Rows in',
    colRowsOut: 'Rows out',
    colMs: 'ms',
    colMessage: 'Message',
    backend: (name: string) => `backend: ${name}`,
  },

  // ExportsPanel
  exports: {
    heading: 'Export results',
    intro:
      'Segments, recommendations, predictions and every other result table, as files on this machine. Nothing is uploaded.',
    includePersonal: 'include personal-data columns (names, e-mails, phones…)',
    leftOut: (ref: string, columns: string[]) =>
      `${ref}: left out the personal-data columns ${columns.join(', ')} (tick the box to include them).`,
    saved: (ref: string) => `${ref}: saved.`,
    none: 'No results yet: run a step first.',
    colStage: 'Stage',
    colStep: 'Step',
    colTable: 'Table',
    colRows: 'rows',
    colExport: 'Export',
  },

  // DriftPanel
  drift: {
    noPair:
      'No two loaded tables have the same shape to compare (they share at most an id). Build features, then rebuild them as of an earlier date below, or pick the tables yourself.',
    heading: 'Drift',
    intro:
      "Has the data moved since the model was trained? Each feature is binned by the training data's deciles (text by its levels) and compared by the population stability index: below 0.10 stable, 0.10–0.25 a moderate shift, 0.25 and above significant.",
    reference: 'Training data (reference)',
    current: 'New data',
    compare: 'Compare',
    cutoff: 'Training cut-off',
    rebuild: (id: string) => `Rebuild ${id} as of this date as the reference`,
    psiChart: 'Population stability index by feature',
    feature: 'Feature',
    distributionChart: (feature: string) => `Distribution of ${feature}: training against new data`,
    trainingData: 'training data',
    newData: 'new data',
    shareOfRows: 'share of rows',
    colFeature: 'Feature',
    colKind: 'kind',
    colStatus: 'status',
  },

  // RerunPanel
  rerun: {
    heading: 'Re-run on new data',
    intro:
      "Give each source its new file (a source left alone keeps its current file). The whole recipe runs again with every fitted transform replayed unchanged, and the key figures are set against this run's.",
    runFirst: 'Run a recipe first (a template, or your own steps).',
    now: (file: string) => `now ${file}`,
    plan: (replayed: string[], frozen: number, retrained: number, unsaved: string[], snapshots: number) =>
      `${fmt.count(replayed.length)} fits replayed${replayed.length ? ` (${replayed.join(', ')})` : ''} · ${fmt.count(frozen)} already frozen · ` +
      `${fmt.count(retrained)} models retrained${unsaved.length ? ` (not saved again: ${unsaved.join(', ')})` : ''} · ${fmt.count(snapshots)} result tables kept for drift`,
    go: 'Re-run',
    // Around the bold count of changed figures.
    summaryBefore: (_total: number) => '',
    summaryAfter: (total: number) => ` of ${fmt.count(total)} key figures changed against the previous run.`,
    colStep: 'step',
    colFigure: 'figure',
    colBefore: 'before',
    colAfter: 'after',
    colChange: 'change',
    drift: (table: string) => `Drift: ${table} before → after`,
  },

  // PrivacyView
  privacy: {
    leftOrigin: "requests left this app's origin",
    seen: (n: number, origin: string) =>
      `${fmt.count(n)} requests seen since this page loaded (${origin}), by the page and by the service worker. Everything the app needs is served from here; the Content-Security-Policy below makes the browser refuse any other host.`,
    cspViolations: (n: number) => `${fmt.count(n)} CSP violations`,
    offlineCached: (cached: number, expected: number) =>
      `offline: ${fmt.count(cached)} of ${fmt.count(expected)} app files cached`,
    offlineNone: (production: boolean) => `offline: no service worker ${production ? 'yet' : '(development build)'}`,
    audit: 'Audit report',
    auditJson: 'Export audit report (JSON)',
    auditHtml: 'Export audit report (HTML)',
    auditIntro:
      "Evidence of the last run, for whoever must check it: app version, the recipe, each input file's name, size and SHA-256, each step (time, backend, rows in and out), the columns treated as personal data and how, where results were kept or exported, and the network log above with its off-origin count. The HTML is one self-contained page (no script, nothing fetched).",
    runFirst: 'Run something first.',
    csp: 'Content-Security-Policy in force',
    cspHeaderBefore: 'Sent by the server as a header too, with',
    cspHeaderAfter: '(a meta tag cannot carry that one).',
  },

  // NetworkPanel
  network: {
    heading: 'Network requests',
    onlyOff: 'only off-origin',
    all: (n: number) => `all ${fmt.count(n)}`,
    intro: (page: number, sw: number) =>
      `${fmt.count(page)} seen by the page (Resource Timing), ${fmt.count(sw)} by the service worker, which also sees the workers' requests (DuckDB, TF.js and their WebAssembly). Files you open are read locally and never appear here.`,
    firstVisit: 'On a first visit, requests made before the service worker took over are not in its log.',
    regionLabel: 'network requests',
    colTime: 'Time',
    colSeenBy: 'Seen by',
    colKind: 'Kind',
    colServed: 'Served',
    colOrigin: 'Origin',
    colUrl: 'URL',
    // The log's own values, shown in the table (the audit report keeps them in English).
    seenBy: { page: 'page', serviceWorker: 'service worker' },
    servedBy: { cache: 'cache', network: 'network', passedThrough: 'passed-through', failed: 'failed' },
    same: 'same',
    offOrigin: 'OFF-ORIGIN',
    none: (onlyOff: boolean) => `No requests${onlyOff ? ' left the origin' : ''}.`,
  },

  // StoragePanel
  storage: {
    heading: 'Where your data lives',
    refresh: 'Refresh',
    forgetConfirm: 'Yes, forget everything',
    forget: 'Forget everything…',
    warning:
      "This drops every table in DuckDB, deletes this app's IndexedDB databases (saved projects, models, keys), its private files (OPFS) and local storage (SQL history), and clears the recipe and report. It cannot be undone. The cached app itself stays, so it still opens offline.",
    forgotten: (duckdb: number, indexedDB: number, opfs: number, keys: number, caches: number) =>
      `Forgotten: ${fmt.count(duckdb)} DuckDB objects, ${fmt.count(indexedDB)} IndexedDB databases, ${fmt.count(opfs)} OPFS entries, ${fmt.count(keys)} local-storage keys${caches ? `, ${fmt.count(caches)} caches` : ''}.`,
    blocked: (names: string[]) =>
      `Still open elsewhere (deleted once closed — close other tabs of this app): ${names.join(', ')}`,
    duckdb: (memory: string) => `DuckDB (this tab's memory${memory ? `, ${memory}` : ''})`,
    rows: (n: string) => `${n} rows`,
    cols: (n: number) => `${fmt.count(n)} cols`,
    noTables: 'No tables.',
    inMemory:
      "Tables in memory are lost when the tab closes; sources stored on disk stay in DuckDB's database file (below, under OPFS) until “Forget everything”.",
    onDisk: 'on disk (OPFS)',
    duckdbFile: "DuckDB's database file: sources stored on disk",
    diskDeleted: (size: string) =>
      `DuckDB was closed and its database file deleted (${size}); it works in memory until the app is reopened.`,
    indexedDB: 'IndexedDB',
    noDatabases: 'No databases.',
    opfs: 'Private files (OPFS)',
    noFiles: 'No files.',
    caches: 'Cache Storage',
    files: (n: number) => `${fmt.count(n)} files`,
    appShell: 'the app itself, not your data',
    noCaches: 'No caches.',
    local: 'Local storage',
    nothing: 'Nothing.',
    estimate: (usage: string, quota: string) =>
      `This origin uses ${usage} of the ${quota} the browser allows it (all stores, the app's cache included).`,
  },
};
