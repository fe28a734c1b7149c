/**
 * What every data-cleaning op shares. A cleaning op reads its input table and writes a new table
 * `"<stepId>"."data"`, leaving the input as it was (undo = drop the step). Each op only *plans*:
 * it checks its params against the input (running validation queries where needed) and returns
 * the result as one SELECT plus aggregate counts over the input. `run` materialises the SELECT;
 * `preview` runs the same SQL as subqueries and creates nothing, so the two always agree.
 */
import type { z } from 'zod';
import type { Cell, ColumnInfo } from '../../data/connector';
import { countRows } from '../../data/connector';
import { ident } from '../../data/sql';
import { RecipeError, oneLine, stepError } from '../../core/errors';
import { defineOp, type ColumnSpecs, type OpContext, type OpDef, type OpResult, type StepInput } from '../types';
import type { Json } from '../../core/json';
import type { OpPreview } from '../../core/step';

/** The table every cleaning op writes in its step's schema. */
export const OUTPUT_TABLE = 'data';
const SAMPLE_ROWS = 5;

/** A cleaning step's resolved input. */
export interface CleanInput {
  stepId: string;
  /** SQL reference of the input table. */
  sql: string;
  columns: ColumnInfo[];
}

export interface CleanPlan {
  /** The result rows: one SELECT over the input (may start with WITH). */
  sql: string;
  /** Aggregate expressions evaluated once over `countsFrom` (default: the input), e.g. values that change. */
  counts?: string[];
  countsFrom?: string;
  /** Turn the counts (in the order of `counts`) into what changed. */
  describe?(counts: number[]): Described;
  addedColumns?: string[];
  /** Facts known while planning. */
  notes?: string[];
  summary?: Record<string, Json>;
}

export interface Described {
  changedValues?: Record<string, number>;
  notes?: string[];
  summary?: Record<string, Json>;
}

interface CleanOpDef<P> {
  name: string;
  title: string;
  description: string;
  params: z.ZodType<P>;
  /** The input columns it names (checked before it runs); the user names them, so the template mapping keeps them. */
  columns?: ColumnSpecs<P>;
  plan(ctx: OpContext, input: CleanInput, params: P): Promise<CleanPlan>;
}

/** A cleaning op: `run` and `preview` both come from the op's plan. */
export function cleanOp<P, S extends z.ZodType<P> = z.ZodType<P>>(
  def: CleanOpDef<P> & { params: S },
): OpDef<P> & { params: S } {
  const { plan, ...rest } = def;
  return defineOp<P, typeof OUTPUT_TABLE, S>({
    ...rest,
    needsInput: true,
    stage: 'prepare',
    outputs: { [OUTPUT_TABLE]: { description: "the input's rows and columns, cleaned", columns: [] } },
    primaryTable: OUTPUT_TABLE,
    async run(ctx, step, params) {
      const input = cleanInput(step);
      ctx.progress({ message: 'checking the step against its input' });
      const p = await plan(ctx, input, params);
      ctx.progress({ message: `writing ${step.id}.${OUTPUT_TABLE}` });
      return runPlan(ctx, step, input, p);
    },
    async preview(ctx, step, params) {
      const input = cleanInput(step);
      return previewPlan(ctx, input, await plan(ctx, input, params));
    },
  });
}

function cleanInput(step: StepInput): CleanInput {
  if (!step.inputSql || !step.inputColumns) throw stepError(step.id, 'input', 'this op needs an input table');
  return { stepId: step.id, sql: step.inputSql, columns: step.inputColumns };
}

async function runPlan(ctx: OpContext, step: StepInput, input: CleanInput, plan: CleanPlan): Promise<OpResult> {
  const out = `${step.schemaSql}.${ident(OUTPUT_TABLE)}`;
  await guard(input.stepId, () => ctx.db.exec(`CREATE OR REPLACE TABLE ${out} AS\n${plan.sql}`));
  const rowsIn = await countRows(ctx.db, input.sql);
  const rowsOut = await countRows(ctx.db, out);
  const described = await describePlan(ctx, input, plan);
  return {
    tables: [OUTPUT_TABLE],
    summary: {
      rowsIn,
      rowsOut,
      rowsRemoved: rowsIn - rowsOut,
      ...(described.changedValues ? { changedValues: described.changedValues } : {}),
      ...(plan.addedColumns ? { addedColumns: plan.addedColumns } : {}),
      notes: described.notes,
      ...plan.summary,
      ...described.summary,
    },
  };
}

async function previewPlan(ctx: OpContext, input: CleanInput, plan: CleanPlan): Promise<OpPreview> {
  const counts = await guard(input.stepId, () =>
    ctx.db.query(
      `SELECT (SELECT count(*) FROM ${input.sql})::DOUBLE AS rows_in, (SELECT count(*) FROM (\n${plan.sql}\n))::DOUBLE AS rows_out`,
    ),
  );
  const sample = await guard(input.stepId, () => ctx.db.query(`SELECT * FROM (\n${plan.sql}\n) LIMIT ${SAMPLE_ROWS}`));
  const described = await describePlan(ctx, input, plan);
  const preview: OpPreview = {
    rowsIn: Number(counts.rows[0]?.rows_in ?? 0),
    rowsOut: Number(counts.rows[0]?.rows_out ?? 0),
    sample: sample.rows as Record<string, Cell>[],
    notes: described.notes,
  };
  if (described.changedValues) preview.changedValues = described.changedValues;
  if (plan.addedColumns) preview.addedColumns = plan.addedColumns;
  return preview;
}

async function describePlan(
  ctx: OpContext,
  input: CleanInput,
  plan: CleanPlan,
): Promise<Described & { notes: string[] }> {
  let counts: number[] = [];
  if (plan.counts?.length) {
    const select = plan.counts.map((c, i) => `(${c})::DOUBLE AS c${i}`).join(', ');
    const res = await guard(input.stepId, () => ctx.db.query(`SELECT ${select} FROM ${plan.countsFrom ?? input.sql}`));
    const row = res.rows[0] ?? {};
    counts = plan.counts.map((_, i) => Number(row[`c${i}`] ?? 0));
  }
  const described = plan.describe?.(counts) ?? {};
  return { ...described, notes: [...(plan.notes ?? []), ...(described.notes ?? [])] };
}

/** DuckDB's errors carry the statement and a caret on later lines; the first line says what is wrong. */
export function firstLine(err: unknown): string {
  return oneLine(err);
}

/** Run SQL the op built; a DuckDB failure becomes an error that names the step. */
async function guard<T>(stepId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RecipeError) throw err;
    throw stepError(stepId, undefined, firstLine(err));
  }
}

/**
 * Check a user's SQL fragment (a predicate or an expression) before it is wrapped in a query:
 * no `;` anywhere, and parentheses balanced outside strings, quoted names and comments, so the
 * fragment cannot close the parentheses it is placed in. Returns the problem, or undefined.
 */
export function sqlFragmentProblem(sql: string): string | undefined {
  if (sql.trim() === '') return 'is empty';
  if (sql.includes(';')) return "must be a single SQL expression without ';'";
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i, ch);
      if (end < 0) return `has an unterminated ${ch === "'" ? 'string' : 'quoted name'}`;
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return 'has an unterminated /* comment';
      i = end + 1;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return "has a ')' without a matching '('";
  }
  return depth > 0 ? "has a '(' without a matching ')'" : undefined;
}

function closingQuote(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] !== quote) continue;
    if (sql[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}

/** A user SQL fragment placed on its own lines, so a trailing `--` comment cannot swallow the rest. */
export function fragment(sql: string): string {
  return `(\n${sql}\n)`;
}

const INTEGER_TYPES = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
]);

export function isIntegerType(type: string): boolean {
  return INTEGER_TYPES.has(type);
}

export function isNumericType(type: string): boolean {
  return isIntegerType(type) || type === 'FLOAT' || type === 'DOUBLE' || /^DECIMAL\(\d+,\s*\d+\)$/.test(type);
}

export function isTextType(type: string): boolean {
  return type === 'VARCHAR';
}

/** The input column's DuckDB type (the engine has already checked that the column exists). */
export function columnType(input: CleanInput, name: string): string {
  const col = input.columns.find((c) => c.name === name);
  if (!col) throw stepError(input.stepId, 'columns', `column '${name}' not found`);
  return col.type;
}

/** DuckDB column names are case-insensitive: the input column a new name would collide with. */
export function collidingColumn(input: CleanInput, name: string): ColumnInfo | undefined {
  const lower = name.toLowerCase();
  return input.columns.find((c) => c.name.toLowerCase() === lower);
}

/** A name for a helper column that no input column uses. */
export function freshName(input: CleanInput, base: string): string {
  let name = base;
  for (let i = 1; collidingColumn(input, name); i++) name = `${base}_${i}`;
  return name;
}

/** The same column named twice is a mistake worth saying. */
export function assertDistinct(stepId: string, field: string, columns: string[]): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw stepError(stepId, field, `column '${c}' is named twice`);
    seen.add(c);
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** JSON-safe text for a value quoted in a message. */
export function quoteValue(v: Cell | undefined): string {
  return v === null || v === undefined ? 'NULL' : `'${String(v)}'`;
}
