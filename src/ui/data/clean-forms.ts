/**
 * The forms of the cleaning ops: which fields each op's panel shows and how they become the op's
 * params. Kept beside the UI (not in the op) because it is about presentation only. Titles, help
 * and labels are getters over the catalogue, so they follow a language switch.
 */
import type { z } from 'zod';
import { t } from '../../i18n';
import type { filterOp } from '../../lib/ops/clean/filter';
import type { dedupeOp } from '../../lib/ops/clean/dedupe';
import type { dropMissingOp } from '../../lib/ops/clean/drop-missing';
import type { imputeOp } from '../../lib/ops/clean/impute';
import type { outliersOp } from '../../lib/ops/clean/outliers';
import type { castOp } from '../../lib/ops/clean/cast';
import type { trimOp } from '../../lib/ops/clean/trim';
import type { parseDateOp } from '../../lib/ops/clean/parse-date';
import type { deriveOp } from '../../lib/ops/clean/derive';
import type { ParamsOf } from '../ops/params';

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
/** A required text field or list: left empty, it is sent absent and the op refuses it, naming the field. */
const required = (v: unknown) => text(v) as string;
const requiredList = (v: unknown) => list(v) as { columns: string[] };
/** A select's or column picker's value: one of its options (the op's own values) or a column name. */
const chosen = <T extends string>(v: unknown) => v as T;

/** A form whose `toParams` builds its op's own params, typed by the op's schema. */
function form<O extends { params: z.ZodType }>(
  f: Omit<CleanForm, 'toParams'> & { toParams(values: Record<string, unknown>): ParamsOf<O> },
): CleanForm {
  return f as CleanForm;
}

export const CLEAN_FORMS: CleanForm[] = [
  form<typeof filterOp>({
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
    toParams: (v) => ({ where: required(v.where) }),
  }),
  form<typeof dedupeOp>({
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
  }),
  form<typeof dropMissingOp>({
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
  }),
  form<typeof imputeOp>({
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
        [String(v.column)]: {
          method: chosen<ParamsOf<typeof imputeOp>['columns'][string]['method']>(v.method),
          ...(v.method === 'constant' ? { value: coerce(v.value) } : {}),
        },
      },
    }),
  }),
  form<typeof outliersOp>({
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
    toParams: (v) => ({
      ...requiredList(v.columns),
      method: chosen<ParamsOf<typeof outliersOp>['method']>(v.method),
      k: Number(v.k),
    }),
  }),
  form<typeof castOp>({
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
      columns: { [String(v.column)]: chosen(v.type) },
      onError: chosen<NonNullable<ParamsOf<typeof castOp>['onError']>>(v.onError),
      ...(v.format === 'currency' ? { format: 'currency' } : {}),
    }),
  }),
  form<typeof trimOp>({
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
    toParams: (v) => ({
      ...list(v.columns),
      ...(v.case !== 'keep' ? { case: chosen<NonNullable<ParamsOf<typeof trimOp>['case']>>(v.case) } : {}),
    }),
  }),
  form<typeof parseDateOp>({
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
      column: chosen(v.column),
      format: text(v.format) ?? 'auto',
      ...(text(v.into) ? { into: text(v.into) } : {}),
    }),
  }),
  form<typeof deriveOp>({
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
    toParams: (v) => ({ column: required(v.column), expression: required(v.expression) }),
  }),
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
