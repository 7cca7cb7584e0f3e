/**
 * `message` (protocol 1.2): application data through the server, to one peer (`to`) or to every
 * other peer of the room that joined with `media` (a 1.1 client never gets one). Checking it, and
 * the frame its recipients get.
 */
import { type ErrorCode, MAX_MESSAGE_BYTES } from '../src/core/protocol.js';
import type { TextPayload } from './frame.js';
import type { Session } from './session.js';

/** Longest accepted peer id in `to` (server ids are 22 characters). */
const MAX_PEER_ID_LENGTH = 64;
const PREFIX = '{"type":"message",';

/** A checked `message`: the frame to relay, and to whom (undefined: the room). */
export type DataCheck =
  | { ok: true; frame: string; to: string | undefined }
  | { ok: false; code: ErrorCode; why: string };

/** Checks a `message` from `session`; on success, the frame its recipients get. */
export function checkDataMessage(message: Record<string, unknown>, session: Session | null): DataCheck {
  const { to, data } = message;
  if (to !== undefined && (typeof to !== 'string' || to.length === 0 || to.length > MAX_PEER_ID_LENGTH)) {
    return { ok: false, code: 'bad-message', why: '`to` must be a peer id' };
  }
  if (data === undefined) return { ok: false, code: 'bad-message', why: '`data` is required' };
  if (session?.state !== 'active') return { ok: false, code: 'not-joined', why: 'join a room first' };
  if (to === session.id) return { ok: false, code: 'unknown-peer', why: '`to` must name another peer' };
  const text = JSON.stringify(data);
  if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) {
    return { ok: false, code: 'too-large', why: `\`data\` is limited to ${MAX_MESSAGE_BYTES} bytes of JSON` };
  }
  return { ok: true, frame: `${PREFIX}"from":${JSON.stringify(session.id)},"data":${text}}`, to };
}

/** True when `frame` is a `message` this server built. */
export function isDataFrame(frame: TextPayload): boolean {
  return typeof frame === 'string'
    ? frame.startsWith(PREFIX)
    : frame.length > PREFIX.length && frame.toString('latin1', 0, PREFIX.length) === PREFIX;
}
