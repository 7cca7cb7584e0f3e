/**
 * The strings registry: English built in; the shipped locales (`src/locales/`), each imported
 * the first time a language it serves is looked up; and what the page registers with
 * {@link setStrings}, which wins key by key over both. Framework-free; elements read it through
 * `LocalizeController`.
 */
import { importLocale, type Locale, localeFor } from './locales.js';
import type { ErrorStrings } from './errors.strings.js';
import { baseEn, type PluralStrings, type Strings } from './strings.js';

/** Keys whose value is a plain string, and keys whose value depends on a count. */
export type TextKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings];
export type PluralKey = { [K in keyof Strings]: Strings[K] extends PluralStrings ? K : never }[keyof Strings];

/** What the page registered, by normalized language tag. */
const tables = new Map<string, Partial<Strings>>();
/** The shipped locales imported so far, those being imported, and those that failed to. */
const shipped = new Map<Locale, Strings>();
const loading = new Map<Locale, Promise<Strings>>();
const failed = new Set<Locale>();
const listeners = new Set<() => void>();

function changed() {
  for (const listener of listeners) listener();
}

/**
 * Registers strings for `lang` (a BCP 47 tag such as `fr` or `pt-BR`), merged key by key over
 * what the page registered for that language before. Missing keys fall back from `pt-BR` to
 * `pt`, then to the shipped table of that language if there is one, then to English (itself
 * replaceable with `setStrings('en', …)`). Elements on the page re-render at once.
 */
export function setStrings(lang: string, strings: Partial<Strings>): void {
  const key = normalize(lang);
  tables.set(key, { ...tables.get(key), ...strings });
  changed();
}

/** Forgets what {@link setStrings} registered for `lang` (or for every language); shipped tables stay. */
export function resetStrings(lang?: string): void {
  if (lang === undefined) tables.clear();
  else tables.delete(normalize(lang));
  changed();
}

/**
 * Imports the shipped table that serves `lang` (see `LOCALES`), if it is not there yet, and
 * resolves to whether one serves it (`false` for English or a language the package does not
 * ship). Elements import it by themselves when they meet the language, showing English for the
 * moment it takes; a page that awaits this first (before adding the elements, or in a Storybook
 * loader) shows its language from the first frame. Rejects if the module cannot be loaded.
 */
export async function loadLocale(lang: string): Promise<boolean> {
  const locale = localeFor(lang);
  if (!locale) return false;
  if (failed.delete(locale)) loading.delete(locale);
  await load(locale);
  return true;
}

function load(locale: Locale): Promise<Strings> {
  let pending = loading.get(locale);
  if (!pending) {
    pending = importLocale(locale).then(
      (table) => {
        shipped.set(locale, table);
        changed();
        return table;
      },
      (error: unknown) => {
        failed.add(locale);
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/** The shipped table that serves `lang` if it is loaded; else starts importing it, and undefined. */
function shippedFor(lang: string): Strings | undefined {
  const locale = localeFor(lang);
  if (!locale) return undefined;
  const table = shipped.get(locale);
  if (!table && !loading.has(locale)) {
    // Looked up while rendering: English until the table is in, then everything re-renders.
    load(locale).catch((error: unknown) =>
      console.warn(`rtc-elements: the ${locale} strings could not be loaded; showing English.`, error),
    );
  }
  return table;
}

/** Calls `listener` whenever strings change; returns the function that stops it. */
export function onStringsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** English strings a part loaded later brought with it (`<rtc-precall-check>`'s): see {@link addEnglish}. */
const laterEnglish: Partial<Strings> = {};

/** Adds the English strings of a part loaded by `import()`; the page's own (`setStrings('en', …)`) still win. */
export function addEnglish(strings: Partial<Strings>): void {
  Object.assign(laterEnglish, strings);
  changed();
}

/** The English error texts, once loaded (`loadErrorTexts`); until then an error key has no English value. */
let englishErrors: ErrorStrings | undefined;
let loadingErrors: Promise<void> | undefined;

/**
 * Loads what the error texts of `lang` need: the shipped table that serves it (each carries its
 * own), else, or if that fails, the English ones (`errors.strings.ts`, a chunk of its own: a call
 * that goes well never needs them), once; elements re-render when they are in. `<rtc-room>`
 * starts it as it joins.
 */
export function loadErrorTexts(lang = ''): Promise<void> {
  const locale = localeFor(lang);
  if (locale && !failed.has(locale))
    return load(locale).then(
      () => undefined,
      () => loadErrorTexts(),
    );
  loadingErrors ??= import('./errors.strings.js').then(
    ({ errorsEn }) => {
      englishErrors = errorsEn;
      changed();
    },
    (error: unknown) => {
      loadingErrors = undefined;
      throw error;
    },
  );
  return loadingErrors;
}

/**
 * The value of `key` for `lang`, through the fallback chain; undefined only for an error text
 * while the English ones are still loading (a lookup starts that).
 */
export function lookup<K extends keyof Strings>(lang: string, key: K): Strings[K] {
  return find(lang, key)[0];
}

/** The value of `key` for `lang`, and whether it is the English one. */
function find<K extends keyof Strings>(lang: string, key: K): [Strings[K], boolean] {
  const parts = normalize(lang).split('-');
  for (let i = parts.length; i > 0; i--) {
    const value = tables.get(parts.slice(0, i).join('-'))?.[key];
    if (value !== undefined) return [value, parts[0] === 'en'];
  }
  const value = shippedFor(lang)?.[key];
  if (value !== undefined) return [value, false];
  const english =
    tables.get('en')?.[key] ??
    (baseEn as Partial<Strings>)[key] ??
    laterEnglish[key] ??
    englishErrors?.[key as keyof ErrorStrings];
  // (While the language's own table loads, that is what is awaited: it carries the error texts.)
  if (english === undefined)
    loadErrorTexts(lang).catch((error: unknown) =>
      console.warn('rtc-elements: the error texts could not be loaded.', error),
    );
  return [english as Strings[K], true];
}

/** `key` for `lang` with `{placeholders}` filled in from `params`. */
export function term(lang: string, key: TextKey, params: Record<string, string | number> = {}): string {
  return fill(lookup(lang, key) ?? '', lang, params);
}

/** The plural form of `key` for `count` in `lang` (`Intl.PluralRules`), with `{count}` formatted. */
export function plural(
  lang: string,
  key: PluralKey,
  count: number,
  params: Record<string, string | number> = {},
): string {
  const [forms, english] = find(lang, key);
  // English forms (a language without them) are chosen by English rules: "1 person", not "1 people".
  const form = forms[pluralRules(english ? 'en' : lang).select(count)] ?? forms.other;
  return fill(form, lang, { count, ...params });
}

/** The language that applies to `node`: the closest `lang` attribute, crossing shadow roots. */
export function langOf(node: Element): string {
  let element: Element | null = node;
  while (element) {
    const found = element.closest('[lang]');
    if (found) return found.getAttribute('lang') || 'en';
    const root = element.getRootNode();
    element = root instanceof ShadowRoot ? root.host : null;
  }
  return 'en';
}

function fill(template: string, lang: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined) return match;
    return typeof value === 'number' ? numberFormat(lang).format(value) : value;
  });
}

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

function pluralRules(lang: string): Intl.PluralRules {
  const found = rules.get(lang) ?? new Intl.PluralRules(safeLocale(lang));
  rules.set(lang, found);
  return found;
}

function numberFormat(lang: string): Intl.NumberFormat {
  const found = numbers.get(lang) ?? new Intl.NumberFormat(safeLocale(lang));
  numbers.set(lang, found);
  return found;
}

/** `lang` if `Intl` accepts it, else English: a malformed `lang` attribute must not break rendering. */
function safeLocale(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

function normalize(lang: string): string {
  return lang.trim().toLowerCase().replace(/_/g, '-');
}
