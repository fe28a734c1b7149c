/**
 * `drift`: has the data moved since the model was trained? Compares the step's input (new data)
 * with a `reference` table (the training data) feature by feature:
 *   numbers  deciles of the reference (`bins`) as bin edges, plus a "missing" bin
 *   text     the reference's `maxLevels` most frequent levels, "other" and "missing"
 * and reports the population stability index per feature (src/lib/ml/drift.ts) with the binned
 * shares for distribution plots. With `label` and `score` columns present in both tables (for
 * example the `predictions` of a classifier and of a scoring run on newly labelled data) it also
 * compares the model's AUC. The summary carries a plain "retrain recommended" signal.
 * Tables: `psi (feature, kind, psi, status)` and `bins (feature, bin, label, reference_share, current_share)`.
 */
import { z } from 'zod';
import { ident, literal, tableRef, NUMERIC_TYPE } from '../../data/sql';
import { tableColumns, type ColumnInfo } from '../../data/connector';
import { inferRoles } from '../../data/roles';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import { auc } from '../../ml/metrics';
import { driftStatus, psi, quantileEdges, retrainAdvice } from '../../ml/drift';
import { defineOp, type OpContext } from '../types';
import type { Json } from '../../core/json';
import { bool, len } from '../shared/key-figures';

const params = z
  .strictObject({
    /** The training-time table to compare against. */
    reference: z.string().min(1),
    /** Default: every column both tables share, except ids, labels and the score. */
    features: z.array(z.string().min(1)).min(1).optional(),
    bins: z.number().int().min(2).max(50).default(10),
    maxLevels: z.number().int().min(1).max(100).default(20),
    /** Columns of a labelled scoring (both tables), to compare the model's AUC. */
    label: z.string().min(1).optional(),
    score: z.string().min(1).optional(),
    /** Retrain when AUC falls by more than this. */
    maxAucDrop: z.number().min(0).max(1).default(0.05),
  })
  .refine((p) => (p.label === undefined) === (p.score === undefined), {
    message: '`label` and `score` go together',
    path: ['score'],
  });

const TEXT_TYPE = /^(VARCHAR|BOOLEAN|ENUM)/i;
const ID_LIKE = new Set([
  'customer',
  'item',
  'basket',
  'label',
  'pii_name',
  'pii_email',
  'pii_phone',
  'pii_address',
  'text',
  'time',
]);

export const driftOp = defineOp({
  name: 'drift',
  title: 'Drift monitor',
  description:
    'Population stability index per feature between training data and new data; AUC on new labels; a retrain signal.',
  params,
  needsInput: true,
  primaryTable: 'psi',
  stage: 'monitor',
  outputs: {
    psi: { description: 'one feature: its population stability index', columns: ['feature', 'kind', 'psi', 'status'] },
    bins: {
      description: 'one feature × bin: reference and current shares',
      columns: ['feature', 'bin', 'label', 'reference_share', 'current_share'],
    },
  },
  tableParams: { reference: {} },
  reportReads: {
    psi: (t) => `SELECT feature, kind, psi, status FROM ${t} ORDER BY psi DESC, feature LIMIT 20`,
  },
  columns: { features: { list: true }, label: { role: 'label' }, score: {} },
  keyFigures: (s) => [
    ['PSI max', s.maxPsi, 3],
    ['features drifted', len(s.drifted), 0],
    ['retrain recommended', bool(s.retrainRecommended), 0],
  ],
  async run(ctx, step, p) {
    const current = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
    const refSql = tableRef(p.reference);
    const reference = await tableColumns(ctx.db, refSql).catch(() => {
      throw stepError(step.id, 'reference', `table '${p.reference}' does not exist`);
    });
    const chosen = chooseFeatures(p, current, reference, step.id);
    const features = p.features ? chosen : await dropHighCardinality(ctx, refSql, chosen);
    // A verdict over no compared feature ("every feature is stable") would be a wrong answer.
    if (!features.length) {
      throw stepError(
        step.id,
        'features',
        `no feature of the new data can be compared with '${p.reference}': the shared columns are ids, labels or text with more than ${MAX_DEFAULT_LEVELS} levels; pick tables of the same shape (e.g. two feature matrices) or name the features`,
      );
    }
    const rows: Record<string, unknown>[] = [];
    const results: Array<{ feature: string; kind: string; psi: number; status: string }> = [];
    for (const [i, f] of features.entries()) {
      ctx.signal.throwIfAborted();
      ctx.progress({ message: `binning ${f.name}`, fraction: i / features.length });
      const binned = f.numeric
        ? await numericBins(ctx, refSql, step.inputSql!, f.name, p.bins)
        : await levelBins(ctx, refSql, step.inputSql!, f.name, p.maxLevels);
      const value = psi(
        binned.map((b) => b.reference),
        binned.map((b) => b.current),
      );
      results.push({
        feature: f.name,
        kind: f.numeric ? 'numeric' : 'categorical',
        psi: value,
        status: driftStatus(value),
      });
      const [tr, tc] = [binned.reduce((a, b) => a + b.reference, 0), binned.reduce((a, b) => a + b.current, 0)];
      binned.forEach((b, bin) =>
        rows.push({
          feature: f.name,
          bin,
          label: b.label,
          reference_share: tr ? b.reference / tr : null,
          current_share: tc ? b.current / tc : null,
        }),
      );
    }
    results.sort((a, b) => b.psi - a.psi);
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.psi`);
    await ctx.db.insertArrow(
      step.schema,
      'psi',
      rowsToIPC(['feature', 'kind', 'psi', 'status'], results as unknown as Record<string, unknown>[]),
    );
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.bins`);
    await ctx.db.insertArrow(
      step.schema,
      'bins',
      rowsToIPC(['feature', 'bin', 'label', 'reference_share', 'current_share'], rows),
    );
    await ctx.db.exec(`ALTER TABLE ${step.schemaSql}.bins ALTER bin SET DATA TYPE INTEGER`);

    let model: { reference: number; current: number } | undefined;
    if (p.label && p.score) {
      for (const [field, name] of [
        ['label', p.label],
        ['score', p.score],
      ] as const) {
        if (!reference.some((c) => c.name === name))
          throw stepError(step.id, field, `column '${name}' not found in the reference '${p.reference}'`);
      }
      model = {
        reference: await tableAuc(ctx, refSql, p.label, p.score),
        current: await tableAuc(ctx, step.inputSql!, p.label, p.score),
      };
    }
    const advice = retrainAdvice(results, model, p.maxAucDrop);
    return {
      tables: ['psi', 'bins'],
      summary: {
        reference: p.reference,
        features: results as unknown as Json[],
        maxPsi: results[0]?.psi ?? null,
        drifted: results.filter((r) => r.status === 'significant shift').map((r) => r.feature),
        moderate: results.filter((r) => r.status === 'moderate shift').map((r) => r.feature),
        auc: model ? { reference: model.reference, current: model.current } : null,
        retrainRecommended: advice.retrain,
        advice: advice.reason,
      },
    };
  },
});

function chooseFeatures(
  p: z.infer<typeof params>,
  current: ColumnInfo[],
  reference: ColumnInfo[],
  stepId: string,
): Array<{ name: string; numeric: boolean }> {
  const inRef = new Map(reference.map((c) => [c.name, c.type]));
  if (p.features) {
    return p.features.map((name, i) => {
      const type = inRef.get(name);
      if (!type) throw stepError(stepId, `features[${i}]`, `column '${name}' is not in the reference '${p.reference}'`);
      return { name, numeric: NUMERIC_TYPE.test(type) };
    });
  }
  const roles = inferRoles(current);
  const picked = current
    .filter(
      (c) =>
        inRef.has(c.name) &&
        c.name !== p.label &&
        c.name !== p.score &&
        !ID_LIKE.has(roles[c.name] ?? '') &&
        c.name !== 'split',
    )
    .filter((c) => NUMERIC_TYPE.test(c.type) || TEXT_TYPE.test(c.type))
    .map((c) => ({ name: c.name, numeric: NUMERIC_TYPE.test(c.type) }));
  if (!picked.length)
    throw stepError(
      stepId,
      'features',
      `the new data and '${p.reference}' share no numeric or text columns to compare`,
    );
  return picked;
}

/** Default text columns with more than this many levels in the reference (ids, free text, JSON lists) are left out. */
const MAX_DEFAULT_LEVELS = 100;

async function dropHighCardinality(
  ctx: OpContext,
  refSql: string,
  features: Array<{ name: string; numeric: boolean }>,
): Promise<Array<{ name: string; numeric: boolean }>> {
  const text = features.filter((f) => !f.numeric);
  if (!text.length) return features;
  const r = await ctx.db.query(
    `SELECT ${text.map((f, i) => `approx_count_distinct(${ident(f.name)})::DOUBLE AS d${i}`).join(', ')} FROM ${refSql}`,
  );
  const tooMany = new Set(text.filter((_, i) => Number(r.rows[0]?.[`d${i}`]) > MAX_DEFAULT_LEVELS).map((f) => f.name));
  return features.filter((f) => !tooMany.has(f.name));
}

type Bin = { label: string; reference: number; current: number };

/** Reference deciles as edges (value == edge goes up, as quantile-bin does), plus a missing bin. */
async function numericBins(
  ctx: OpContext,
  refSql: string,
  curSql: string,
  column: string,
  bins: number,
): Promise<Bin[]> {
  const col = `TRY_CAST(${ident(column)} AS DOUBLE)`;
  const qs = Array.from({ length: bins - 1 }, (_, i) => (i + 1) / bins);
  // One row per quantile (a LIST value would not survive the connector's JSON-safe cells).
  const q = await ctx.db.query(
    `SELECT unnest(quantile_cont(${col}, [${qs.join(', ')}])) AS q FROM ${refSql} WHERE isfinite(${col})`,
  );
  const quantiles = q.rows.map((r) => Number(r.q));
  const edges = quantileEdges(quantiles);
  const bin = `CASE WHEN ${col} IS NULL OR NOT isfinite(${col}) THEN -1 ${edges.map((e, i) => `WHEN ${col} < ${literal(e)} THEN ${i}`).join(' ')} ELSE ${edges.length} END`;
  const counts = async (sql: string) => {
    const r = await ctx.db.query(`SELECT ${bin} AS b, count(*)::DOUBLE AS n FROM ${sql} GROUP BY 1`);
    return new Map(r.rows.map((x) => [Number(x.b), Number(x.n)]));
  };
  const [re, cu] = [await counts(refSql), await counts(curSql)];
  const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : String(Number(v.toPrecision(4))));
  const out: Bin[] = Array.from({ length: edges.length + 1 }, (_, i) => ({
    label:
      i === 0
        ? `< ${fmt(edges[0] ?? Number.NaN)}`
        : i === edges.length
          ? `≥ ${fmt(edges[i - 1]!)}`
          : `${fmt(edges[i - 1]!)} – ${fmt(edges[i]!)}`,
    reference: re.get(i) ?? 0,
    current: cu.get(i) ?? 0,
  }));
  if (edges.length === 0) out[0]!.label = 'all values';
  if ((re.get(-1) ?? 0) + (cu.get(-1) ?? 0) > 0)
    out.push({ label: 'missing', reference: re.get(-1) ?? 0, current: cu.get(-1) ?? 0 });
  return out;
}

/** The reference's most frequent levels, "other" and "missing". */
async function levelBins(
  ctx: OpContext,
  refSql: string,
  curSql: string,
  column: string,
  maxLevels: number,
): Promise<Bin[]> {
  const v = `CAST(${ident(column)} AS VARCHAR)`;
  const top = await ctx.db.query(
    `SELECT ${v} AS v FROM ${refSql} WHERE ${v} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ${maxLevels}`,
  );
  const levels = top.rows.map((r) => String(r.v));
  // Level i → i, other → −1, missing → −2 (codes, so no level text can collide with them).
  const bin = `CASE WHEN ${v} IS NULL THEN -2 ${levels.map((l, i) => `WHEN ${v} = ${literal(l)} THEN ${i}`).join(' ')} ELSE -1 END`;
  const counts = async (sql: string) =>
    new Map(
      (await ctx.db.query(`SELECT ${bin} AS b, count(*)::DOUBLE AS n FROM ${sql} GROUP BY 1`)).rows.map((x) => [
        Number(x.b),
        Number(x.n),
      ]),
    );
  const [re, cu] = [await counts(refSql), await counts(curSql)];
  const out: Bin[] = levels.map((l, i) => ({ label: l, reference: re.get(i) ?? 0, current: cu.get(i) ?? 0 }));
  for (const [code, label] of [
    [-1, 'other'],
    [-2, 'missing'],
  ] as const) {
    if ((re.get(code) ?? 0) + (cu.get(code) ?? 0) > 0)
      out.push({ label, reference: re.get(code) ?? 0, current: cu.get(code) ?? 0 });
  }
  return out;
}

async function tableAuc(ctx: OpContext, sql: string, label: string, score: string): Promise<number> {
  const r = await ctx.db
    .query(`SELECT TRY_CAST(${ident(score)} AS DOUBLE) AS s, TRY_CAST(${ident(label)} AS DOUBLE) AS y FROM ${sql}
    WHERE TRY_CAST(${ident(score)} AS DOUBLE) IS NOT NULL AND TRY_CAST(${ident(label)} AS DOUBLE) IN (0, 1)`);
  return auc(
    r.rows.map((x) => Number(x.s)),
    r.rows.map((x) => Number(x.y)),
  );
}
