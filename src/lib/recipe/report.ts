import type { Json } from '../core/json';
import type { ColumnInfo } from '../data/connector';
import type { Recipe } from './schema';
import type { ErrorInfo } from '../core/errors';

/** `cancelled`: the user stopped it; neutral, not a failure (its results, if any, are incomplete). */
export type StepStatus = 'ok' | 'error' | 'skipped' | 'cancelled';

export interface TableInfo {
  rows: number;
  columns: ColumnInfo[];
}

export interface StepReport {
  op: string;
  /** What ran: the step's op, input and params (`stepDefinition`); an edit since makes the result stale. */
  definition?: string;
  /** What its tables were computed from (`stepBasis`): a hash of the upstream definitions and source files. */
  basis?: string;
  /** A source's file, as `fileFingerprint` tells files apart (name, size, last modified). */
  fingerprint?: string;
  status: StepStatus;
  startedAt: string;
  ms: number;
  rowsIn?: number;
  rowsOut?: number;
  summary?: Record<string, Json>;
  /** Tables produced, by recipe reference (`events`, `rfm1.rfm`). */
  tables: Record<string, TableInfo>;
  backend?: { name: string; reasons: string[] };
  error?: ErrorInfo;
}

export interface Report {
  app: { name: 'custodian'; version: string };
  /** `cancelled`: the user stopped the run and nothing failed before. */
  status: 'ok' | 'error' | 'cancelled';
  /** The first error, one line, when status is error. */
  error?: string;
  recipe: Recipe | unknown;
  environment: Record<string, Json>;
  startedAt: string;
  ms: number;
  /** Sources (op `load`) and steps, in run order. */
  steps: Record<string, StepReport>;
  egress: { offOrigin: string[] };
}
