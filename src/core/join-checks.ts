import { RtcError } from './errors.js';
import type { MediaRequest } from './media.js';
import { isValidName, isValidRoom } from './protocol.js';
import { resolveSignalingUrl } from './signaling-url.js';
import { missingWebRTC } from './support.js';

/**
 * What `Room.join()` checks before it starts any media or opens any socket: a valid room and
 * name (`invalid-room`, `invalid-name`), a usable server URL (`invalid-server`), and a browser
 * that can make calls (`webrtc-unsupported`). Returns the WebSocket URL to use.
 */
export function checkJoin(room: unknown, name: unknown, server: string | undefined): string {
  if (!isValidRoom(room)) {
    throw new RtcError('invalid-room', `Room "${String(room ?? '')}" is not 1 to 64 characters of A-Z a-z 0-9 . _ -`);
  }
  if (name !== undefined && !isValidName(name)) {
    throw new RtcError('invalid-name', 'Name must be at most 64 characters of display text');
  }
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
 * What a join expects to send before its media has started (media and signaling start at once):
 * its links negotiate these kinds at once, and the room says so in its first state.
 */
export function expectedMedia(
  media: MediaRequest | MediaStream | false | undefined,
): Record<'audio' | 'video', boolean> {
  if (media === false) return { audio: false, video: false };
  if (media instanceof MediaStream)
    return { audio: media.getAudioTracks().length > 0, video: media.getVideoTracks().length > 0 };
  return { audio: (media?.audio ?? true) !== false, video: (media?.video ?? true) !== false };
}
