/**
 * The grouped matrix of association rules (Hahsler & Karpienko 2016, "Visualizing association
 * rules in hierarchical groups"; R arulesViz `plot(rules, method = "grouped")`): consequents as
 * rows, groups of similar antecedents as columns, one circle per cell sized by support and
 * coloured by lift.
 *
 * As arulesViz's rules2groupedMatrix:
 * - each distinct antecedent A has a lift profile over the consequents (lift of A ⇒ B, or 1 =
 *   independence where there is no such rule), and the profiles are grouped by k-means (k =
 *   `groups`; when there are no more distinct profiles than that, identical profiles form a group);
 * - a cell's support and lift are the means over the group's rules with that consequent;
 * - a group is named after its `labelItems` most typical antecedent items, ranked by
 *   (count in the group's antecedents) / (count in all antecedents + 1), then "+n items";
 * - rows and columns are ordered by mean cell lift, strongest first (top-left).
 * One difference, to keep the work small enough for the UI thread: only the `consequents`
 * consequents with the most rules (ties: higher maximum lift, then name) take part, and the
 * profiles are over those. Callers pass a bounded rule list (e.g. the top rules by lift).
 */
import { kmeans } from '../cluster/kmeans';

export interface GroupableRule {
  /** Antecedent items (display names), any order. */
  antecedent: readonly string[];
  /** The consequent as one name (items joined, for multi-item consequents). */
  consequent: string;
  support: number;
  lift: number;
}

export interface GroupedMatrixOptions {
  /** Antecedent groups (columns) at most; default 20 (arulesViz's plot default). */
  groups?: number;
  /** Consequents (rows) at most; default 15. */
  consequents?: number;
  /** Items named in a group's label; default 2. */
  labelItems?: number;
  /** k-means seed; default 42. */
  seed?: number;
}

export interface RuleGroup {
  /** Column position, 1 = strongest (highest mean lift). */
  group: number;
  /** e.g. "12 rules: {I002, I008, +3 items}". */
  label: string;
  rules: number;
  /** The label's items, most typical first, and how many other items the group's antecedents hold. */
  items: string[];
  moreItems: number;
  /** Mean of the group's cell lifts. */
  lift: number;
}

export interface GroupedCell {
  group: number;
  consequent: string;
  rules: number;
  /** Means over the group's rules with this consequent. */
  support: number;
  lift: number;
}

export interface GroupedMatrix {
  groups: RuleGroup[];
  /** Row order, strongest first. */
  consequents: string[];
  cells: GroupedCell[];
  /** Rules in the matrix, and rules left out because their consequent is not among the rows. */
  rulesUsed: number;
  rulesLeftOut: number;
  consequentsLeftOut: number;
}

export function groupedMatrix(rules: readonly GroupableRule[], opts: GroupedMatrixOptions = {}): GroupedMatrix {
  const maxGroups = opts.groups ?? 20;
  const maxRows = opts.consequents ?? 15;
  const labelItems = opts.labelItems ?? 2;
  if (!(Number.isInteger(maxGroups) && maxGroups >= 1))
    throw new RangeError(`groups must be a positive integer, got ${maxGroups}`);
  if (!(Number.isInteger(maxRows) && maxRows >= 1))
    throw new RangeError(`consequents must be a positive integer, got ${maxRows}`);

  // Rows: the consequents with the most rules.
  const byConsequent = new Map<string, { rules: number; maxLift: number }>();
  for (const r of rules) {
    const s = byConsequent.get(r.consequent) ?? { rules: 0, maxLift: -Infinity };
    s.rules++;
    s.maxLift = Math.max(s.maxLift, r.lift);
    byConsequent.set(r.consequent, s);
  }
  const rowNames = [...byConsequent.entries()]
    .sort(([a, x], [b, y]) => y.rules - x.rules || y.maxLift - x.maxLift || compareText(a, b))
    .slice(0, maxRows)
    .map(([name]) => name);
  const rowOf = new Map(rowNames.map((name, i) => [name, i]));
  const used = rules.filter((r) => rowOf.has(r.consequent));
  const d = rowNames.length;

  // One lift profile per distinct antecedent: [nLhs × d], 1 where A ⇒ B is not a rule.
  const lhsKeys = new Map<string, number>();
  const lhsOfRule = used.map((r) => {
    const key = JSON.stringify([...r.antecedent].sort(compareText));
    let i = lhsKeys.get(key);
    if (i === undefined) lhsKeys.set(key, (i = lhsKeys.size));
    return i;
  });
  const nLhs = lhsKeys.size;
  const profiles = new Float64Array(nLhs * d).fill(1);
  used.forEach((r, j) => (profiles[lhsOfRule[j]! * d + rowOf.get(r.consequent)!] = r.lift));

  const lhsGroup = clusterProfiles(profiles, nLhs, d, maxGroups, opts.seed ?? 42);
  const nGroups = nLhs === 0 ? 0 : Math.max(...lhsGroup) + 1;

  // Cell means over rules.
  const sums = Array.from({ length: nGroups * d }, () => ({ rules: 0, support: 0, lift: 0 }));
  const groupRules = new Int32Array(nGroups);
  used.forEach((r, j) => {
    const g = lhsGroup[lhsOfRule[j]!]!;
    const cell = sums[g * d + rowOf.get(r.consequent)!]!;
    cell.rules++;
    cell.support += r.support;
    cell.lift += r.lift;
    groupRules[g]!++;
  });
  const cellLift = (g: number, row: number) => {
    const c = sums[g * d + row]!;
    return c.rules > 0 ? c.lift / c.rules : Number.NaN;
  };
  const meanOf = (values: number[]) => {
    const finite = values.filter(Number.isFinite);
    return finite.length ? finite.reduce((s, v) => s + v, 0) / finite.length : -Infinity;
  };
  const groupLift = Array.from({ length: nGroups }, (_, g) =>
    meanOf(Array.from({ length: d }, (_, row) => cellLift(g, row))),
  );
  const rowLift = Array.from({ length: d }, (_, row) =>
    meanOf(Array.from({ length: nGroups }, (_, g) => cellLift(g, row))),
  );

  const labels = groupLabels(used, lhsOfRule, lhsGroup, nGroups, labelItems);
  const groupOrder = Array.from({ length: nGroups }, (_, g) => g).sort(
    (a, b) =>
      groupLift[b]! - groupLift[a]! || groupRules[b]! - groupRules[a]! || compareText(labels[a]!.text, labels[b]!.text),
  );
  const rowOrder = Array.from({ length: d }, (_, row) => row).sort((a, b) => rowLift[b]! - rowLift[a]! || a - b);
  const position = new Int32Array(nGroups);
  groupOrder.forEach((g, i) => (position[g] = i + 1));

  const groups: RuleGroup[] = groupOrder.map((g) => ({
    group: position[g]!,
    label: `${groupRules[g]} rule${groupRules[g] === 1 ? '' : 's'}: {${labels[g]!.text}}`,
    rules: groupRules[g]!,
    items: labels[g]!.items,
    moreItems: labels[g]!.more,
    lift: groupLift[g]!,
  }));
  const cells: GroupedCell[] = [];
  for (const g of groupOrder) {
    for (const row of rowOrder) {
      const c = sums[g * d + row]!;
      if (c.rules > 0)
        cells.push({
          group: position[g]!,
          consequent: rowNames[row]!,
          rules: c.rules,
          support: c.support / c.rules,
          lift: c.lift / c.rules,
        });
    }
  }
  return {
    groups,
    consequents: rowOrder.map((row) => rowNames[row]!),
    cells,
    rulesUsed: used.length,
    rulesLeftOut: rules.length - used.length,
    consequentsLeftOut: byConsequent.size - d,
  };
}

/** Group of each profile, 0-based and dense: k-means when there are more distinct profiles than k. */
function clusterProfiles(profiles: Float64Array, n: number, d: number, k: number, seed: number): Int32Array {
  const distinct = new Map<string, number>();
  const profileOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = Array.prototype.join.call(profiles.subarray(i * d, (i + 1) * d), ',');
    let p = distinct.get(key);
    if (p === undefined) distinct.set(key, (p = distinct.size));
    profileOf[i] = p;
  }
  if (distinct.size <= k) return profileOf;
  return kmeans(profiles, n, d, { k, nInit: 10, seed }).labels;
}

function groupLabels(
  rules: readonly GroupableRule[],
  lhsOfRule: number[],
  lhsGroup: Int32Array,
  nGroups: number,
  labelItems: number,
) {
  const overall = new Map<string, number>();
  const inGroup = Array.from({ length: nGroups }, () => new Map<string, number>());
  rules.forEach((r, j) => {
    const g = lhsGroup[lhsOfRule[j]!]!;
    for (const item of r.antecedent) {
      overall.set(item, (overall.get(item) ?? 0) + 1);
      inGroup[g]!.set(item, (inGroup[g]!.get(item) ?? 0) + 1);
    }
  });
  return inGroup.map((counts) => {
    const ranked = [...counts.entries()]
      .map(([item, count]) => ({ item, score: count / (overall.get(item)! + 1) }))
      .sort((a, b) => b.score - a.score || compareText(a.item, b.item))
      .map((x) => x.item);
    const items = ranked.slice(0, labelItems);
    const more = ranked.length - items.length;
    return { items, more, text: more > 0 ? `${items.join(', ')}, +${more} items` : items.join(', ') };
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
