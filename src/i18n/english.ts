import { errorsEn } from './errors.strings.js';
import { precallEn } from './precall.strings.js';
import { baseEn, type Strings } from './strings.js';

/**
 * Every string in English, the error texts included: the table every other language is checked
 * against, and a start for a page's own. The elements do not import it: they carry `baseEn`, load
 * the error texts the first time one is needed, and `<rtc-precall-check>` brings its own.
 */
export const en: Strings = { ...baseEn, ...errorsEn, ...precallEn };
