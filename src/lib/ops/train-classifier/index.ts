/**
 * `train-classifier`: a binary propensity / churn / default classifier (logistic regression or an
 * MLP, TF.js in the training worker) on the numeric columns of a customer feature matrix. The
 * label may live in another table (joined on `key` = `labelKey`).
 *
 * Rows stream from DuckDB in chunks (src/lib/ml/batches.ts): usable rows (a label and every
 * feature finite) are ordered by (entity, label, features), split seeded and stratified into
 * train / validation / test, standardised with the training part's mean and population sd, and
 * pulled chunk by chunk by the training worker. Evaluation is on the test part; permutation
 * importance (ROC-AUC drop, seeded) on up to `importanceRows` test rows.
 *
 * Tables: history(epoch, loss, val_loss, val_auc) · predictions(entity, label, score, split) ·
 * roc(threshold, fpr, tpr) · pr(threshold, recall, precision) (≤ 200 points each) ·
 * calibration(bin, predicted, observed, count) · importance(feature, importance, sd).
 * With `save`, the model goes to the registry (IndexedDB) with what scoring it needs later.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { NUMERIC_TYPE } from '../../data/sql';
import { inferRoles } from '../../data/roles';
import { isIdLikeName } from '../../features/transform';
import { stepError } from '../../core/errors';
import { BACKENDS, type ClassifierRequest, type ModelMeta } from '../../protocol/training';
import { splitRows } from '../../ml/batches';
import { labelFields, labelSource, LABEL_SQL, LABEL_TABLE_PARAM } from '../shared/binary-label';
import { evaluate, fingerprint, lineageTransforms, writePredictions, writeRows } from '../shared/classifier-output';
import { defineOp, type StepInput } from '../types';
import type { Json } from '../../core/json';

const fraction = z.number().gt(0).lt(0.5);
const params = z
  .strictObject({
    /** Default: every numeric column but the label, the key / entity, id-like and label-like columns. */
    features: z.array(z.string().min(1)).min(1).optional(),
    ...labelFields,
    /** The id column copied to predictions.entity (default: `key`, else a customer-id-like column). */
    entity: z.string().min(1).optional(),
    model: z.enum(['logistic', 'mlp']).default('mlp'),
    /** MLP hidden layer sizes. */
    hidden: z.array(z.number().int().min(1).max(4096)).max(8).optional(),
    dropout: z.number().min(0).lt(1).default(0.1),
    /** L2 penalty on the weights (loss + l2 · Σ w²). */
    l2: z.number().min(0).max(1).default(0),
    epochs: z.number().int().min(1).max(1000).default(60),
    batchSize: z.number().int().min(1).max(65_536).default(64),
    learningRate: z.number().gt(0).max(1).default(0.01),
    patience: z.number().int().min(1).default(8),
    /** 'balanced' (n / (2 · n_class), as scikit-learn), 'none', or weights per class. */
    classWeight: z
      .union([z.enum(['balanced', 'none']), z.strictObject({ 0: z.number().positive(), 1: z.number().positive() })])
      .optional(),
    split: z
      .strictObject({
        test: fraction.default(0.2),
        validation: fraction.default(0.1),
        seed: z.number().int().default(42),
      })
      .optional(),
    threshold: z.number().gt(0).lt(1).default(0.5),
    importanceRepeats: z.number().int().min(0).max(50).default(5),
    importanceRows: z.number().int().min(10).max(1_000_000).default(5000),
    backend: z.enum(['auto', ...BACKENDS]).default('auto'),
    /** Save the model in the registry under this name (replacing one of the same name). */
    save: z.string().trim().min(1).max(120).optional(),
  })
  .refine((p) => (p.labelTable === undefined) === (p.key === undefined), {
    message: '`labelTable` and `key` go together',
    path: ['key'],
  })
  .refine((p) => p.model === 'mlp' || !p.hidden?.length, {
    message: "a logistic model has no hidden layers: remove `hidden` or use model 'mlp'",
    path: ['hidden'],
  });

export type TrainClassifierParams = z.infer<typeof params>;

/** Roles whose columns are never default features: ids, the label, personal data. */
const NOT_FEATURES = new Set([
  'customer',
  'item',
  'basket',
  'label',
  'pii_name',
  'pii_email',
  'pii_phone',
  'pii_address',
]);

export const trainClassifierOp = defineOp({
  name: 'train-classifier',
  title: 'Train a classifier',
  description:
    'Binary propensity / churn classifier (logistic or MLP, TF.js) with ROC/PR, calibration, importance and a model registry.',
  params,
  needsInput: true,
  primaryTable: 'history',
  onNewData: 'retrain',
  stage: 'train',
  outputs: {
    history: {
      description: 'one epoch: training and validation loss, validation AUC',
      columns: ['epoch', 'loss', 'val_loss', 'val_auc'],
    },
    predictions: { description: 'one row: its label, score and split', columns: ['entity', 'label', 'score', 'split'] },
    roc: { description: 'one threshold: the ROC curve on the test split', columns: ['threshold', 'fpr', 'tpr'] },
    pr: {
      description: 'one threshold: the precision–recall curve on the test split',
      columns: ['threshold', 'recall', 'precision'],
    },
    calibration: {
      description: 'one bin: predicted against observed rate',
      columns: ['bin', 'predicted', 'observed', 'count'],
    },
    importance: { description: 'one feature: permutation importance', columns: ['feature', 'importance', 'sd'] },
  },
  tableParams: LABEL_TABLE_PARAM,
  reportReads: {
    roc: (t) => `SELECT fpr, tpr FROM ${t} ORDER BY fpr, tpr`,
    pr: (t) => `SELECT recall, precision FROM ${t} ORDER BY recall, precision DESC`,
    history: (t) => `SELECT epoch, loss, val_loss, val_auc FROM ${t} ORDER BY epoch`,
    importance: (t) => `SELECT feature, importance FROM ${t} ORDER BY importance DESC, feature LIMIT 15`,
    calibration: (t) => `SELECT bin, predicted, observed, count FROM ${t} ORDER BY bin`,
  },
  columns: {
    features: { list: true },
    label: { role: 'label', required: true, when: (p) => !p.labelTable },
    key: { role: 'customer', when: (p) => p.labelTable !== undefined },
    entity: { role: 'customer' },
  },
  keyFigures: (s) => [
    ['test AUC', s.auc ?? s.testAuc, 3],
    ['PR-AUC', s.prAuc, 3],
    ['log loss', s.logLoss ?? s.testLogLoss, 3],
    ['F1', s.f1, 3],
  ],
  async run(ctx, step, p) {
    if (!ctx.trainer) throw new Error('no training worker is available');
    const started = performance.now();
    const split = p.split ?? { test: 0.2, validation: 0.1, seed: 42 };
    const features = chooseFeatures(step, p);
    const entity = p.entity ?? p.key ?? guessEntity(step);
    const { label, from } = await labelSource(ctx, step, p);
    const featureSql = features.map((f, i) => `TRY_CAST(i.${ident(f)} AS DOUBLE) AS f${i}`).join(', ');
    const complete = features.map((_, i) => `f${i} IS NOT NULL AND isfinite(f${i})`).join(' AND ');
    const base = `SELECT ${entity ? `CAST(i.${ident(entity)} AS VARCHAR)` : 'NULL::VARCHAR'} AS e, (${LABEL_SQL(label)})::DOUBLE AS y, ${featureSql} FROM ${from}`;
    const counts =
      (
        await ctx.db
          .query(`SELECT count(*)::DOUBLE AS total, count(*) FILTER (WHERE y IS NOT NULL AND ${complete})::DOUBLE AS usable,
      count(*) FILTER (WHERE y = 1 AND ${complete})::DOUBLE AS positives FROM (${base})`)
      ).rows[0] ?? {};
    const [total, usable, positives] = [
      Number(counts.total ?? 0),
      Number(counts.usable ?? 0),
      Number(counts.positives ?? 0),
    ];
    if (usable < 20)
      throw stepError(step.id, undefined, `only ${usable} rows have a label and all features; at least 20 are needed`);
    if (positives === 0 || positives === usable)
      throw stepError(step.id, 'label', `has only one class (${positives === 0 ? 0 : 1}) in the ${usable} usable rows`);

    ctx.progress({ message: `splitting ${usable} rows × ${features.length} features`, fraction: 0 });
    const rows = await splitRows(ctx.db, {
      schema: step.schema,
      baseSql: `SELECT * FROM (${base}) WHERE y IS NOT NULL AND ${complete}`,
      nFeatures: features.length,
      fractions: split,
      seed: split.seed,
      batchSize: p.batchSize,
    });
    try {
      if (Math.min(rows.counts.train, rows.counts.validation, rows.counts.test) === 0) {
        throw stepError(
          step.id,
          'split',
          `too few rows to split (${usable}: ${rows.counts.train} / ${rows.counts.validation} / ${rows.counts.test})`,
        );
      }
      const trainPositives = rows.labels.train.reduce((s, v) => s + v, 0);
      const nTrain = rows.counts.train;
      const weighting = p.classWeight ?? 'balanced';
      const classWeight =
        weighting === 'none'
          ? { 0: 1, 1: 1 }
          : weighting === 'balanced'
            ? { 0: nTrain / (2 * (nTrain - trainPositives)), 1: nTrain / (2 * trainPositives) }
            : weighting;
      const hidden = p.model === 'logistic' ? [] : (p.hidden ?? [16]);
      const request: ClassifierRequest = {
        model: p.model,
        hidden,
        dropout: p.model === 'logistic' ? 0 : p.dropout,
        l2: p.l2,
        nFeatures: features.length,
        featureNames: features,
        counts: rows.counts,
        chunkRows: rows.chunkRows,
        epochs: p.epochs,
        batchSize: p.batchSize,
        learningRate: p.learningRate,
        patience: p.patience,
        classWeight,
        seed: split.seed,
        importance: { repeats: p.importanceRepeats, maxRows: p.importanceRows },
        backend: p.backend,
      };
      const result = await ctx.trainer.train(step.id, request, rows.source, (epoch) =>
        ctx.progress({
          message: `${epoch.stage === 'linear' ? 'linear warm-up, ' : ''}epoch ${epoch.epoch}: loss ${epoch.loss.toFixed(4)}, validation AUC ${epoch.valAuc.toFixed(3)}`,
          fraction: epoch.epoch / p.epochs,
          epoch,
        }),
      );
      ctx.signal.throwIfAborted();

      ctx.progress({ message: 'evaluating on the test split', fraction: 1 });
      const ev = evaluate(result.scores.test, rows.labels.test, p.threshold);
      await writeRows(
        ctx,
        step,
        'history',
        ['epoch', 'loss', 'val_loss', 'val_auc'],
        result.epochs.map((e) => ({
          epoch: e.epoch,
          loss: num(e.loss),
          val_loss: num(e.valLoss),
          val_auc: num(e.valAuc),
        })),
        ['epoch'],
      );
      await writePredictions(ctx, step, rows.dataSql, result.scores);
      await writeRows(ctx, step, 'roc', ['threshold', 'fpr', 'tpr'], ev.roc);
      await writeRows(ctx, step, 'pr', ['threshold', 'recall', 'precision'], ev.pr);
      await writeRows(ctx, step, 'calibration', ['bin', 'predicted', 'observed', 'count'], ev.calibration, [
        'bin',
        'count',
      ]);
      const importance = [...result.importance].sort((a, b) => b.importance - a.importance);
      await writeRows(ctx, step, 'importance', ['feature', 'importance', 'sd'], importance);

      const lineage = lineageTransforms(step.upstream);
      const splitInfo = {
        seed: split.seed,
        train: rows.counts.train,
        validation: rows.counts.validation,
        test: rows.counts.test,
        stratified: true as const,
      };
      const metrics = Object.fromEntries(Object.entries(ev.metrics).map(([k, v]) => [k, num(v)]));
      const modelMeta: Omit<ModelMeta, 'id' | 'created' | 'backend' | 'name'> = {
        kind: 'classifier',
        model: p.model,
        hidden,
        step: { id: step.id, op: 'train-classifier', input: inputRef(step), params: p as unknown },
        features,
        entity,
        label: p.label,
        transforms: lineage && 'fitted' in lineage ? lineage : null,
        standardization: rows.standardization,
        threshold: p.threshold,
        metrics,
        fingerprint: await fingerprint(ctx, step, rows.dataSql, usable),
        split: splitInfo,
        appVersion: '',
      };
      let saved: Json = null;
      if (p.save) {
        if (!ctx.trainer.saveModel)
          throw stepError(step.id, 'save', 'no model registry here (saving needs the browser’s training worker)');
        const { meta, replaced } = await ctx.trainer.saveModel(step.id, { ...modelMeta, name: p.save });
        saved = { id: meta.id, name: meta.name, replaced };
      }
      return {
        tables: ['history', 'predictions', 'roc', 'pr', 'calibration', 'importance'],
        backend: { name: result.backend, reasons: result.backendReasons },
        summary: {
          rows: { total, used: usable, droppedMissing: total - usable },
          features,
          entity,
          label: p.label,
          model: p.model,
          hidden,
          dropout: request.dropout,
          backend: result.backend,
          backendReasons: result.backendReasons,
          ...metrics,
          confusion: ev.confusion,
          positiveRate: positives / usable,
          // Names of the first version of this op, kept for older reports and recipes' readers.
          testAuc: metrics.auc!,
          testAccuracy: metrics.accuracy!,
          testLogLoss: metrics.logLoss!,
          epochsRun: result.epochs.length,
          bestEpoch: result.bestEpoch,
          stoppedEarly: result.stoppedEarly,
          warmStart: result.warmStart ?? null,
          split: { ...splitInfo, fractions: { test: split.test, validation: split.validation } },
          classWeight: { '0': classWeight[0], '1': classWeight[1] },
          standardization: rows.standardization,
          importanceRows: result.importanceRows,
          chunkRows: rows.chunkRows,
          transforms:
            lineage && 'fitted' in lineage
              ? { input: lineage.input, methods: lineage.fitted.map((f) => f.method) }
              : null,
          notes:
            lineage && 'unknown' in lineage
              ? [
                  `the input came from transform step '${lineage.unknown}', whose fitted numbers this run does not have: run that step again before saving, or scoring will not replay it`,
                ]
              : [],
          saved,
          modelMeta: modelMeta as unknown as Json,
          tensorsLeaked: result.tensors.after - result.tensors.before,
          tensorsPerEpoch: result.tensors.perEpoch,
          samplesPerSecond: Math.round(result.samplesPerSecond),
          trainMs: Math.round(result.ms),
          ms: Math.round(performance.now() - started),
        },
      };
    } finally {
      await rows.dispose();
    }
  },
});

/** The explicit features, checked; or every numeric column that is not an id, the label or personal data. */
function chooseFeatures(step: StepInput, p: TrainClassifierParams): string[] {
  const columns = step.inputColumns ?? [];
  const exclude = new Set([p.key, p.entity, p.labelTable ? undefined : p.label].filter(Boolean));
  if (p.features) {
    p.features.forEach((f, i) => {
      if (exclude.has(f))
        throw stepError(
          step.id,
          `features[${i}]`,
          `'${f}' is the ${f === p.label ? 'label' : 'key / entity'} and cannot also be a feature`,
        );
      if (p.features!.indexOf(f) !== i) throw stepError(step.id, `features[${i}]`, `'${f}' is named twice`);
    });
    return p.features;
  }
  const inferred = inferRoles(columns);
  // Columns a one-hot transform made are features even when a level makes them look like ids
  // (`OnlineSecurity_No` ends in "no", as in "order no").
  const encoded = new Set(oneHotColumns(step));
  const chosen = columns
    .filter(
      (c) =>
        NUMERIC_TYPE.test(c.type) &&
        !exclude.has(c.name) &&
        (encoded.has(c.name) || !isIdLikeName(c.name)) &&
        !NOT_FEATURES.has(step.roles?.[c.name] ?? inferred[c.name] ?? ''),
    )
    .map((c) => c.name);
  if (chosen.length === 0) {
    throw stepError(
      step.id,
      'features',
      `no numeric feature columns (ids, the label and personal data are left out; columns: ${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
    );
  }
  return chosen;
}

/** Output columns of the one-hot transforms behind the input. */
function oneHotColumns(step: StepInput): string[] {
  const lineage = lineageTransforms(step.upstream);
  if (!lineage || !('fitted' in lineage)) return [];
  return lineage.fitted.flatMap((f) =>
    f.method === 'one-hot'
      ? f.columns.flatMap((c) => [...c.levels.map((l) => l.column), ...(c.other ? [c.other] : [])])
      : [],
  );
}

/** A customer-id column of the input (by role, else the first id-like name), or none. */
function guessEntity(step: StepInput): string | null {
  const columns = step.inputColumns ?? [];
  const roles = { ...inferRoles(columns), ...step.roles };
  return (
    columns.find((c) => roles[c.name] === 'customer')?.name ?? columns.find((c) => isIdLikeName(c.name))?.name ?? null
  );
}

/** The recipe reference of the step's input (`features1.features`), from its SQL form. */
function inputRef(step: StepInput): string {
  return (step.inputSql ?? '').replace(/"((?:[^"]|"")*)"/g, (_, name: string) => name.replaceAll('""', '"'));
}

function num(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
