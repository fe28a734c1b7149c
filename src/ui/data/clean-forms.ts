/**
 * The forms of the cleaning ops: which fields each op's panel shows and how they become the op's
 * params. Kept beside the UI (not in the op) because it is about presentation only. Titles, help
 * and labels are getters over the catalogue, so they follow a language switch.
 */
import { t } from '../../i18n';

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

/** The catalogue's texts of the cleaning forms. */
const texts = () => t.data.forms;

/** The label of a select field's value (the value itself is an op param); a value without one is shown as it is. */
export function optionLabel(value: string): string {
  return (texts().options as Record<string, string>)[value] ?? value;
}

const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? { columns: v as string[] } : {});
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export const CLEAN_FORMS: CleanForm[] = [
  {
    op: 'filter',
    get title() {
      return texts().filter.title;
    },
    get help() {
      return texts().filter.help;
    },
    fields: [
      {
        key: 'where',
        get label() {
          return texts().filter.where;
        },
        kind: 'sql',
        placeholder: `"Quantity" > 0 AND NOT starts_with("InvoiceNo", 'C')`,
      },
    ],
    toParams: (v) => ({ where: text(v.where) }),
  },
  {
    op: 'dedupe',
    get title() {
      return texts().dedupe.title;
    },
    get help() {
      return texts().dedupe.help;
    },
    fields: [
      {
        key: 'columns',
        get label() {
          return texts().dedupe.columns;
        },
        kind: 'columns',
      },
    ],
    toParams: (v) => list(v.columns),
  },
  {
    op: 'drop-missing',
    get title() {
      return texts().dropMissing.title;
    },
    get help() {
      return texts().dropMissing.help;
    },
    fields: [
      {
        key: 'columns',
        get label() {
          return texts().dropMissing.columns;
        },
        kind: 'columns',
      },
    ],
    toParams: (v) => list(v.columns),
  },
  {
    op: 'impute',
    get title() {
      return texts().impute.title;
    },
    get help() {
      return texts().impute.help;
    },
    fields: [
      {
        key: 'column',
        get label() {
          return texts().impute.column;
        },
        kind: 'column',
      },
      {
        key: 'method',
        get label() {
          return texts().impute.method;
        },
        kind: 'select',
        options: ['mean', 'median', 'mode', 'constant'],
        initial: 'median',
      },
      {
        key: 'value',
        get label() {
          return texts().impute.value;
        },
        kind: 'text',
      },
    ],
    toParams: (v) => ({
      columns: {
        [String(v.column)]: { method: v.method, ...(v.method === 'constant' ? { value: coerce(v.value) } : {}) },
      },
    }),
  },
  {
    op: 'outliers',
    get title() {
      return texts().outliers.title;
    },
    get help() {
      return texts().outliers.help;
    },
    fields: [
      {
        key: 'columns',
        get label() {
          return texts().outliers.columns;
        },
        kind: 'columns',
      },
      {
        key: 'method',
        get label() {
          return texts().outliers.method;
        },
        kind: 'select',
        options: ['iqr-clip', 'zscore-remove'],
        initial: 'iqr-clip',
      },
      { key: 'k', label: 'k', kind: 'number', initial: 1.5 },
    ],
    toParams: (v) => ({ ...list(v.columns), method: v.method, k: Number(v.k) }),
  },
  {
    op: 'cast',
    get title() {
      return texts().cast.title;
    },
    get help() {
      return texts().cast.help;
    },
    fields: [
      {
        key: 'column',
        get label() {
          return texts().cast.column;
        },
        kind: 'column',
      },
      {
        key: 'type',
        get label() {
          return texts().cast.type;
        },
        kind: 'select',
        options: ['BIGINT', 'INTEGER', 'DOUBLE', 'VARCHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP'],
        initial: 'DOUBLE',
      },
      {
        key: 'format',
        get label() {
          return texts().cast.format;
        },
        kind: 'select',
        options: ['plain', 'currency'],
        initial: 'plain',
      },
      {
        key: 'onError',
        get label() {
          return texts().cast.onError;
        },
        kind: 'select',
        options: ['fail', 'null'],
        initial: 'fail',
      },
    ],
    toParams: (v) => ({
      columns: { [String(v.column)]: v.type },
      onError: v.onError,
      ...(v.format === 'currency' ? { format: 'currency' } : {}),
    }),
  },
  {
    op: 'trim',
    get title() {
      return texts().trim.title;
    },
    get help() {
      return texts().trim.help;
    },
    fields: [
      {
        key: 'columns',
        get label() {
          return texts().trim.columns;
        },
        kind: 'columns',
      },
      {
        key: 'case',
        get label() {
          return texts().trim.case;
        },
        kind: 'select',
        options: ['keep', 'lower', 'upper'],
        initial: 'keep',
      },
    ],
    toParams: (v) => ({ ...list(v.columns), ...(v.case !== 'keep' ? { case: v.case } : {}) }),
  },
  {
    op: 'parse-date',
    get title() {
      return texts().parseDate.title;
    },
    get help() {
      return texts().parseDate.help;
    },
    fields: [
      {
        key: 'column',
        get label() {
          return texts().parseDate.column;
        },
        kind: 'column',
      },
      {
        key: 'format',
        get label() {
          return texts().parseDate.format;
        },
        kind: 'text',
        initial: 'auto',
        placeholder: '%d/%m/%Y %H:%M',
      },
      {
        key: 'into',
        get label() {
          return texts().parseDate.into;
        },
        kind: 'text',
      },
    ],
    toParams: (v) => ({
      column: v.column,
      format: text(v.format) ?? 'auto',
      ...(text(v.into) ? { into: text(v.into) } : {}),
    }),
  },
  {
    op: 'derive',
    get title() {
      return texts().derive.title;
    },
    get help() {
      return texts().derive.help;
    },
    fields: [
      {
        key: 'column',
        get label() {
          return texts().derive.column;
        },
        kind: 'text',
        placeholder: 'amount',
      },
      { key: 'expression', label: '=', kind: 'sql', placeholder: '"Quantity" * "UnitPrice"' },
    ],
    toParams: (v) => ({ column: text(v.column), expression: text(v.expression) }),
  },
];

export function initialValues(form: CleanForm, firstColumn: string | undefined): Record<string, unknown> {
  return Object.fromEntries(
    form.fields.map((f) => [
      f.key,
      f.initial ?? (f.kind === 'columns' ? [] : f.kind === 'column' ? (firstColumn ?? '') : ''),
    ]),
  );
}

function coerce(value: unknown): string | number {
  const s = String(value ?? '');
  return s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
}
