/**
 * `profile`: what is in a table, column by column, all computed by DuckDB.
 *
 * Tables written to the step schema:
 *   columns       one row per column: type, inferred role, count (non-missing values), missing,
 *                 missing_pct, distinct (exact), min/max (as text), mean, std (sample), exact
 *                 quartiles q25/q50/q75 (linear interpolation; numeric columns only), top value
 *                 and its count, and `kind` (numeric, temporal, boolean, text, complex, id, other).
 *                 A numeric column that holds ids (role customer/item/basket, or named like an
 *                 id, e.g. CustomerID) is of kind `id`: counted, never averaged, binned or
 *                 correlated; the summary flags an id column with missing values.
 *   histograms    equal-width bins of numeric and DATE/TIMESTAMP columns between min and max; an
 *                 integer (or DATE) column spanning no more values (days) than `bins` gets one bin
 *                 per value (day); a constant column gets one bin. `lo`/`hi` as text (dates and
 *                 times for temporal columns), `lo_num`/`hi_num` as numbers (epoch seconds for
 *                 temporal columns). A bin holds lo <= x < hi; the last also holds x = hi.
 *   top_values    the `topValues` most frequent non-missing values of every column; `share` is the
 *                 fraction of the column's non-missing values. Ties are broken by value.
 *   correlations  Pearson r of every pair of numeric columns (a before b in table order), over the
 *                 rows where both are present; NULL where a column is constant.
 * Numeric statistics of FLOAT/DOUBLE columns ignore NaN and infinities.
 *
 * Queries: a 1,000-row reservoir sample for role inference; one scan for every per-column
 * statistic and all correlations (exact quartiles: SUMMARIZE's are approximate, and truncated for
 * DECIMAL columns); one grouping per column for the top values, which also gives the exact distinct
 * counts; one binning per histogram column. The small results are written back with VALUES.
 */
import { z } from 'zod';
import { ident, literal } from '../../data/sql';
import { tableColumns, type Cell, type ColumnInfo } from '../../data/connector';
import { inferRoles, isIdColumn, type Role } from '../../data/roles';
import { stepError } from '../../core/errors';
import { defineOp, type OpContext } from '../types';
import type { Json } from '../../core/json';

const params = z.strictObject({
  /** Profile only these columns (default: all). */
  columns: z.array(z.string().min(1)).min(1).optional(),
  bins: z.number().int().min(1).max(1000).default(20),
  topValues: z.number().int().min(1).max(100).default(10),
});

export type ProfileParams = z.infer<typeof params>;

/** Correlations are computed among at most this many numeric columns (the first ones). */
export const MAX_CORRELATED_COLUMNS = 100;
const SAMPLE_ROWS = 1000;

type Kind = 'numeric' | 'temporal' | 'boolean' | 'text' | 'complex' | 'id' | 'other';

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMERIC_TYPE = /^(FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;
const TEMPORAL_TYPE = /^(DATE|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE)$/;

function kindOf(type: string): Kind {
  const t = type.toUpperCase();
  if (INTEGER_TYPE.test(t) || NUMERIC_TYPE.test(t)) return 'numeric';
  if (TEMPORAL_TYPE.test(t)) return 'temporal';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'VARCHAR' || t.startsWith('ENUM(')) return 'text';
  if (/[[\]]/.test(t) || /^(STRUCT|MAP|UNION)\(/.test(t)) return 'complex';
  return 'other';
}

/** Bytes per value of fixed-width types, for the size estimate. */
function fixedWidth(type: string): number | undefined {
  const t = type.toUpperCase();
  if (/^(BOOLEAN|TINYINT|UTINYINT)$/.test(t)) return 1;
  if (/^(SMALLINT|USMALLINT)$/.test(t)) return 2;
  if (/^(INTEGER|UINTEGER|FLOAT|DATE)$/.test(t)) return 4;
  if (/^(BIGINT|UBIGINT|DOUBLE|TIME|TIMESTAMP.*|TIME WITH TIME ZONE)$/.test(t)) return 8;
  if (/^(HUGEINT|UHUGEINT|UUID|INTERVAL)$/.test(t)) return 16;
  const dec = /^DECIMAL\((\d+),/.exec(t);
  if (dec) {
    const p = Number(dec[1]);
    return p <= 4 ? 2 : p <= 9 ? 4 : p <= 18 ? 8 : 16;
  }
  return undefined;
}

interface Col {
  i: number;
  name: string;
  type: string;
  kind: Kind;
  /** The column in SQL. */
  sql: string;
  /** The value to count, order and group by (complex types as text). */
  value: string;
  /** As DOUBLE: numbers, or epoch seconds of dates and times; NULL when not finite. */
  num?: string;
  /** The condition for `num` to be usable, when values can be NaN or infinite. */
  finite?: string;
}

function describeColumn(c: ColumnInfo, i: number): Col {
  const sql = ident(c.name);
  const kind = kindOf(c.type);
  const col: Col = {
    i,
    name: c.name,
    type: c.type,
    kind,
    sql,
    value: kind === 'complex' ? `CAST(${sql} AS VARCHAR)` : sql,
  };
  if (kind === 'numeric') {
    col.num = `CAST(${sql} AS DOUBLE)`;
    if (/^(FLOAT|DOUBLE)$/i.test(c.type)) col.finite = `isfinite(${col.num})`;
  } else if (kind === 'temporal') {
    col.num = `epoch(${sql})`;
    col.finite = `isfinite(${sql})`;
  }
  return col;
}

/** A DOUBLE literal that keeps every bit (and NaN/infinities) of a JS number. */
function dbl(x: number | null): string {
  if (x === null) return 'CAST(NULL AS DOUBLE)';
  return `CAST('${Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x)}' AS DOUBLE)`;
}
const big = (x: number | null) => (x === null ? 'CAST(NULL AS BIGINT)' : `CAST(${Math.round(x)} AS BIGINT)`);
const str = (x: string | null) => `CAST(${literal(x)} AS VARCHAR)`;

/** Numbers from DuckDB cells (BIGINT/HUGEINT beyond 2^53 arrive as text). */
function num(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return cell;
  if (typeof cell !== 'string' || cell === '') return null;
  const x = Number(cell);
  return Number.isNaN(x) ? null : x;
}
const text = (cell: Cell | undefined): string | null => (cell === null || cell === undefined ? null : String(cell));
const filter = (col: Col) => (col.finite ? ` FILTER (WHERE ${col.finite})` : '');

const TABLES = {
  columns: `"column" VARCHAR, "type" VARCHAR, "role" VARCHAR, "count" BIGINT, "missing" BIGINT, "missing_pct" DOUBLE,
    "distinct" BIGINT, "min" VARCHAR, "max" VARCHAR, "mean" DOUBLE, "std" DOUBLE, "q25" DOUBLE, "q50" DOUBLE, "q75" DOUBLE,
    "top_value" VARCHAR, "top_count" BIGINT, "kind" VARCHAR`,
  histograms: `"column" VARCHAR, "bin" INTEGER, "lo" VARCHAR, "hi" VARCHAR, "count" BIGINT, "lo_num" DOUBLE, "hi_num" DOUBLE`,
  top_values: `"column" VARCHAR, "rank" INTEGER, "value" VARCHAR, "count" BIGINT, "share" DOUBLE`,
  correlations: `"a" VARCHAR, "b" VARCHAR, "r" DOUBLE`,
} as const;

interface Stats {
  count: number;
  min: string | null;
  max: string | null;
  mean: number | null;
  std: number | null;
  q: [number | null, number | null, number | null];
  lo: number | null;
  hi: number | null;
  bytes: number | null;
}

/** One scan: every per-column statistic and every correlation. */
async function scanStats(ctx: OpContext, input: string, cols: Col[], pairs: [Col, Col][]) {
  const inner = ['count(*) AS "rows"'];
  const outer = ['"rows"'];
  for (const c of cols) {
    const p = `c${c.i}_`;
    inner.push(
      `count(${c.sql}) AS "${p}n"`,
      `CAST(min(${c.value}) AS VARCHAR) AS "${p}min"`,
      `CAST(max(${c.value}) AS VARCHAR) AS "${p}max"`,
    );
    outer.push(`"${p}n"`, `"${p}min"`, `"${p}max"`);
    if (c.kind === 'numeric') {
      inner.push(
        `avg(${c.num})${filter(c)} AS "${p}mean"`,
        `stddev_samp(${c.num})${filter(c)} AS "${p}std"`,
        `quantile_cont(${c.num}, [0.25, 0.5, 0.75])${filter(c)} AS "${p}q"`,
      );
      outer.push(
        `"${p}mean"`,
        `"${p}std"`,
        `"${p}q"[1] AS "${p}q25"`,
        `"${p}q"[2] AS "${p}q50"`,
        `"${p}q"[3] AS "${p}q75"`,
      );
    }
    if (c.num) {
      inner.push(`min(${c.num})${filter(c)} AS "${p}lo"`, `max(${c.num})${filter(c)} AS "${p}hi"`);
      outer.push(`"${p}lo"`, `"${p}hi"`);
    }
    if (fixedWidth(c.type) === undefined) {
      const len = /^BLOB$/i.test(c.type) ? `octet_length(${c.sql})` : `strlen(CAST(${c.sql} AS VARCHAR))`;
      inner.push(`sum(${len}) AS "${p}bytes"`);
      outer.push(`"${p}bytes"`);
    }
  }
  pairs.forEach(([a, b], k) => {
    const both = [a.finite, b.finite].filter(Boolean).join(' AND ');
    inner.push(`corr(${a.num}, ${b.num})${both ? ` FILTER (WHERE ${both})` : ''} AS "r${k}"`);
    outer.push(`"r${k}"`);
  });
  const res = await ctx.db.query(`SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(',\n ')} FROM ${input})`);
  const row = res.rows[0] ?? {};
  const rows = num(row.rows) ?? 0;
  const stats = cols.map((c): Stats => {
    const p = `c${c.i}_`;
    const width = fixedWidth(c.type);
    return {
      count: num(row[`${p}n`]) ?? 0,
      min: text(row[`${p}min`]),
      max: text(row[`${p}max`]),
      mean: num(row[`${p}mean`]),
      std: num(row[`${p}std`]),
      q: [num(row[`${p}q25`]), num(row[`${p}q50`]), num(row[`${p}q75`])],
      lo: num(row[`${p}lo`]),
      hi: num(row[`${p}hi`]),
      bytes: width !== undefined ? width * rows : (num(row[`${p}bytes`]) ?? 0),
    };
  });
  const r = pairs.map((_, k) => {
    const x = num(row[`r${k}`]);
    return x !== null && Number.isFinite(x) ? x : null;
  });
  return { rows, stats, r };
}

/** A sample of every column for role inference: numbers as numbers, everything else as text. */
async function sampleValues(
  ctx: OpContext,
  input: string,
  cols: Col[],
): Promise<Record<string, (string | number | null)[]>> {
  const select = cols
    .map((c) => `${c.kind === 'numeric' ? c.num : `CAST(${c.sql} AS VARCHAR)`} AS "s${c.i}"`)
    .join(', ');
  const res = await ctx.db.query(
    `SELECT ${select} FROM ${input} USING SAMPLE reservoir(${SAMPLE_ROWS} ROWS) REPEATABLE (42)`,
  );
  return Object.fromEntries(
    cols.map((c) => [
      c.name,
      res.rows.map((r) => {
        const v = r[`s${c.i}`];
        return v === undefined || v === null ? null : typeof v === 'boolean' ? String(v) : v;
      }),
    ]),
  );
}

/**
 * The top `k` values of every column, written to `top_values`; also returns each column's exact
 * number of distinct values (the number of groups), which comes free with the grouping.
 */
async function writeTopValues(ctx: OpContext, input: string, out: (t: string) => string, cols: Col[], k: number) {
  const distinct = new Map<number, number>();
  const top = new Map<number, { value: string | null; count: number | null }>();
  for (const batch of batches(cols)) {
    await writeTopValuesBatch(ctx, input, out, batch, k, distinct, top);
    ctx.signal.throwIfAborted();
  }
  return { distinct, top };
}

/** Columns per query for top values and histograms, which hold a table of rows × columns (unpivoted) at once. */
export const COLUMN_BATCH = 200;

function batches<T>(items: T[], size = COLUMN_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function writeTopValuesBatch(
  ctx: OpContext,
  input: string,
  out: (t: string) => string,
  cols: Col[],
  k: number,
  distinct: Map<number, number>,
  top: Map<number, { value: string | null; count: number | null }>,
) {
  // One scan of the batch's columns as text, unpivoted to (column, value) pairs (NULLs dropped).
  const proj = cols.map((c) => `CAST(${c.value} AS VARCHAR) AS "c${c.i}"`).join(', ');
  const groups = `SELECT CAST(substr(k, 2) AS INTEGER) AS i, value, count(*) AS n
    FROM (UNPIVOT (SELECT ${proj} FROM ${input}) ON COLUMNS(*) INTO NAME k VALUE value) GROUP BY ALL`;
  const res = await ctx.db.query(`
    SELECT i, rank, value, n, share, groups FROM (
      SELECT i, value, n, n / sum(n) OVER (PARTITION BY i) AS share, count(*) OVER (PARTITION BY i) AS groups,
             row_number() OVER (PARTITION BY i ORDER BY n DESC, value) AS rank
      FROM (${groups})
    ) WHERE rank <= ${k} ORDER BY i, rank`);
  const name = new Map(cols.map((c) => [c.i, c.name]));
  const values = res.rows.map((r) => {
    const i = Number(r.i);
    distinct.set(i, num(r.groups) ?? 0);
    if (r.rank === 1) top.set(i, { value: text(r.value), count: num(r.n) });
    return `(${str(name.get(i) ?? null)}, ${big(num(r.rank))}, ${str(text(r.value))}, ${big(num(r.n))}, ${dbl(num(r.share))})`;
  });
  if (values.length > 0) await ctx.db.exec(`INSERT INTO ${out('top_values')} VALUES ${values.join(',\n')}`);
}

interface HistSpec {
  col: Col;
  lo: number;
  hi: number;
  step: number;
  nbins: number;
  /** The upper edge of the last bin, when it is `hi` itself (equal-width and constant columns). */
  lastHi: number | null;
  format: 'num' | 'int' | 'date' | 'timestamp';
  binSql: string;
}

function histogramSpec(col: Col, s: Stats, bins: number): HistSpec | undefined {
  const { lo, hi } = s;
  if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi) || !col.num) return undefined;
  const isDate = /^DATE$/i.test(col.type);
  const isInt = INTEGER_TYPE.test(col.type.toUpperCase());
  const temporal = col.kind === 'temporal' ? (isDate ? 'date' : 'timestamp') : undefined;
  const x = col.num;
  const base = { col, lo, hi, format: temporal ?? 'num' } as const;
  if (lo === hi)
    return { ...base, format: temporal ?? (isInt ? 'int' : 'num'), step: 0, nbins: 1, lastHi: hi, binSql: '0' };
  const unit = isInt ? 1 : isDate ? 86_400 : undefined;
  if (unit !== undefined && (hi - lo) / unit + 1 <= bins) {
    const nbins = Math.round((hi - lo) / unit) + 1;
    const binSql = `CAST(round((${x} - ${dbl(lo)}) / ${dbl(unit)}) AS BIGINT)`;
    return { ...base, format: temporal ?? 'int', step: unit, nbins, lastHi: null, binSql };
  }
  /** Equal-width bins; integer columns' edges are fractional, so they are written as numbers. */
  return {
    ...base,
    step: (hi - lo) / bins,
    nbins: bins,
    lastHi: hi,
    binSql: `LEAST(GREATEST(CAST(floor((${x} - ${dbl(lo)}) * ${bins} / ${dbl(hi - lo)}) AS BIGINT), 0), ${bins - 1})`,
  };
}

async function writeHistograms(ctx: OpContext, input: string, out: (t: string) => string, specs: HistSpec[]) {
  for (const batch of batches(specs)) {
    await writeHistogramsBatch(ctx, input, out, batch);
    ctx.signal.throwIfAborted();
  }
}

async function writeHistogramsBatch(ctx: OpContext, input: string, out: (t: string) => string, specs: HistSpec[]) {
  // One scan: every column's bin (NULL where the value is missing or not finite), unpivoted.
  const proj = specs
    .map(({ col, binSql }) => {
      const where = [`${col.sql} IS NOT NULL`, ...(col.finite ? [col.finite] : [])].join(' AND ');
      return `CASE WHEN ${where} THEN ${binSql} END AS "c${col.i}"`;
    })
    .join(', ');
  const counts = `SELECT CAST(substr(k, 2) AS INTEGER) AS i, bin, count(*) AS n
    FROM (UNPIVOT (SELECT ${proj} FROM ${input}) ON COLUMNS(*) INTO NAME k VALUE bin) GROUP BY ALL`;
  const rows = specs
    .map(
      (s) =>
        `(${s.col.i}, ${str(s.col.name)}, ${dbl(s.lo)}, ${dbl(s.step)}, ${s.nbins}, ${dbl(s.lastHi)}, ${literal(s.format)})`,
    )
    .join(', ');
  const edgeText = (e: string) => `CASE format
      WHEN 'num' THEN CAST(${e} AS VARCHAR)
      WHEN 'int' THEN coalesce(CAST(TRY_CAST(round(${e}) AS HUGEINT) AS VARCHAR), CAST(${e} AS VARCHAR))
      WHEN 'date' THEN strftime(make_timestamp(CAST(round(${e} * 1000000) AS BIGINT)), '%Y-%m-%d')
      ELSE strftime(make_timestamp(CAST(round(${e} * 1000000) AS BIGINT)), '%Y-%m-%d %H:%M:%S') END`;
  await ctx.db.exec(`
    INSERT INTO ${out('histograms')}
    WITH spec(i, name, lo, step, nbins, last_hi, format) AS (VALUES ${rows}),
    counts AS (${counts}),
    grid AS (
      SELECT i, name, format, bin, lo + bin * step AS lo_num,
             CASE WHEN bin = nbins - 1 AND last_hi IS NOT NULL THEN last_hi ELSE lo + (bin + 1) * step END AS hi_num
      FROM (SELECT *, unnest(range(nbins)) AS bin FROM spec)
    )
    SELECT grid.name, grid.bin, ${edgeText('grid.lo_num')}, ${edgeText('grid.hi_num')}, coalesce(counts.n, 0), grid.lo_num, grid.hi_num
    FROM grid LEFT JOIN counts ON counts.i = grid.i AND counts.bin = grid.bin
    ORDER BY grid.i, grid.bin`);
}

export const profileOp = defineOp({
  name: 'profile',
  title: 'Profile a table',
  description: 'Per-column statistics, inferred roles, histograms, top values and correlations.',
  params,
  needsInput: true,
  primaryTable: 'columns',
  stage: 'prepare',
  outputs: {
    columns: {
      description: 'one column: type, role, missing, spread and top value',
      columns: [
        'column',
        'type',
        'role',
        'count',
        'missing',
        'missing_pct',
        'distinct',
        'min',
        'max',
        'mean',
        'std',
        'q25',
        'q50',
        'q75',
        'top_value',
        'top_count',
        'kind',
      ],
    },
    histograms: {
      description: 'one numeric column × bin',
      columns: ['column', 'bin', 'lo', 'hi', 'count', 'lo_num', 'hi_num'],
    },
    top_values: {
      description: 'one text column × frequent value',
      columns: ['column', 'rank', 'value', 'count', 'share'],
    },
    correlations: { description: 'one pair of numeric columns: Pearson r', columns: ['a', 'b', 'r'] },
  },
  columns: { columns: { list: true } },
  async run(ctx, step, p) {
    const input = step.inputSql!;
    const all = step.inputColumns ?? (await tableColumns(ctx.db, input));
    let chosen = all;
    if (p.columns) {
      const byName = new Map(all.map((c) => [c.name, c]));
      p.columns.forEach((name, i) => {
        if (!byName.has(name))
          throw stepError(
            step.id,
            `columns[${i}]`,
            `column '${name}' not found (columns: ${all.map((x) => x.name).join(', ')})`,
          );
      });
      chosen = [...new Set(p.columns)].map((name) => byName.get(name)!);
    }
    const described = chosen.map(describeColumn);
    const out = (t: string) => `${step.schemaSql}.${ident(t)}`;
    for (const [t, ddl] of Object.entries(TABLES)) await ctx.db.exec(`CREATE OR REPLACE TABLE ${out(t)} (${ddl})`);

    ctx.progress({ message: 'sampling values to infer column roles', fraction: 0 });
    const roles = inferRoles(chosen, described.length > 0 ? await sampleValues(ctx, input, described) : {});
    ctx.signal.throwIfAborted();
    // Numbers that name customers or orders: a mean CustomerID or its correlation with Quantity means nothing.
    const cols = described.map((c): Col =>
      c.kind === 'numeric' && isIdColumn(c.name, roles[c.name])
        ? { ...c, kind: 'id', num: undefined, finite: undefined }
        : c,
    );

    ctx.progress({ message: `summarising ${cols.length} columns`, fraction: 0.2 });
    const numeric = cols.filter((c) => c.kind === 'numeric');
    const correlated = numeric.slice(0, MAX_CORRELATED_COLUMNS);
    const pairs = correlated.flatMap((a, j) => correlated.slice(j + 1).map((b): [Col, Col] => [a, b]));
    const { rows, stats, r } = await scanStats(ctx, input, cols, pairs);
    ctx.signal.throwIfAborted();

    ctx.progress({ message: 'counting top values', fraction: 0.5 });
    const { distinct, top } = await writeTopValues(ctx, input, out, cols, p.topValues);
    ctx.signal.throwIfAborted();

    if (cols.length > 0) {
      const values = cols.map((c, j) => {
        const s = stats[j]!;
        const t = top.get(c.i);
        const missing = rows - s.count;
        return `(${[
          str(c.name),
          str(c.type),
          str(roles[c.name] ?? null),
          big(s.count),
          big(missing),
          dbl(rows > 0 ? (100 * missing) / rows : null),
          big(distinct.get(c.i) ?? 0),
          str(s.min),
          str(s.max),
          dbl(s.mean),
          dbl(s.std),
          dbl(s.q[0]),
          dbl(s.q[1]),
          dbl(s.q[2]),
          str(t?.value ?? null),
          big(t?.count ?? null),
          str(c.kind),
        ].join(', ')})`;
      });
      await ctx.db.exec(`INSERT INTO ${out('columns')} VALUES ${values.join(',\n')}`);
    }
    if (pairs.length > 0) {
      const values = pairs.map(([a, b], k) => `(${str(a.name)}, ${str(b.name)}, ${dbl(r[k] ?? null)})`);
      await ctx.db.exec(`INSERT INTO ${out('correlations')} VALUES ${values.join(',\n')}`);
    }

    ctx.progress({ message: 'binning histograms', fraction: 0.75 });
    const specs = cols.flatMap((c, j) => histogramSpec(c, stats[j]!, p.bins) ?? []);
    await writeHistograms(ctx, input, out, specs);
    ctx.progress({ message: `profiled ${cols.length} columns of ${rows} rows`, fraction: 1 });

    const roleSummary: Record<string, Json> = {};
    for (const c of cols) {
      const role: Role | undefined = roles[c.name];
      if (role)
        Object.defineProperty(roleSummary, c.name, {
          value: role,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    const missingCells = stats.reduce((sum, s) => sum + (rows - s.count), 0);
    // An id missing in some rows: those rows belong to no customer (or item, or order) and every
    // analysis by that id leaves them out.
    const idMissing = cols.flatMap((c, j) => {
      const missing = rows - stats[j]!.count;
      return missing > 0 && isIdColumn(c.name, roles[c.name])
        ? [{ column: c.name, role: roles[c.name] ?? null, missing, missingPct: (100 * missing) / rows }]
        : [];
    });
    return {
      tables: ['columns', 'histograms', 'top_values', 'correlations'],
      summary: {
        rows,
        columns: cols.length,
        bytes: cols.length > 0 ? stats.reduce((sum, s) => sum + (s.bytes ?? 0), 0) : null,
        missingCells,
        numericColumns: numeric.length,
        temporalColumns: cols.filter((c) => c.kind === 'temporal').length,
        correlatedColumns: correlated.length,
        roles: roleSummary,
        idMissing,
        warnings: idMissing.map(
          (m) =>
            `id column '${m.column}' is missing in ${m.missingPct.toFixed(1)}% of rows (${m.missing.toLocaleString('en-US')}): analyses by ${m.column} leave those rows out`,
        ),
      },
    };
  },
});
