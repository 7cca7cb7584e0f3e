/** Finding web links in a chat message's text, to show them as links (and the rest as text). */

/** A piece of a message: plain text, or a link when `href` is set. */
export interface TextPiece {
  text: string;
  /** An `http:` or `https:` URL, checked with `URL`. */
  href?: string;
}

const URLS = /\bhttps?:\/\/[^\s<>"]+/gi;
const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * Splits `text` into text and `http(s)` links. Punctuation ending a sentence after a link
 * (`see https://example.org.`) stays text, and so does a closing bracket the link did not open.
 * Nothing here is ever HTML: the element renders each piece as text or as an `<a>` it builds.
 */
export function linkPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(URLS)) {
    const url = trimEnd(match[0]);
    const href = webUrl(url);
    if (!href) continue;
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    pieces.push({ text: url, href });
    last = match.index + url.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

function trimEnd(url: string): string {
  for (;;) {
    const end = url.at(-1)!;
    const opening = CLOSING[end];
    const unbalanced = opening !== undefined && url.split(opening).length <= url.split(end).length - 1;
    if (!'.,:;!?\'"'.includes(end) && !unbalanced) return url;
    url = url.slice(0, -1);
  }
}

function webUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}
