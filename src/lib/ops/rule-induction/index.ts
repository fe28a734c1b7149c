/**
 * `rule-induction`: explain a binary outcome (churn, conversion…) with a shallow CART tree whose
 * leaves read as rules, e.g. "tenure < 6 AND Contract = Month-to-month → Churn 58% (base 27%)".
 * Features may be numeric (DuckDB numeric types: threshold splits) or anything else (cast to text:
 * value-subset splits; NULL becomes the level '(missing)'). Rows with a missing or non-finite
 * numeric feature, or no label, are dropped. The label maps as in train-classifier (1/0, true/false,
 * yes/no, y/n) and may come from another table (`labelTable` joined on `key` = `labelKey`).
 *
 * The tree (src/lib/tree/cart.ts) is grown on a seeded stratified training split; `testFraction`
 * of the rows are held out to measure how well the rules predict. `classWeight: 'balanced'`
 * (default) makes a leaf predict the positive outcome when its positive rate beats the base rate.
 * `minLeaf` defaults to max(20, 2% of the training rows).
 *
 * Tables (in the step's schema), all figures on the training rows:
 *   rules  conditions, outcome, coverage, confidence, lift, count, rank   one row per leaf, rank 1 = most useful
 *          (positive-outcome rules first, by coverage × (lift − 1)); confidence = share of the leaf with
 *          the outcome, lift = that over the outcome's overall share (plain counts, not class-weighted)
 *   tree   node, depth, parent, condition, samples, positive_rate         preorder; condition = the edge from the parent
 */
import { z } from 'zod';
import { tableFromIPC } from 'apache-arrow';
import { ident, NUMERIC_TYPE } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { tableColumns } from '../../data/connector';
import { stepError } from '../../core/errors';
import { stratifiedSplit } from '../../ml/split';
import { fitCart, flattenRules, predictCart, conditionText, type CartFeature } from '../../tree';
import { labelFields, labelSource, LABEL_SQL, LABEL_TABLE_PARAM } from '../shared/binary-label';
import { defineOp } from '../types';
import type { Json } from '../../core/json';

const params = z
  .strictObject({
    features: z.array(z.string().min(1)).min(1),
    ...labelFields,
    maxDepth: z.number().int().min(1).max(8).default(3),
    /** Fewest training rows per rule; default max(20, 2% of the training rows). */
    minLeaf: z.number().int().min(1).optional(),
    criterion: z.enum(['gini', 'entropy']).default('gini'),
    classWeight: z.enum(['balanced', 'none']).default('balanced'),
    testFraction: z.number().gt(0).lt(0.5).default(0.25),
    seed: z.number().int().default(42),
  })
  .refine((p) => (p.labelTable === undefined) === (p.key === undefined), {
    message: '`labelTable` and `key` go together',
    path: ['key'],
  });

export type RuleInductionParams = z.infer<typeof params>;

const MAX_LEVELS = 200;
const MISSING = '(missing)';
const TOP_SENTENCES = 3;

export const ruleInductionOp = defineOp({
  name: 'rule-induction',
  title: 'Explain an outcome with rules',
  description:
    'Shallow decision tree (CART) on numeric and text features; each leaf as a readable rule with coverage, confidence and lift.',
  params,
  needsInput: true,
  primaryTable: 'rules',
  stage: 'train',
  outputs: {
    rules: {
      description: 'one rule of the tree: conditions → outcome',
      columns: ['conditions', 'outcome', 'coverage', 'confidence', 'lift', 'count', 'rank'],
    },
    tree: {
      description: 'one node of the decision tree',
      columns: ['node', 'depth', 'parent', 'condition', 'samples', 'positive_rate'],
    },
  },
  tableParams: LABEL_TABLE_PARAM,
  columns: {
    features: { list: true },
    label: { role: 'label', required: true, when: (p) => !p.labelTable },
    key: { role: 'customer' },
  },
  keyFigures: (s) => [
    ['rules', s.leaves, 0],
    ['test accuracy', s.testAccuracy, 3],
  ],
  async run(ctx, step, p) {
    const started = performance.now();
    if (new Set(p.features).size !== p.features.length)
      throw stepError(step.id, 'features', 'a feature is named twice');
    if (!p.labelTable && p.features.includes(p.label))
      throw stepError(step.id, 'features', `the label '${p.label}' cannot also be a feature`);
    const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
    const kinds = p.features.map((f) => {
      const col = columns.find((c) => c.name === f);
      if (!col)
        throw stepError(
          step.id,
          'features',
          `column '${f}' not found (columns: ${columns.map((c) => c.name).join(', ')})`,
        );
      return NUMERIC_TYPE.test(col.type) ? ('numeric' as const) : ('categorical' as const);
    });

    const { label, from } = await labelSource(ctx, step, p);

    const featureSql = p.features
      .map((f, i) =>
        kinds[i] === 'numeric'
          ? `TRY_CAST(i.${ident(f)} AS DOUBLE) AS f${i}`
          : `coalesce(CAST(i.${ident(f)} AS VARCHAR), '${MISSING}') AS f${i}`,
      )
      .join(', ');
    const complete = [
      'y IS NOT NULL',
      ...p.features.flatMap((_, i) => (kinds[i] === 'numeric' ? [`f${i} IS NOT NULL AND isfinite(f${i})`] : [])),
    ].join(' AND ');
    const base = `SELECT ${featureSql}, (${LABEL_SQL(label)})::INTEGER AS y, CAST(${label} AS VARCHAR) AS raw FROM ${from}`;
    const counts =
      (
        await ctx.db.query(`SELECT count(*)::DOUBLE AS total, count(*) FILTER (WHERE ${complete})::DOUBLE AS usable,
      min(raw) FILTER (WHERE y = 1) AS pos, min(raw) FILTER (WHERE y = 0) AS neg FROM (${base})`)
      ).rows[0] ?? {};
    const total = Number(counts.total ?? 0);
    const usable = Number(counts.usable ?? 0);
    if (usable < 20)
      throw stepError(
        step.id,
        undefined,
        `only ${usable} rows have a label and all numeric features; at least 20 are needed`,
      );
    const positiveValue = counts.pos === null || counts.pos === undefined ? '1' : String(counts.pos);
    const negativeValue = counts.neg === null || counts.neg === undefined ? '0' : String(counts.neg);

    ctx.progress({ message: `fetching ${usable} rows × ${p.features.length} features`, fraction: 0 });
    // ORDER BY ALL: the seeded split must see the same rows in the same order on every run.
    const names = p.features.map((_, i) => `f${i}`);
    const table = tableFromIPC(
      await ctx.db.arrowIPC(`SELECT ${names.join(', ')}, y FROM (${base}) WHERE ${complete} ORDER BY ALL`),
    );
    const n = table.numRows;
    const y = new Uint8Array(n);
    {
      let i = 0;
      for (const v of table.getChild('y')!) y[i++] = Number(v);
    }
    const features: CartFeature[] = p.features.map((name, f) => {
      const col = table.getChild(`f${f}`)!;
      if (kinds[f] === 'numeric') {
        const values = new Float64Array(n);
        let i = 0;
        for (const v of col) values[i++] = Number(v);
        return { kind: 'numeric', name, values };
      }
      const raw: string[] = [];
      for (const v of col) raw.push(String(v));
      const levels = [...new Set(raw)].sort();
      if (levels.length > MAX_LEVELS) {
        throw stepError(
          step.id,
          'features',
          `'${name}' has ${levels.length} distinct values (at most ${MAX_LEVELS}); rules on it would not read well — group it first or leave it out`,
        );
      }
      const index = new Map(levels.map((l, c) => [l, c]));
      return { kind: 'categorical', name, codes: Int32Array.from(raw, (v) => index.get(v)!), levels };
    });

    const split = stratifiedSplit(y, { validation: 0, test: p.testFraction }, p.seed);
    const train = Int32Array.from(split.train).sort();
    const test = Int32Array.from(split.test).sort();
    const minLeaf = p.minLeaf ?? Math.max(20, Math.ceil(0.02 * train.length));
    ctx.signal.throwIfAborted();
    ctx.progress({ message: `growing a depth-${p.maxDepth} tree on ${train.length} rows`, fraction: 0.3 });
    const tree = fitCart(features, y, {
      rows: train,
      maxDepth: p.maxDepth,
      minLeaf,
      criterion: p.criterion,
      classWeight: p.classWeight,
    });
    const rules = flattenRules(tree);

    const evaluate = (rows: Int32Array) => {
      let tp = 0,
        fp = 0,
        tn = 0,
        fn = 0;
      for (const r of rows) {
        const pred = predictCart(tree, features, r);
        if (pred === 1 && y[r] === 1) tp++;
        else if (pred === 1) fp++;
        else if (y[r] === 1) fn++;
        else tn++;
      }
      const m = rows.length;
      const pos = tp + fn;
      const neg = tn + fp;
      return {
        rows: m,
        accuracy: m ? (tp + tn) / m : null,
        balancedAccuracy: pos && neg ? (tp / pos + tn / neg) / 2 : null,
        /** Accuracy of always predicting the more common outcome. */
        majorityAccuracy: m ? Math.max(pos, neg) / m : null,
        precision: tp + fp ? tp / (tp + fp) : null,
        recall: pos ? tp / pos : null,
        positiveRate: m ? pos / m : null,
      };
    };
    const testMetrics = evaluate(test);
    const trainMetrics = evaluate(train);

    ctx.progress({ message: 'writing rules', fraction: 0.9 });
    const out = async (
      name: string,
      cols: string[],
      rows: Record<string, unknown>[],
      types: Record<string, string>,
    ) => {
      await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.${ident(name)}`);
      await ctx.db.insertArrow(step.schema, name, rowsToIPC(cols, rows));
      for (const [col, type] of Object.entries(types))
        await ctx.db.exec(`ALTER TABLE ${step.schemaSql}.${ident(name)} ALTER ${ident(col)} SET DATA TYPE ${type}`);
    };
    const outcomeText = (o: 0 | 1) => `${p.label} = ${o === 1 ? positiveValue : negativeValue}`;
    await out(
      'rules',
      ['conditions', 'outcome', 'coverage', 'confidence', 'lift', 'count', 'rank'],
      rules.map((r, i) => ({
        conditions: r.text,
        outcome: outcomeText(r.outcome),
        coverage: r.coverage,
        confidence: r.confidence,
        lift: r.lift,
        count: r.count,
        rank: i + 1,
      })),
      { count: 'BIGINT', rank: 'INTEGER' },
    );
    await out(
      'tree',
      ['node', 'depth', 'parent', 'condition', 'samples', 'positive_rate'],
      tree.nodes.map((node) => ({
        node: node.id,
        depth: node.depth,
        parent: node.parent,
        condition: node.condition ? conditionText(node.condition) : '(all rows)',
        samples: node.n,
        positive_rate: node.nPos / node.n,
      })),
      { node: 'INTEGER', depth: 'INTEGER', parent: 'INTEGER', samples: 'BIGINT' },
    );

    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const sentences = rules
      .filter((r) => r.outcome === 1)
      .slice(0, TOP_SENTENCES)
      .map(
        (r) => `${r.text} → ${p.label} ${pct(r.positiveRate)} (base ${pct(tree.baseRate)}), ${pct(r.coverage)} of rows`,
      );
    const topRules: Json[] = rules.slice(0, 10).map((r) => ({
      conditions: r.text,
      outcome: outcomeText(r.outcome),
      count: r.count,
      coverage: r.coverage,
      positiveRate: r.positiveRate,
      confidence: r.confidence,
      lift: r.lift,
    }));
    return {
      tables: ['rules', 'tree'],
      summary: {
        rows: { total, used: n, droppedMissing: total - n },
        features: p.features.map((name, f) => ({ name, kind: kinds[f]!, importance: tree.importance[f]! })),
        label: p.label,
        positiveValue,
        baseRate: tree.baseRate,
        split: { train: train.length, test: test.length, seed: p.seed },
        testAccuracy: testMetrics.accuracy,
        test: testMetrics,
        train: trainMetrics,
        sentences,
        topRules,
        leaves: rules.length,
        depth: Math.max(...tree.nodes.map((node) => node.depth)),
        maxDepth: p.maxDepth,
        minLeaf,
        criterion: p.criterion,
        classWeight: { mode: p.classWeight, '0': tree.classWeight[0], '1': tree.classWeight[1] },
        ms: Math.round(performance.now() - started),
      },
    };
  },
});
