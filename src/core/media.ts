import { RtcError } from './errors.js';
import { mediaError } from './media-errors.js';

export { mediaError } from './media-errors.js';

/** What to ask `getUserMedia` for; `false` leaves a kind out. */
export interface MediaRequest {
  audio?: boolean | MediaTrackConstraints;
  video?: boolean | MediaTrackConstraints;
}

/** What a join asks for when it is not told: the camera and the microphone, both on. */
export const DEFAULT_MEDIA: Readonly<Record<'audio' | 'video', true>> = { audio: true, video: true };

/** What `request` asks of `kind`: as given, or the default (on) where it says nothing. */
export const requested = (
  request: MediaRequest | undefined,
  kind: 'audio' | 'video',
): boolean | MediaTrackConstraints => request?.[kind] ?? DEFAULT_MEDIA[kind];

/** The local media a participant ended up with, and why anything is missing. */
export interface LocalMedia {
  stream: MediaStream;
  /** Problems met on the way (`media-denied`, `-unavailable`, `-busy`, `-constraints`); the stream has what was left. */
  errors: RtcError[];
}

/**
 * Gets camera and microphone, falling back instead of failing: both, else microphone only,
 * else camera only, else an empty stream (receive-only). Never rejects; what went wrong is in
 * `errors`.
 */
export async function getLocalMedia(request: MediaRequest = DEFAULT_MEDIA): Promise<LocalMedia> {
  const errors: RtcError[] = [];
  const audio = requested(request, 'audio');
  const video = requested(request, 'video');
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.getUserMedia) {
    if (audio || video) {
      errors.push(
        new RtcError(
          'media-unavailable',
          'This page cannot use a camera or microphone (no mediaDevices; is it served over HTTPS?)',
        ),
      );
    }
    return { stream: new MediaStream(), errors };
  }
  const get = (constraints: MediaStreamConstraints) => devices.getUserMedia(constraints);
  if (!audio && !video) return { stream: new MediaStream(), errors };
  if (!audio || !video) {
    try {
      return { stream: await get({ audio, video }), errors };
    } catch (error) {
      errors.push(mediaError(error, [audio ? 'microphone' : 'camera']));
      return { stream: new MediaStream(), errors };
    }
  }
  let bothError: unknown;
  try {
    return { stream: await get({ audio, video }), errors };
  } catch (error) {
    bothError = error;
  }
  // One of the two is missing or refused: keep whichever still works, and say which is missing.
  try {
    const stream = await get({ audio });
    errors.push(mediaError(bothError, ['camera']));
    return { stream, errors };
  } catch (audioError) {
    try {
      const stream = await get({ video });
      errors.push(mediaError(audioError, ['microphone']));
      return { stream, errors };
    } catch {
      errors.push(mediaError(bothError, ['camera', 'microphone']));
      return { stream: new MediaStream(), errors };
    }
  }
}

/** Stops every track of `stream`. */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
