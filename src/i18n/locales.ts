/**
 * The languages the package ships beside English, each a module of its own (`src/locales/<tag>.ts`,
 * published as `rtc-elements/locales/<tag>.js`) holding one complete table. Nothing here holds a
 * string: the kit imports a locale's module the first time an element meets its language (a page
 * with `lang="de"` loads `de.js` and none of the others; an English page loads none). Each
 * `import()` is written out in full so bundlers, and `scripts/bundle.mjs` for the CDN file, put
 * every locale in a chunk of its own.
 */
import type { Strings } from './strings.js';

/** A locale the package ships: its BCP 47 tag, and the name of its module. */
export type Locale = 'ar' | 'de' | 'es' | 'fr' | 'he' | 'hi' | 'it' | 'ja' | 'pt-BR' | 'zh-CN';

const MODULES: Readonly<Record<Locale, () => Promise<{ default: Strings }>>> = {
  ar: () => import('../locales/ar.js'),
  de: () => import('../locales/de.js'),
  es: () => import('../locales/es.js'),
  fr: () => import('../locales/fr.js'),
  he: () => import('../locales/he.js'),
  hi: () => import('../locales/hi.js'),
  it: () => import('../locales/it.js'),
  ja: () => import('../locales/ja.js'),
  'pt-BR': () => import('../locales/pt-BR.js'),
  'zh-CN': () => import('../locales/zh-CN.js'),
};

/** Every locale the package ships, by tag (English, built in, is not one of them). */
export const LOCALES: readonly Locale[] = Object.keys(MODULES) as Locale[];

/** Languages served by the module of the same name, whatever their region. */
const BY_LANGUAGE: ReadonlySet<string> = new Set(['ar', 'de', 'es', 'fr', 'he', 'hi', 'it', 'ja']);

const resolved = new Map<string, Locale | undefined>();

/**
 * The shipped locale that serves `lang`, if any: `de-AT` is served by `de`, any Portuguese by
 * `pt-BR`, Chinese in simplified script (`zh`, `zh-CN`, `zh-SG`, `zh-Hans-HK`) by `zh-CN` but not
 * traditional (`zh-TW`, `zh-HK`, `zh-Hant`); the old code `iw` is Hebrew. English and a malformed
 * `lang` have none.
 */
export function localeFor(lang: string): Locale | undefined {
  if (resolved.has(lang)) return resolved.get(lang);
  let found: Locale | undefined;
  try {
    const locale = new Intl.Locale(lang.trim().replace(/_/g, '-'));
    // Chromium and Firefox canonicalize the old code iw to he; WebKit keeps it.
    const language = locale.language === 'iw' ? 'he' : locale.language;
    if (language === 'zh') found = locale.maximize().script === 'Hans' ? 'zh-CN' : undefined;
    else if (language === 'pt') found = 'pt-BR';
    else if (BY_LANGUAGE.has(language)) found = language as Locale;
  } catch {
    found = undefined;
  }
  resolved.set(lang, found);
  return found;
}

/** Imports the module of `locale` (once: the module system keeps it). */
export async function importLocale(locale: Locale): Promise<Strings> {
  return (await MODULES[locale]()).default;
}
