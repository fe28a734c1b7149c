import type { z } from 'zod';
import type { Cell, ColumnInfo, DbConnector } from '../data/connector';
import type {
  ChunkSource,
  ClassifierRequest,
  ClassifierResult,
  EpochLog,
  BackendName,
  FeatureChunk,
  ModelMeta,
} from '../protocol/training';
import type { ModelKindName, ModelKinds } from '../ml/models';
import type { Secrets } from '../privacy/secrets';
import type { Role } from '../data/roles';

export interface Progress {
  step: string;
  message: string;
  /** 0..1 when known. */
  fraction?: number;
  /** Per-epoch training log, for live loss curves. */
  epoch?: EpochLog;
}

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

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface OpResult {
  /** Tables created in the step's schema, primary first. */
  tables: string[];
  summary: Record<string, Json>;
  /** Backend that ran a training op, for the report. */
  backend?: { name: string; reasons: string[] };
}

/** What a step would do, computed without creating anything (for "preview before apply"). */
export interface OpPreview {
  rowsIn: number;
  rowsOut: number;
  /** Values changed per column (imputed, clipped, trimmed, cast…), where the op changes values. */
  changedValues?: Record<string, number>;
  /** New columns the step would add. */
  addedColumns?: string[];
  /** A few rows of the result, JSON-safe. */
  sample?: Record<string, Cell>[];
  /** Anything else worth saying in one line, e.g. "3 rows could not be parsed as dates". */
  notes?: string[];
}

export interface OpDef<P = unknown> {
  name: string;
  title: string;
  description: string;
  params: z.ZodType<P>;
  needsInput: boolean;
  /** The table a later step gets when its `input` names only this step. */
  primaryTable: string;
  /**
   * The params that name input columns, each once with its role: the engine checks them against the
   * input table before the op runs (`columnParams` is derived from this), and the template mapping
   * screen fills them from the roles mapped on the user's tables.
   */
  columns?: ColumnSpecs<P>;
  /** The params that name input columns, checked against the input table before the op runs (derived from `columns` where declared). */
  columnParams?(params: P): Array<[field: string, column: string | undefined]>;
  run(ctx: OpContext, step: StepInput, params: P): Promise<OpResult>;
  /** Ops that transform a table say what they would change before they run. */
  preview?(ctx: OpContext, step: StepInput, params: P): Promise<OpPreview>;
}

/** One column param of an op. */
export interface ColumnSpec<P> {
  /** The role of the column it names (absent for columns an earlier op made, e.g. a score or a feature). */
  role?: Role;
  /** The param is a list of columns: `field[0]`, `field[1]`… */
  list?: boolean;
  /** The op cannot run without it, whether given or found by its role (`amount` is also met by quantity and price). */
  required?: boolean;
  /** The param names an input column only when this holds (e.g. the label is not in another table). */
  when?(params: P): boolean;
}

export type ColumnSpecs<P> = Record<string, ColumnSpec<P>>;

/** `columnParams` from the declared column params: `[field, column]`, a list as `field[i]`, `null` as absent. */
export function columnParamsOf<P>(
  columns: ColumnSpecs<P>,
  params: P,
): Array<[field: string, column: string | undefined]> {
  const out: Array<[string, string | undefined]> = [];
  for (const [field, spec] of Object.entries(columns)) {
    if (spec.when && !spec.when(params)) continue;
    const value = (params as Record<string, unknown>)[field];
    if (spec.list)
      (Array.isArray(value) ? value : []).forEach((c, i) =>
        out.push([`${field}[${i}]`, typeof c === 'string' ? c : undefined]),
      );
    else out.push([field, typeof value === 'string' ? value : undefined]);
  }
  return out;
}

export function defineOp<P>(def: OpDef<P>): OpDef<P> {
  const columns = def.columns;
  if (columns && !def.columnParams) return { ...def, columnParams: (p) => columnParamsOf(columns, p) };
  return def;
}
