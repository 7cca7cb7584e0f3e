/** The strings every element shows, in English by default and replaceable by the page. */
export { en, type PluralStrings, type Strings } from './strings.js';
export {
  langOf,
  lookup,
  onStringsChange,
  plural,
  resetStrings,
  setStrings,
  term,
  type PluralKey,
  type TextKey,
} from './localize.js';
