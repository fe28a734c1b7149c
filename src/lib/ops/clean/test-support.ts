/** Test helpers for the cleaning ops: build exact tables in SQL, then preview and run one step. */
import type { NodeDuckDB } from '../../data/node-duckdb';
import type { Cell } from '../../data/connector';
import { ident } from '../../data/sql';
import { previewStep, runRecipe } from '../../recipe/engine';
import type { Report } from '../../recipe/report';
import type { OpPreview } from '../../core/step';

export interface StepSpec {
  id: string;
  op: string;
  input?: string;
  params?: Record<string, unknown>;
}

/** (Re)create source table `name` from a SELECT, so tests control types exactly. */
export async function table(db: NodeDuckDB, name: string, select: string): Promise<void> {
  await db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS ${select}`);
}

export function recipe(steps: StepSpec[], sources = ['t']) {
  return {
    version: 1,
    sources: sources.map((name) => ({ name, file: `${name}.csv` })),
    steps: steps.map((s) => ({ input: 't', params: {}, ...s })),
  };
}

/** Run the steps against already-created source tables. */
export function runSteps(db: NodeDuckDB, steps: StepSpec[], sources = ['t']): Promise<Report> {
  return runRecipe(recipe(steps, sources), { db, only: steps.map((s) => s.id) });
}

export function preview(db: NodeDuckDB, step: StepSpec, sources = ['t']): Promise<OpPreview> {
  return previewStep(recipe([step], sources), step.id, { db });
}

export async function rows(db: NodeDuckDB, sql: string): Promise<Record<string, Cell>[]> {
  return (await db.query(sql)).rows;
}

/** Preview a step, run it, and return both with the result table's rows and column types. */
export async function previewThenRun(db: NodeDuckDB, step: StepSpec, sources = ['t']) {
  const before = await preview(db, step, sources);
  const report = await runSteps(db, [step], sources);
  const entry = report.steps[step.id]!;
  if (entry.status !== 'ok') throw new Error(`step failed: ${entry.error?.message}`);
  const out = `${ident(step.id)}.${ident('data')}`;
  const types = Object.fromEntries(
    (await rows(db, `DESCRIBE ${out}`)).map((r) => [String(r.column_name), String(r.column_type)]),
  );
  return {
    preview: before,
    report,
    entry,
    summary: entry.summary!,
    rows: await rows(db, `SELECT * FROM ${out}`),
    types,
  };
}

/** The error a recipe run reports (the run must fail). */
export async function runError(db: NodeDuckDB, step: StepSpec, sources = ['t']): Promise<string | undefined> {
  return (await runSteps(db, [step], sources)).error;
}
