/**
 * What the HTML report needs beyond the run's report: a few rows of some result tables (the top
 * association rules, the recommenders' metrics, a classifier's curves and importance, PSI per
 * feature), read from DuckDB with a LIMIT each, so a report of a million-row analysis stays small.
 */
import type { DbConnector } from '../data/connector';
import { tableRef } from '../data/sql';
import { OPS } from '../ops/registry';
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
    // Each op says what the report reads of its tables (`reportReads`).
    for (const [table, sql] of Object.entries(OPS[step.op]?.reportReads ?? {})) {
      if (!sql) continue;
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
