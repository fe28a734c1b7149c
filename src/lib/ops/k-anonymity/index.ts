/**
 * `k-anonymity`: how identifiable rows are by a set of quasi-identifiers (age, postcode, sex…).
 * Rows with equal values on every quasi-identifier form an equivalence class; a table is
 * k-anonymous when every class has at least k rows (Samarati & Sweeney 1998; Sweeney 2002,
 * "k-anonymity: a model for protecting privacy"). A row in a class smaller than k is at risk:
 * anyone who knows those few attributes of a person narrows them down to fewer than k rows.
 *
 * Missing values count as a value of their own (GROUP BY groups NULLs together), as in ARX's
 * default. Generalise first (`pseudonymise` with `band10`, `prefix3`, `year`) and measure again.
 *
 * Table `classes`: <each quasi-identifier>, size — only the classes below k, smallest first.
 * Summary: k, minClassSize, classes (all classes), classesAtRisk, rowsAtRisk, shareAtRisk, rows.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { stepError } from '../../core/errors';
import { defineOp } from '../types';

const params = z.strictObject({
  quasiIdentifiers: z.array(z.string().min(1)).min(1),
  k: z.number().int().min(2).max(1_000_000).default(5),
});

export type KAnonymityParams = z.infer<typeof params>;

export const kAnonymityOp = defineOp({
  name: 'k-anonymity',
  title: 'k-anonymity check',
  description: 'Smallest equivalence class over chosen quasi-identifiers, and the rows in classes smaller than k.',
  params,
  needsInput: true,
  primaryTable: 'classes',
  stage: 'prepare',
  outputs: {
    classes: { description: 'one equivalence class of the quasi-identifiers, and its size', columns: ['size'] },
  },
  columns: { quasiIdentifiers: { list: true } },
  async run(ctx, step, p) {
    if (!step.inputSql) throw stepError(step.id, 'input', 'this op needs an input table');
    const qi = p.quasiIdentifiers;
    const repeated = qi.findIndex((c, i) => qi.indexOf(c) !== i);
    if (repeated >= 0)
      throw stepError(step.id, `quasiIdentifiers[${repeated}]`, `column '${qi[repeated]}' is named twice`);
    const clash = qi.findIndex((c) => c === 'size');
    if (clash >= 0)
      throw stepError(
        step.id,
        `quasiIdentifiers[${clash}]`,
        "a quasi-identifier named 'size' would clash with the classes table's own column; rename it first",
      );

    const cols = qi.map(ident).join(', ');
    const groups = `SELECT ${cols}, count(*) AS size FROM ${step.inputSql} GROUP BY ALL`;
    const stats = (
      await ctx.db
        .query(`SELECT count(*)::DOUBLE AS classes, coalesce(sum(size), 0)::DOUBLE AS rows, min(size)::DOUBLE AS min_size,
        count(*) FILTER (WHERE size < ${p.k})::DOUBLE AS classes_at_risk, coalesce(sum(size) FILTER (WHERE size < ${p.k}), 0)::DOUBLE AS rows_at_risk
      FROM (${groups})`)
    ).rows[0]!;
    const rows = Number(stats.rows);
    if (rows === 0) throw stepError(step.id, 'input', 'the input table has no rows');

    const order = qi.map((c) => `${ident(c)} NULLS FIRST`).join(', ');
    await ctx.db.exec(`CREATE OR REPLACE TABLE ${step.schemaSql}."classes" AS
      SELECT ${cols}, CAST(size AS INTEGER) AS size FROM (${groups}) WHERE size < ${p.k} ORDER BY size, ${order}`);
    const rowsAtRisk = Number(stats.rows_at_risk);
    return {
      tables: ['classes'],
      summary: {
        k: p.k,
        quasiIdentifiers: qi,
        minClassSize: Number(stats.min_size),
        classes: Number(stats.classes),
        classesAtRisk: Number(stats.classes_at_risk),
        rowsAtRisk,
        shareAtRisk: rowsAtRisk / rows,
        rows,
        kAnonymous: rowsAtRisk === 0,
      },
    };
  },
});
