/**
 * The UI's text. Components read it through `t` (`{t.shell.cancel}`, `{t.data.loaded(n)}`): every
 * read goes through the current language's catalogue, so a switch re-renders each string in place.
 * English is the source of the keys; the Chinese catalogue is typed against it, so a missing or
 * extra key, or a message taking other values, fails the typecheck.
 *
 * What the analysis core writes (op errors, verdicts, segment names, cluster descriptions) stays
 * English in results, exports, the report and the audit — it is data, shared with the headless
 * runner. Segment names, cluster descriptions and backend reasons are translated only where the UI
 * shows them, by looking up the English value (`t.terms`).
 */
import { en, type Messages } from './en';
import { zh } from './zh';
import { i18n, type Locale } from './state.svelte';

export { i18n, LOCALES, type Locale } from './state.svelte';
export { fmt } from './format';
export type { Messages } from './en';

export const CATALOGUES: Record<Locale, Messages> = { en, zh };

export const t: Messages = new Proxy({} as Messages, {
  get: (_, key) => CATALOGUES[i18n.locale][key as keyof Messages],
});
