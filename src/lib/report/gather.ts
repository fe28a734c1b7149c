/**
 * What the HTML report needs beyond the run's report: a few rows of some result tables (the top
 * association rules, the recommenders' metrics, a classifier's curves and importance, PSI per
 * feature), read from DuckDB with a LIMIT each, so a report of a million-row analysis stays small.
 */
import type { DbConnector } from '../data/connector';
import { tableRef } from '../data/sql';
import type { AuditReport } from '../privacy/audit';
import type { Report } from '../recipe/report';
import type { Recipe } from '../recipe/schema';
import type { Row } from './parts';

export interface ReportData {
  title: string;
  generatedAt: string;
  app: { name: string; version: string };
  recipe: Recipe;
  report: Report;
  /** Result rows the sections read, by recipe reference (`bundles.rules`). */
  tables: Record<string, Row[]>;
  audit: AuditReport | null;
}

/** Per op: the tables read and how (`ref` is the table's SQL). */
const READS: Record<string, Array<[table: string, sql: (ref: string) => string]>> = {
  'assoc-rules': [
    [
      'rules',
      (t) =>
        `SELECT antecedent, consequent, support, confidence, lift, count FROM ${t} ORDER BY lift DESC, confidence DESC, support DESC, antecedent, consequent LIMIT 10`,
    ],
    // Labels of the items the top rules name (the rules hold ids as JSON arrays).
    ['items', (t) => `SELECT item, label FROM ${t} ORDER BY item LIMIT 5000`],
  ],
  'evaluate-recs': [['metrics', (t) => `SELECT * FROM ${t} ORDER BY algorithm, k`]],
  'train-classifier': [
    ['roc', (t) => `SELECT fpr, tpr FROM ${t} ORDER BY fpr, tpr`],
    ['pr', (t) => `SELECT recall, precision FROM ${t} ORDER BY recall, precision DESC`],
    ['history', (t) => `SELECT epoch, loss, val_loss, val_auc FROM ${t} ORDER BY epoch`],
    ['importance', (t) => `SELECT feature, importance FROM ${t} ORDER BY importance DESC, feature LIMIT 15`],
    ['calibration', (t) => `SELECT bin, predicted, observed, count FROM ${t} ORDER BY bin`],
  ],
  paths: [
    ['paths', (t) => `SELECT path, count, share FROM ${t} ORDER BY count DESC, path LIMIT 10`],
    // Drop-off per step: every journey leaves a step once, to the next step or to (end).
    [
      'links',
      (t) =>
        `SELECT step, sum(count)::DOUBLE AS reaching, (sum(count) FILTER (WHERE target = '(end)'))::DOUBLE AS stopped FROM ${t} GROUP BY step ORDER BY step LIMIT 20`,
    ],
  ],
  anomalies: [
    [
      'anomalies',
      (t) =>
        `SELECT strftime(period, '%Y-%m-%d %H:%M') AS period, value, expected, score FROM ${t} ORDER BY period LIMIT 50`,
    ],
    [
      'causes',
      (t) =>
        `SELECT strftime(period, '%Y-%m-%d %H:%M') AS period, dimension, value, contribution FROM ${t} ORDER BY period, contribution DESC LIMIT 250`,
    ],
  ],
  drift: [['psi', (t) => `SELECT feature, kind, psi, status FROM ${t} ORDER BY psi DESC, feature LIMIT 20`]],
};

export async function gatherReportData(
  db: Pick<DbConnector, 'query'>,
  input: {
    recipe: Recipe;
    report: Report;
    audit: AuditReport | null;
    generatedAt: string;
    app: { name: string; version: string };
    title?: string;
  },
): Promise<ReportData> {
  const tables: Record<string, Row[]> = {};
  for (const step of input.recipe.steps) {
    const ran = input.report.steps[step.id];
    if (ran?.status !== 'ok') continue;
    for (const [table, sql] of READS[step.op] ?? []) {
      const ref = `${step.id}.${table}`;
      if (!(ref in ran.tables)) continue;
      tables[ref] = (await db.query(sql(tableRef(ref)))).rows;
    }
  }
  return {
    title: input.title ?? input.recipe.name ?? 'Customer analysis',
    generatedAt: input.generatedAt,
    app: input.app,
    recipe: input.recipe,
    report: input.report,
    tables,
    audit: input.audit,
  };
}
