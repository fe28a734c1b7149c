/**
 * Itemsets and rules as text: CSV rows with items as JSON arrays of labels
 * (`["22423","85123A"]`, unambiguous even when labels hold commas or braces, and readable by
 * DuckDB's JSON functions), and arules' `{a,b}` notation for comparison with R output.
 * Labels are always sorted ascending in code-unit order, as R sorts in the C locale.
 */
import { compareLabels } from './transactions';
import { itemsetItems, type FrequentItemsets } from './itemsets';
import type { AssociationRule } from './rules';
import { neutraliseFormula } from '../privacy/csv-safe';

/** Labels of `codes`, sorted ascending. */
export function itemLabelsOf(codes: ArrayLike<number>, itemLabels: readonly string[]): string[] {
  return Array.from(codes, (c) => itemLabels[c]!).sort(compareLabels);
}

/** `["a","b"]` */
export function itemsJson(codes: ArrayLike<number>, itemLabels: readonly string[]): string {
  return JSON.stringify(itemLabelsOf(codes, itemLabels));
}

/** `{a,b}` as arules prints an itemset. */
export function itemsArules(codes: ArrayLike<number>, itemLabels: readonly string[]): string {
  return `{${itemLabelsOf(codes, itemLabels).join(',')}}`;
}

/** `{a,b} => {c}` as arules prints a rule. */
export function ruleArules(rule: AssociationRule, itemLabels: readonly string[]): string {
  return `${itemsArules(rule.antecedent, itemLabels)} => ${itemsArules(rule.consequent, itemLabels)}`;
}

export interface ItemsetRow {
  items: string; // JSON array of labels
  size: number;
  count: number;
  support: number; // fraction of transactions
}

/** One row per itemset, sorted by size, then count descending, then items. */
export function itemsetRows(sets: FrequentItemsets, itemLabels: readonly string[]): ItemsetRow[] {
  const rows: ItemsetRow[] = [];
  for (let k = 0; k < sets.nItemsets; k++) {
    const codes = itemsetItems(sets, k);
    const count = sets.counts[k]!;
    rows.push({ items: itemsJson(codes, itemLabels), size: codes.length, count, support: count / sets.nTransactions });
  }
  return rows.sort((a, b) => a.size - b.size || b.count - a.count || compareLabels(a.items, b.items));
}

export interface RuleRow {
  antecedent: string; // JSON array of labels
  consequent: string; // JSON array of labels
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  conviction: number; // Infinity when confidence = 1
  count: number;
}

/** One row per rule, in the given order (associationRules sorts by lift). */
export function ruleRows(rules: readonly AssociationRule[], itemLabels: readonly string[]): RuleRow[] {
  return rules.map((r) => ({
    antecedent: itemsJson(r.antecedent, itemLabels),
    consequent: itemsJson(r.consequent, itemLabels),
    support: r.support,
    confidence: r.confidence,
    lift: r.lift,
    leverage: r.leverage,
    conviction: r.conviction,
    count: r.count,
  }));
}

/**
 * RFC 4180 CSV of rows sharing the first row's keys. Numbers print in JS shortest round-trip
 * form (Infinity as "Infinity", which DuckDB and Number() both read back).
 */
export function toCsv(rows: readonly object[], columns?: readonly string[]): string {
  const first = rows[0];
  const cols = columns ?? (first ? Object.keys(first) : []);
  const lines = [cols.map((c) => quoteCsv(neutraliseFormula(c))).join(',')];
  for (const row of rows) {
    const rec = row as Record<string, unknown>;
    lines.push(cols.map((c) => quoteCsv(cellText(rec[c]))).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Numbers as they print; any other cell (item labels come from the data) cannot run as a formula. */
function cellText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return neutraliseFormula(String(value ?? ''));
}

function quoteCsv(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
