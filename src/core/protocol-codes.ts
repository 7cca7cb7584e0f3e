/** The protocol's error codes (`error` messages) and WebSocket close codes; `protocol.ts` re-exports them. */
import type { MeetingErrorCode } from './protocol-meeting.js';

/** Every error code a server may send in an `error` message (and 1.2's meeting codes, below). */
export const ERROR_CODES = [
  'bad-json',
  'bad-message',
  'unknown-type',
  'not-joined',
  'already-joined',
  'unknown-peer',
  'room-full',
  'unauthorized',
  'rate-limited',
  'too-large',
] as const;
/** Every error code; 1.2's meeting codes (`MEETING_ERROR_CODES`) are in `protocol-meeting.ts`. */
export type ErrorCode = (typeof ERROR_CODES)[number] | MeetingErrorCode;

/** WebSocket close codes the server uses. */
export const CLOSE_CODES = {
  /** Normal closure (server shutdown after telling the peers, or a clean client close). */
  normal: 1000,
  /** The server is going away (graceful shutdown). */
  goingAway: 1001,
  /** Sustained abuse: many refused messages in a short time, or a slow reader. */
  policyViolation: 1008,
  /** A frame over the size limit. */
  tooLarge: 1009,
  /**
   * The cluster removed this peer while its process stalled or was cut off from Redis (it was
   * presumed dead): the old id is gone; reconnect and join again (a resume gets a new id).
   */
  serviceRestart: 1012,
  /** Server at its connection limit. */
  tryAgainLater: 1013,
  /** Failed authentication. */
  unauthorized: 4401,
  /** The session was resumed on another connection: this socket no longer holds it (do not resume). */
  replaced: 4409,
} as const;
