/**
 * A complete unmasked WebSocket text frame (RFC 6455 section 5.2: FIN, opcode 1, no mask) in one
 * buffer, header and payload together.
 *
 * Why: `ws` sends a server frame as two writes, its header and its payload, corked into one
 * `writev`. Node's `writev` path (an array of chunks, a request object, the cork bookkeeping) costs
 * more than a single `write` of one buffer, and the relay hot path pays it once per message. The
 * server writes relayed and server messages with this frame instead (`Connection.sendText`);
 * everything else (the handshake, reading, pings, closing) stays with `ws`.
 */
/** A text message to send: its text, or its UTF-8 bytes (as another process relayed them). */
export type TextPayload = string | Buffer;

export function textFrame(text: TextPayload): Buffer {
  const length = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  // Under 4 KiB this comes from Node's shared pool: no allocation of its own.
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  if (typeof text === 'string') frame.write(text, header, length, 'utf8');
  else text.copy(frame, header);
  return frame;
}
