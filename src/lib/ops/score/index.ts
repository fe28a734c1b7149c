/**
 * `score`: apply a saved classifier (by name or id, from this browser's model registry) to a
 * table. What the model was trained on is replayed exactly, never refitted: first the fitted
 * transforms of its input lineage (`transformSelectSql`, the same SQL the transform op runs),
 * then the standardisation fitted on its training split, then the network, in the training
 * worker, chunk by chunk as in training (src/lib/ml/batches.ts).
 *
 * Give the table in the form the model's first transform read (e.g. a new `features` run); a
 * table that already went through the same fitted transform is scored with `transform: 'skip'`.
 * Rows with a missing or non-finite feature cannot be scored and are counted, not guessed.
 * With `label` (optionally joined from `labelTable`), the summary adds AUC, PR-AUC, log loss and
 * the confusion matrix on these rows, so newly labelled data checks the model (see also `drift`).
 *
 * Table: predictions(entity, score[, label]) in the order of the entity.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { outputColumns, transformSelectSql } from '../../features/transform';
import { chunkFromIPC, chunkRowsFor, standardizedSql, typedColumnsToIPC } from '../../ml/batches';
import { stepError } from '../../core/errors';
import { BACKENDS } from '../../protocol/training';
import { labelSource, LABEL_SQL } from '../shared/binary-label';
import { evaluate } from '../shared/classifier-output';
import { defineOp, type StepInput } from '../types';

const params = z
  .strictObject({
    /** A saved model's name or id (Model view → registry). */
    model: z.string().trim().min(1),
    /** The id column copied to predictions.entity (default: the model's, when the table has it). */
    entity: z.string().min(1).optional(),
    /** 'replay' the model's fitted transforms (default), or 'skip' them for an already transformed table. */
    transform: z.enum(['replay', 'skip']).default('replay'),
    /** A yes/no column with the true outcome, to measure the model on these rows. */
    label: z.string().min(1).optional(),
    labelTable: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    labelKey: z.string().min(1).optional(),
    /** Default: the threshold the model was saved with. */
    threshold: z.number().gt(0).lt(1).optional(),
    backend: z.enum(['auto', ...BACKENDS]).default('auto'),
  })
  .refine((p) => (p.labelTable === undefined) === (p.key === undefined), {
    message: '`labelTable` and `key` go together',
    path: ['key'],
  })
  .refine((p) => p.label !== undefined || p.labelTable === undefined, {
    message: '`labelTable` needs `label`',
    path: ['label'],
  });

export const scoreOp = defineOp({
  name: 'score',
  title: 'Score with a saved model',
  description:
    'Apply a saved classifier to a table, replaying its fitted transform and standardisation; optional check against labels.',
  params,
  needsInput: true,
  primaryTable: 'predictions',
  stage: 'apply',
  outputs: {
    predictions: { description: "one row: a saved model's score", columns: ['entity', 'score'] },
  },
  tableParams: { labelTable: { keys: { label: 'label', labelKey: 'customer' } } },
  columns: {
    entity: { role: 'customer' },
    key: { role: 'customer', when: (p) => p.labelTable !== undefined },
    label: { role: 'label', when: (p) => !p.labelTable },
  },
  async run(ctx, step, p) {
    const started = performance.now();
    if (!ctx.trainer?.findModel || !ctx.trainer.score)
      throw new Error('no model registry is available (scoring runs in the browser’s training worker)');
    const meta = await ctx.trainer.findModel(p.model);
    if (!meta)
      throw stepError(
        step.id,
        'model',
        `no saved model named or with id '${p.model}' in this browser's registry (save one from the Model view, or with train-classifier's \`save\`)`,
      );
    const names = (step.inputColumns ?? []).map((c) => c.name);

    // 1. The fitted transforms, in order, each on the output of the one before.
    let from = step.inputSql!;
    let columns = names;
    const replayed = p.transform === 'replay' && meta.transforms ? meta.transforms.fitted : [];
    for (const [i, fitted] of replayed.entries()) {
      const missing = fitted.columns.map((c) => c.name).filter((c) => !columns.includes(c));
      if (missing.length) {
        throw stepError(
          step.id,
          'input',
          `the model's ${fitted.method} transform (step ${i + 1} of ${replayed.length}) needs ${missing.map((m) => `'${m}'`).join(', ')}, which the table lacks: score the table the transform read (like '${meta.transforms!.input}'), or use transform: 'skip' for a table already transformed`,
        );
      }
      from = `(${transformSelectSql(fitted, columns, from)})`;
      columns = outputColumns(fitted, columns);
    }
    const absent = meta.features.filter((f) => !columns.includes(f));
    if (absent.length)
      throw stepError(
        step.id,
        'input',
        `the model needs feature${absent.length > 1 ? 's' : ''} ${absent.map((f) => `'${f}'`).join(', ')}, not in the table${replayed.length ? ' after its transforms' : ''} (columns: ${columns.join(', ')})`,
      );
    const entity = p.entity ?? (meta.entity && names.includes(meta.entity) ? meta.entity : null);

    // 2. Rows: entity, optional label, raw features (complete rows only), in a stable order.
    const labelled = p.label !== undefined;
    const source: StepInput = { ...step, inputSql: from };
    const label = labelled
      ? await labelSource(ctx, source, { label: p.label!, labelTable: p.labelTable, key: p.key, labelKey: p.labelKey })
      : undefined;
    const relation = label?.from ?? `${from} AS i`;
    const d = meta.features.length;
    const featureSql = meta.features.map((f, i) => `TRY_CAST(i.${ident(f)} AS DOUBLE) AS f${i}`).join(', ');
    const complete = meta.features.map((_, i) => `f${i} IS NOT NULL AND isfinite(f${i})`).join(' AND ');
    const base = `SELECT ${entity ? `CAST(i.${ident(entity)} AS VARCHAR)` : 'NULL::VARCHAR'} AS e, ${label ? `(${LABEL_SQL(label.label)})::DOUBLE` : 'NULL::DOUBLE'} AS y, ${featureSql} FROM ${relation}`;
    const order = ['e', ...Array.from({ length: d }, (_, i) => `f${i}`)].map(ident).join(', ');
    const tmp = (name: string) => `${step.schemaSql}.${ident(name)}`;
    await ctx.db.exec(
      `CREATE OR REPLACE TABLE ${tmp('_score')} AS SELECT (row_number() OVER (ORDER BY ${order}) - 1)::INTEGER AS rn, * FROM (${base}) WHERE ${complete}`,
    );
    try {
      const counts =
        (
          await ctx.db.query(
            `SELECT (SELECT count(*) FROM ${relation})::DOUBLE AS total, count(*)::DOUBLE AS scored, count(y)::DOUBLE AS labelled FROM ${tmp('_score')}`,
          )
        ).rows[0] ?? {};
      const [total, scored] = [Number(counts.total ?? 0), Number(counts.scored ?? 0)];
      if (scored === 0)
        throw stepError(
          step.id,
          'input',
          `none of the ${total} rows has every feature the model needs (${meta.features.join(', ')})`,
        );

      // 3. Standardised chunks to the training worker.
      ctx.progress({ message: `scoring ${scored} rows with '${meta.name}'`, fraction: 0.1 });
      const chunkRows = chunkRowsFor(d, 1);
      const standardized = standardizedSql(meta.standardization);
      const result = await ctx.trainer.score(meta.id, { nFeatures: d, backend: p.backend }, async (index) => {
        ctx.signal.throwIfAborted();
        const start = index * chunkRows;
        if (start >= scored) return null;
        return chunkFromIPC(
          await ctx.db.arrowIPC(
            `SELECT ${standardized} FROM ${tmp('_score')} WHERE rn >= ${start} AND rn < ${start + chunkRows} ORDER BY rn`,
          ),
          d,
          false,
        );
      });
      if (result.scores.length !== scored)
        throw new Error(`the training worker returned ${result.scores.length} scores for ${scored} rows`);

      // 4. predictions(entity, score[, label]).
      await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp('_scores')}`);
      await ctx.db.insertArrow(
        step.schema,
        '_scores',
        typedColumnsToIPC({
          rn: Int32Array.from({ length: scored }, (_, i) => i),
          score: Float64Array.from(result.scores),
        }),
      );
      await ctx.db
        .exec(`CREATE OR REPLACE TABLE ${tmp('predictions')} AS SELECT s.e AS entity, c.score${labelled ? ', s.y::INTEGER AS label' : ''}
        FROM ${tmp('_score')} s JOIN ${tmp('_scores')} c USING (rn) ORDER BY s.rn`);
      await ctx.db.exec(`DROP TABLE ${tmp('_scores')}`);

      const threshold = p.threshold ?? meta.threshold;
      const stats =
        (
          await ctx.db.query(
            `SELECT avg(score)::DOUBLE AS mean, count(*) FILTER (WHERE score >= ${threshold})::DOUBLE AS positive FROM ${tmp('predictions')}`,
          )
        ).rows[0] ?? {};
      let check = null;
      if (labelled) {
        const y = (await ctx.db.query(`SELECT label, score FROM ${tmp('predictions')} WHERE label IS NOT NULL`)).rows;
        const ev = evaluate(
          y.map((r) => Number(r.score)),
          y.map((r) => Number(r.label)),
          threshold,
        );
        check = {
          rows: y.length,
          ...Object.fromEntries(Object.entries(ev.metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
          confusion: ev.confusion,
          trainedAuc: meta.metrics.auc ?? null,
        };
      }
      return {
        tables: ['predictions'],
        backend: { name: result.backend, reasons: result.backendReasons },
        summary: {
          model: {
            id: meta.id,
            name: meta.name,
            created: meta.created,
            kind: meta.kind,
            trainedRows: meta.fingerprint.rows,
            trainedBy: meta.step.id,
          },
          rows: { total, scored, skippedMissing: total - scored },
          features: meta.features,
          entity,
          transforms: p.transform === 'skip' ? 'skipped' : replayed.map((f) => f.method),
          threshold,
          predictedPositive: Number(stats.positive ?? 0),
          meanScore: Number(stats.mean ?? 0),
          labelled: check,
          backend: result.backend,
          backendReasons: result.backendReasons,
          ms: Math.round(performance.now() - started),
        },
      };
    } finally {
      await ctx.db.exec(`DROP TABLE IF EXISTS ${tmp('_score')}`);
    }
  },
});
