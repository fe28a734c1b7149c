/**
 * Which columns of a table hold personal data, from three kinds of evidence:
 *   role    the user mapped the column to a `pii_*` role (recipe.roles): certain
 *   name    the column's name says so: the PII roles of src/lib/data/roles.ts, plus names for
 *           national ids, IPs, cards, birth dates, postcodes and age (several languages)
 *   values  the share of sampled values that pass a detector of src/lib/privacy/patterns.ts
 * combined as a noisy-OR (1 − (1 − name)(1 − values)). One finding per column: the kind with the
 * highest confidence, with a suggested treatment that the `pseudonymise` op can apply as is.
 *
 * Age, postcodes and dates of birth are quasi-identifiers: harmless alone, identifying together
 * (Sweeney 2000: ZIP code, birth date and sex single out 87% of the US population); they are
 * flagged so a k-anonymity check can look at them together.
 */
import { inferRoles } from '../data/roles';
import { NUMERIC_TYPE } from '../data/sql';
import { personNameEvidence } from './names';
import {
  isCardNumber,
  isCnResidentId,
  isEmail,
  isIPv4,
  isIPv6,
  isPhone,
  isPostcode,
  isStreetAddress,
  isUkNino,
  isUsSsn,
} from './patterns';

export type PiiKind =
  'email' | 'phone' | 'name' | 'national_id' | 'ip' | 'address' | 'postcode' | 'card' | 'birth_date' | 'age';
export type MaskMode = 'email' | 'phone' | 'keep-last-4' | 'all';
/** What `pseudonymise` does to a column (`generalise` rules: `band<N>`, `prefix<N>`, `year`, `month`). */
export type Treatment =
  { action: 'hash' } | { action: 'drop' } | { action: 'mask'; mode: MaskMode } | { action: 'generalise'; rule: string };

export interface PiiFinding {
  column: string;
  kind: PiiKind;
  /** The format matched, where there are several: `uk_nino`, `us_ssn`, `cn_resident_id`, `ipv4`, `ipv6`. */
  detail?: string;
  /** 0..1. */
  confidence: number;
  /** Share of the non-empty sampled values that match the kind's detector (null: no values looked at). */
  share: number | null;
  /** Non-empty values looked at. */
  sampled: number;
  evidence: Array<'role' | 'name' | 'values'>;
  suggested: Treatment;
  quasiIdentifier: boolean;
  /** One line for the user. */
  why: string;
}

export const KIND_LABELS: Record<PiiKind, string> = {
  email: 'e-mail addresses',
  phone: 'phone numbers',
  name: 'person names',
  national_id: 'national id numbers',
  ip: 'IP addresses',
  address: 'street addresses',
  postcode: 'postcodes',
  card: 'payment card numbers',
  birth_date: 'dates of birth',
  age: 'ages',
};

const SUGGESTED: Record<PiiKind, Treatment> = {
  email: { action: 'hash' }, // often the join key: a keyed hash keeps joins working
  phone: { action: 'mask', mode: 'phone' },
  name: { action: 'drop' },
  national_id: { action: 'hash' },
  ip: { action: 'hash' },
  address: { action: 'drop' },
  postcode: { action: 'generalise', rule: 'prefix3' },
  card: { action: 'mask', mode: 'keep-last-4' }, // PCI DSS 3.4: at most the last four digits may be shown
  birth_date: { action: 'generalise', rule: 'year' },
  age: { action: 'generalise', rule: 'band10' },
};

const QUASI: ReadonlySet<PiiKind> = new Set(['postcode', 'birth_date', 'age']);
/** Below this a finding is not reported. */
export const MIN_CONFIDENCE = 0.4;
/** A detector's share below this is no value evidence. */
const MIN_SHARE = 0.5;
const NAME_EVIDENCE = 0.6;
const MAX_SAMPLE = 1000;

type Sample = string | number | boolean | null;

const compact = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const ROLE_KIND: Record<string, PiiKind> = {
  pii_name: 'name',
  pii_email: 'email',
  pii_phone: 'phone',
  pii_address: 'address',
};
const NAME_RULES: Array<[PiiKind, RegExp]> = [
  [
    'national_id',
    /^(ssn|socialsecurity(number|no)?|sozialversicherungsnummer|nino|nationalinsurance(number|no)?|nationalid(number|no)?|idcard(number|no)?|citizenid|personalnumber|personnummer|taxid|steuerid|dni|nif|nie|cpf|aadhaar|passport(number|no)?)$|身份证|证件号/,
  ],
  ['ip', /^(ip|ipaddress|ipaddr|clientip|remoteip|sourceip|srcip|userip|ipv4|ipv6)$/],
  ['card', /^(cardnumber|cardno|creditcard(number|no)?|ccnumber|ccnum|pan|debitcard(number)?)$|卡号|银行卡|信用卡/],
  ['birth_date', /birth|^dob$|^born|geburt|nacimiento|naissance|nascita|生日|出生/],
  ['postcode', /^(zip|zipcode|postcode|postalcode|plz|codigopostal|codepostal)$|邮编|邮政编码/],
  ['age', /^(age|ageyears|customerage|alter|edad|âge|età|eta)$|^年[龄齡]$/],
];

/** `nameRole`: the role src/lib/data/roles.ts gives the name among the table's other names (a bare `name` beside `item_id` is an item's). */
function nameKind(column: string, nameRole: string | undefined): PiiKind | undefined {
  const c = compact(column);
  for (const [kind, re] of NAME_RULES) if (re.test(c)) return kind;
  return nameRole ? ROLE_KIND[nameRole] : undefined;
}

const DATE_TEXT = /^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$|^\d{1,2}[/.]\d{1,2}[/.]\d{4}$/;
const TEMPORAL = /^(DATE|TIMESTAMP)/i;

interface ValueEvidence {
  kind: PiiKind;
  detail?: string;
  share: number;
  confidence: number;
}

/** The best kind the values support, and each kind's share (for kinds the name claims). */
function valueEvidence(
  values: string[],
  type: string,
): { best?: ValueEvidence; shares: Partial<Record<PiiKind, number>> } {
  const n = values.length;
  const shares: Partial<Record<PiiKind, number>> = {};
  if (n === 0) return { shares };
  const share = (test: (s: string) => boolean) => values.filter(test).length / n;
  const found: ValueEvidence[] = [];
  const add = (kind: PiiKind, s: number, base: number, slope: number, detail?: string) => {
    shares[kind] = Math.max(shares[kind] ?? 0, s);
    if (s >= MIN_SHARE) found.push({ kind, detail, share: s, confidence: base + slope * s });
  };
  add('email', share(isEmail), 0.5, 0.45);
  add('card', share(isCardNumber), 0.5, 0.45);
  add('national_id', share(isCnResidentId), 0.5, 0.45, 'cn_resident_id');
  add('national_id', share(isUkNino), 0.5, 0.4, 'uk_nino');
  add('national_id', share(isUsSsn), 0.45, 0.4, 'us_ssn');
  const v4 = share(isIPv4);
  const v6 = share(isIPv6);
  add('ip', v4 + v6, 0.45, 0.45, v6 === 0 ? 'ipv4' : v4 === 0 ? 'ipv6' : 'ipv4+ipv6');
  add('phone', share(isPhone), 0.4, 0.45);
  add('address', share(isStreetAddress), 0.4, 0.4);
  add('postcode', share(isPostcode), 0.35, 0.4);
  const names = values.map(personNameEvidence);
  const given = names.filter((e) => e.given).length / n;
  const capitalised = names.filter((e) => e.capitalised).length / n;
  shares.name = capitalised;
  // Capitalised words alone are product names as often as people: a common given name must show up too.
  if (given >= 0.3 && capitalised >= 0.7)
    found.push({ kind: 'name', share: capitalised, confidence: 0.5 + 0.4 * given });
  const numbers = values.map(Number).filter(Number.isFinite);
  shares.age = numbers.length === n && numbers.every((a) => a >= 0 && a <= 120) ? 1 : 0;
  shares.birth_date = TEMPORAL.test(type) ? 1 : share((s) => DATE_TEXT.test(s));
  const best = found.sort((a, b) => b.confidence - a.confidence)[0];
  return { best, shares };
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * Personal-data findings for a table's columns. `samples` holds sampled values per column (nulls
 * allowed; e.g. `USING SAMPLE 500 ROWS`); `roles` the roles the user mapped (recipe.roles[table]).
 */
export function detectPii(
  columns: { name: string; type: string }[],
  samples: Record<string, Sample[]> = {},
  roles: Record<string, string | undefined> = {},
): PiiFinding[] {
  const findings: PiiFinding[] = [];
  const nameRoles = inferRoles(columns);
  for (const col of columns) {
    if (/^BOOL/i.test(col.type)) continue;
    const raw = Object.hasOwn(samples, col.name) ? samples[col.name]! : [];
    const values = raw
      .filter((v) => v !== null)
      .map((v) => String(v).trim())
      .filter((s) => s !== '')
      .slice(0, MAX_SAMPLE);
    const fromRole = ROLE_KIND[roles[col.name] ?? ''];
    const fromName = nameKind(col.name, nameRoles[col.name]);
    const { best, shares } = valueEvidence(values, col.type);

    const options: PiiFinding[] = [];
    const consider = (kind: PiiKind, nameScore: number, evidence: PiiFinding['evidence']) => {
      const s = shares[kind];
      // Age and birth date have no format of their own: the values only confirm what the name says.
      if (kind === 'age' && (values.length ? s !== 1 : !NUMERIC_TYPE.test(col.type))) return;
      const birthYear = kind === 'birth_date' && NUMERIC_TYPE.test(col.type);
      const confirms = (kind === 'birth_date' && (s ?? 0) >= 0.8) || (kind === 'age' && s === 1);
      const value = best?.kind === kind ? best : confirms ? { kind, share: s!, confidence: 0.6 } : undefined;
      let conf = 1 - (1 - nameScore) * (1 - (value?.confidence ?? 0));
      // Formats that survive CSV typing unchanged: a name with no matching value is probably wrong.
      if (!value && values.length >= 10 && (kind === 'email' || kind === 'ip') && (s ?? 0) < 0.1) conf *= 0.5;
      if (kind === 'birth_date' && !value && !birthYear) conf *= 0.5;
      options.push({
        column: col.name,
        kind,
        ...(value?.detail ? { detail: value.detail } : {}),
        confidence: Math.round(conf * 100) / 100,
        share: values.length ? Math.round((value?.share ?? s ?? 0) * 1000) / 1000 : null,
        sampled: values.length,
        evidence: value ? [...evidence, 'values'] : evidence,
        suggested: birthYear ? { action: 'generalise', rule: 'band10' } : SUGGESTED[kind],
        quasiIdentifier: QUASI.has(kind),
        why: explain(kind, evidence, value, values.length, s),
      });
    };
    if (fromRole) consider(fromRole, 1, ['role']);
    if (fromName && fromName !== fromRole) consider(fromName, NAME_EVIDENCE, ['name']);
    if (best && best.kind !== fromRole && best.kind !== fromName) consider(best.kind, 0, []);
    const top = options.sort((a, b) => b.confidence - a.confidence)[0];
    if (top && top.confidence >= MIN_CONFIDENCE) findings.push(top);
  }
  return findings;
}

function explain(
  kind: PiiKind,
  evidence: PiiFinding['evidence'],
  value: ValueEvidence | undefined,
  n: number,
  share?: number,
): string {
  const parts: string[] = [];
  if (evidence.includes('role')) parts.push('mapped to a personal-data role');
  if (evidence.includes('name')) parts.push(`the column name suggests ${KIND_LABELS[kind]}`);
  if (value) parts.push(`${pct(value.share)} of ${n} sampled values look like ${KIND_LABELS[kind]}`);
  else if (n > 0 && share !== undefined && kind !== 'age' && kind !== 'birth_date')
    parts.push(`${pct(share)} of ${n} sampled values match`);
  let text = parts.join('; ');
  if (kind === 'name' && value) text += ' (a heuristic: capitalised words with common given names)';
  if (kind === 'address' && value) text += ' (a heuristic: a house number beside a street word)';
  if (QUASI.has(kind)) text += ' — a quasi-identifier: check k-anonymity';
  return text;
}
