/**
 * The chat message format, which `ChatLog` keeps and sends and `<rtc-chat>` shows: what
 * `RoomSession.send()` carries and the `message` event delivers.
 *
 * ```json
 * { "type": "chat", "text": "Hello", "id": "3f0c…", "at": 1767225600000 }
 * ```
 * Framework-free: no DOM, no Lit.
 */
import { randomId } from './random-id.js';

/** The most a chat message's text may take: 4096 bytes of UTF-8 (after trimming). */
export const MAX_CHAT_BYTES = 4096;
/** The longest message id accepted. */
export const MAX_CHAT_ID_LENGTH = 64;

/** A chat message as it travels between participants. */
export interface ChatMessage {
  type: 'chat';
  /** The text: 1 to {@link MAX_CHAT_BYTES} bytes of UTF-8 once trimmed. Plain text, never HTML. */
  text: string;
  /** Random, unique per message (at most {@link MAX_CHAT_ID_LENGTH} characters). */
  id: string;
  /** When it was written, in milliseconds since 1970 (the sender's clock). */
  at: number;
}

/** Control characters a message may not hold: all of C0 but tab and line feed, and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** How many bytes `text` takes in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes, as `TextEncoder` does). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The text a message would carry for what a person typed: line breaks as `\n`, control
 * characters other than tab and line feed removed, trimmed.
 */
export function chatText(typed: string): string {
  return typed.replace(/\r\n?/g, '\n').replace(CONTROLS, '').trim();
}

/**
 * True when `data` is a chat message this kit shows: an object with `type: 'chat'`, a string
 * `text` of 1 to 4096 bytes once trimmed and without control characters (tab and line feed
 * aside), a string `id` of 1 to 64 characters and a finite number `at`. Other keys are
 * ignored. Anything else is not a chat message and is never shown.
 */
export function isChatMessage(data: unknown): data is ChatMessage {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const { type, text, id, at } = data as Record<string, unknown>;
  if (type !== 'chat' || typeof text !== 'string' || typeof id !== 'string' || typeof at !== 'number') return false;
  if (!id || id.length > MAX_CHAT_ID_LENGTH || !Number.isFinite(at)) return false;
  // Cheap bound first: a valid text is at most 4096 UTF-16 units once trimmed; far longer is not worth measuring.
  if (text.length > MAX_CHAT_BYTES * 2 || CONTROL.test(text)) return false;
  const bytes = utf8Length(text.trim());
  return bytes > 0 && bytes <= MAX_CHAT_BYTES;
}

/**
 * A new chat message for `typed` (normalized with {@link chatText}), with a random id and the
 * time now. Throws a `RangeError` when the text is empty or longer than {@link MAX_CHAT_BYTES}.
 */
export function chatMessage(typed: string): ChatMessage {
  const text = chatText(String(typed));
  const bytes = utf8Length(text);
  if (bytes === 0) throw new RangeError('A chat message needs some text');
  if (bytes > MAX_CHAT_BYTES) {
    throw new RangeError(`A chat message may take at most ${MAX_CHAT_BYTES} bytes of UTF-8 (this one takes ${bytes})`);
  }
  return { type: 'chat', text, id: randomId(), at: Date.now() };
}
