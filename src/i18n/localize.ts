/**
 * The strings registry: English built in, other languages (or replacements for English keys)
 * registered by the page with {@link setStrings}. Framework-free; elements read it through
 * `LocalizeController`.
 */
import { en, type PluralStrings, type Strings } from './strings.js';

/** Keys whose value is a plain string, and keys whose value depends on a count. */
export type TextKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings];
export type PluralKey = { [K in keyof Strings]: Strings[K] extends PluralStrings ? K : never }[keyof Strings];

const tables = new Map<string, Partial<Strings>>();
const listeners = new Set<() => void>();

/**
 * Registers strings for `lang` (a BCP 47 tag such as `fr` or `pt-BR`), merged key by key over
 * what that language already has. Missing keys fall back from `pt-BR` to `pt`, then to English
 * (itself replaceable with `setStrings('en', …)`). Elements on the page re-render at once.
 */
export function setStrings(lang: string, strings: Partial<Strings>): void {
  const key = normalize(lang);
  tables.set(key, { ...tables.get(key), ...strings });
  for (const listener of listeners) listener();
}

/** Forgets what {@link setStrings} registered for `lang` (or for every language). */
export function resetStrings(lang?: string): void {
  if (lang === undefined) tables.clear();
  else tables.delete(normalize(lang));
  for (const listener of listeners) listener();
}

/** Calls `listener` whenever strings change; returns the function that stops it. */
export function onStringsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The value of `key` for `lang`, through the fallback chain. */
export function lookup<K extends keyof Strings>(lang: string, key: K): Strings[K] {
  const parts = normalize(lang).split('-');
  for (let i = parts.length; i > 0; i--) {
    const value = tables.get(parts.slice(0, i).join('-'))?.[key];
    if (value !== undefined) return value;
  }
  return tables.get('en')?.[key] ?? en[key];
}

/** `key` for `lang` with `{placeholders}` filled in from `params`. */
export function term(lang: string, key: TextKey, params: Record<string, string | number> = {}): string {
  return fill(lookup(lang, key), lang, params);
}

/** The plural form of `key` for `count` in `lang` (`Intl.PluralRules`), with `{count}` formatted. */
export function plural(
  lang: string,
  key: PluralKey,
  count: number,
  params: Record<string, string | number> = {},
): string {
  const forms = lookup(lang, key);
  const form = forms[pluralRules(lang).select(count)] ?? forms.other;
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
