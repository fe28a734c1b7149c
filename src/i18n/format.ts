/**
 * Numbers and dates by the current locale's Intl rules. Read inside a template or `$derived`,
 * they follow a language switch (they read `i18n.locale`).
 */
import { i18n } from './state.svelte';

// Intl formatters are costly to build: one per locale and style.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(
  kind: string,
  options: object,
  make: (tag: string) => F,
): F {
  const key = `${i18n.tag}|${kind}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make(i18n.tag)));
  return f as F;
}
const numbers = (o: Intl.NumberFormatOptions) => cached('n', o, (tag) => new Intl.NumberFormat(tag, o));
const dates = (o: Intl.DateTimeFormatOptions) => cached('d', o, (tag) => new Intl.DateTimeFormat(tag, o));

const asDate = (d: Date | number | string) => (d instanceof Date ? d : new Date(d));

export const fmt = {
  /** A whole number, grouped: 12,345. */
  count: (n: number) => numbers({ maximumFractionDigits: 0 }).format(n),
  /** Up to `digits` decimals (default 2), grouped. */
  number: (n: number, digits = 2) => numbers({ maximumFractionDigits: digits }).format(n),
  /** Exactly `digits` decimals, grouped. */
  fixed: (n: number, digits: number) =>
    numbers({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n),
  /** A share 0–1 as a percentage, one decimal by default: 12.5%. */
  percent: (share: number, digits = 1) =>
    numbers({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share),
  /** Bytes in decimal units: 1.5 MB. */
  bytes: (n: number) => {
    const units = ['B', 'kB', 'MB', 'GB'];
    let i = 0;
    while (n >= 1000 && i < units.length - 1) {
      n /= 1000;
      i++;
    }
    return `${numbers({ maximumFractionDigits: i === 0 ? 0 : 1 }).format(n)} ${units[i]}`;
  },
  /** A calendar date: Dec 6, 2026 / 2026年12月6日. */
  date: (d: Date | number | string) => dates({ dateStyle: 'medium' }).format(asDate(d)),
  /** Date and time to the minute. */
  dateTime: (d: Date | number | string) => dates({ dateStyle: 'medium', timeStyle: 'short' }).format(asDate(d)),
  /** "a, b, and c" / "a、b和c". */
  list: (items: readonly string[]) =>
    cached('l', {}, (tag) => new Intl.ListFormat(tag, { type: 'conjunction' })).format(items),
};
