/**
 * SQL expressions (DuckDB dialect) for the value-level treatments of `pseudonymise`: masking and
 * generalising. Each takes a quoted column expression and keeps NULL as NULL. Keyed hashing is
 * not here: HMAC runs in WebCrypto, over distinct values, and is joined back (see the op).
 */
import { literal } from '../data/sql';
import type { MaskMode, Treatment } from './pii';

export const MASK_MODES = ['email', 'phone', 'keep-last-4', 'all'] as const satisfies readonly MaskMode[];

/** `band<N>` (numbers), `prefix<N>` (text), `year` / `month` (dates). */
export const GENERALISE_RULE = /^(band[1-9]\d{0,8}|prefix[1-9]\d{0,3}|year|month)$/;
export type GeneraliseRule =
  { kind: 'band'; width: number } | { kind: 'prefix'; length: number } | { kind: 'year' } | { kind: 'month' };

export function parseRule(rule: string): GeneraliseRule {
  if (rule === 'year' || rule === 'month') return { kind: rule };
  if (rule.startsWith('band')) return { kind: 'band', width: Number(rule.slice(4)) };
  return { kind: 'prefix', length: Number(rule.slice(6)) };
}

const MASK = "'***'";

/**
 * Replace every character of class `cls` but the last `keep` of them by `*`, leaving separators as
 * they are (`+44 20 7946 0958` → `+** ** **** **58`). RE2 has no look-behind, so this works on the
 * reversed text: the first `keep` class characters (and what lies between) stay, the rest are masked.
 */
function maskAllButLast(col: string, keep: number, cls: string): string {
  const reversed = `reverse(CAST(${col} AS VARCHAR))`;
  const kept = `regexp_extract(${reversed}, ${literal(`^((?:[^${cls}]*[${cls}]){${keep}})`)}, 1)`;
  const rest = `substr(${reversed}, length(${kept}) + 1)`;
  return `reverse(${kept} || regexp_replace(${rest}, ${literal(`[${cls}]`)}, '*', 'g'))`;
}

/**
 * - `email`: the first character of the local part and the whole domain stay (`a***@example.com`);
 *   a value that is not an address becomes `***`.
 * - `phone`: every digit but the last two becomes `*`; `+`, spaces and brackets stay.
 * - `keep-last-4`: every letter or digit but the last four becomes `*` (PCI DSS 3.4 lets a card
 *   number show at most its last four digits).
 * - `all`: every value becomes `***`, so not even the length is left.
 */
export function maskSql(col: string, mode: MaskMode): string {
  const text = `CAST(${col} AS VARCHAR)`;
  const masked =
    mode === 'email'
      ? `CASE WHEN regexp_matches(${text}, '^[^@\\s]+@[^@\\s]+$') THEN regexp_replace(${text}, '^(.)[^@]*@', '\\1***@') ELSE ${MASK} END`
      : mode === 'phone'
        ? maskAllButLast(col, 2, '0-9')
        : mode === 'keep-last-4'
          ? maskAllButLast(col, 4, '0-9A-Za-z')
          : MASK;
  return `CASE WHEN ${col} IS NULL THEN NULL ELSE ${masked} END`;
}

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
export const TEMPORAL_TYPE = /^(DATE|TIMESTAMP)/i;

/**
 * - `band<N>`: the N-wide band holding the value: `30-39` for whole numbers (closed, as ages are
 *   written), `[30, 40)` for other numbers (half-open). Bands start at multiples of N.
 * - `prefix<N>`: the first N characters of the text (`SW1A 1AA` → `SW1` with prefix3).
 * - `year`: the year as an integer; `month`: `YYYY-MM` text. Text dates are read with DuckDB's
 *   TIMESTAMP cast (ISO 8601); the op refuses a column where some value does not parse.
 */
export function generaliseSql(col: string, rule: GeneraliseRule, type: string): string {
  if (rule.kind === 'prefix') return `left(CAST(${col} AS VARCHAR), ${rule.length})`;
  if (rule.kind === 'band') {
    const lo = `CAST(floor(${col} / ${rule.width}) * ${rule.width} AS BIGINT)`;
    const label = INTEGER_TYPE.test(type)
      ? `CAST(${lo} AS VARCHAR) || '-' || CAST(${lo} + ${rule.width - 1} AS VARCHAR)`
      : `'[' || CAST(${lo} AS VARCHAR) || ', ' || CAST(${lo} + ${rule.width} AS VARCHAR) || ')'`;
    return `CASE WHEN ${col} IS NULL THEN NULL ELSE ${label} END`;
  }
  const date = TEMPORAL_TYPE.test(type) ? col : `TRY_CAST(${col} AS TIMESTAMP)`;
  return rule.kind === 'year' ? `CAST(year(${date}) AS INTEGER)` : `strftime(${date}, '%Y-%m')`;
}

// ---------------------------------------------------------------------------------------------
// Choices in the UI, as `hash`, `drop`, `keep`, `mask:<mode>`, `generalise:<rule>` (the summary's `action`).

export function treatmentKey(t: Treatment): string {
  if (t.action === 'mask') return `mask:${t.mode}`;
  if (t.action === 'generalise') return `generalise:${t.rule}`;
  return t.action;
}

/** The treatments that fit a column of `type`, the suggested one included. */
export function treatmentChoices(type: string, suggested?: Treatment): string[] {
  const generalise = /^(DATE|TIMESTAMP)/i.test(type)
    ? ['year', 'month']
    : NUMERIC.test(type)
      ? ['band5', 'band10', 'band20']
      : ['prefix1', 'prefix2', 'prefix3'];
  const all = [
    'hash',
    'drop',
    ...MASK_MODES.map((m) => `mask:${m}`),
    ...generalise.map((r) => `generalise:${r}`),
    'keep',
  ];
  const s = suggested ? treatmentKey(suggested) : undefined;
  return s && !all.includes(s) ? [s, ...all] : all;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;

/** `pseudonymise` params from one choice per column (`keep` columns are left as they are). */
export function pseudonymiseParams(choices: Record<string, string>): {
  hash: string[];
  drop: string[];
  mask: Record<string, MaskMode>;
  generalise: Record<string, string>;
} {
  const params = {
    hash: [] as string[],
    drop: [] as string[],
    mask: {} as Record<string, MaskMode>,
    generalise: {} as Record<string, string>,
  };
  for (const [column, choice] of Object.entries(choices)) {
    if (choice === 'hash') params.hash.push(column);
    else if (choice === 'drop') params.drop.push(column);
    else if (choice.startsWith('mask:')) params.mask[column] = choice.slice(5) as MaskMode;
    else if (choice.startsWith('generalise:')) params.generalise[column] = choice.slice(11);
  }
  return params;
}
