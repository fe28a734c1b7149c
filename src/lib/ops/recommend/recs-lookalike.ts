/**
 * `recommend` with algorithm `lookalike`: the input is a feature table with one row per customer
 * (e.g. the `features` op's output); the seed is a set of customers from `seedTable` (a segment:
 * `seedColumn` = `seedValue`; a k-means cluster: `seg.assignments`, `cluster` = 3; an uploaded id
 * list: the whole table). Features are z-scored over all customers (population sd; a missing
 * value counts as the mean, i.e. 0), and every non-seed customer is ranked by cosine to the seed
 * centroid (src/lib/recsys/lookalike.ts). Output: `lookalikes (customer, rank, score)`.
 */
import { tableFromIPC } from 'apache-arrow';
import { ident, literal, tableRef, NUMERIC_TYPE } from '../../data/sql';
import { tableColumns } from '../../data/connector';
import { inferRoles } from '../../data/roles';
import { stepError } from '../../core/errors';
import { slug } from '../../features/extract';
import { lookalikes, zScores } from '../../recsys/lookalike';
import { resolveRole } from './recs-data';
import { writeTable } from './recs-output';
import type { OpContext, StepInput } from '../types';
import type { Json } from '../../core/json';

export interface LookalikeParams {
  customer?: string | null;
  features?: string[];
  seedTable?: string;
  seedKey?: string;
  seedColumn?: string;
  seedValue?: string | number;
  audience?: number;
}

export async function runLookalike(ctx: OpContext, step: StepInput, p: LookalikeParams): Promise<Record<string, Json>> {
  const columns = step.inputColumns ?? (await tableColumns(ctx.db, step.inputSql!));
  const key = resolveRole(p.customer, 'customer', columns, step.roles);
  if (!key)
    throw stepError(
      step.id,
      'customer',
      `no customer column in the feature table: name one (columns: ${columns.map((c) => c.name).join(', ')})`,
    );
  const inferred = inferRoles(columns);
  const isLabel = (name: string) => (step.roles?.[name] ?? inferred[name]) === 'label';
  // A feature that encodes the seed definition itself (planted_segment → planted_segment_premium_shopper,
  // the features op's one-hot names) would find the seed group by its label, not by its behaviour.
  const seedPrefix = p.seedColumn ? `${slug(p.seedColumn)}_` : undefined;
  const encodesSeed = (name: string) => !!p.seedColumn && (name === p.seedColumn || name.startsWith(seedPrefix!));
  const features =
    p.features ??
    columns
      .filter((c) => c.name !== key && NUMERIC_TYPE.test(c.type) && !isLabel(c.name) && !encodesSeed(c.name))
      .map((c) => c.name);
  if (features.length === 0)
    throw stepError(
      step.id,
      'features',
      `no numeric feature columns besides '${key}': build them with the features op first`,
    );
  if (features.includes(key))
    throw stepError(step.id, 'features', `the customer column '${key}' cannot also be a feature`);

  const base = `SELECT CAST(${ident(key)} AS VARCHAR) AS k, ${features.map((f, i) => `TRY_CAST(${ident(f)} AS DOUBLE) AS f${i}`).join(', ')} FROM ${step.inputSql} WHERE ${ident(key)} IS NOT NULL`;
  const dup = (await ctx.db.query(`SELECT count(*)::DOUBLE AS n, count(DISTINCT k)::DOUBLE AS d FROM (${base})`))
    .rows[0]!;
  if (Number(dup.d) < Number(dup.n)) {
    throw stepError(
      step.id,
      'input',
      `'${key}' repeats (${Number(dup.n) - Number(dup.d)} times): lookalike needs one row per customer, e.g. the features op's output`,
    );
  }
  const table = tableFromIPC(await ctx.db.arrowIPC(`${base} ORDER BY k`));
  const n = table.numRows;
  const d = features.length;
  const ids: string[] = [];
  for (const v of table.getChild('k')!) ids.push(String(v));
  const raw = new Float64Array(n * d);
  for (let f = 0; f < d; f++) {
    let i = 0;
    for (const v of table.getChild(`f${f}`)!) raw[i++ * d + f] = v === null || v === undefined ? Number.NaN : Number(v);
  }

  const seeds = await seedIds(ctx, step, p, key);
  const row = new Map(ids.map((id, i) => [id, i]));
  const isSeed = new Uint8Array(n);
  let found = 0;
  for (const id of seeds) {
    const i = row.get(id);
    if (i !== undefined) {
      isSeed[i] = 1;
      found++;
    }
  }
  if (found === 0)
    throw stepError(
      step.id,
      'seedTable',
      `none of the ${seeds.size} seed customers is in the feature table (its '${key}' values do not match)`,
    );
  if (found === n) throw stepError(step.id, 'seedTable', 'every customer is a seed: nobody is left to rank');

  const z = zScores(raw, n, d);
  let result;
  try {
    result = lookalikes(z, n, d, isSeed);
  } catch (err) {
    throw stepError(step.id, 'seedTable', (err as Error).message);
  }
  const size = Math.min(p.audience ?? result.order.length, result.order.length);
  const rows = Array.from({ length: size }, (_, r) => ({
    customer: ids[result.order[r]!]!,
    rank: r + 1,
    score: result.scores[r]!,
  }));
  await writeTable(ctx, step, 'lookalikes', ['customer', 'rank', 'score'], rows, ['rank']);
  // The features that most set the seed apart (largest |centroid z|), in words for the report.
  const distinctive = Array.from(result.centroid, (c, f) => ({ feature: features[f]!, z: c }))
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, 5);
  return {
    customerColumn: key,
    features,
    customers: n,
    seeds: { given: seeds.size, found, missing: seeds.size - found },
    ranked: rows.length,
    distinctive: distinctive as unknown as Json,
    topScore: rows[0]?.score ?? null,
  };
}

async function seedIds(ctx: OpContext, step: StepInput, p: LookalikeParams, key: string): Promise<Set<string>> {
  if (!p.seedTable)
    throw stepError(
      step.id,
      'seedTable',
      'lookalike needs a seed: seedTable (+ seedColumn and seedValue for a segment or cluster)',
    );
  const columns = await tableColumns(ctx.db, tableRef(p.seedTable)).catch(() => {
    throw stepError(step.id, 'seedTable', `table '${p.seedTable}' does not exist`);
  });
  const seedKey = p.seedKey ?? key;
  const names = columns.map((c) => c.name);
  for (const [field, c] of [
    ['seedKey', seedKey],
    ['seedColumn', p.seedColumn],
  ] as const) {
    if (c !== undefined && !names.includes(c))
      throw stepError(step.id, field, `column '${c}' not found in '${p.seedTable}' (columns: ${names.join(', ')})`);
  }
  const filter =
    p.seedColumn !== undefined ? `AND CAST(${ident(p.seedColumn)} AS VARCHAR) = ${literal(String(p.seedValue))}` : '';
  const res = await ctx.db.query(
    `SELECT DISTINCT CAST(${ident(seedKey)} AS VARCHAR) AS k FROM ${tableRef(p.seedTable)} WHERE ${ident(seedKey)} IS NOT NULL ${filter}`,
  );
  if (res.rows.length === 0) {
    const values = p.seedColumn
      ? (
          await ctx.db.query(
            `SELECT DISTINCT CAST(${ident(p.seedColumn)} AS VARCHAR) AS v FROM ${tableRef(p.seedTable)} ORDER BY 1 LIMIT 12`,
          )
        ).rows.map((r) => r.v)
      : [];
    throw stepError(
      step.id,
      p.seedColumn ? 'seedValue' : 'seedTable',
      p.seedColumn
        ? `no row of '${p.seedTable}' has ${p.seedColumn} = '${p.seedValue}' (values: ${values.join(', ')})`
        : `'${p.seedTable}' has no seed ids`,
    );
  }
  return new Set(res.rows.map((r) => String(r.k)));
}
