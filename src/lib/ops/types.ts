import type { z } from 'zod';
import type { Cell, ColumnInfo, DbConnector } from '../data/connector';
import type { TrainRequest, TrainResult, EpochLog } from '../protocol/training';

export interface Progress {
  step: string;
  message: string;
  /** 0..1 when known. */
  fraction?: number;
  /** Per-epoch training log, for live loss curves. */
  epoch?: EpochLog;
}

export interface Trainer {
  train(request: TrainRequest, onEpoch: (log: EpochLog) => void): Promise<TrainResult>;
}

export interface OpContext {
  db: DbConnector;
  trainer?: Trainer;
  progress(p: Omit<Progress, 'step'>): void;
  signal: AbortSignal;
}

export interface StepInput {
  id: string;
  /** The resolved SQL reference of the input table, e.g. `"events"` or `"rfm1"."rfm"`. */
  inputSql?: string;
  /** The input table's columns. */
  inputColumns?: ColumnInfo[];
  /** Schema to create output tables in (the step id). */
  schemaSql: string;
  /**
   * Column → role for the input table, as mapped in the data workspace (`recipe.roles`), followed
   * back through the steps that made it (a filter of `events` keeps `events`' roles).
   */
  roles?: Record<string, string>;
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
  /** The params that name input columns, checked against the input table before the op runs. */
  columnParams?(params: P): Array<[field: string, column: string | undefined]>;
  run(ctx: OpContext, step: StepInput, params: P): Promise<OpResult>;
  /** Ops that transform a table say what they would change before they run. */
  preview?(ctx: OpContext, step: StepInput, params: P): Promise<OpPreview>;
}

export function defineOp<P>(def: OpDef<P>): OpDef<P> {
  return def;
}
