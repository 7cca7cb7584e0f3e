/** The messages of `Room.send()`: what may be sent, whatever the transport carries them. */
import { RtcError } from './errors.js';
import { MAX_MESSAGE_BYTES } from './protocol.js';

/**
 * `data` as the JSON text a transport delivers; throws `bad-message` (not JSON: a function,
 * `undefined`, a BigInt, a cycle) or `too-large`.
 */
export function encodeMessage(data: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch {
    // A BigInt or a cycle: JSON.stringify throws a TypeError.
  }
  if (json === undefined) throw new RtcError('bad-message', 'Only JSON values can be sent');
  if (new TextEncoder().encode(json).length > MAX_MESSAGE_BYTES) {
    throw new RtcError('too-large', `A message may take at most ${MAX_MESSAGE_BYTES} bytes as JSON`);
  }
  return json;
}
