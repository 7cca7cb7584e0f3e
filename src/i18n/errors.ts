import type { RtcErrorCode } from '../core/errors.js';
import type { ErrorHint } from './errors.strings.js';
import { lookup, type TextKey, term } from './localize.js';

export { loadErrorTexts } from './localize.js';

/** What a person can do about each error. */
const HINTS: Readonly<Record<RtcErrorCode, ErrorHint>> = {
  'invalid-room': 'link',
  'invalid-name': 'name',
  'invalid-state': 'report',
  'invalid-server': 'report',
  'server-unreachable': 'retry',
  'connection-lost': 'retry',
  'connection-closed': 'report',
  'media-denied': 'devices',
  'media-unavailable': 'devices',
  'media-busy': 'devices',
  'media-constraints': 'devices',
  'device-lost': 'devices',
  'ice-server': 'network',
  'webrtc-unsupported': 'browser',
  'peer-failed': 'network',
  'protocol-violation': 'report',
  'bad-json': 'report',
  'bad-message': 'report',
  'unknown-type': 'report',
  'not-joined': 'report',
  'already-joined': 'report',
  'unknown-peer': 'report',
  'room-full': 'later',
  unauthorized: 'link',
  'rate-limited': 'later',
  'too-large': 'report',
  'not-host': 'report',
  locked: 'later',
  banned: 'later',
  removed: 'later',
  denied: 'later',
  ended: 'later',
};

/** An error as a person reads it: what happened, what to do, and both as one sentence. */
export interface ErrorText {
  title: string;
  hint: string;
  text: string;
}

/**
 * What an error with `code` (an `RtcError`'s, an `rtc-error` event's) says in `lang`: its title
 * and hint from the strings table (`error.<code>`, `error.hint.*`). A code this version does not
 * know (a newer server's) reads as `error.other`. The `RtcError`'s `message` stays English, for
 * developers; this is what the room shows and announces. In English the texts are loaded the first
 * time one is needed (`loadErrorTexts`, which `<rtc-room>` starts as it joins): until they are in,
 * this is `fallback` (the error's own `message`), and elements re-render when they arrive.
 */
export function errorText(lang: string, code: string, fallback = ''): ErrorText {
  const known = Object.hasOwn(HINTS, code);
  const title = term(lang, known ? (`error.${code}` as TextKey) : 'error.other');
  if (!title) return { title: fallback, hint: '', text: fallback };
  const hint = term(lang, `error.hint.${known ? HINTS[code as RtcErrorCode] : 'report'}`);
  return { title, hint, text: term(lang, 'error.text', { title, hint }) };
}

/**
 * Whether what an error says in `lang` is there to show (false while the English error texts load:
 * `loadErrorTexts()` resolves when they are in). Asking starts the loading.
 */
export function errorTextReady(lang: string): boolean {
  return lookup(lang, 'error.other') !== undefined;
}
