/**
 * A long-strings pseudo-locale, for layout tests: the English table with every string at least
 * 40 % longer, as German and Finnish often are. The letters are added inside the words (each word
 * grows in proportion to its length, so the longest words, the ones a narrow column cannot break,
 * grow most), never inside a `{placeholder}`; a string with no word to grow (a template of
 * placeholders and signs only) is kept as it is, since what fills it grows.
 */
import { en } from '../../src/i18n/english.js';
import type { PluralStrings, Strings } from '../../src/i18n/strings.js';

/** The language tag the tests give the page for it (Android's pseudo-locale for accented English). */
export const PSEUDO_LANG = 'en-XA';

const FILLER = 'äöüßëñ';
const PLACEHOLDER = /(\{\w+\})/;
const WORD = /\p{L}+/gu;

/** `text` with its words lengthened so that the whole is at least `factor` times as long. */
export function lengthen(text: string, factor = 1.4): string {
  const pieces = text.split(PLACEHOLDER);
  const prose = pieces.filter((_, i) => i % 2 === 0);
  const letters = prose.reduce((n, piece) => n + [...piece.matchAll(WORD)].reduce((m, w) => m + w[0].length, 0), 0);
  if (!letters) return text;
  const length = prose.reduce((n, piece) => n + [...piece].length, 0);
  const extra = Math.ceil(length * (factor - 1));
  let filler = 0;
  return pieces
    .map((piece, i) =>
      i % 2 === 1
        ? piece
        : piece.replace(WORD, (word) => {
            let grown = word;
            for (let k = Math.ceil((extra * word.length) / letters); k > 0; k--)
              grown += FILLER[filler++ % FILLER.length];
            return grown;
          }),
    )
    .join('');
}

/** Every string of `table` (the English one by default), plural forms included, lengthened. */
export function pseudoLocale(table: Strings = en, factor = 1.4): Strings {
  const long: Record<string, string | PluralStrings> = {};
  for (const [key, value] of Object.entries(table) as [string, string | PluralStrings][]) {
    long[key] =
      typeof value === 'string'
        ? lengthen(value, factor)
        : (Object.fromEntries(
            Object.entries(value).map(([form, text]) => [form, lengthen(text as string, factor)]),
          ) as PluralStrings);
  }
  return long as unknown as Strings;
}
