/**
 * `assoc-rules`: frequent itemsets (FP-Growth) and association rules over baskets, exact as R
 * arules' apriori with the same thresholds. Baskets and items are integer-coded by DuckDB and
 * reach the miner as one Arrow buffer of two int32 columns; results return as Arrow too.
 */
import { z } from 'zod';
import { tableFromIPC } from 'apache-arrow';
import { ident } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { stepError } from '../../core/errors';
import { requireRole } from '../shared/role-columns';
import {
  transactionsFromCodes,
  minCountFor,
  fpGrowthAsync,
  associationRules,
  itemsetRows,
  ruleRows,
  RuleLimitError,
  DEFAULT_MAX_ITEMSETS,
  type AssociationRule,
  type Transactions,
} from '../../mining';
import { defineOp } from '../types';

/** 200,000 rules ≈ 120 MB in the worker before they are written to DuckDB. */
export const DEFAULT_MAX_RULES = 200_000;

const params = z.strictObject({
  /** Default: the column mapped to (or named like) a basket / order id. */
  transaction: z.string().min(1).optional(),
  /** Default: the item column by role or name. */
  item: z.string().min(1).optional(),
  minSupport: z.number().gt(0).max(1),
  minConfidence: z.number().min(0).max(1).default(0.5),
  maxLength: z.number().int().min(1).optional(),
  minLift: z.number().min(0).optional(),
  maxConsequent: z.number().int().min(1).default(1),
  maxItemsets: z.number().int().min(1).default(DEFAULT_MAX_ITEMSETS),
  /** Stop with a suggestion past this many rules (each ~600 B in the worker, more once written). */
  maxRules: z.number().int().min(1).default(DEFAULT_MAX_RULES),
  /** A column with a readable name per item (e.g. Description), shown beside codes. */
  itemLabel: z.string().min(1).optional(),
});

export const assocRulesOp = defineOp({
  name: 'assoc-rules',
  title: 'Association rules',
  description: 'Frequent itemsets (FP-Growth) and association rules over baskets.',
  params,
  needsInput: true,
  primaryTable: 'rules',
  stage: 'train',
  outputs: {
    rules: {
      description: 'one association rule: antecedent → consequent',
      columns: ['antecedent', 'consequent', 'support', 'confidence', 'lift', 'leverage', 'conviction', 'count'],
    },
    itemsets: { description: 'one frequent itemset', columns: ['items', 'size', 'count', 'support'] },
    items: { description: "one item's label", columns: ['item', 'label'], when: 'an item-label column is given' },
  },
  reportReads: {
    rules: (t) =>
      `SELECT antecedent, consequent, support, confidence, lift, count FROM ${t} ORDER BY lift DESC, confidence DESC, support DESC, antecedent, consequent LIMIT 10`,
    // Labels of the items the top rules name (the rules hold ids as JSON arrays).
    items: (t) => `SELECT item, label FROM ${t} ORDER BY item LIMIT 5000`,
  },
  columns: {
    transaction: { role: 'basket', required: true },
    item: { role: 'item', required: true },
    itemLabel: { role: 'text' },
  },
  keyFigures: (s) => [
    ['transactions', s.transactions, 0],
    ['itemsets', s.itemsets, 0],
    ['rules', s.rules, 0],
  ],
  async run(ctx, step, p) {
    const t = ident(requireRole(step, 'transaction', p.transaction, 'basket', 'basket (order)'));
    const i = ident(requireRole(step, 'item', p.item, 'item', 'item'));
    ctx.progress({ message: 'coding baskets and items in DuckDB' });
    // A basket is a set of items: distinct (basket, item) pairs, as text so 85123 and '85123' are one.
    const pairs = `SELECT DISTINCT CAST(${t} AS VARCHAR) AS t, CAST(${i} AS VARCHAR) AS i FROM ${step.inputSql}
                   WHERE ${t} IS NOT NULL AND ${i} IS NOT NULL`;
    // Baskets per item, and baskets in all: a few thousand rows, not one per order line.
    const perItem = (
      await ctx.db.query(`WITH pairs AS (${pairs})
        SELECT i, count(*)::DOUBLE AS n, (SELECT count(DISTINCT t) FROM pairs)::DOUBLE AS total
        FROM pairs GROUP BY i ORDER BY i`)
    ).rows;
    const nTransactions = Number(perItem[0]?.total ?? 0);
    if (nTransactions === 0) throw stepError(step.id, 'transaction', 'no baskets with items');
    // An item in fewer baskets than the threshold is in no frequent itemset: it never leaves DuckDB.
    // Baskets left with no frequent item still count, as empty transactions (support's denominator).
    const minCount = minCountFor(p.minSupport, nTransactions);
    const labels = perItem.filter((r) => Number(r.n) >= minCount).map((r) => String(r.i));
    // Codes: frequent items in the same text order as `labels`, baskets densely numbered.
    const table = tableFromIPC(
      await ctx.db.arrowIPC(`WITH pairs AS (${pairs}), frequent AS (
          SELECT i, (row_number() OVER (ORDER BY i) - 1)::INTEGER AS item FROM pairs GROUP BY i HAVING count(*) >= ${minCount})
        SELECT (dense_rank() OVER (ORDER BY t) - 1)::INTEGER AS basket, item FROM pairs JOIN frequent USING (i)`),
    );
    const basketCodes = codes(table.getChild('basket')?.toArray());
    const itemCodes = codes(table.getChild('item')?.toArray());
    const tx = withEmptyTransactions(transactionsFromCodes(basketCodes, itemCodes, labels), nTransactions);

    ctx.progress({ message: `mining ${tx.nTransactions} baskets × ${tx.nItems} frequent items` });
    const sets = await fpGrowthAsync(tx, {
      minSupport: p.minSupport,
      maxLength: p.maxLength,
      maxItemsets: p.maxItemsets,
      signal: ctx.signal,
      onProgress: (fraction) => ctx.progress({ message: 'mining frequent itemsets', fraction }),
    });
    if (sets.truncated) {
      throw stepError(step.id, 'minSupport', sets.message ?? `more than ${p.maxItemsets} itemsets: raise minSupport`);
    }
    ctx.progress({ message: `rules from ${sets.nItemsets} itemsets` });
    let rules: AssociationRule[];
    try {
      rules = associationRules(sets, tx.nTransactions, {
        minConfidence: p.minConfidence,
        minLift: p.minLift,
        maxConsequent: p.maxConsequent,
        maxRules: p.maxRules,
      });
    } catch (err) {
      if (err instanceof RuleLimitError)
        throw stepError(
          step.id,
          'maxRules',
          ruleLimitMessage(err, p, lengthThatFits(sets.offsets, p.maxRules, p.maxConsequent)),
        );
      throw err;
    }

    const itemsetTable = itemsetRows(sets, tx.itemLabels);
    // Conviction is infinite for a rule that always holds (confidence 1), as arules says; a table
    // cell of Infinity would reach sums and charts unnoticed, so it is left empty and counted.
    const ruleTable = ruleRows(rules, tx.itemLabels).map((r) =>
      Number.isFinite(r.conviction) ? r : { ...r, conviction: null },
    );
    const alwaysHold = ruleTable.filter((r) => r.conviction === null).length;
    await ctx.db.insertArrow(
      step.schema,
      'itemsets',
      rowsToIPC(['items', 'size', 'count', 'support'], itemsetTable as unknown as Record<string, unknown>[]),
    );
    await ctx.db.insertArrow(
      step.schema,
      'rules',
      rowsToIPC(
        ['antecedent', 'consequent', 'support', 'confidence', 'lift', 'leverage', 'conviction', 'count'],
        ruleTable as unknown as Record<string, unknown>[],
      ),
    );
    if (p.itemLabel) {
      await ctx.db.exec(`CREATE OR REPLACE TABLE ${step.schemaSql}.${ident('items')} AS
        SELECT CAST(${i} AS VARCHAR) AS item, any_value(CAST(${ident(p.itemLabel)} AS VARCHAR)) AS label
        FROM ${step.inputSql} WHERE ${i} IS NOT NULL GROUP BY ALL`);
    }
    return {
      tables: ['rules', 'itemsets', ...(p.itemLabel ? ['items'] : [])],
      summary: {
        transactions: tx.nTransactions,
        items: perItem.length,
        minCount: sets.minCount,
        itemsets: sets.nItemsets,
        rules: rules.length,
        bySize: countBy(itemsetTable.map((r) => r.size)),
        ...(alwaysHold
          ? {
              notes: [
                alwaysHold === 1
                  ? '1 rule has confidence 1: its conviction is infinite and left empty'
                  : `${alwaysHold} rules have confidence 1: their conviction is infinite and left empty`,
              ],
            }
          : {}),
      },
    };
  },
});

/** The cap's message with concrete next values for the thresholds that shrink the rule count. */
function ruleLimitMessage(
  err: RuleLimitError,
  p: { minSupport: number; minConfidence: number; maxLength?: number },
  fits: number,
): string {
  const support = Math.min(1, +(p.minSupport * 2).toPrecision(3));
  const confidence = Math.min(1, +(p.minConfidence + 0.2).toFixed(2));
  return (
    `Stopped: more than ${err.maxRules.toLocaleString('en-US')} rules (after ${err.itemsetsDone.toLocaleString('en-US')} of ` +
    `${err.nItemsets.toLocaleString('en-US')} frequent itemsets) at minSupport ${p.minSupport}, minConfidence ${p.minConfidence}` +
    `${p.maxLength ? `, maxLength ${p.maxLength}` : ''}. Raise minConfidence (e.g. to ${confidence}) or minSupport (e.g. to ${support})` +
    `${fits >= 2 ? `, or lower maxLength (to ${fits} the rules are sure to fit)` : ''}; or raise maxRules if this many rules are wanted.`
  );
}

/**
 * The largest itemset size L whose itemsets (sizes ≤ L) cannot give more than maxRules rules even
 * at confidence 0: an itemset of k items gives at most Σ_{j=1..min(maxConsequent, k−1)} C(k, j)
 * rules. 0 when not even the pairs fit.
 */
function lengthThatFits(offsets: Int32Array, maxRules: number, maxConsequent: number): number {
  const bySize: number[] = [];
  for (let k = 1; k < offsets.length; k++) {
    const size = offsets[k]! - offsets[k - 1]!;
    bySize[size] = (bySize[size] ?? 0) + 1;
  }
  let bound = 0;
  let fits = 0;
  for (let size = 2; size < bySize.length; size++) {
    let perItemset = 0;
    let choose = 1;
    for (let j = 1; j <= Math.min(maxConsequent, size - 1); j++) {
      choose = (choose * (size - j + 1)) / j; // C(size, j)
      perItemset += choose;
    }
    bound += (bySize[size] ?? 0) * perItemset;
    if (bound > maxRules) break;
    fits = size;
  }
  return fits;
}

/** An Arrow column as Int32Array (an empty result has no typed column). */
function codes(values: unknown): Int32Array {
  return values instanceof Int32Array ? values : Int32Array.from((values as ArrayLike<number> | undefined) ?? []);
}

/** `tx` with empty transactions appended up to `n` (baskets none of whose items is frequent). */
function withEmptyTransactions(tx: Transactions, n: number): Transactions {
  if (tx.nTransactions >= n) return tx;
  const offsets = new Int32Array(n + 1);
  offsets.set(tx.offsets);
  offsets.fill(tx.offsets[tx.nTransactions]!, tx.nTransactions + 1);
  return { ...tx, nTransactions: n, offsets };
}

function countBy(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
