import { expect } from '@open-wc/testing';
import { errorText } from './errors.js';
import { importLocale, LOCALES, type Locale, localeFor } from './locales.js';
import { loadLocale, plural, resetStrings, term } from './localize.js';
import { en } from './english.js';
import { loadErrorTexts } from './localize.js';
import type { PluralStrings, Strings } from './strings.js';

const CATEGORIES: readonly string[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** The `{placeholders}` of a string, sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

const isPlural = (value: unknown): value is PluralStrings => typeof value === 'object' && value !== null;

/**
 * What is wrong with `table` as the complete table of `locale`, one line each: a key English has
 * and it lacks (or one it has and English does not), a string where English has plural forms (or
 * the other way round), a plural form its language needs (`Intl.PluralRules`) and it lacks, an
 * unknown plural category, an empty string, a placeholder English has and it drops, or one it
 * invents (the element would show `{it}` as is). Forms for 0, 1 or 2 may spell the number out
 * (Arabic "شخصان"), so only `other` must hold `{count}`.
 */
function problems(locale: string, table: Record<string, unknown>): string[] {
  const found: string[] = [];
  const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  for (const key of Object.keys(table)) if (!(key in en)) found.push(`${key}: not an English key`);
  for (const [key, english] of Object.entries(en) as [keyof Strings, Strings[keyof Strings]][]) {
    const value = table[key];
    if (value === undefined) {
      found.push(`${key}: missing`);
    } else if (typeof english === 'string') {
      if (typeof value !== 'string') found.push(`${key}: plural forms where English has a string`);
      else if (!value.trim()) found.push(`${key}: empty`);
      else if (placeholders(value).join() !== placeholders(english).join())
        found.push(`${key}: placeholders {${placeholders(value)}}, English has {${placeholders(english)}}`);
    } else if (!isPlural(value)) {
      found.push(`${key}: a string where English has plural forms`);
    } else {
      const named = placeholders(english.other).filter((p) => p !== 'count');
      for (const category of new Set([...needed, 'other'])) {
        if (value[category as Intl.LDMLPluralRule] === undefined) found.push(`${key}: no "${category}" form`);
      }
      for (const [category, form] of Object.entries(value)) {
        if (!CATEGORIES.includes(category)) found.push(`${key}: "${category}" is no plural category`);
        else if (typeof form !== 'string' || !form.trim()) found.push(`${key}.${category}: empty`);
        else {
          const used = placeholders(form);
          const unknown = used.filter((p) => p !== 'count' && !named.includes(p));
          const dropped = named.filter((p) => !used.includes(p));
          if (unknown.length) found.push(`${key}.${category}: unknown placeholders {${unknown}}`);
          if (dropped.length) found.push(`${key}.${category}: drops {${dropped}}`);
          if (category === 'other' && !used.includes('count')) found.push(`${key}.other: no {count}`);
        }
      }
    }
  }
  return found;
}

describe('shipped locales', () => {
  afterEach(() => resetStrings());

  it('are the ten the package promises, two of them right to left', () => {
    expect([...LOCALES].sort()).to.deep.equal(['ar', 'de', 'es', 'fr', 'he', 'hi', 'it', 'ja', 'pt-BR', 'zh-CN']);
  });

  for (const locale of LOCALES) {
    it(`${locale} has every key and every plural form English has and ${locale} needs`, async () => {
      const table = await importLocale(locale);
      expect(problems(locale, table as unknown as Record<string, unknown>)).to.deep.equal([]);
    });
  }

  it('the check finds a missing key, a missing plural form, a dropped or invented placeholder', () => {
    const { 'room.retry': _, ...rest } = en;
    expect(problems('en', rest)).to.deep.equal(['room.retry: missing']);
    const broken: Record<string, unknown> = {
      ...en,
      'room.people': { zero: 'nobody', one: 'one person', other: '{count} people' },
      'announce.joined': 'someone joined',
      'room.waiting': 'Waiting for {name}…',
      'chat.too-long': { one: 'Over by {count} byte', other: 'Over by many bytes', dozen: 'x' },
      extra: 'x',
    };
    expect(problems('ar', broken)).to.include.members([
      'extra: not an English key',
      'room.people: no "two" form',
      'room.people: no "few" form',
      'room.people: no "many" form',
      'announce.joined: placeholders {}, English has {name}',
      'room.waiting: placeholders {name}, English has {room}',
      'chat.too-long.other: no {count}',
      'chat.too-long: "dozen" is no plural category',
    ]);
    expect(problems('en', { ...en })).to.deep.equal([]);
  });

  it('serve a language whatever its region, and Chinese by script', () => {
    const served: Record<string, Locale | undefined> = {
      de: 'de',
      'de-AT': 'de',
      'de-CH': 'de',
      'fr-CA': 'fr',
      es: 'es',
      'es-419': 'es',
      'pt-BR': 'pt-BR',
      pt: 'pt-BR',
      'pt-PT': 'pt-BR',
      it: 'it',
      ja: 'ja',
      'ja-JP': 'ja',
      zh: 'zh-CN',
      'zh-CN': 'zh-CN',
      'zh-SG': 'zh-CN',
      'zh-Hans': 'zh-CN',
      'zh-Hans-HK': 'zh-CN',
      'zh-TW': undefined,
      'zh-HK': undefined,
      'zh-Hant': undefined,
      hi: 'hi',
      'hi-IN': 'hi',
      ar: 'ar',
      'ar-EG': 'ar',
      he: 'he',
      iw: 'he',
      he_IL: 'he',
      en: undefined,
      'en-US': undefined,
      nl: undefined,
      '': undefined,
      'not a language!': undefined,
    };
    expect(Object.fromEntries(Object.keys(served).map((lang) => [lang, localeFor(lang)]))).to.deep.equal(served);
  });

  it('give Arabic its six plural forms and Hebrew its dual', async () => {
    await loadLocale('ar');
    await loadLocale('he');
    const n = (count: number) => new Intl.NumberFormat('ar').format(count);
    expect([0, 1, 2, 3, 11, 100].map((count) => plural('ar', 'chat.new-messages', count))).to.deep.equal([
      'لا رسائل جديدة',
      'رسالة جديدة واحدة',
      'رسالتان جديدتان',
      `${n(3)} رسائل جديدة`,
      `${n(11)} رسالة جديدة`,
      `${n(100)} رسالة جديدة`,
    ]);
    expect([1, 2, 5].map((n) => plural('he', 'chat.new-messages', n))).to.deep.equal([
      'הודעה חדשה אחת',
      'שתי הודעות חדשות',
      '5 הודעות חדשות',
    ]);
  });

  it('say every error by its code in the language, with what to do; an unknown code as "something went wrong"', async () => {
    await loadErrorTexts();
    const codes = Object.keys(en)
      .filter((key) => /^error\.[a-z-]+$/.test(key) && !['error.other', 'error.text'].includes(key))
      .map((key) => key.slice('error.'.length));
    expect(codes).to.include.members([
      'room-full',
      'unauthorized',
      'rate-limited',
      'webrtc-unsupported',
      'device-lost',
    ]);
    for (const code of codes) {
      const { title, hint, text } = errorText('en', code);
      expect(title, code).to.equal(en[`error.${code}` as keyof Strings]);
      expect(Object.entries(en).find(([, value]) => value === hint)?.[0], code).to.match(/^error\.hint\./);
      expect(text).to.equal(`${title} ${hint}`);
    }
    expect(errorText('en', 'room-full')).to.deep.equal({
      title: 'The room is full.',
      hint: 'Try again in a moment.',
      text: 'The room is full. Try again in a moment.',
    });
    expect(errorText('en', 'a-code-of-a-newer-server').title).to.equal('Something went wrong.');
    await loadLocale('de');
    await loadLocale('ja');
    expect(errorText('de-AT', 'room-full').text).to.equal('Der Raum ist voll. Versuchen Sie es gleich noch einmal.');
    // Japanese joins two sentences without a space.
    expect(errorText('ja', 'server-unreachable').text).to.equal(
      'サーバーに接続できません。インターネット接続を確認して、もう一度お試しください。',
    );
    expect(term('ja', 'error.other')).to.equal('問題が発生しました。');
  });
});
