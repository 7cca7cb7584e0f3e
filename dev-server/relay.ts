/**
 * The relay: checking a relayed message (`offer`, `answer`, `ice-candidate`) and the frame the
 * recipient gets.
 */
import type { ErrorCode, RelayType } from '../src/core/protocol.js';
import type { Session } from './session.js';

/** Longest accepted peer id in `to` (server ids are 22 characters). */
const MAX_PEER_ID_LENGTH = 64;

/**
 * The frame relayed for a message from `from`: `{"type":…,"from":…,"data":…}`. Clients send
 * `{"type":…,"to":…,"data":…}` in that order (JSON.stringify of the core's message); for such a
 * text the server swaps the `to` for the `from` and keeps the sender's `data` text as it is, with
 * no second serialization of a 4 KB SDP. The recipient parses the same `data` text the server
 * validated. Any other text (other order, spacing, escapes, a client's own `from`, extra fields)
 * is rebuilt as exactly `{ type, from, data }`.
 */
export function relayFrame(type: RelayType, from: string, message: Record<string, unknown>, text: string): string {
  let keys = 0;
  for (const key in message) {
    if (key !== 'type' && key !== 'to' && key !== 'data') keys = -1;
    else if (keys >= 0) keys++;
  }
  if (keys === 3) {
    const prefix = `{"type":"${type}","to":${JSON.stringify(message.to)},"data":`;
    if (text.startsWith(prefix))
      return `{"type":"${type}","from":${JSON.stringify(from)},"data":${text.slice(prefix.length)}`;
  }
  return JSON.stringify({ type, from, data: message.data });
}

/** Why a relayed message is refused: the error code and message of the reply. */
export interface RelayRefusal {
  code: ErrorCode;
  message: string;
}

/**
 * Checks a relayed message from `session`'s connection; returns the refusal, or undefined when it
 * may go to `to` (whether that peer is in the room is the directory's to say).
 */
export function relayRefusal(message: Record<string, unknown>, session: Session | null): RelayRefusal | undefined {
  const { to, data } = message;
  if (typeof to !== 'string' || to.length === 0 || to.length > MAX_PEER_ID_LENGTH) {
    return { code: 'bad-message', message: '`to` must be a peer id' };
  }
  // Any JSON value, null included, is relayed as it is; only a missing `data` is refused.
  if (data === undefined) return { code: 'bad-message', message: '`data` is required' };
  if (session?.state !== 'active') return { code: 'not-joined', message: 'join a room first' };
  if (to === session.id) return { code: 'unknown-peer', message: '`to` must name another peer' };
  return undefined;
}
