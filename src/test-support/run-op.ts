/** Run one op on a table, into schema `id`, as the engine does (for op tests). */
import type { DbConnector } from '../lib/data/connector';
import { tableColumns } from '../lib/data/connector';
import { ident } from '../lib/data/sql';
import type { OpContext, OpDef, OpResult } from '../lib/ops/types';

export async function runOp<P>(
  db: DbConnector,
  op: OpDef<P>,
  id: string,
  table: string,
  params: unknown,
  ctx?: OpContext,
): Promise<OpResult> {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(id)}`);
  const inputSql = ident(table);
  const step = { id, schema: id, schemaSql: ident(id), inputSql, inputColumns: await tableColumns(db, inputSql) };
  return op.run(ctx ?? { db, signal: new AbortController().signal, progress: () => {} }, step, op.params.parse(params));
}
