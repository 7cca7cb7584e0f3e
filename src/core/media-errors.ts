import { type MediaDeviceName, RtcError, type RtcErrorCode } from './errors.js';

/**
 * What a `getUserMedia` / `getDisplayMedia` failure means, by the `name` browsers give it (the
 * standard names and the old Chromium ones): refused, missing, busy, or impossible constraints.
 * Anything else (`NotSupportedError`, a `TypeError`) is `media-unavailable`.
 */
const CODES: Readonly<Record<string, RtcErrorCode>> = {
  NotAllowedError: 'media-denied',
  SecurityError: 'media-denied',
  PermissionDeniedError: 'media-denied',
  NotFoundError: 'media-unavailable',
  DevicesNotFoundError: 'media-unavailable',
  NotReadableError: 'media-busy',
  TrackStartError: 'media-busy',
  // Firefox: the device exists and is allowed, but would not start (in use elsewhere, or a driver error).
  AbortError: 'media-busy',
  OverconstrainedError: 'media-constraints',
  ConstraintNotSatisfiedError: 'media-constraints',
};

/** The media codes: a device refused, missing, busy, or unable to do what was asked; or lost mid-call. */
export const MEDIA_CODES: readonly RtcErrorCode[] = [
  'media-denied',
  'media-unavailable',
  'media-busy',
  'media-constraints',
  'device-lost',
];

/** Maps a `getUserMedia` failure for `devices` to an {@link RtcError} with a readable message. */
export function mediaError(error: unknown, devices: readonly MediaDeviceName[]): RtcError {
  const { name, constraint } = (error ?? {}) as { name?: string; constraint?: string };
  const code = (name && CODES[name]) || 'media-unavailable';
  const what = devices.join(' and ');
  const why = name ? ` (${name})` : '';
  const message =
    code === 'media-denied'
      ? `Permission to use the ${what} was refused`
      : code === 'media-busy'
        ? `The ${what} is in use by another app, or the system would not start it${why}`
        : code === 'media-constraints'
          ? `No ${what} can do what was asked${constraint ? ` (${constraint})` : ''}${why}`
          : name === 'NotFoundError' || name === 'DevicesNotFoundError'
            ? `No ${what} was found${why}`
            : `The ${what} could not be started${why}`;
  return new RtcError(code, message, { cause: error, devices });
}

/** The error of a track that ended with nothing to take over: the room goes on without it. */
export function deviceLost(role: 'audio' | 'video'): RtcError {
  const device = role === 'audio' ? 'microphone' : 'camera';
  return new RtcError(
    'device-lost',
    `The ${device} stopped (unplugged, permission revoked, or taken by another app); no other ${device} took over`,
    { devices: [device] },
  );
}
