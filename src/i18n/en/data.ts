import { fmt } from '../format';

/** Stage 1, Data: loading files, the tables, their columns, profile, cleaning and personal data; the SQL console. */
export const data = {
  // DataView: loading files and the tables
  title: 'Data',
  intro: 'Files are read by DuckDB inside this browser tab. Nothing is uploaded: there is no server to upload to.',
  dropLabel: 'Drop files here',
  dropHint: 'Drop CSV, TSV, Parquet or JSON files here, or',
  or: 'or',
  loadSamples: 'Load sample data',
  formats:
    'CSV/TSV with any delimiter, in UTF-8, UTF-16, Windows-1252 or GB18030/GBK (detected, and converted to UTF-8), Parquet, JSON arrays, NDJSON and API dumps holding an array. Excel workbooks are not read yet: save the sheet as CSV.',
  tablesLabel: 'Tables',
  tableSize: (rows: number, columns: number) => `: ${fmt.count(rows)} rows × ${fmt.count(columns)} columns`,
  encoding: {
    read: (name: string, set: boolean) => ` · read as ${name}${set ? '' : ' (detected)'}`,
    choose: 'Text encoding of the file',
    detect: 'Detect the encoding',
  },
  loadWarnings: 'What loading this file found',
  numbersRead: (columns: string) => `Numbers read with their separators: ${columns}`,
  storedIn: (onDisk: boolean, reason: string, reused: boolean) =>
    `Stored ${onDisk ? "on disk (DuckDB's database file in this browser's private file system, paged into memory as needed)" : "in DuckDB's memory"}: ${reason}${reused ? '. Reused from the database file: the same file was not read again' : ''}.`,
  viewsLabel: 'Table views',
  views: { preview: 'Preview', columns: 'Columns & roles', profile: 'Profile', clean: 'Clean' },

  // DataGrid
  rowsOf: (table: string) => `rows of ${table}`,

  // ColumnsPanel: types and roles
  columns: {
    column: 'Column',
    type: 'Type',
    role: 'Role',
    roleOf: (column: string) => `Role of ${column}`,
    set: 'set',
    guessed: 'guessed',
    keepGuessed: 'Keep the guessed roles',
    typesBefore: 'Types were inferred by DuckDB; change one with ',
    typesAfter: '. Roles are kept in the recipe and used as defaults by later steps.',
    roles: {
      customer: 'Customer ID',
      item: 'Item / product',
      basket: 'Basket / order ID',
      time: 'Date / time',
      event: 'Event type',
      quantity: 'Quantity',
      price: 'Unit price',
      amount: 'Amount (money)',
      category: 'Category',
      tags: 'Tags (multi-valued)',
      text: 'Free text',
      label: 'Label / target',
      pii_name: 'Personal name (PII)',
      pii_email: 'E-mail address (PII)',
      pii_phone: 'Phone number (PII)',
      pii_address: 'Postal address (PII)',
    },
  },

  // ProfilePanel
  profile: {
    idMissing: (column: string, missing: number, share: number) =>
      `${column} is an id missing in ${fmt.percent(share)} of rows (${fmt.count(missing)}): those rows belong to no one, and every analysis by ${column} leaves them out. Filter them out (Clean) or check the export.`,
    idKind: 'id: counted, not averaged',
    again: 'Profile again',
    run: 'Profile this table',
    summary: (rows: number, columns: number, bytes: number) =>
      `${fmt.count(rows)} rows · ${fmt.count(columns)} columns${bytes ? ` · ${fmt.fixed(bytes / 1e6, 1)} MB` : ''}`,
    missing: 'missing',
    distinct: 'distinct',
    meanSd: 'mean ± sd',
    quartiles: 'quartiles',
    range: 'range',
    histogramOf: (column: string) => `Histogram of ${column}`,
    topValuesOf: (column: string) => `Top values of ${column}`,
    correlations: 'Correlations (Pearson)',
    correlationMatrix: 'Correlation matrix',
  },

  // CleanPanel: cleaning steps
  clean: {
    step: 'Step',
    preview: 'Preview',
    apply: 'Apply',
    rows: 'rows',
    removed: (n: number) => `(${fmt.count(n)} removed)`,
    changedBefore: (n: number) => `${fmt.count(n)} values changed in `,
    changedAfter: (_n: number) => '',
    newColumns: (columns: string[]) => `New columns: ${columns.join(', ')}`,
    stepsTitle: 'Cleaning steps',
    none: 'None yet. Each step makes a new table; the original stays.',
    on: ' on ',
    stepRows: (rowsIn: number, rowsOut: number) => `(${fmt.count(rowsIn)} → ${fmt.count(rowsOut)} rows)`,
    undo: 'Undo',
    undoStep: (id: string) => `Undo ${id}`,
  },

  // clean-forms: the form of each cleaning op
  forms: {
    filter: {
      title: 'Filter rows',
      help: 'Keep the rows where a DuckDB SQL condition holds.',
      where: 'Keep rows where',
    },
    dedupe: {
      title: 'Remove duplicates',
      help: 'Keep the first of each group of identical rows (all columns, or the ones chosen).',
      columns: 'Compare columns (none = all)',
    },
    dropMissing: {
      title: 'Drop missing',
      help: 'Drop rows with a missing value in any of the chosen columns (none = all).',
      columns: 'Columns (none = all)',
    },
    impute: {
      title: 'Fill missing',
      help: 'Fill missing values of a column with its mean, median, mode or a constant.',
      column: 'Column',
      method: 'With',
      value: 'Constant',
    },
    outliers: {
      title: 'Outliers',
      help: 'Clip values outside Q1 − k·IQR … Q3 + k·IQR, or drop rows with |z| > k.',
      columns: 'Numeric columns',
      method: 'Method',
    },
    cast: {
      title: 'Change type',
      help: 'Convert a column to another type; values that do not convert are counted first.',
      column: 'Column',
      type: 'To',
      format: 'Written as',
      onError: 'Values that do not convert',
    },
    trim: {
      title: 'Trim text',
      help: 'Trim spaces from text columns, optionally change case; empty text becomes missing.',
      columns: 'Columns (none = all text)',
      case: 'Case',
    },
    parseDate: {
      title: 'Parse dates',
      help: 'Read text as dates/timestamps with a format (strptime) or by trying common ones.',
      column: 'Column',
      format: 'Format',
      into: 'Into new column (optional)',
    },
    derive: { title: 'New column', help: 'Add a column computed by a DuckDB SQL expression.', column: 'Name' },
    /** Labels of the values a select field offers (the values themselves are op params). */
    options: {
      mean: 'mean',
      median: 'median',
      mode: 'mode',
      constant: 'constant',
      'iqr-clip': 'iqr-clip',
      'zscore-remove': 'zscore-remove',
      fail: 'fail',
      null: 'null',
      plain: 'plain numbers',
      currency: 'currency text ($1,234.50, 12,50 €)',
      keep: 'keep',
      lower: 'lower',
      upper: 'upper',
    },
  },

  // PiiPanel: personal data and k-anonymity
  pii: {
    pseudonymised: (treated: [column: string, action: string][]) =>
      `Pseudonymised: ${treated.map(([c, a]) => `${c} (${a})`).join(', ')}.`,
    warningTitle: (table: string, n: number) =>
      `${fmt.count(n)} column${n === 1 ? '' : 's'} of ${table} look${n === 1 ? 's' : ''} like personal data.`,
    /** Which detected columns exports drop and which they keep (ages, low-confidence guesses). */
    warning: (leftOut: string[], kept: string[], sampled: number) =>
      `${leftOut.length ? `${leftOut.join(', ')} ${leftOut.length === 1 ? 'is' : 'are'} left out of every export unless you tick “include personal data”.` : ''}${kept.length ? ` ${kept.join(', ')} ${kept.length === 1 ? 'is' : 'are'} exported: alone ${kept.length === 1 ? 'it identifies' : 'they identify'} no one, but combined with other columns ${kept.length === 1 ? 'it' : 'they'} can (check k-anonymity below).` : ''} Judged from ${fmt.count(sampled)} sampled rows.`,
    column: 'Column',
    looksLike: 'Looks like',
    confidence: 'Confidence',
    matching: 'Matching',
    why: 'Why',
    action: 'Action',
    kinds: {
      email: 'e-mail addresses',
      phone: 'phone numbers',
      name: 'person names',
      national_id: 'national id numbers',
      ip: 'IP addresses',
      address: 'street addresses',
      postcode: 'postcodes',
      card: 'payment card numbers',
      birth_date: 'dates of birth',
      age: 'ages',
    },
    quasiIdentifier: 'quasi-identifier',
    actionFor: (column: string) => `Action for ${column}`,
    /** A treatment choice (`hash`, `mask:phone`, `generalise:band10`, `keep`…) as shown in the list. */
    treatment: (key: string) => key,
    suggested: ' (suggested)',
    apply: 'Pseudonymise into a new table',
    hashNote:
      'Hashes are HMAC-SHA-256 under a secret kept only in this browser: the same value gets the same hash in every table.',
    wrote: (id: string, n: number) =>
      `Wrote ${id}.data: ${fmt.count(n)} columns treated. The input table is unchanged.`,
    none: (other: boolean, sampled: number) =>
      `No ${other ? 'other ' : ''}personal data detected in ${fmt.count(sampled)} sampled rows.`,
    kanonTitle: 'k-anonymity check',
    quasiIdentifiers: 'Quasi-identifiers',
    check: 'Check',
    smallestGroup: 'Smallest group:',
    groupRows: (n: number): string => (n === 1 ? 'row' : 'rows'),
    atRisk: (share: number, k: number) => `rows (${fmt.percent(share)}) in groups smaller than ${k}`,
    anonymous: (k: number) => `${k}-anonymous`,
    notAnonymous: (k: number) => `not ${k}-anonymous`,
  },

  // SqlView: the SQL console
  sql: {
    title: 'SQL console',
    engine: (version: string) => `DuckDB ${version}, in this tab.`,
    keysBefore: '',
    keysAfter: ' runs.',
    input: 'SQL',
    run: 'Run',
    cancel: 'Cancel',
    history: 'History',
    historyLabel: 'Query history',
    done: 'Done.',
    badName: 'A table name is letters, digits and _ and does not start with a digit.',
    saved: (name: string) => `Saved as ${name}.data (a step of the recipe).`,
    refused: {
      network: (target: string) =>
        `This query tried to reach the network (${target}). Custodian never fetches data: load the file as a source instead.`,
      file: (target: string) =>
        `This query tried to reach a file outside the app (${target}). Only the files loaded as sources can be read: load it as a source instead.`,
      extension: 'This query tried to load a DuckDB extension. Custodian runs with the extensions built into it only.',
      settings: "This query tried to change DuckDB's locked settings (file and network access stay closed).",
    },
    leftOut: (columns: string[]) =>
      `Left out as personal data: ${columns.join(', ')}. Tick "include personal data" to export them.`,
    resultSize: (rows: number, columns: number, ms: number) =>
      `${fmt.count(rows)} rows × ${fmt.count(columns)} columns · ${Math.round(ms)} ms`,
    exportCsv: 'Export CSV',
    exportParquet: 'Export Parquet',
    includePersonal: 'include personal data',
    tableName: 'table name',
    saveAs: 'Save as table',
  },
};
