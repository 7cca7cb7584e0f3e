/** `textFrame` against ws's own frame reader, at every length encoding's edges. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventEmitter } from 'node:events';
import * as wsModule from 'ws';
import { textFrame } from '../frame.js';

/** ws's frame reader: exported by ws at runtime, absent from its type definitions. */
const { Receiver } = wsModule as unknown as {
  Receiver: new (options: { isServer: boolean }) => EventEmitter & { write(chunk: Buffer): boolean };
};

/** What ws's client-side reader makes of `bytes`: the text messages, or the error it raised. */
function read(bytes: Buffer): string[] {
  const messages: string[] = [];
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    assert.equal(isBinary, false);
    messages.push(data.toString('utf8'));
  });
  receiver.on('error', (error: Error) => assert.fail(error));
  receiver.write(bytes);
  return messages;
}

test('a text frame of each length encoding reads back as the same text', () => {
  // 7-bit, 16-bit and 64-bit lengths, on both sides of each boundary, and the empty message.
  for (const length of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
    const text = 'x'.repeat(length);
    const frame = textFrame(text);
    const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    assert.equal(frame.length, header + length, `length ${length}`);
    assert.deepEqual(read(frame), [text], `length ${length}`);
  }
});

test('the length is counted in UTF-8 bytes, not characters', () => {
  const text = `{"sdp":"${'é😀\u2028'.repeat(20)}"}`; // 52 + 20 × 9 bytes: a 16-bit length
  assert.ok(text.length < 126 && Buffer.byteLength(text) >= 126);
  assert.deepEqual(read(textFrame(text)), [text]);
});

test('frames written back to back read as separate messages, in order', () => {
  const texts = ['{"type":"offer"}', 'y'.repeat(300), '', '{"type":"answer"}'];
  assert.deepEqual(read(Buffer.concat(texts.map(textFrame))), texts);
});

test('a text given as its UTF-8 bytes (relayed by another process) makes the same frame', () => {
  for (const text of ['', '{"type":"offer"}', `{"sdp":"${'é😀'.repeat(40)}"}`, 'z'.repeat(70_000)]) {
    const bytes = Buffer.from(text, 'utf8');
    assert.deepEqual(textFrame(bytes), textFrame(text));
    assert.deepEqual(read(textFrame(bytes.subarray(0))), [text]);
  }
});
