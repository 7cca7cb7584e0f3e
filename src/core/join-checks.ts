import { RtcError } from './errors.js';
import { joinFault, type JoinFields } from './join-data.js';
import { assertName, assertState } from './participant-state.js';
import { type MediaRequest, requested } from './media.js';
import { resolveSignalingUrl } from './signaling-url.js';
import { missingWebRTC } from './support.js';

/**
 * What `Room.join()` checks before it starts any media or opens any socket: a valid room and
 * name (`invalid-room`, `invalid-name`), a usable server URL (`invalid-server`), and a browser
 * that can make calls (`webrtc-unsupported`). Returns the WebSocket URL to use.
 */
export function checkJoin(room: unknown, name: unknown, server: string | undefined): string {
  assertJoin({ room, name });
  const url = resolveSignalingUrl(server);
  const missing = missingWebRTC();
  if (missing.length) {
    throw new RtcError(
      'webrtc-unsupported',
      `No ${missing.join(' or ')} in this browser: WebRTC is not built in, or is turned off`,
    );
  }
  return url;
}

/**
 * Throws `invalid-room`, `invalid-name` or `invalid-state` unless the fields of a join are valid
 * (see `joinFault`, the check the server makes too).
 */
export function assertJoin(fields: Pick<JoinFields, 'room' | 'name' | 'state'>): void {
  const fault = joinFault(fields);
  if (fault === 'room') {
    throw new RtcError(
      'invalid-room',
      `Room "${String(fields.room ?? '')}" is not 1 to 64 characters of A-Z a-z 0-9 . _ -`,
    );
  }
  if (fault === 'name') assertName(fields.name);
  if (fault !== undefined) assertState(fields.state);
}

/**
 * What a join expects to send before its media has started (media and signaling start at once):
 * its links negotiate these kinds at once, and the room says so in its first state.
 */
export function expectedMedia(
  media: MediaRequest | MediaStream | false | undefined,
): Record<'audio' | 'video', boolean> {
  if (media === false) return { audio: false, video: false };
  if (media instanceof MediaStream)
    return { audio: media.getAudioTracks().length > 0, video: media.getVideoTracks().length > 0 };
  return { audio: requested(media, 'audio') !== false, video: requested(media, 'video') !== false };
}
