/**
 * Which UI language is on: English or Simplified Chinese, switchable at run time.
 *
 * The choice is remembered only once the user picks a language (a plain visit writes nothing);
 * `?lang=zh` opens the app in Chinese for one visit; otherwise the browser's languages decide.
 */
export const LOCALES = {
  en: { label: 'English', intl: 'en-US' },
  zh: { label: '简体中文', intl: 'zh-CN' },
} as const;

export type Locale = keyof typeof LOCALES;

const STORAGE_KEY = 'custodian-locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(LOCALES, value);
}

/** `?lang=` first, then the stored choice, then the first of the browser's languages we have. */
export function initialLocale(search: string, stored: string | null, languages: readonly string[]): Locale {
  const asked = new URLSearchParams(search).get('lang');
  if (isLocale(asked)) return asked;
  if (isLocale(stored)) return stored;
  for (const lang of languages) {
    const base = lang.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage blocked by the browser's settings: the language is just not remembered
  }
}

class I18n {
  locale = $state<Locale>(
    typeof location === 'undefined'
      ? 'en'
      : initialLocale(location.search, readStored(), typeof navigator === 'undefined' ? [] : navigator.languages),
  );

  /** BCP 47 tag for Intl and `<html lang>`. */
  get tag(): string {
    return LOCALES[this.locale].intl;
  }

  /** The user's pick: applied at once and remembered in this browser. */
  choose(locale: Locale): void {
    this.locale = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      /* applied, not remembered */
    }
  }
}

export const i18n = new I18n();
