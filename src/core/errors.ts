import type { ErrorCode } from './protocol.js';

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
  /** No camera/microphone exists, or it could not be started; the room goes on with what is left. */
  | 'media-unavailable'
  /** A peer connection failed and could not be restarted. */
  | 'peer-failed'
  /** The server sent something that is not protocol v1. */
  | 'protocol-violation';

/** A device an error is about. */
export type MediaDeviceName = 'camera' | 'microphone';

/** An error with a stable `code` a program can switch on. */
export class RtcError extends Error {
  override readonly name = 'RtcError';
  /** For `media-denied` and `media-unavailable`: the devices that could not be used. */
  readonly devices: readonly MediaDeviceName[];
  constructor(
    readonly code: RtcErrorCode,
    message: string,
    options?: { cause?: unknown; devices?: readonly MediaDeviceName[] },
  ) {
    super(message, options);
    this.devices = options?.devices ?? [];
  }
}
