/**
 * Column transforms that are fitted once and then replayed unchanged (the train/serve guarantee):
 * the fitted object below is plain JSON, and both appliers read only it —
 * `transformSelectSql` (one SELECT over a table, run by DuckDB) and `applyTransformRow` (one row
 * in JS, for scoring a single customer). Both follow the same steps in the same order:
 *
 *   value → DOUBLE (NULL, NaN, ±inf and unparseable text are missing)
 *         → winsorise to the fitted clip bounds → fill NULL with the fitted value → method
 *
 * Methods, as scikit-learn defines them:
 *   standardize   (x − mean) / scale          StandardScaler: population sd; constant column → scale 1
 *   minmax        (x − min) / (max − min)     MinMaxScaler: range 0 → divide by 1 (so output 0)
 *   robust        (x − median) / IQR          RobustScaler: linear quantiles; IQR 0 → divide by 1
 *   log1p         ln(1 + x); x ≤ −1 → NULL    numpy gives −inf/NaN there; a table gets NULL
 *   quantile-bin  searchsorted(edges[1:-1], x, 'right') as INTEGER; values beyond the fit clip
 *                 to the end bins. KBinsDiscretizer(strategy='quantile', encode='ordinal',
 *                 quantile_method='linear'), edges closer than 1e-8 merged
 *   one-hot       one INTEGER 0/1 column per kept level (+ `<col>_other`); NULL → all zeros
 *                 OneHotEncoder(max_categories, handle_unknown='infrequent_if_exist'), except:
 *                 maxLevels counts level columns (sklearn's max_categories also counts the
 *                 infrequent column), ties keep the level that sorts first (sklearn's stable
 *                 argsort keeps the one that sorts last), and NULL is no level (sklearn: a category)
 * KBinsDiscretizer fits on at most 200,000 sampled rows by default (`subsample`); this fits on all.
 * Fitting (the statistics) lives in src/lib/ops/transform/index.ts, as SQL aggregates over the table.
 */
import { z } from 'zod';
import { ident, literal } from '../data/sql';

export const TRANSFORM_METHODS = ['standardize', 'minmax', 'robust', 'log1p', 'quantile-bin', 'one-hot'] as const;
export type TransformMethod = (typeof TRANSFORM_METHODS)[number];
export const IMPUTE_METHODS = ['none', 'mean', 'median', 'zero'] as const;

const outputName = z.string().min(1);
const common = {
  name: z.string().min(1),
  hadMissing: z.boolean(),
  /** The `<col>_missing` 0/1 column added for this column, or null. */
  indicator: outputName.nullable(),
};
const numericCommon = {
  ...common,
  /** Winsorising bounds in the column's own units (fitted quantiles), applied first. */
  clip: z.strictObject({ lower: z.number().nullable(), upper: z.number().nullable() }).nullable(),
  /** Fill value for NULLs (after clipping), or null to leave them NULL. */
  impute: z.number().nullable(),
};
const columns = <T extends z.ZodRawShape>(shape: T) => z.array(z.strictObject(shape)).min(1);

/** The fit-time options, kept so a replay that restates them can be checked against the fit. */
const options = z.strictObject({
  clip: z.strictObject({ lower: z.number().nullable(), upper: z.number().nullable() }).nullable(),
  impute: z.enum(IMPUTE_METHODS),
  indicators: z.boolean(),
  bins: z.number().int().nullable(),
  maxLevels: z.number().int().nullable(),
});
const head = { version: z.literal(1), options };

export const FITTED_TRANSFORM = z.discriminatedUnion('method', [
  z.strictObject({
    ...head,
    method: z.literal('standardize'),
    columns: columns({ ...numericCommon, mean: z.number(), scale: z.number().positive() }),
  }),
  z.strictObject({
    ...head,
    method: z.literal('minmax'),
    columns: columns({ ...numericCommon, min: z.number(), max: z.number() }),
  }),
  z.strictObject({
    ...head,
    method: z.literal('robust'),
    columns: columns({ ...numericCommon, median: z.number(), iqr: z.number().min(0) }),
  }),
  z.strictObject({ ...head, method: z.literal('log1p'), columns: columns(numericCommon) }),
  z.strictObject({
    ...head,
    method: z.literal('quantile-bin'),
    // Ascending, duplicates already removed; bins = edges.length − 1 (at least 1).
    columns: columns({
      ...numericCommon,
      edges: z
        .array(z.number())
        .min(1)
        .refine((e) => e.every((v, i) => i === 0 || v > e[i - 1]!), 'edges must be strictly ascending'),
    }),
  }),
  z.strictObject({
    ...head,
    method: z.literal('one-hot'),
    columns: columns({
      ...common,
      /** Kept levels (as text) and their output columns, in output order (level text ascending). */
      levels: z.array(z.strictObject({ value: z.string(), column: outputName })),
      /** The column for levels outside `levels`, when the fit had such levels; else unknown → all zeros. */
      other: outputName.nullable(),
    }),
  }),
]);

export type FittedTransform = z.infer<typeof FITTED_TRANSFORM>;
export type FittedColumn = FittedTransform['columns'][number];
export type NumericFittedColumn = Exclude<FittedTransform, { method: 'one-hot' }>['columns'][number];
export type OneHotColumn = Extract<FittedTransform, { method: 'one-hot' }>['columns'][number];
export type RowValue = string | number | bigint | boolean | null | undefined;

// --- Naming ------------------------------------------------------------------------------------

const ID_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'key', 'pk', 'no', 'nr']);

/** Names that look like identifiers (`customer_id`, `CustomerID`, `order no`, `客户编号`): not features. */
export function isIdLikeName(name: string): boolean {
  const words = name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return ID_WORDS.has(words.at(-1) ?? '') || /(编号|編號|号|號)$/u.test(name);
}

/** A level as a name part: letters (any script), marks, digits and `_`; runs of anything else → `_`. */
export function sanitizeLevel(level: string): string {
  const clean = level
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}_]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return clean === '' ? 'blank' : clean;
}

/** Hands out output names unique among `taken`; DuckDB names are case-insensitive, so this is too. */
export class OutputNames {
  readonly #taken: Set<string>;
  constructor(taken: Iterable<string>) {
    this.#taken = new Set([...taken].map((t) => t.toLowerCase()));
  }
  claim(base: string): string {
    let name = base;
    for (let i = 2; this.#taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    this.#taken.add(name.toLowerCase());
    return name;
  }
}

/** sklearn's KBinsDiscretizer drops an edge less than 1e-8 above the one before it (`np.ediff1d`). */
export function dedupeEdges(edges: number[]): number[] {
  return edges.filter((e, i) => i === 0 || e - edges[i - 1]! > 1e-8);
}

/** Output columns in order: inputs in place (one-hot sources → their level columns), indicators last. */
export function outputColumns(fitted: FittedTransform, inputColumns: string[]): string[] {
  const byName = new Map<string, FittedColumn>(fitted.columns.map((c) => [c.name, c]));
  const out = inputColumns.flatMap((name) => {
    const col = byName.get(name);
    return col && 'levels' in col ? [...col.levels.map((l) => l.column), ...(col.other ? [col.other] : [])] : [name];
  });
  return [...out, ...fitted.columns.flatMap((c) => (c.indicator ? [c.indicator] : []))];
}

// --- SQL ---------------------------------------------------------------------------------------

/** A JS double as a DuckDB DOUBLE, exactly: a bare `0.1` would be parsed as DECIMAL first. */
export function doubleSql(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return `'${String(x)}'::DOUBLE`;
}

/** The column as DOUBLE, NULL where missing (NULL, NaN, ±inf, text that is no number). */
export function numericSql(column: string): string {
  const v = `TRY_CAST(${ident(column)} AS DOUBLE)`;
  return `(CASE WHEN isfinite(${v}) THEN ${v} END)`;
}

/** Winsorised (a NULL stays NULL: DuckDB's greatest/least would skip it, hence CASE). */
export function clippedSql(col: NumericFittedColumn): string {
  const v = numericSql(col.name);
  const { lower, upper } = col.clip ?? { lower: null, upper: null };
  if (lower === null && upper === null) return v;
  const whens = [
    ...(lower !== null ? [`WHEN ${v} < ${doubleSql(lower)} THEN ${doubleSql(lower)}`] : []),
    ...(upper !== null ? [`WHEN ${v} > ${doubleSql(upper)} THEN ${doubleSql(upper)}`] : []),
  ];
  return `(CASE ${whens.join(' ')} ELSE ${v} END)`;
}

/** Clipped, then imputed: what the method sees. */
export function preparedSql(col: NumericFittedColumn): string {
  return col.impute === null ? clippedSql(col) : `coalesce(${clippedSql(col)}, ${doubleSql(col.impute)})`;
}

function methodSql(col: NumericFittedColumn): string {
  const v = preparedSql(col);
  if ('mean' in col) return `((${v} - ${doubleSql(col.mean)}) / ${doubleSql(col.scale)})`;
  if ('min' in col) return `((${v} - ${doubleSql(col.min)}) / ${doubleSql(col.max - col.min || 1)})`;
  if ('median' in col) return `((${v} - ${doubleSql(col.median)}) / ${doubleSql(col.iqr || 1)})`;
  if ('edges' in col) {
    const inner = col.edges.slice(1, -1);
    if (inner.length === 0) return `(CASE WHEN ${v} IS NOT NULL THEN 0 END)::INTEGER`;
    const whens = inner.map((e, i) => `WHEN ${v} < ${doubleSql(e)} THEN ${i}`).join(' ');
    return `(CASE WHEN ${v} IS NULL THEN NULL ${whens} ELSE ${inner.length} END)::INTEGER`;
  }
  // log1p(x) = ln(1+x)·x/((1+x)−1): accurate for tiny x where ln(1+x) is not (Goldberg 1991,
  // "What every computer scientist should know about floating-point arithmetic", thm 4).
  return `(CASE WHEN ${v} <= -1 THEN NULL WHEN 1 + ${v} = 1 THEN ${v} ELSE ln(1 + ${v}) * ${v} / ((1 + ${v}) - 1) END)`;
}

/** SELECT creating the transformed table from `fromSql`, whose columns are `inputColumns`. */
export function transformSelectSql(fitted: FittedTransform, inputColumns: string[], fromSql: string): string {
  const byName = new Map<string, FittedColumn>(fitted.columns.map((c) => [c.name, c]));
  const items = inputColumns.flatMap((name) => {
    const col = byName.get(name);
    if (!col) return [ident(name)];
    if (!('levels' in col)) return [`${methodSql(col)}${'edges' in col ? '' : '::DOUBLE'} AS ${ident(name)}`];
    const text = `CAST(${ident(name)} AS VARCHAR)`;
    const known = col.levels.map((l) => literal(l.value));
    return [
      ...col.levels.map((l, i) => `(CASE WHEN ${text} = ${known[i]} THEN 1 ELSE 0 END)::INTEGER AS ${ident(l.column)}`),
      ...(col.other
        ? [
            `(CASE WHEN ${text} IS NOT NULL${known.length ? ` AND ${text} NOT IN (${known.join(', ')})` : ''} THEN 1 ELSE 0 END)::INTEGER AS ${ident(col.other)}`,
          ]
        : []),
    ];
  });
  for (const col of fitted.columns) {
    if (!col.indicator) continue;
    const missing = 'levels' in col ? `${ident(col.name)} IS NULL` : `${numericSql(col.name)} IS NULL`;
    items.push(`(CASE WHEN ${missing} THEN 1 ELSE 0 END)::INTEGER AS ${ident(col.indicator)}`);
  }
  return `SELECT\n  ${items.join(',\n  ')}\nFROM ${fromSql}`;
}

// --- One row in JS -----------------------------------------------------------------------------

/** As `numericSql`: a finite number, or null. Text is read as DuckDB's TRY_CAST would (trimmed). */
export function toNumber(v: RowValue): number | null {
  let x: number;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'bigint') x = Number(v);
  else if (typeof v === 'boolean') x = v ? 1 : 0;
  else if (typeof v === 'string' && v.trim() !== '') x = Number(v.trim());
  else return null;
  return Number.isFinite(x) ? x : null;
}

function prepared(col: NumericFittedColumn, raw: number | null): number | null {
  const [lower, upper] = [col.clip?.lower ?? null, col.clip?.upper ?? null];
  if (raw === null) return col.impute;
  if (lower !== null && raw < lower) return lower;
  if (upper !== null && raw > upper) return upper;
  return raw;
}

function applyMethod(col: NumericFittedColumn, x: number | null): number | null {
  if (x === null) return null;
  if ('mean' in col) return (x - col.mean) / col.scale;
  if ('min' in col) return (x - col.min) / (col.max - col.min || 1);
  if ('median' in col) return (x - col.median) / (col.iqr || 1);
  if ('edges' in col) {
    const inner = col.edges.slice(1, -1);
    const at = inner.findIndex((e) => x < e);
    return at < 0 ? inner.length : at;
  }
  return x <= -1 ? null : Math.log1p(x);
}

export type OutputRow = Record<string, string | number | boolean | null>;

function applyColumn(col: FittedColumn, value: RowValue, out: OutputRow): void {
  if (!('levels' in col)) {
    out[col.name] = applyMethod(col, prepared(col, toNumber(value)));
    return;
  }
  const text = value === null || value === undefined ? null : String(value);
  for (const l of col.levels) out[l.column] = text === l.value ? 1 : 0;
  if (col.other) out[col.other] = text !== null && !col.levels.some((l) => l.value === text) ? 1 : 0;
}

/**
 * One input row → one output row, with the same values `transformSelectSql` gives (same keys;
 * object key order follows JS rules, so read values by name). A transformed column absent from
 * `row` counts as missing. A one-hot level is matched as text, `String(value)`, which is how
 * DuckDB prints text, booleans and integers.
 */
export function applyTransformRow(fitted: FittedTransform, row: Record<string, RowValue>): OutputRow {
  const byName = new Map<string, FittedColumn>(fitted.columns.map((c) => [c.name, c]));
  const out: OutputRow = {};
  for (const [name, value] of Object.entries(row)) {
    const col = byName.get(name);
    if (col) applyColumn(col, value, out);
    else out[name] = typeof value === 'bigint' ? Number(value) : (value ?? null);
  }
  for (const col of fitted.columns) if (!Object.hasOwn(row, col.name)) applyColumn(col, null, out);
  for (const col of fitted.columns) {
    if (!col.indicator) continue;
    const value = row[col.name];
    out[col.indicator] = ('levels' in col ? value === null || value === undefined : toNumber(value) === null) ? 1 : 0;
  }
  return out;
}
