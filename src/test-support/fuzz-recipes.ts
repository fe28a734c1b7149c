/**
 * Random recipe steps built from the ops' own zod schemas: every field an op declares gets values
 * of its type — a column of the input table (or a name that is not there) for a column-like
 * string, edge numbers (0, negative, huge, fractions), each enum option, subsets of columns for
 * lists — so invalid combinations are generated as often as valid ones. What a run must do with
 * them is the property: succeed with finite results, or fail with one line naming the step.
 */
import fc from 'fast-check';
import type { z } from 'zod';

interface ZodDef {
  type: string;
  innerType?: ZodLike;
  shape?: Record<string, ZodLike>;
  entries?: Record<string, string>;
  element?: ZodLike;
  items?: ZodLike[];
  options?: ZodLike[];
  values?: unknown[];
  in?: ZodLike;
  keyType?: ZodLike;
  checks?: Array<{ _zod: { def: NumberCheck } }>;
  valueType?: ZodLike;
}
interface NumberCheck {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
}
interface ZodLike {
  _zod: { def: ZodDef };
}

const EDGE_NUMBERS = [0, 1, 2, 3, 5, 10, 0.5, 0.01, 0.001, -1, 1e9, 100];

/** Field names whose strings name a column of the input table. */
const COLUMN_FIELD =
  /^(customer|time|amount|quantity|price|basket|item|transaction|event|entity|label|symbol|session|column|attribute|category|text|weight|segment|key|into|itemLabel|eventColumn|labelKey|score)$/;

export function paramsArb(schema: z.ZodType, columns: string[], field = ''): fc.Arbitrary<unknown> {
  const def = (schema as unknown as ZodLike)._zod.def;
  const column = fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...columns) },
    { weight: 1, arbitrary: fc.constant('no_such_column') },
  );
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const entries = Object.entries(shape).map(
        ([k, v]) => [k, paramsArb(v as unknown as z.ZodType, columns, k)] as const,
      );
      const required = Object.entries(shape)
        .filter(([, v]) => !['optional', 'default', 'nullable'].includes(v._zod.def.type))
        .map(([k]) => k);
      return fc.record(Object.fromEntries(entries), { requiredKeys: required as never[] });
    }
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
      return paramsArb(def.innerType as unknown as z.ZodType, columns, field);
    case 'pipe':
      return paramsArb(def.in as unknown as z.ZodType, columns, field);
    case 'string':
      if (COLUMN_FIELD.test(field)) return column;
      if (/asOf|End|dataEnd/.test(field))
        return fc.constantFrom('2025-03-01', '2025-01-15', '1900-01-01', 'not a date');
      return fc.constantFrom('purchase', 'view', 'x');
    case 'number':
      return fc.oneof(
        { weight: 4, arbitrary: inBounds(def) },
        { weight: 1, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
      );
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'array': {
      const element = def.element!;
      if (element._zod.def.type === 'string' && !/events|purchases|examples|stages/.test(field))
        return fc.subarray(columns, { minLength: 1, maxLength: 4 });
      return fc.array(paramsArb(element as unknown as z.ZodType, columns, field), { minLength: 1, maxLength: 3 });
    }
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map((i) => paramsArb(i as unknown as z.ZodType, columns, field)));
    case 'union':
      return fc.oneof(...(def.options ?? []).map((o) => paramsArb(o as unknown as z.ZodType, columns, field)));
    case 'record':
      return fc.dictionary(
        fc.constantFrom(...columns),
        paramsArb(def.valueType as unknown as z.ZodType, columns, field),
        { maxKeys: 2 },
      );
    default:
      return fc.constant(undefined);
  }
}

/** Numbers a schema accepts: its bounds, values near them, and a few inside (integers where it says so). */
function inBounds(def: ZodDef): fc.Arbitrary<number> {
  let min = -1e6;
  let max = 1e6;
  let int = false;
  for (const { _zod } of def.checks ?? []) {
    const c = _zod.def;
    if (c.check === 'number_format' && /int/.test(c.format ?? '')) int = true;
    if (c.check === 'greater_than') min = c.inclusive ? c.value! : c.value! + (int ? 1 : 1e-6);
    if (c.check === 'less_than') max = c.inclusive ? c.value! : c.value! - (int ? 1 : 1e-6);
  }
  const small = [
    min,
    max,
    min + 1,
    Math.min(max, Math.max(min, 2)),
    Math.min(max, Math.max(min, 3)),
    Math.min(max, Math.max(min, 0.05)),
  ];
  const candidates = small.filter((v) => v >= min && v <= max && (!int || Number.isInteger(v)));
  return fc.oneof(
    fc.constantFrom(...(candidates.length ? candidates : [min])),
    int
      ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, min + 100)) })
      : fc.double({ min, max: Math.min(max, min + 100), noNaN: true }),
  );
}
