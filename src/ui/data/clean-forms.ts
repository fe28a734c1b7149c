/**
 * The forms of the cleaning ops: which fields each op's panel shows and how they become the op's
 * params. Kept beside the UI (not in the op) because it is about presentation only.
 */
export type FieldKind = 'sql' | 'column' | 'columns' | 'text' | 'number' | 'select';

export interface Field {
  key: string;
  label: string;
  kind: FieldKind;
  options?: string[];
  placeholder?: string;
  initial?: string | number | string[];
}

export interface CleanForm {
  op: string;
  title: string;
  help: string;
  fields: Field[];
  toParams(values: Record<string, unknown>): Record<string, unknown>;
}

const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? { columns: v as string[] } : {});
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export const CLEAN_FORMS: CleanForm[] = [
  {
    op: 'filter', title: 'Filter rows', help: 'Keep the rows where a DuckDB SQL condition holds.',
    fields: [{ key: 'where', label: 'Keep rows where', kind: 'sql', placeholder: `"Quantity" > 0 AND NOT starts_with("InvoiceNo", 'C')` }],
    toParams: (v) => ({ where: text(v.where) }),
  },
  {
    op: 'dedupe', title: 'Remove duplicates', help: 'Keep the first of each group of identical rows (all columns, or the ones chosen).',
    fields: [{ key: 'columns', label: 'Compare columns (none = all)', kind: 'columns' }],
    toParams: (v) => list(v.columns),
  },
  {
    op: 'drop-missing', title: 'Drop missing', help: 'Drop rows with a missing value in any of the chosen columns (none = all).',
    fields: [{ key: 'columns', label: 'Columns (none = all)', kind: 'columns' }],
    toParams: (v) => list(v.columns),
  },
  {
    op: 'impute', title: 'Fill missing', help: 'Fill missing values of a column with its mean, median, mode or a constant.',
    fields: [
      { key: 'column', label: 'Column', kind: 'column' },
      { key: 'method', label: 'With', kind: 'select', options: ['mean', 'median', 'mode', 'constant'], initial: 'median' },
      { key: 'value', label: 'Constant', kind: 'text' },
    ],
    toParams: (v) => ({
      columns: { [String(v.column)]: { method: v.method, ...(v.method === 'constant' ? { value: coerce(v.value) } : {}) } },
    }),
  },
  {
    op: 'outliers', title: 'Outliers', help: 'Clip values outside Q1 − k·IQR … Q3 + k·IQR, or drop rows with |z| > k.',
    fields: [
      { key: 'columns', label: 'Numeric columns', kind: 'columns' },
      { key: 'method', label: 'Method', kind: 'select', options: ['iqr-clip', 'zscore-remove'], initial: 'iqr-clip' },
      { key: 'k', label: 'k', kind: 'number', initial: 1.5 },
    ],
    toParams: (v) => ({ ...list(v.columns), method: v.method, k: Number(v.k) }),
  },
  {
    op: 'cast', title: 'Change type', help: 'Convert a column to another type; values that do not convert are counted first.',
    fields: [
      { key: 'column', label: 'Column', kind: 'column' },
      { key: 'type', label: 'To', kind: 'select', options: ['BIGINT', 'INTEGER', 'DOUBLE', 'VARCHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP'], initial: 'DOUBLE' },
      { key: 'onError', label: 'Values that do not convert', kind: 'select', options: ['fail', 'null'], initial: 'fail' },
    ],
    toParams: (v) => ({ columns: { [String(v.column)]: v.type }, onError: v.onError }),
  },
  {
    op: 'trim', title: 'Trim text', help: 'Trim spaces from text columns, optionally change case; empty text becomes missing.',
    fields: [
      { key: 'columns', label: 'Columns (none = all text)', kind: 'columns' },
      { key: 'case', label: 'Case', kind: 'select', options: ['keep', 'lower', 'upper'], initial: 'keep' },
    ],
    toParams: (v) => ({ ...list(v.columns), ...(v.case !== 'keep' ? { case: v.case } : {}) }),
  },
  {
    op: 'parse-date', title: 'Parse dates', help: 'Read text as dates/timestamps with a format (strptime) or by trying common ones.',
    fields: [
      { key: 'column', label: 'Column', kind: 'column' },
      { key: 'format', label: 'Format', kind: 'text', initial: 'auto', placeholder: '%d/%m/%Y %H:%M' },
      { key: 'into', label: 'Into new column (optional)', kind: 'text' },
    ],
    toParams: (v) => ({ column: v.column, format: text(v.format) ?? 'auto', ...(text(v.into) ? { into: text(v.into) } : {}) }),
  },
  {
    op: 'derive', title: 'New column', help: 'Add a column computed by a DuckDB SQL expression.',
    fields: [
      { key: 'column', label: 'Name', kind: 'text', placeholder: 'amount' },
      { key: 'expression', label: '=', kind: 'sql', placeholder: '"Quantity" * "UnitPrice"' },
    ],
    toParams: (v) => ({ column: text(v.column), expression: text(v.expression) }),
  },
];

export function initialValues(form: CleanForm, firstColumn: string | undefined): Record<string, unknown> {
  return Object.fromEntries(
    form.fields.map((f) => [f.key, f.initial ?? (f.kind === 'columns' ? [] : f.kind === 'column' ? (firstColumn ?? '') : '')]),
  );
}

function coerce(value: unknown): string | number {
  const s = String(value ?? '');
  return s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
}
