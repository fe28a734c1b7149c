/**
 * Pieces of train-classifier and score that are not the training itself: the evaluation on the
 * test part (curves.ts, metrics.ts, as scikit-learn defines them), the result tables, the
 * transforms behind the input (from its lineage), and the data fingerprint saved with a model.
 */
import { ident } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { typedColumnsToIPC } from '../../ml/batches';
import { atThreshold, averagePrecision, calibration, curves, type CurvePoint } from '../../ml/curves';
import { auc, logLoss } from '../../ml/metrics';
import { FITTED_TRANSFORM, type FittedTransform } from '../../features/transform';
import { SPLIT_PARTS, type SplitPart } from '../../protocol/training';
import type { OpContext, StepInput, UpstreamStep } from '../types';

/** Most points a curve table keeps (the UI draws them; 200 are plenty for a smooth line). */
export const MAX_CURVE_POINTS = 200;

/** Evenly spaced points of a curve, always keeping the first and the last. */
export function downsample<T>(points: T[], max = MAX_CURVE_POINTS): T[] {
  if (points.length <= max) return points;
  return Array.from({ length: max }, (_, k) => points[Math.round((k * (points.length - 1)) / (max - 1))]!);
}

export interface Evaluation {
  metrics: {
    auc: number;
    prAuc: number;
    logLoss: number;
    accuracy: number;
    precision: number;
    recall: number;
    f1: number;
    threshold: number;
  };
  confusion: { tp: number; fp: number; tn: number; fn: number };
  roc: Array<{ threshold: number | null; fpr: number; tpr: number }>;
  pr: Array<{ threshold: number | null; recall: number; precision: number }>;
  calibration: Array<{ bin: number; predicted: number; observed: number; count: number }>;
}

/** Test-set evaluation at `threshold` (predict positive when score ≥ threshold). */
export function evaluate(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Evaluation {
  const at = atThreshold(scores, labels, threshold);
  const points: CurvePoint[] = curves(scores, labels);
  return {
    metrics: {
      auc: auc(scores, labels),
      prAuc: averagePrecision(scores, labels),
      logLoss: logLoss(scores, labels),
      accuracy: at.accuracy,
      precision: at.precision,
      recall: at.recall,
      f1: at.f1,
      threshold,
    },
    confusion: { tp: at.tp, fp: at.fp, tn: at.tn, fn: at.fn },
    // Both curves start where sklearn's do: ROC at (0, 0) (threshold +inf), PR at recall 0, precision 1.
    roc: downsample([
      { threshold: null, fpr: 0, tpr: 0 },
      ...points.map((p) => ({ threshold: p.threshold, fpr: p.fpr, tpr: p.tpr })),
    ]),
    pr: downsample([
      { threshold: null, recall: 0, precision: 1 },
      ...points.map((p) => ({ threshold: p.threshold, recall: p.recall, precision: p.precision })),
    ]),
    calibration: calibration(scores, labels, 10),
  };
}

/** Write a small table (rows as objects) into the step's schema, replacing an older one. */
export async function writeRows(
  ctx: OpContext,
  step: StepInput,
  name: string,
  columns: string[],
  rows: Record<string, unknown>[],
  integers: string[] = [],
): Promise<void> {
  const table = `${step.schemaSql}.${ident(name)}`;
  await ctx.db.exec(`DROP TABLE IF EXISTS ${table}`);
  await ctx.db.insertArrow(step.schema, name, rowsToIPC(columns, rows));
  for (const col of integers) await ctx.db.exec(`ALTER TABLE ${table} ALTER ${ident(col)} SET DATA TYPE INTEGER`);
}

/**
 * `predictions(entity, label, score, split)` for every row: the scores (in chunk order per part)
 * go to DuckDB as typed columns and are joined back to the rows' entity and label there.
 */
export async function writePredictions(
  ctx: OpContext,
  step: StepInput,
  dataSql: string,
  scores: Record<SplitPart, Float32Array>,
): Promise<void> {
  const n = SPLIT_PARTS.reduce((s, p) => s + scores[p].length, 0);
  const [part, pos, score] = [new Int32Array(n), new Int32Array(n), new Float64Array(n)];
  let at = 0;
  SPLIT_PARTS.forEach((name, k) =>
    scores[name].forEach((s, i) => {
      [part[at], pos[at], score[at]] = [k, i, s];
      at++;
    }),
  );
  const tmp = `${step.schemaSql}.${ident('_scores')}`;
  await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp}`);
  await ctx.db.insertArrow(step.schema, '_scores', typedColumnsToIPC({ part, pos, score }));
  const names = SPLIT_PARTS.map((p, k) => `WHEN ${k} THEN '${p}'`).join(' ');
  await ctx.db.exec(`CREATE OR REPLACE TABLE ${step.schemaSql}.${ident('predictions')} AS
    SELECT d.e AS entity, d.y::INTEGER AS label, s.score, CASE d.part ${names} END AS split
    FROM ${dataSql} d JOIN ${tmp} s USING (part, pos) ORDER BY d.part, d.pos`);
  await ctx.db.exec(`DROP TABLE ${tmp}`);
}

/** Ops that only drop columns (or rows): a transform further up still describes the features. */
const PASS_THROUGH = new Set(['select']);

/**
 * The fitted transforms that produced the input's columns, earliest first, read from the lineage:
 * consecutive `transform` steps (a `select` between them is fine). Their numbers come from the
 * step's report (`summary.fitted`) or, for a replaying step, its `params.fitted`. `unknown` names
 * a transform whose numbers this run does not have (it ran in an earlier session).
 */
export function lineageTransforms(
  upstream: UpstreamStep[] | undefined,
): { input: string; fitted: FittedTransform[] } | { unknown: string } | null {
  const fitted: FittedTransform[] = [];
  let input: string | undefined;
  for (const u of upstream ?? []) {
    if (u.op === 'transform') {
      const raw = u.summary?.fitted ?? (u.params as { fitted?: unknown } | undefined)?.fitted;
      const parsed = FITTED_TRANSFORM.safeParse(raw);
      if (!parsed.success) return { unknown: u.id };
      fitted.unshift(parsed.data);
      input = u.input;
    } else if (!PASS_THROUGH.has(u.op)) break;
  }
  return input && fitted.length ? { input, fitted } : null;
}

/** Hex SHA-256 of a string (WebCrypto: in the workers and in Node ≥ 20). */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Row count, a hash of the column names and types, and a hash of the first 50 usable rows in stable order. */
export async function fingerprint(
  ctx: OpContext,
  step: StepInput,
  dataSql: string,
  rows: number,
): Promise<{ rows: number; columns: string; sample: string }> {
  const columns = (step.inputColumns ?? []).map((c) => `${c.name} ${c.type}`).join('\n');
  const sample = await ctx.db.query(`SELECT * EXCLUDE (part, pos) FROM ${dataSql} ORDER BY rn LIMIT 50`);
  return { rows, columns: await sha256(columns), sample: await sha256(JSON.stringify(sample.rows)) };
}
