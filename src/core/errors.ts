import { CLOSE_CODES, type ErrorCode, type ErrorData } from './protocol.js';

/**
 * Codes of every error the core reports: the server's protocol error codes, plus what can go
 * wrong on this side of the wire.
 */
export type RtcErrorCode =
  | ErrorCode
  /** The `room` is not 1 to 64 characters of `A-Z a-z 0-9 . _ -`. */
  | 'invalid-room'
  /** The `name` is not valid display text. */
  | 'invalid-name'
  /** The participant `state` is not a JSON object of at most 1 KiB serialized. */
  | 'invalid-state'
  /** The `server` is not a usable URL. */
  | 'invalid-server'
  /** The signaling server could not be reached, or the socket closed before `welcome`. */
  | 'server-unreachable'
  /** The socket dropped and could not be resumed in time. */
  | 'connection-lost'
  /** The server closed the connection for a reason it will not retry (policy, auth, size). */
  | 'connection-closed'
  /** Camera/microphone permission was refused; the room goes on with what is left. */
  | 'media-denied'
  /**
   * No camera/microphone exists (`NotFoundError`), or it could not be started for a reason no
   * other code names; the room goes on with what is left.
   */
  | 'media-unavailable'
  /** The camera/microphone is in use by another app, or the system would not start it (`NotReadableError`). */
  | 'media-busy'
  /** No device satisfies the constraints asked for (`OverconstrainedError`: a `deviceId` gone, a size it cannot do). */
  | 'media-constraints'
  /**
   * A camera or microphone stopped during the call (unplugged, permission revoked, taken by another
   * app) and no other device of its kind could take over: the room goes on without it (muted).
   */
  | 'device-lost'
  /**
   * A STUN or TURN server failed (`icecandidateerror`: a TURN server refusing the credentials, a
   * server that cannot be reached). Not fatal; reported once per server URL. If a connection then
   * fails, its tile says why.
   */
  | 'ice-server'
  /**
   * This browser cannot make calls: it has no `RTCPeerConnection` (WebRTC not built in, or turned
   * off, as in some webviews and locked-down browsers). Fatal; `join()` fails before it connects.
   */
  | 'webrtc-unsupported'
  /** A peer connection failed and could not be restarted. */
  | 'peer-failed'
  /** The server sent something that is not protocol v1.x. */
  | 'protocol-violation'
  /** 1.2: a host removed this participant from the call. */
  | 'removed'
  /** 1.2: a host did not let this participant in from the waiting room. */
  | 'denied'
  /** 1.2: a host ended the call for everyone. */
  | 'ended';

/** A device an error is about. */
export type MediaDeviceName = 'camera' | 'microphone' | 'screen';

/** An error with a stable `code` a program can switch on. */
export class RtcError extends Error {
  override readonly name = 'RtcError';
  /** For the media codes (`media-*`, `device-lost`): the devices that could not be used. */
  readonly devices: readonly MediaDeviceName[];
  /** For `ice-server`: the STUN or TURN server's URL. */
  readonly url: string | undefined;
  constructor(
    readonly code: RtcErrorCode,
    message: string,
    options?: { cause?: unknown; devices?: readonly MediaDeviceName[]; url?: string },
  ) {
    super(message, options);
    this.devices = options?.devices ?? [];
    this.url = options?.url;
  }
}

/** Close codes after which reconnecting would only be refused again. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE_CODES.policyViolation,
  CLOSE_CODES.tooLarge,
  CLOSE_CODES.unauthorized,
  CLOSE_CODES.replaced,
  // 1.2: removed, denied, ended (MEETING_CLOSE_CODES).
  4403,
  4405,
  4410,
]);

/** The error a server's `error` message reports. */
export function serverError(data: ErrorData | undefined): RtcError {
  const code = data?.code ?? 'protocol-violation';
  return new RtcError(code, data?.message || `The server refused a message (${code})`);
}

/** The error a close with `code` means. */
export function closeError(code: number, reason: string): RtcError {
  if (code === CLOSE_CODES.unauthorized)
    return new RtcError('unauthorized', reason || 'The server refused our credentials');
  if (code === CLOSE_CODES.replaced)
    return new RtcError('connection-closed', reason || 'This session was resumed on another connection');
  if (code === CLOSE_CODES.tooLarge)
    return new RtcError('too-large', reason || 'A message was over the server size limit');
  const meeting = ({ 4403: 'removed', 4405: 'denied', 4410: 'ended' } as const)[code as 4403];
  return new RtcError(meeting ?? 'connection-closed', reason || `The server closed the connection (${code})`);
}
