/**
 * `pseudonymise`: a copy of the input with personal-data columns treated, one treatment each:
 *   hash        replaced by a keyed hash: HMAC-SHA-256 (RFC 2104) under the project's secret, as
 *               lower-case hex of the first `hashBytes` bytes (16 = 128 bits by default). The same
 *               secret gives the same hash for the same text in any column or table, so joins still
 *               work; without the secret the hashes cannot be recomputed from guesses (a plain
 *               SHA-256 of an e-mail can). Values are hashed as their exact text (CAST AS VARCHAR):
 *               tidy case and spaces first (`trim` with `case`) if `Alice@x` and `alice@x` are one person.
 *   drop        left out.
 *   mask        `email` / `phone` / `keep-last-4` / `all` (src/lib/privacy/treatments.ts).
 *   generalise  `band<N>` numbers, `prefix<N>` text, `year` / `month` dates.
 * Rows keep their input order. NULL stays NULL.
 *
 * The secret: the recipe names it (`secretRef`), never holds it. The engine's `secrets`
 * provider (OpContext.secrets) creates it from 32 random bytes on first use and keeps it in this
 * browser's IndexedDB (src/lib/storage/secrets.ts, opened by the compute worker); it never
 * reaches the UI thread, a recipe, a report or an export. A fresh browser profile (the headless
 * runner's) therefore gets a fresh secret: hashes agree within a run, not across profiles.
 *
 * HMAC runs once per distinct value (WebCrypto, in batches), into a `(v, h)` table that is joined back.
 */
import { z } from 'zod';
import { tableFromIPC } from 'apache-arrow';
import { ident, NUMERIC_TYPE } from '../../data/sql';
import { rowsToIPC } from '../../data/arrow';
import { countRows, type ColumnInfo } from '../../data/connector';
import { stepError } from '../../core/errors';
import { hmacHexAll } from '../../privacy/crypto';
import { SECRET_REF } from '../../privacy/secrets';
import {
  GENERALISE_RULE,
  MASK_MODES,
  TEMPORAL_TYPE,
  generaliseSql,
  maskSql,
  parseRule,
} from '../../privacy/treatments';
import { defineOp, type OpContext, type StepInput } from '../types';
import type { Json } from '../../core/json';

const params = z
  .strictObject({
    hash: z.array(z.string().min(1)).default([]),
    drop: z.array(z.string().min(1)).default([]),
    mask: z.record(z.string().min(1), z.enum(MASK_MODES)).default({}),
    generalise: z
      .record(
        z.string().min(1),
        z.string().regex(GENERALISE_RULE, 'must be band<N> (numbers), prefix<N> (text), year or month (dates)'),
      )
      .default({}),
    /** Where the hashing secret lives in this browser (a name, not the secret). */
    secretRef: z.string().regex(SECRET_REF, 'must be a name of letters, digits, . _ -').default('project'),
    hashBytes: z.number().int().min(16).max(32).default(16),
  })
  .refine((p) => p.hash.length + p.drop.length + Object.keys(p.mask).length + Object.keys(p.generalise).length > 0, {
    message: 'name at least one column to hash, drop, mask or generalise',
    path: ['hash'],
  });

export type PseudonymiseParams = z.infer<typeof params>;

/** Distinct values hashed and inserted per batch (bounded memory for millions of ids). */
const HASH_BATCH = 50_000;

export const pseudonymiseOp = defineOp({
  name: 'pseudonymise',
  title: 'Pseudonymise personal data',
  description: 'Replace identifiers by keyed hashes (HMAC-SHA-256), drop, mask or generalise personal-data columns.',
  params,
  needsInput: true,
  primaryTable: 'data',
  stage: 'prepare',
  outputs: {
    data: {
      description: "the input's rows, personal-data columns hashed, dropped, masked or generalised",
      columns: [],
    },
  },
  columns: {
    hash: { list: true, byName: true },
    drop: { list: true, byName: true },
    mask: { keys: true, byName: true },
    generalise: { keys: true, byName: true },
  },
  async run(ctx, step, p) {
    const started = performance.now();
    if (!step.inputSql || !step.inputColumns) throw stepError(step.id, 'input', 'this op needs an input table');
    const columns = step.inputColumns;
    const treatment = checkTreatments(step.id, columns, p);
    await checkDates(ctx, step, p.generalise, columns);
    if (columns.every((c) => treatment.get(c.name) === 'drop'))
      throw stepError(step.id, 'drop', 'every column would be dropped: nothing would be left');

    const s = step.schemaSql;
    const temps: string[] = [];
    const distinctHashed: Record<string, number> = {};
    try {
      if (p.hash.length) {
        if (!ctx.secrets)
          throw stepError(
            step.id,
            'secretRef',
            'no secret store here: keyed hashing runs in the app, which keeps the secret in this browser',
          );
        const key = await ctx.secrets.hmacKey(p.secretRef);
        for (const [i, column] of p.hash.entries()) {
          ctx.progress({ message: `hashing '${column}'`, fraction: (0.8 * i) / p.hash.length });
          const table = `_hash_${i}`;
          temps.push(table);
          distinctHashed[column] = await hashTable(ctx, step, column, key, p.hashBytes, table);
        }
      }
      ctx.progress({ message: `writing ${step.id}.data`, fraction: 0.85 });
      const select: string[] = [];
      for (const c of columns) {
        const t = treatment.get(c.name);
        const col = `t.${ident(c.name)}`;
        if (t === 'drop') continue;
        if (t === 'hash') select.push(`h${p.hash.indexOf(c.name)}.h AS ${ident(c.name)}`);
        else if (t === 'mask') select.push(`${maskSql(col, p.mask[c.name]!)} AS ${ident(c.name)}`);
        else if (t === 'generalise')
          select.push(`${generaliseSql(col, parseRule(p.generalise[c.name]!), c.type)} AS ${ident(c.name)}`);
        else select.push(col);
      }
      const joins = p.hash.map(
        (c, i) => `LEFT JOIN ${s}.${ident(`_hash_${i}`)} AS h${i} ON CAST(t.${ident(c)} AS VARCHAR) = h${i}.v`,
      );
      const ROW = ident('__pseudonymise_row');
      await ctx.db.exec(`CREATE OR REPLACE TABLE ${s}."data" AS
        SELECT ${select.join(', ')} FROM (SELECT *, row_number() OVER () AS ${ROW} FROM ${step.inputSql}) AS t
        ${joins.join('\n')} ORDER BY t.${ROW}`);
    } finally {
      for (const t of temps) await ctx.db.exec(`DROP TABLE IF EXISTS ${s}.${ident(t)}`);
    }

    const treated: Json[] = columns
      .filter((c) => treatment.has(c.name))
      .map((c) => ({ column: c.name, action: actionOf(c.name, treatment.get(c.name)!, p) }));
    return {
      tables: ['data'],
      summary: {
        treated,
        counts: {
          hashed: p.hash.length,
          dropped: p.drop.length,
          masked: Object.keys(p.mask).length,
          generalised: Object.keys(p.generalise).length,
        },
        rows: await countRows(ctx.db, `${s}."data"`),
        columnsIn: columns.length,
        columnsOut: columns.length - p.drop.length,
        distinctHashed,
        hashing: p.hash.length
          ? { algorithm: 'HMAC-SHA-256', outputBytes: p.hashBytes, encoding: 'hex', secretRef: p.secretRef }
          : null,
        ms: Math.round(performance.now() - started),
      },
    };
  },
});

type Action = 'hash' | 'drop' | 'mask' | 'generalise';

/** One treatment per column, and each fits the column's type; errors name the field. */
function checkTreatments(stepId: string, columns: ColumnInfo[], p: PseudonymiseParams): Map<string, Action> {
  const treatment = new Map<string, Action>();
  const fieldOf = new Map<string, string>();
  const claim = (column: string, action: Action, field: string) => {
    if (treatment.has(column))
      throw stepError(
        stepId,
        field,
        `column '${column}' already has a treatment (${fieldOf.get(column)}): give each column one`,
      );
    treatment.set(column, action);
    fieldOf.set(column, field);
  };
  p.hash.forEach((c, i) => claim(c, 'hash', `hash[${i}]`));
  p.drop.forEach((c, i) => claim(c, 'drop', `drop[${i}]`));
  for (const c of Object.keys(p.mask)) claim(c, 'mask', `mask.${c}`);
  for (const [c, rule] of Object.entries(p.generalise)) {
    claim(c, 'generalise', `generalise.${c}`);
    const type = columns.find((col) => col.name === c)?.type ?? '';
    if (rule.startsWith('band') && !NUMERIC_TYPE.test(type)) {
      throw stepError(
        stepId,
        `generalise.${c}`,
        `column '${c}' is ${type}: ${rule} needs numbers (use prefix<N> for text, or change the type first)`,
      );
    }
    if ((rule === 'year' || rule === 'month') && !TEMPORAL_TYPE.test(type) && !/^VARCHAR/i.test(type)) {
      throw stepError(
        stepId,
        `generalise.${c}`,
        `column '${c}' is ${type}: ${rule} needs a date, timestamp or date text`,
      );
    }
  }
  return treatment;
}

/** `hash`, `drop`, `mask:<mode>`, `generalise:<rule>`: the audit report quotes it as is. */
function actionOf(column: string, t: string, p: PseudonymiseParams): string {
  if (t === 'mask') return `mask:${p.mask[column]}`;
  if (t === 'generalise') return `generalise:${p.generalise[column]}`;
  return t;
}

/** Keyed hashes of the column's distinct values into `table (v, h)`; returns how many values. */
async function hashTable(
  ctx: OpContext,
  step: StepInput,
  column: string,
  key: CryptoKey,
  bytes: number,
  table: string,
): Promise<number> {
  const target = `${step.schemaSql}.${ident(table)}`;
  await ctx.db.exec(`DROP TABLE IF EXISTS ${target}`);
  await ctx.db.exec(`CREATE TABLE ${target} (v VARCHAR, h VARCHAR)`);
  const distinct = tableFromIPC(
    await ctx.db.arrowIPC(
      `SELECT DISTINCT CAST(${ident(column)} AS VARCHAR) AS v FROM ${step.inputSql} WHERE ${ident(column)} IS NOT NULL`,
    ),
  );
  const values = Array.from(distinct.getChild('v') ?? [], (v) => String(v));
  for (let start = 0; start < values.length; start += HASH_BATCH) {
    ctx.signal.throwIfAborted();
    const batch = values.slice(start, start + HASH_BATCH);
    const hashes = await hmacHexAll(key, batch, bytes);
    const part = `${table}_part`;
    await ctx.db.exec(`DROP TABLE IF EXISTS ${step.schemaSql}.${ident(part)}`);
    await ctx.db.insertArrow(
      step.schema,
      part,
      rowsToIPC(
        ['v', 'h'],
        batch.map((v, i) => ({ v, h: hashes[i] })),
      ),
    );
    await ctx.db.exec(`INSERT INTO ${target} SELECT v, h FROM ${step.schemaSql}.${ident(part)}`);
    await ctx.db.exec(`DROP TABLE ${step.schemaSql}.${ident(part)}`);
  }
  return values.length;
}

/** Text columns generalised to year/month must parse as dates everywhere, or the op says which value does not. */
async function checkDates(
  ctx: OpContext,
  step: StepInput,
  generalise: Record<string, string>,
  columns: { name: string; type: string }[],
) {
  for (const [column, rule] of Object.entries(generalise)) {
    const type = columns.find((c) => c.name === column)!.type;
    if ((rule !== 'year' && rule !== 'month') || TEMPORAL_TYPE.test(type)) continue;
    const bad = await ctx.db
      .query(`SELECT CAST(${ident(column)} AS VARCHAR) AS v, count(*) OVER ()::DOUBLE AS n FROM ${step.inputSql}
      WHERE ${ident(column)} IS NOT NULL AND TRY_CAST(${ident(column)} AS TIMESTAMP) IS NULL LIMIT 1`);
    if (bad.rows.length) {
      throw stepError(
        step.id,
        `generalise.${column}`,
        `${Number(bad.rows[0]!.n)} value(s) of '${column}' (${type}) are not dates, e.g. '${String(bad.rows[0]!.v)}': parse them first (Clean → Parse dates)`,
      );
    }
  }
}
