/** The strings every element shows: English built in, ten more languages shipped, replaceable by the page. */
export { en } from './english.js';
export type { PluralStrings, Strings } from './strings.js';
export type { ErrorHint, ErrorStrings } from './errors.strings.js';
export { type ErrorText, errorText, loadErrorTexts } from './errors.js';
export { LOCALES, type Locale, localeFor } from './locales.js';
export {
  langOf,
  loadLocale,
  lookup,
  onStringsChange,
  plural,
  resetStrings,
  setStrings,
  term,
  type PluralKey,
  type TextKey,
} from './localize.js';
