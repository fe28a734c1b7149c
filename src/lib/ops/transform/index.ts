/**
 * `transform`: scale, log, bin or one-hot encode columns, fitted once and replayed unchanged.
 * Without `fitted` the op fits its statistics in DuckDB (avg, stddev_pop, min, max, quantile_cont,
 * level counts; a few aggregate queries, whatever the row count) and reports them as
 * `summary.fitted`; with `fitted` it fits nothing and applies exactly those numbers, which is how a
 * recipe scores new data without train/serve skew. Semantics and the one-row applier are in
 * src/lib/features/transform.ts.
 *
 * Fitting runs in pipeline order, each stage on the output of the one before, as an sklearn
 * Pipeline would: clip bounds on the raw values, the impute value on the clipped ones, the
 * method's statistics on the clipped and imputed ones. Missing = NULL, NaN or ±inf.
 *
 * Table `data`: every input column in order, transformed ones replaced in place (one-hot: by its
 * level columns), then the `<col>_missing` indicators.
 */
import { z } from 'zod';
import { ident, literal, NUMERIC_TYPE } from '../../data/sql';
import { tableColumns, type ColumnInfo } from '../../data/connector';
import { stepError } from '../../core/errors';
import {
  FITTED_TRANSFORM,
  IMPUTE_METHODS,
  TRANSFORM_METHODS,
  OutputNames,
  clippedSql,
  dedupeEdges,
  doubleSql,
  isIdLikeName,
  numericSql,
  outputColumns,
  preparedSql,
  sanitizeLevel,
  transformSelectSql,
  type FittedTransform,
  type NumericFittedColumn,
} from '../../features/transform';
import { defineOp, type OpContext, type StepInput } from '../types';
import type { Json } from '../../core/json';
import { bool } from '../shared/key-figures';

const quantile = z.number().min(0).max(1);
const params = z.strictObject({
  method: z.enum(TRANSFORM_METHODS),
  /** Default: one-hot → every VARCHAR/BOOLEAN column; otherwise every numeric one (never the entity or id-like names). */
  columns: z.array(z.string().min(1)).min(1, 'name at least one column, or leave `columns` out').optional(),
  /** An id column, passed through untouched. */
  entity: z.string().min(1).optional(),
  /** quantile-bin: bins wanted (fewer when quantiles coincide). Default 5. */
  bins: z.number().int().min(2).max(1000).optional(),
  /** one-hot: the most frequent levels that get a column each; the rest go to `<col>_other`. Default 20. */
  maxLevels: z.number().int().min(1).max(1000).optional(),
  /** Winsorise at these quantiles (fitted), before the method. */
  clip: z
    .strictObject({ lower: quantile.optional(), upper: quantile.optional() })
    .refine(
      (c) => c.lower !== undefined || c.upper !== undefined,
      'give `lower`, `upper` or both (quantiles such as 0.01, 0.99)',
    )
    .refine((c) => c.lower === undefined || c.upper === undefined || c.lower < c.upper, {
      message: '`lower` must be below `upper`',
      path: ['upper'],
    })
    .optional(),
  /** Add `<col>_missing` (0/1) for each column that had a missing value at fit time. Default false. */
  indicators: z.boolean().optional(),
  /** Fill NULLs with a fitted statistic before the method. Default 'none' (NULL stays NULL). */
  impute: z.enum(IMPUTE_METHODS).optional(),
  /** A previous run's `summary.fitted`: apply it, fit nothing. */
  fitted: FITTED_TRANSFORM.optional(),
});

export type TransformParams = z.infer<typeof params>;

const TEXT_TYPE = /^(VARCHAR|BOOLEAN|ENUM\(.*\))$/is;
const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
/** One-hot takes text, booleans and integers: levels are matched as text, and a DOUBLE's text is not stable. */
const oneHotType = (type: string) => TEXT_TYPE.test(type) || INTEGER_TYPE.test(type);

export const transformOp = defineOp({
  name: 'transform',
  title: 'Transform features',
  description: 'Standardise, rescale, log, bin or one-hot encode columns; fitted once, replayed unchanged on new data.',
  params,
  needsInput: true,
  primaryTable: 'data',
  onNewData: 'replay',
  stage: 'features',
  outputs: {
    data: { description: 'the input, its chosen columns transformed (fitted once, replayable)', columns: [] },
  },
  columns: {
    entity: { byName: true },
    columns: { list: true, byName: true },
    fitted: { inside: { path: 'columns', item: 'name' }, byName: true },
  },
  keyFigures: (s) => [['replayed fitted', bool(s.replayed), 0]],
  async run(ctx, step, p) {
    const started = performance.now();
    const { fitted, fitNotes, names, outputs } = await plan(ctx, step, p);
    ctx.progress({ message: `writing ${step.id}.data`, fraction: 0.8 });
    await ctx.db.exec(
      `CREATE OR REPLACE TABLE ${step.schemaSql}.${ident('data')} AS\n${transformSelectSql(fitted, names, step.inputSql!)}`,
    );
    const counts = await applyCounts(ctx, step.inputSql!, fitted);
    return {
      tables: ['data'],
      summary: {
        method: fitted.method,
        replayed: p.fitted !== undefined,
        entity: p.entity ?? null,
        rows: counts.rows,
        columns: fitted.columns.map((c) => c.name),
        outputColumns: outputs,
        missing: Object.fromEntries(fitted.columns.map((c, i) => [c.name, counts.byColumn[i]!.missing])),
        notes: [...fitNotes, ...describe(fitted, counts, p.fitted !== undefined)],
        fitted: fitted as unknown as Json,
        ms: Math.round(performance.now() - started),
      },
    };
  },
  /** Fits (queries only), then shows a few transformed rows; creates nothing. */
  async preview(ctx, step, p) {
    const { fitted, fitNotes, names, outputs } = await plan(ctx, step, p);
    const counts = await applyCounts(ctx, step.inputSql!, fitted);
    const sample = await ctx.db.query(`SELECT * FROM (${transformSelectSql(fitted, names, step.inputSql!)}) LIMIT 5`);
    return {
      rowsIn: counts.rows,
      rowsOut: counts.rows,
      addedColumns: outputs.filter((o) => !names.includes(o)),
      sample: sample.rows,
      notes: [...fitNotes, ...describe(fitted, counts, p.fitted !== undefined)],
    };
  },
});

/** The fitted transform to apply (fitted now, or checked from params) and the output's columns. */
async function plan(ctx: OpContext, step: StepInput, p: TransformParams) {
  const input = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
  const names = input.map((c) => c.name);
  const fitNotes: string[] = [];
  const fitted = p.fitted
    ? checkFitted(step, p, p.fitted, input)
    : await fit(ctx, step, p, chooseColumns(step, p, input), names, fitNotes);
  const outputs = outputColumns(fitted, names);
  const clash = outputs.find((o, i) => outputs.findIndex((x) => x.toLowerCase() === o.toLowerCase()) !== i);
  if (clash)
    throw stepError(
      step.id,
      'fitted',
      `the output would have two columns named '${clash}' (the input has a column the transform also creates); rename it first`,
    );
  return { fitted, fitNotes, names, outputs };
}

function chooseColumns(step: StepInput, p: TransformParams, input: ColumnInfo[]): string[] {
  const numeric = p.method !== 'one-hot';
  const typeOf = new Map(input.map((c) => [c.name, c.type]));
  if (!p.columns) {
    const chosen = input
      .filter(
        (c) =>
          c.name !== p.entity &&
          !isIdLikeName(c.name) &&
          (numeric ? NUMERIC_TYPE.test(c.type) : TEXT_TYPE.test(c.type)),
      )
      .map((c) => c.name);
    if (chosen.length === 0) {
      const kind = numeric ? 'numeric' : 'text or boolean';
      throw stepError(
        step.id,
        'columns',
        `no ${kind} columns to transform (id-like names and the entity are left out; columns: ${input.map((c) => `${c.name} ${c.type}`).join(', ')})`,
      );
    }
    return chosen;
  }
  p.columns.forEach((c, i) => {
    const field = `columns[${i}]`;
    const type = typeOf.get(c);
    if (type === undefined)
      throw stepError(step.id, field, `column '${c}' not found (columns: ${[...typeOf.keys()].join(', ')})`);
    if (p.columns!.indexOf(c) !== i) throw stepError(step.id, field, `column '${c}' is named twice`);
    if (c === p.entity) throw stepError(step.id, field, `'${c}' is the entity column, which passes through untouched`);
    checkType(step, field, p.method, c, type);
  });
  return p.columns;
}

function checkType(
  step: StepInput,
  field: string,
  method: FittedTransform['method'],
  column: string,
  type: string,
): void {
  if (method === 'one-hot' && !oneHotType(type)) {
    throw stepError(
      step.id,
      field,
      `one-hot needs a text, boolean or integer column, and '${column}' is ${type} (bin a measurement with quantile-bin first)`,
    );
  }
  if (method !== 'one-hot' && !NUMERIC_TYPE.test(type)) {
    throw stepError(
      step.id,
      field,
      `${method} needs a numeric column, and '${column}' is ${type} (cast it first, or use one-hot for categories)`,
    );
  }
}

/** A `fitted` from params must fit this step and this input; every mismatch names its field. */
function checkFitted(
  step: StepInput,
  p: TransformParams,
  fitted: FittedTransform,
  input: ColumnInfo[],
): FittedTransform {
  if (fitted.method !== p.method) {
    throw stepError(
      step.id,
      'fitted.method',
      `the fitted transform is for '${fitted.method}' but this step's method is '${p.method}'; refit (remove \`fitted\`) or change the method`,
    );
  }
  const fittedNames = fitted.columns.map((c) => c.name);
  if (p.columns && [...p.columns].sort().join('\u0000') !== [...fittedNames].sort().join('\u0000')) {
    throw stepError(
      step.id,
      'columns',
      `the fitted transform covers ${fittedNames.join(', ')}, not ${p.columns.join(', ')}; remove \`columns\` or \`fitted\``,
    );
  }
  const conflict = sameOptions(p, fitted.options);
  if (conflict)
    throw stepError(
      step.id,
      conflict,
      `differs from the value the fitted transform was fitted with (${JSON.stringify(fitted.options[conflict as keyof typeof fitted.options])}); remove it, or remove \`fitted\` to refit`,
    );
  const typeOf = new Map(input.map((c) => [c.name, c.type]));
  fitted.columns.forEach((c, i) => {
    const field = `fitted.columns.${i}.name`;
    const type = typeOf.get(c.name);
    if (type === undefined)
      throw stepError(
        step.id,
        field,
        `column '${c.name}' of the fitted transform is not in the input (columns: ${[...typeOf.keys()].join(', ')})`,
      );
    if (c.name === p.entity)
      throw stepError(step.id, field, `'${c.name}' is the entity column, which passes through untouched`);
    checkType(step, field, fitted.method, c.name, type);
  });
  return fitted;
}

type Row = Record<string, unknown>;
const num = (row: Row, key: string) => (row[key] === null || row[key] === undefined ? null : Number(row[key]));

/** Fit `names` (the columns to transform) of an input whose columns are `inputNames`; notes collect what the fit found. */
async function fit(
  ctx: OpContext,
  step: StepInput,
  p: TransformParams,
  names: string[],
  inputNames: string[],
  notes: string[],
): Promise<FittedTransform> {
  const method = p.method;
  const options: FittedTransform['options'] = {
    clip: p.clip ? { lower: p.clip.lower ?? null, upper: p.clip.upper ?? null } : null,
    impute: p.impute ?? 'none',
    indicators: p.indicators ?? false,
    bins: method === 'quantile-bin' ? (p.bins ?? 5) : null,
    maxLevels: method === 'one-hot' ? (p.maxLevels ?? 20) : null,
  };
  if (method === 'one-hot' && (options.clip || options.impute !== 'none')) {
    throw stepError(
      step.id,
      options.clip ? 'clip' : 'impute',
      'one-hot encodes levels: clipping and imputing apply to the numeric methods (NULL becomes all zeros)',
    );
  }
  const from = step.inputSql!;
  const one = async (items: string[], source = from): Promise<Row> =>
    (await ctx.db.query(`SELECT ${items.join(', ')} FROM ${source}`)).rows[0] ?? {};
  ctx.progress({ message: `fitting ${method} on ${names.length} columns`, fraction: 0.1 });

  // Stage 1: presence, clip bounds (quantiles of the raw values), level counts.
  const stage1 = await one([
    'count(*)::DOUBLE AS n',
    ...names.flatMap((c, i) => {
      if (method === 'one-hot')
        return [`count(${ident(c)})::DOUBLE AS p${i}`, `count(DISTINCT CAST(${ident(c)} AS VARCHAR))::DOUBLE AS d${i}`];
      const bounds = options.clip
        ? [
            `quantile_cont(${numericSql(c)}, ${doubleSql(options.clip.lower ?? 0)}) AS lo${i}`,
            `quantile_cont(${numericSql(c)}, ${doubleSql(options.clip.upper ?? 1)}) AS hi${i}`,
          ]
        : [];
      return [`count(${numericSql(c)})::DOUBLE AS p${i}`, ...bounds];
    }),
  ]);
  const n = num(stage1, 'n') ?? 0;
  names.forEach((c, i) => {
    if (!num(stage1, `p${i}`))
      throw stepError(step.id, 'columns', `'${c}' has no values to fit on (all ${n} rows are missing)`);
  });
  const claimed = new OutputNames(method === 'one-hot' ? inputNames.filter((c) => !names.includes(c)) : inputNames);
  const base = names.map((name, i) => ({ name, hadMissing: num(stage1, `p${i}`)! < n, indicator: null }));
  let fitted: FittedTransform;

  if (method === 'one-hot') {
    const maxLevels = options.maxLevels!;
    const columns = [];
    for (const [i, col] of base.entries()) {
      const c = ident(col.name);
      // Positional ORDER BY: an input column named `n` or `level` must not capture the sort.
      const top = `SELECT CAST(${c} AS VARCHAR) AS level, count(*) AS n FROM ${from} WHERE ${c} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${maxLevels}`;
      const levels = (await ctx.db.query(`SELECT level FROM (${top}) ORDER BY level`)).rows.map((r) => String(r.level));
      columns.push({
        ...col,
        levels: levels.map((value) => ({ value, column: claimed.claim(`${col.name}_${sanitizeLevel(value)}`) })),
        other: num(stage1, `d${i}`)! > maxLevels ? claimed.claim(`${col.name}_other`) : null,
      });
    }
    fitted = { version: 1, method, options, columns };
  } else {
    let cols: NumericFittedColumn[] = base.map((col, i) => ({
      ...col,
      clip: options.clip
        ? {
            lower: options.clip.lower === null ? null : num(stage1, `lo${i}`),
            upper: options.clip.upper === null ? null : num(stage1, `hi${i}`),
          }
        : null,
      impute: null,
    }));
    // Stage 2: the fill value, from the clipped values.
    if (options.impute === 'zero') cols = cols.map((c) => ({ ...c, impute: 0 }));
    else if (options.impute !== 'none') {
      const agg = options.impute === 'mean' ? (v: string) => `avg(${v})` : (v: string) => `quantile_cont(${v}, 0.5)`;
      const stage2 = await one(cols.map((c, i) => `${agg(clippedSql(c))}::DOUBLE AS f${i}`));
      cols = cols.map((c, i) => ({ ...c, impute: num(stage2, `f${i}`) }));
    }
    fitted = await fitMethod(method, options, cols, from, one, notes);
  }
  if (options.indicators)
    fitted.columns.forEach((c) => (c.indicator = c.hadMissing ? claimed.claim(`${c.name}_missing`) : null));
  return fitted;
}

/** Stage 3: the method's statistics, from the clipped and imputed values. */
async function fitMethod(
  method: Exclude<FittedTransform['method'], 'one-hot'>,
  options: FittedTransform['options'],
  cols: NumericFittedColumn[],
  from: string,
  one: (items: string[], source?: string) => Promise<Row>,
  notes: string[],
): Promise<FittedTransform> {
  // No spread at fit time: divide by 1, as sklearn's `_handle_zeros_in_scale` does.
  const flat = (c: NumericFittedColumn, what = 'it is divided by 1 (its value maps to 0)') =>
    notes.push(`${c.name}: no spread at fit time, so ${what}`);
  const head = { version: 1 as const, options };
  if (method === 'log1p') return { ...head, method, columns: cols };
  if (method === 'standardize' || method === 'minmax') {
    const s = await one(
      cols.flatMap((c, i) => {
        const v = preparedSql(c);
        return [
          `avg(${v})::DOUBLE AS m${i}`,
          `stddev_pop(${v})::DOUBLE AS s${i}`,
          `min(${v})::DOUBLE AS lo${i}`,
          `max(${v})::DOUBLE AS hi${i}`,
        ];
      }),
    );
    const stats = cols.map((c, i) => ({
      c,
      mean: num(s, `m${i}`)!,
      sd: num(s, `s${i}`)!,
      min: num(s, `lo${i}`)!,
      max: num(s, `hi${i}`)!,
    }));
    stats.filter((t) => t.min === t.max).forEach((t) => flat(t.c));
    if (method === 'minmax') return { ...head, method, columns: stats.map(({ c, min, max }) => ({ ...c, min, max })) };
    // A constant column: centre on its exact value (avg can be off by an ulp) and divide by 1, so it maps to 0.
    return {
      ...head,
      method,
      columns: stats.map(({ c, mean, sd, min, max }) =>
        min === max || !(sd > 0) ? { ...c, mean: min, scale: 1 } : { ...c, mean, scale: sd },
      ),
    };
  }
  // robust and quantile-bin: linear-interpolated quantiles (quantile_cont = numpy.percentile 'linear').
  const qs =
    method === 'robust' ? [0.25, 0.5, 0.75] : Array.from({ length: options.bins! + 1 }, (_, j) => j / options.bins!);
  const lists = cols.map((c, i) => `quantile_cont(${preparedSql(c)}, [${qs.map(doubleSql).join(', ')}]) AS q${i}`);
  const q = await one(
    cols.flatMap((_, i) => qs.map((_, j) => `q${i}[${j + 1}]::DOUBLE AS q${i}_${j}`)),
    `(SELECT ${lists.join(', ')} FROM ${from})`,
  );
  const quantiles = cols.map((_, i) => qs.map((_, j) => num(q, `q${i}_${j}`)!));
  if (method === 'robust') {
    cols.forEach((c, i) => {
      if (quantiles[i]![2] === quantiles[i]![0]) flat(c, 'its IQR is 0 and it is only centred on the median');
    });
    return {
      ...head,
      method,
      columns: cols.map((c, i) => ({ ...c, median: quantiles[i]![1]!, iqr: quantiles[i]![2]! - quantiles[i]![0]! })),
    };
  }
  const columns = cols.map((c, i) => ({ ...c, edges: dedupeEdges(quantiles[i]!) }));
  columns.filter((c) => c.edges.length === 1).forEach((c) => flat(c, 'every value falls in bin 0'));
  return { ...head, method, columns };
}

/** The first fit option restated in params that differs from the fit's, as a field name. */
function sameOptions(p: TransformParams, o: FittedTransform['options']): string | undefined {
  if (p.method === 'quantile-bin' && p.bins !== undefined && p.bins !== o.bins) return 'bins';
  if (p.method === 'one-hot' && p.maxLevels !== undefined && p.maxLevels !== o.maxLevels) return 'maxLevels';
  if (p.impute !== undefined && p.impute !== o.impute) return 'impute';
  if (p.indicators !== undefined && p.indicators !== o.indicators) return 'indicators';
  if (p.clip !== undefined && ((p.clip.lower ?? null) !== o.clip?.lower || (p.clip.upper ?? null) !== o.clip?.upper))
    return 'clip';
  return undefined;
}

interface ColumnCounts {
  missing: number;
  clippedLow: number;
  clippedHigh: number;
  /** log1p: values ≤ −1, which became NULL. */
  belowMinusOne: number;
  /** one-hot: non-NULL values outside the kept levels. */
  otherLevel: number;
}

/** What applying `fitted` did to this input, per column (one aggregate query). */
async function applyCounts(
  ctx: OpContext,
  from: string,
  fitted: FittedTransform,
): Promise<{ rows: number; byColumn: ColumnCounts[] }> {
  const count = (where: string, alias: string) => `count(*) FILTER (WHERE ${where})::DOUBLE AS ${alias}`;
  const items = fitted.columns.flatMap((c, i) => {
    if ('levels' in c) {
      const known = c.levels.map((l) => literal(l.value));
      const outside = known.length ? `CAST(${ident(c.name)} AS VARCHAR) NOT IN (${known.join(', ')})` : 'TRUE';
      return [
        count(`${ident(c.name)} IS NULL`, `m${i}`),
        count(`${ident(c.name)} IS NOT NULL AND ${outside}`, `u${i}`),
      ];
    }
    const raw = numericSql(c.name);
    const [lower, upper] = [c.clip?.lower ?? null, c.clip?.upper ?? null];
    return [
      count(`${raw} IS NULL`, `m${i}`),
      ...(lower !== null ? [count(`${raw} < ${doubleSql(lower)}`, `lo${i}`)] : []),
      ...(upper !== null ? [count(`${raw} > ${doubleSql(upper)}`, `hi${i}`)] : []),
      ...(fitted.method === 'log1p' ? [count(`${preparedSql(c)} <= -1`, `lg${i}`)] : []),
    ];
  });
  const row = (await ctx.db.query(`SELECT count(*)::DOUBLE AS n, ${items.join(', ')} FROM ${from}`)).rows[0] ?? {};
  const get = (key: string) => num(row, key) ?? 0;
  return {
    rows: get('n'),
    byColumn: fitted.columns.map((_, i) => ({
      missing: get(`m${i}`),
      clippedLow: get(`lo${i}`),
      clippedHigh: get(`hi${i}`),
      belowMinusOne: get(`lg${i}`),
      otherLevel: get(`u${i}`),
    })),
  };
}

const fmt = (x: number) => String(Number(x.toPrecision(6)));
const values = (k: number) => `${k} value${k === 1 ? '' : 's'}`;
const missing = (k: number) => `${k} missing value${k === 1 ? '' : 's'}`;

/** Plain-language notes on what the fit found and what applying it changed. */
function describe(fitted: FittedTransform, counts: { byColumn: ColumnCounts[] }, replayed: boolean): string[] {
  const notes = replayed ? ['applied the fitted transform from params.fitted: nothing was refitted'] : [];
  fitted.columns.forEach((c, i) => {
    const k = counts.byColumn[i]!;
    if ('levels' in c) {
      if (!replayed && c.other)
        notes.push(
          `${c.name}: the ${c.levels.length} most frequent levels get a column each, the rest go to ${c.other}`,
        );
      if (k.otherLevel > 0)
        notes.push(
          c.other
            ? `${c.name}: ${values(k.otherLevel)} outside the kept levels went to ${c.other}`
            : `${c.name}: ${values(k.otherLevel)} with a level unseen at fit time became all zeros`,
        );
      if (k.missing > 0) notes.push(`${c.name}: ${missing(k.missing)} became all zeros`);
      return;
    }
    const [lower, upper] = [c.clip?.lower ?? null, c.clip?.upper ?? null];
    if (k.clippedLow + k.clippedHigh > 0) {
      const range =
        lower !== null && upper !== null
          ? `[${fmt(lower)}, ${fmt(upper)}]`
          : lower !== null
            ? `at least ${fmt(lower)}`
            : `at most ${fmt(upper!)}`;
      notes.push(`${c.name}: ${values(k.clippedLow + k.clippedHigh)} clipped to ${range}`);
    }
    if (k.missing > 0) {
      notes.push(
        c.impute === null
          ? `${c.name}: ${missing(k.missing)} stayed NULL`
          : `${c.name}: ${missing(k.missing)} filled with ${fmt(c.impute)} (${fitted.options.impute})`,
      );
    }
    if (k.belowMinusOne > 0) notes.push(`${c.name}: ${values(k.belowMinusOne)} ≤ −1 became NULL under log1p`);
    if ('edges' in c && fitted.options.bins !== null && c.edges.length - 1 < fitted.options.bins) {
      notes.push(
        `${c.name}: tied quantiles leave ${Math.max(1, c.edges.length - 1)} bins instead of ${fitted.options.bins}`,
      );
    }
  });
  return notes;
}
