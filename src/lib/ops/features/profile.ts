/**
 * The `features` op's profile group: columns of an entity table (customers, items) joined on a
 * key. Numbers are kept, booleans become 0/1, dates become days before the reference date, and
 * text becomes one-hot columns for its `maxLevels` most frequent levels plus `<col>_other`
 * (NULL stays NULL in every indicator, so missing is not read as "not this level").
 * Without `profileColumns`, id-like, label and personal-data columns are left out.
 */
import { ident, literal, tableRef, NUMERIC_TYPE } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { inferRoles } from '../../data/roles';
import { stepError } from '../../core/errors';
import { slug, uniqueNames, type FeatureSpec, type GroupSql } from '../../features/extract';
import type { OpContext, StepInput } from '../types';

const SKIPPED_ROLES = new Set([
  'customer',
  'item',
  'basket',
  'label',
  'text',
  'pii_name',
  'pii_email',
  'pii_phone',
  'pii_address',
]);

export interface ProfileParams {
  profileTable?: string;
  profileKey?: string;
  profileColumns?: string[];
  maxLevels: number;
}

export async function profileSql(
  ctx: OpContext,
  step: StepInput,
  p: ProfileParams,
  entityKey: string,
  asOf: string,
  taken: Set<string>,
): Promise<GroupSql & { skipped: string[] }> {
  const table = tableRef(p.profileTable!);
  const columns = await tableColumns(ctx.db, table).catch(() => {
    throw stepError(step.id, 'profileTable', `table '${p.profileTable}' does not exist`);
  });
  const names = columns.map((c) => c.name);
  const keyName = p.profileKey ?? entityKey;
  if (!names.includes(keyName)) {
    throw stepError(
      step.id,
      'profileKey',
      `column '${keyName}' not found in '${p.profileTable}' (columns: ${names.join(', ')})`,
    );
  }
  for (const [i, c] of (p.profileColumns ?? []).entries()) {
    if (!names.includes(c))
      throw stepError(
        step.id,
        `profileColumns[${i}]`,
        `column '${c}' not found in '${p.profileTable}' (columns: ${names.join(', ')})`,
      );
  }
  const key = ident(keyName);
  const dup = (
    await ctx.db.query(
      `SELECT count(${key})::DOUBLE AS n, count(DISTINCT CAST(${key} AS VARCHAR))::DOUBLE AS d FROM ${table}`,
    )
  ).rows[0]!;
  if (Number(dup.d) < Number(dup.n)) {
    throw stepError(
      step.id,
      'profileKey',
      `'${keyName}' repeats in '${p.profileTable}' (${Number(dup.n) - Number(dup.d)} repeated values): a profile table needs one row per ${keyName}`,
    );
  }
  const rows = Number(dup.n);
  const roles = inferRoles(columns);
  const chosen = p.profileColumns
    ? columns.filter((c) => p.profileColumns!.includes(c.name))
    : columns.filter((c) => c.name !== keyName && !SKIPPED_ROLES.has(roles[c.name] ?? ''));

  const specs: FeatureSpec[] = [];
  const exprs: string[] = [];
  const skipped: string[] = [];
  const add = (name: string, sql: string, kind: FeatureSpec['kind'], description: string) => {
    const [unique] = uniqueNames([name], taken);
    exprs.push(`${sql} AS ${ident(unique!)}`);
    specs.push({ name: unique!, group: 'profile', kind, description });
  };
  for (const c of chosen) {
    if (c.name === keyName) continue;
    const col = ident(c.name);
    if (NUMERIC_TYPE.test(c.type))
      add(slug(c.name), `TRY_CAST(${col} AS DOUBLE)`, 'numeric', `'${c.name}' from ${p.profileTable}`);
    else if (/^BOOL/i.test(c.type))
      add(slug(c.name), `CASE WHEN ${col} THEN 1 WHEN NOT ${col} THEN 0 END`, 'binary', `'${c.name}' (1 = true)`);
    else if (/^(DATE|TIMESTAMP)/i.test(c.type)) {
      add(
        `${slug(c.name)}_days`,
        `date_diff('day', CAST(${col} AS DATE), ${asOf})`,
        'days',
        `days from '${c.name}' to the reference date`,
      );
    } else {
      const text = `CAST(${col} AS VARCHAR)`;
      const levels = await ctx.db
        .query(`SELECT ${text} AS v, count(*) AS n, count(*) OVER () AS distinct_levels FROM ${table}
        WHERE ${col} IS NOT NULL GROUP BY ${text} ORDER BY n DESC, v LIMIT ${p.maxLevels}`);
      const distinct = Number(levels.rows[0]?.distinct_levels ?? 0);
      // Id-like or free text: a level per row says nothing shared between customers.
      if (!p.profileColumns && distinct > 50 && distinct > rows / 2) {
        skipped.push(c.name);
        continue;
      }
      const values = levels.rows.map((r) => String(r.v));
      for (const v of values)
        add(
          `${slug(c.name)}_${slug(v)}`,
          `CASE WHEN ${col} IS NULL THEN NULL WHEN ${text} = ${literal(v)} THEN 1 ELSE 0 END`,
          'binary',
          `'${c.name}' is '${v}'`,
        );
      if (distinct > values.length) {
        add(
          `${slug(c.name)}_other`,
          `CASE WHEN ${col} IS NULL THEN NULL WHEN ${text} NOT IN (${values.map(literal).join(', ')}) THEN 1 ELSE 0 END`,
          'binary',
          `'${c.name}' is one of the ${distinct - values.length} less frequent levels`,
        );
      }
    }
  }
  const sql = `SELECT CAST(${key} AS VARCHAR) AS k${exprs.length ? ', ' : ''}${exprs.join(', ')} FROM ${table} WHERE ${key} IS NOT NULL`;
  return { sql, specs, skipped };
}
