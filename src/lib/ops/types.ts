import type { z } from 'zod';
import type { ColumnInfo, DbConnector } from '../data/connector';
import type { Json } from '../core/json';
import type { EpochLog, OpPreview, Progress } from '../core/step';
import type {
  ChunkSource,
  ClassifierRequest,
  ClassifierResult,
  BackendName,
  FeatureChunk,
  ModelMeta,
} from '../protocol/training';
import type { ModelKindName, ModelKinds } from '../ml/models';
import type { Secrets } from '../privacy/secrets';
import type { Role } from '../data/roles';

/** The seven stages of a customer-behaviour analysis, in order; their titles and hints are UI text (`shell.stages`). */
export const STAGES = [
  { id: 'prepare' },
  { id: 'explore' },
  { id: 'features' },
  { id: 'train' },
  { id: 'test' },
  { id: 'apply' },
  { id: 'monitor' },
] as const;

export type StageId = (typeof STAGES)[number]['id'];

/** One table a step makes, in the step's schema (`<step id>.<table>`). */
export interface OutputTable {
  /** What a row is, in a few words. */
  description: string;
  /** Its columns, in order; where the op adds columns named by the data (features, one-hot levels, the input's own), those it always writes. */
  columns: string[];
  /** Made only when this holds (e.g. item labels when an item-label column is given). */
  when?: string;
}

/** A param that names another table the step reads (`itemTable`, `labelTable`, `reference`, …). */
export interface TableParam {
  /** The params naming that table's columns, with their roles; the template mapping fills them from the user's table. */
  keys?: Record<string, Role>;
  /** The step runs without it: the template mapping drops it when the user has no such table. */
  optional?: boolean;
}

/** One key figure of a step: what it is, its value (kept when a finite number), digits worth showing (default 3). */
export type KeyFigure = [label: string, value: unknown, digits?: number];

/** SQL reading a few rows of a step's table for the HTML report (`ref` is the table's SQL). */
export type ReportRead = (ref: string) => string;

export interface Trainer {
  /** train-classifier: rows are pulled from `source` chunk by chunk (streamed from DuckDB). */
  train(
    stepId: string,
    request: ClassifierRequest,
    source: ChunkSource,
    onEpoch: (log: EpochLog) => void,
  ): Promise<ClassifierResult>;
  /** Save the model `stepId` trained last to the model registry (absent where there is none). */
  saveModel?(
    stepId: string,
    meta: Omit<ModelMeta, 'id' | 'created' | 'backend'>,
  ): Promise<{ meta: ModelMeta; replaced: string | null }>;
  /** A saved model by id or name. */
  findModel?(ref: string): Promise<ModelMeta | undefined>;
  /** score: a saved model's probabilities for rows pulled chunk by chunk (index 0, 1, …). */
  score?(
    modelId: string,
    request: { nFeatures: number; backend: 'auto' | BackendName },
    source: (index: number) => Promise<FeatureChunk | null>,
  ): Promise<{ scores: Float32Array; backend: BackendName; backendReasons: string[] }>;
  /**
   * Train a model kind (ml/models: ncf, sequence, ranker, als, bpr) in the training worker; absent
   * where no worker can run it. The request's arrays move to the worker (detached here: copy what
   * you still need before sending), the result's move back.
   */
  run?<K extends ModelKindName>(
    kind: K,
    request: ModelKinds[K]['request'],
    onEpoch: (log: ModelKinds[K]['epoch']) => void,
  ): Promise<ModelKinds[K]['result']>;
}

export interface OpContext {
  db: DbConnector;
  trainer?: Trainer;
  /** Keyed-hashing secrets, by name; kept by the host (the compute worker's IndexedDB), never in a recipe. */
  secrets?: Secrets;
  progress(p: Omit<Progress, 'step'>): void;
  signal: AbortSignal;
}

export interface StepInput {
  id: string;
  /** The resolved SQL reference of the input table, e.g. `"events"` or `"rfm1"."rfm"`. */
  inputSql?: string;
  /** The input table's columns. */
  inputColumns?: ColumnInfo[];
  /**
   * Schema to create output tables in, unquoted (for `insertArrow`): a fresh one per run, whose
   * tables become the step's (`<step id>.<table>`) only when the op succeeds (recipe/step-tables.ts).
   */
  schema: string;
  /** `schema`, quoted for SQL. */
  schemaSql: string;
  /**
   * Column → role for the input table, as mapped in the data workspace (`recipe.roles`), followed
   * back through the steps that made it (a filter of `events` keeps `events`' roles).
   */
  roles?: Record<string, string>;
  /**
   * The steps the input table came from, nearest first (the step that made it, the step that made
   * that one's input, …), with their params and, where run, their report summary.
   */
  upstream?: UpstreamStep[];
}

export interface UpstreamStep {
  id: string;
  op: string;
  /** The table it read (a source or `step.table`). */
  input?: string;
  params: unknown;
  summary?: Record<string, Json>;
}

export interface OpResult {
  /** Tables created in the step's schema, primary first. */
  tables: string[];
  summary: Record<string, Json>;
  /** Backend that ran a training op, for the report. */
  backend?: { name: string; reasons: string[] };
}

/** What an op declares: everything about it, in its own folder. The registry derives every list from these. */
export interface OpSpec<P = unknown, T extends string = string> {
  name: string;
  title: string;
  description: string;
  params: z.ZodType<P>;
  needsInput: boolean;
  /** Where the op sits in an analysis (the stage navigation files its steps there). */
  stage: StageId;
  /** The tables a step of this op makes, by name. */
  outputs: Record<T, OutputTable>;
  /** The table a later step gets when its `input` names only this step (one of `outputs`). */
  primaryTable: NoInfer<T>;
  /**
   * The params that name input columns, each once with its role: the engine checks them against the
   * input table before the op runs, and the template mapping screen fills them from the roles mapped
   * on the user's tables.
   */
  columns?: ColumnSpecs<P>;
  /** The params that name another table the step reads: staleness follows them, the template mapping fills them. */
  tableParams?: Record<string, TableParam>;
  /** What the HTML report reads of this op's tables: a few rows each, by table name. */
  reportReads?: Partial<Record<T, ReportRead>>;
  /**
   * When the recipe runs again on new data (the Monitor stage): `replay` what the last run fitted
   * (`summary.fitted` → `params.fitted`), `retrain` (its `save` is dropped), or `refit` (said in the
   * UI); absent: it runs as it is.
   */
  onNewData?: 'replay' | 'retrain' | 'refit';
  /** Its primary table is kept as the "before" side of the drift comparison on new data. */
  driftSnapshot?: boolean;
  /** The figures of its summary worth comparing between runs, with the digits that make a difference (report/metrics.ts). */
  keyFigures?(summary: Record<string, Json>): KeyFigure[];
  run(ctx: OpContext, step: StepInput, params: P): Promise<OpResult>;
  /** Ops that transform a table say what they would change before they run. */
  preview?(ctx: OpContext, step: StepInput, params: P): Promise<OpPreview>;
}

/** A registered op: its spec, with what the engine derives from it. */
export interface OpDef<P = unknown, T extends string = string> extends OpSpec<P, T> {
  /** The params that name input columns, `[field, column]`, checked against the input table before the op runs (from `columns`). */
  columnParams(params: P): Array<[field: string, column: string | undefined]>;
}

/** One column param of an op. */
export interface ColumnSpec<P> {
  /** The role of the column it names (absent for columns an earlier op made, e.g. a score or a feature). */
  role?: Role;
  /** The param is a list of columns: `field[0]`, `field[1]`… */
  list?: boolean;
  /** The param is a record keyed by column (`{ amount: 'DOUBLE' }`): `field.<column>`. */
  keys?: boolean;
  /** The columns are inside the param's value, a list at `path` (of objects whose `item` is the column): `field.path.0[.item]`. */
  inside?: { path: string; item?: string };
  /** Columns the user names (a list to clean, to hash…): the template mapping keeps them as written. */
  byName?: boolean;
  /** The op cannot run without it, whether given or found by its role (`amount` is also met by quantity and price). */
  required?: boolean;
  /** The param names an input column only when this holds (e.g. the label is not in another table). */
  when?(params: P): boolean;
}

export type ColumnSpecs<P> = Record<string, ColumnSpec<P>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `columnParams` from the declared column params: `[field, column]`, a list as `field[i]`, `null` as absent. */
export function columnParamsOf<P>(
  columns: ColumnSpecs<P>,
  params: P,
): Array<[field: string, column: string | undefined]> {
  const out: Array<[string, string | undefined]> = [];
  const name = (c: unknown) => (typeof c === 'string' ? c : undefined);
  for (const [field, spec] of Object.entries(columns)) {
    if (spec.when && !spec.when(params)) continue;
    const value = (params as Record<string, unknown>)[field];
    if (spec.inside) {
      const { path, item } = spec.inside;
      const list = isRecord(value) && Array.isArray(value[path]) ? (value[path] as unknown[]) : [];
      list.forEach((c, i) =>
        item
          ? out.push([`${field}.${path}.${i}.${item}`, name(isRecord(c) ? c[item] : undefined)])
          : out.push([`${field}.${path}.${i}`, name(c)]),
      );
    } else if (spec.keys) for (const c of Object.keys(isRecord(value) ? value : {})) out.push([`${field}.${c}`, c]);
    else if (spec.list) (Array.isArray(value) ? value : []).forEach((c, i) => out.push([`${field}[${i}]`, name(c)]));
    else out.push([field, name(value)]);
  }
  return out;
}

/** The op keeps its schema's own type (`params: S`), so a panel can type the params it builds: `z.input<typeof xOp.params>`. */
export function defineOp<P, T extends string, S extends z.ZodType<P> = z.ZodType<P>>(
  spec: OpSpec<P, T> & { params: S },
): OpDef<P, T> & { params: S } {
  const columns = spec.columns ?? {};
  return { ...spec, columnParams: (p) => columnParamsOf(columns, p) };
}
