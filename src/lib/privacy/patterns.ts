/**
 * Value detectors for personal data: one predicate per kind of value, on one trimmed string.
 * Where a format carries a check digit (payment cards, Chinese resident ids) it is verified, so
 * a random number of the right length is rejected most of the time; the column-level decision in
 * pii.ts then asks for a high share of matches, which rejects the rest. Names and street
 * addresses have no format: those detectors are heuristics and say so.
 */

/**
 * The WHATWG HTML "valid e-mail address" grammar, with a top-level domain of ≥ 2 letters and
 * Unicode letters allowed in the domain. A local part with `*` is taken as already masked.
 */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'+/=?^_`{|}~-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)*\.\p{L}{2,63}$/u;

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

/**
 * Telephone numbers: E.164 (`+` or `00`, a country code not starting with 0, 8–15 digits in all,
 * ITU-T E.164 §6) with any spaces, dots, dashes or brackets between digit groups; and national
 * formats: North American `(415) 555-2671` / `415-555-2671`, Chinese mobiles `138 0013 8000`,
 * and trunk-prefix numbers starting with 0 (UK `020 7946 0958`, DE `030 1234567`, FR
 * `06 12 34 56 78`) with 9–12 digits. Dates and plain numbers without a leading 0 are not phones.
 */
export function isPhone(s: string): boolean {
  if (!/^\+?[\d\s().-]+$/.test(s) || !/\d/.test(s)) return false;
  const digits = s.replace(/\D/g, '');
  if (s.startsWith('+')) return /^[1-9]/.test(digits) && digits.length >= 8 && digits.length <= 15;
  if (digits.startsWith('00')) return /^00[1-9]/.test(digits) && digits.length >= 10 && digits.length <= 17;
  if (/^1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}$/.test(s)) return true;
  if (/^(\([2-9]\d{2}\)\s?|[2-9]\d{2}[-.\s])[2-9]\d{2}[-.\s]\d{4}$/.test(s)) return true;
  return /^\(?0/.test(s) && digits.length >= 9 && digits.length <= 12 && !/^0+$/.test(digits);
}

/** The Luhn (mod 10) check of ISO/IEC 7812-1 Annex B over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Issuer prefixes and lengths of the major schemes (Visa 4; Mastercard 51–55 and 2221–2720;
 * American Express 34/37; Diners 300–305/36/38–39; JCB 3528–3589; Discover, UnionPay and Maestro
 * under 5 and 6), after the public scheme tables.
 */
function plausibleIssuer(d: string): boolean {
  const n = d.length;
  if (d.startsWith('4')) return n === 13 || n === 16 || n === 19;
  if (/^5[1-5]/.test(d)) return n === 16;
  if (/^2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)/.test(d)) return n === 16;
  if (/^3[47]/.test(d)) return n === 15;
  if (/^3(0[0-5]|6|[89])/.test(d)) return n >= 14 && n <= 19;
  if (/^35(2[89]|[3-8]\d)/.test(d)) return n >= 16 && n <= 19;
  if (/^(5[06-9]|6)/.test(d)) return n >= 12 && n <= 19;
  return false;
}

/** A payment card number (PAN): 12–19 digits, optionally in groups, a known issuer prefix, and a valid Luhn digit. */
export function isCardNumber(s: string): boolean {
  if (!/^\d[\d -]{10,22}\d$/.test(s)) return false;
  const digits = s.replace(/[ -]/g, '');
  return digits.length >= 12 && digits.length <= 19 && plausibleIssuer(digits) && luhnValid(digits);
}

/**
 * UK National Insurance number (HMRC NIM39110): two prefix letters (not D F I Q U V; the second
 * not O; BG GB KN NK NT TN ZZ never issued), six digits, a suffix A–D. `QQ 12 34 56 C`, HMRC's
 * specimen, is therefore invalid by design.
 */
export function isUkNino(s: string): boolean {
  const t = s.toUpperCase().replace(/\s+/g, '');
  return /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(t);
}

/** US Social Security number written with separators: area not 000, 666 or 9xx; group not 00; serial not 0000 (SSA). */
export function isUsSsn(s: string): boolean {
  return /^(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}$/.test(s);
}

const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_CHECK = '10X98765432';

/**
 * Chinese resident identity number (GB 11643-1999): 6-digit area code, birth date YYYYMMDD,
 * 3-digit sequence and an ISO 7064 MOD 11-2 check character (weights 2^(17−i) mod 11).
 */
export function isCnResidentId(s: string): boolean {
  const t = s.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(t)) return false;
  const [y, m, d] = [Number(t.slice(6, 10)), Number(t.slice(10, 12)), Number(t.slice(12, 14))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (t.charCodeAt(i) - 48) * CN_WEIGHTS[i]!;
  return CN_CHECK[sum % 11] === t[17];
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** RFC 4291 §2.2 text forms: eight groups of 1–4 hex digits, one `::` for a run of zeros, an IPv4 tail. */
export function isIPv6(s: string): boolean {
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const parts = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (parts.flat().some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = parts.flat().length;
  return halves.length === 2 ? count <= 7 : count === 8;
}

const STREET_EN =
  /\b\d{1,5}[A-Za-z]?\s+(?:[\p{L}'’.-]+\s+){1,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|crescent|parkway|pkwy|highway|hwy|square|sq|row|mews|gardens)\b\.?/iu;
const STREET_DE_NL =
  /[\p{L}-]{2,}(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|laan|straat|gracht|plein)\s*\d{1,4}\s?[a-z]?\b/iu;
const STREET_ROMANCE =
  /(?:\b\d{1,4}(?:\s*(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai)\s+\p{L})|(?:\b(?:calle|avenida|plaza|paseo|via|viale|piazza|corso|rua|avenida|carrer)\s+[\p{L}' ]{2,40},?\s*\d{1,4}\b)/iu;
const STREET_ZH = /\p{Script=Han}{1,12}(?:路|街|大道|巷|弄|胡同)\s*\d{1,5}\s*号/u;

/**
 * A street address (heuristic): a house number beside a street word, in English, German/Dutch,
 * French/Spanish/Italian/Portuguese or Chinese word order (`12 Baker Street`, `Hauptstraße 5`,
 * `10 rue de Rivoli`, `Calle Mayor 5`, `南京东路100号`). A number needs a street name between it
 * and the street word, so `3 Way Adapter` is not an address.
 */
export function isStreetAddress(s: string): boolean {
  return s.length <= 200 && (STREET_EN.test(s) || STREET_DE_NL.test(s) || STREET_ROMANCE.test(s) || STREET_ZH.test(s));
}

/** Postcodes whose shape is distinctive: UK, Canada, the Netherlands. (US ZIP codes are any 5 digits: name evidence only.) */
export function isPostcode(s: string): boolean {
  const t = s.toUpperCase();
  return (
    /^[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}$/.test(t) ||
    /^[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d$/.test(t) ||
    /^[1-9]\d{3} ?[A-Z]{2}$/.test(t)
  );
}
