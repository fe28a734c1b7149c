/**
 * `train-classifier`: a binary propensity/churn classifier trained in the training worker on
 * numeric feature columns, reporting test AUC. The label may live in another table (e.g. RFM
 * features joined to a customers table's churn flag on a key column).
 */
import { z } from 'zod';
import { ident } from '../data/sql';
import { numericMatrix } from '../data/arrow';
import { stepError } from '../recipe/errors';
import { BACKENDS } from '../protocol/training';
import { labelFields, labelSource, LABEL_SQL } from './binary-label';
import { defineOp } from './types';

const params = z
  .strictObject({
    features: z.array(z.string().min(1)).min(1),
    ...labelFields,
    seed: z.number().int().default(42),
    testFraction: z.number().gt(0).lt(0.5).default(0.2),
    validationFraction: z.number().gt(0).lt(0.5).default(0.2),
    epochs: z.number().int().min(1).max(1000).default(60),
    batchSize: z.number().int().min(1).default(64),
    learningRate: z.number().gt(0).default(0.01),
    hidden: z.array(z.number().int().min(1)).default([16]),
    patience: z.number().int().min(1).default(8),
    classWeights: z.boolean().default(true),
    backend: z.enum(['auto', ...BACKENDS]).default('auto'),
  })
  .refine((p) => (p.labelTable === undefined) === (p.key === undefined), {
    message: '`labelTable` and `key` go together',
    path: ['key'],
  });


export const trainClassifierOp = defineOp({
  name: 'train-classifier',
  title: 'Train a classifier',
  description: 'Binary propensity / churn classifier (TF.js) on numeric features, with test AUC.',
  params,
  needsInput: true,
  primaryTable: 'history',
  columnParams: (p) => [...p.features.map((f, i) => [`features[${i}]`, f] as [string, string]), ...(p.labelTable ? [] : [['label', p.label] as [string, string]]), ['key', p.key]],
  async run(ctx, step, p) {
    if (!ctx.trainer) throw new Error('no training worker is available');
    const { label, from } = await labelSource(ctx, step, p);
    const featureSql = p.features.map((f, i) => `TRY_CAST(i.${ident(f)} AS DOUBLE) AS f${i}`).join(', ');
    const complete = p.features.map((_, i) => `f${i} IS NOT NULL AND isfinite(f${i})`).join(' AND ');
    const base = `SELECT ${featureSql}, (${LABEL_SQL(label)})::DOUBLE AS y FROM ${from}`;
    const counts = await ctx.db.query(`SELECT count(*)::DOUBLE AS total, count(*) FILTER (WHERE y IS NOT NULL AND ${complete})::DOUBLE AS usable FROM (${base})`);
    const total = Number(counts.rows[0]?.total ?? 0);
    const usable = Number(counts.rows[0]?.usable ?? 0);
    if (usable < 20) throw stepError(step.id, undefined, `only ${usable} rows have a label and all features; at least 20 are needed`);

    ctx.progress({ message: `fetching ${usable} rows × ${p.features.length} features` });
    // ORDER BY ALL: the seeded split must see the same rows in the same order on every run,
    // whatever order DuckDB's parallel scan happens to produce.
    const ipc = await ctx.db.arrowIPC(`SELECT * FROM (${base}) WHERE y IS NOT NULL AND ${complete} ORDER BY ALL`);
    const names = p.features.map((_, i) => `f${i}`);
    const { x, nRows } = numericMatrix(ipc, names);
    const y = numericMatrix(ipc, ['y']).x;

    const result = await ctx.trainer.train(
      {
        x, y, nRows, nFeatures: p.features.length, featureNames: p.features,
        seed: p.seed, testFraction: p.testFraction, validationFraction: p.validationFraction,
        epochs: p.epochs, batchSize: p.batchSize, learningRate: p.learningRate, hidden: p.hidden,
        patience: p.patience, classWeights: p.classWeights, backend: p.backend,
      },
      (epoch) => ctx.progress({ message: `epoch ${epoch.epoch}: loss ${epoch.loss.toFixed(4)}`, fraction: epoch.epoch / p.epochs, epoch }),
    );
    const losses = result.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, val_loss: e.valLoss, val_auc: e.valAuc }));
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${step.schemaSql}.${ident('history')} AS SELECT * FROM (VALUES ${losses.map((l) => `(${l.epoch}, ${num(l.loss)}, ${num(l.val_loss)}, ${num(l.val_auc)})`).join(', ')}) AS t(epoch, loss, val_loss, val_auc)`);
    return {
      tables: ['history'],
      backend: { name: result.backend, reasons: result.backendReasons },
      summary: {
        rows: { total, used: usable, droppedMissing: total - usable },
        features: p.features,
        label: p.label,
        backend: result.backend,
        backendReasons: result.backendReasons,
        testAuc: result.metrics.testAuc,
        testAccuracy: result.metrics.testAccuracy,
        testLogLoss: result.metrics.testLogLoss,
        positiveRate: result.metrics.positiveRate,
        epochsRun: result.epochs.length,
        stoppedEarly: result.stoppedEarly,
        split: result.split,
        classWeight: { '0': result.classWeight[0], '1': result.classWeight[1] },
        standardization: result.standardization,
        tensorsLeaked: result.tensors.after - result.tensors.before,
        trainMs: Math.round(result.ms),
      },
    };
  },
});

function num(v: number): string {
  return Number.isFinite(v) ? String(v) : 'NULL';
}
