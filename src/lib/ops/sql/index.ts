/**
 * `sql`: a table from a DuckDB SELECT over any loaded table or step result (the SQL console's
 * "save result as table"). One read-only statement: no `;`, and it must be a query.
 */
import { z } from 'zod';
import { ident } from '../../data/sql';
import { stepError } from '../../core/errors';
import { defineOp } from '../types';

const params = z.strictObject({ query: z.string().min(1) });

const QUERY_START = /^\s*(\(|select\b|with\b|from\b|values\b|table\b|summarize\b|describe\b|pivot\b|unpivot\b)/i;

export function checkQuery(id: string, query: string): string {
  const trimmed = query.trim().replace(/;\s*$/, '');
  if (trimmed.includes(';')) throw stepError(id, 'query', 'one statement only (no `;` inside)');
  if (!QUERY_START.test(trimmed))
    throw stepError(id, 'query', 'must be a query (SELECT, WITH, FROM, VALUES, SUMMARIZE…)');
  return trimmed;
}

export const sqlOp = defineOp({
  name: 'sql',
  title: 'SQL query',
  description: 'A new table from a SQL query over the loaded tables.',
  params,
  needsInput: false,
  primaryTable: 'data',
  stage: 'prepare',
  outputs: {
    data: { description: "the query's result", columns: [] },
  },
  async run(ctx, step, p) {
    const query = checkQuery(step.id, p.query);
    try {
      await ctx.db.exec(`CREATE OR REPLACE TABLE ${step.schemaSql}.${ident('data')} AS ${query}`);
    } catch (err) {
      throw stepError(step.id, 'query', String((err as Error).message).split('\n')[0]!);
    }
    return { tables: ['data'], summary: { query } };
  },
});
