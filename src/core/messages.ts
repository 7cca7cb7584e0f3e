/** The messages of `Room.send()`: what may be sent, whatever the transport carries them. */
import { RtcError } from './errors.js';

/** The most a message given to `Room.send()` may take, as JSON. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** `data` as the JSON text a transport delivers; throws `bad-message` (not JSON) or `too-large`. */
export function encodeMessage(data: unknown): string {
  const json = JSON.stringify(data);
  if (json === undefined) throw new RtcError('bad-message', 'Only JSON values can be sent');
  if (new TextEncoder().encode(json).length > MAX_MESSAGE_BYTES) {
    throw new RtcError('too-large', `A message may take at most ${MAX_MESSAGE_BYTES} bytes as JSON`);
  }
  return json;
}
