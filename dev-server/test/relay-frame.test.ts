/** The relayed frame always parses to `{ type, from, data }` with the data the server validated. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relayFrame } from '../server.js';

const from = 'Server-Set-Id_0123456789';

function check(text: string) {
  const message = JSON.parse(text) as Record<string, unknown>;
  const type = message.type as 'offer';
  const frame = relayFrame(type, from, message, text);
  const relayed = JSON.parse(frame) as Record<string, unknown>;
  assert.deepEqual(Object.keys(relayed).sort(), ['data', 'from', 'type'], frame);
  assert.equal(relayed.from, from);
  assert.equal(relayed.type, type);
  assert.deepEqual(relayed.data, message.data);
  return frame;
}

test('a client relay keeps its data text and gets the server-set from', () => {
  const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"quoted" \\ \u2028 😀';
  const text = JSON.stringify({ type: 'offer', to: 'peer-b', data: { type: 'offer', sdp } });
  const frame = check(text);
  assert.ok(frame.endsWith(`${JSON.stringify({ type: 'offer', sdp })}}`));
  check(JSON.stringify({ type: 'ice-candidate', to: 'x', data: null }));
});

test('anything else is rebuilt: spoofed from, extra fields, other order, spacing, duplicates', () => {
  for (const text of [
    '{"type":"offer","to":"b","data":{"sdp":"x"},"from":"spoofed"}',
    '{"from":"spoofed","type":"offer","to":"b","data":{"sdp":"x"}}',
    '{"type":"offer","to":"b","data":{"sdp":"x"},"extra":true}',
    '{"to":"b","type":"offer","data":{"sdp":"x"}}',
    '{ "type": "offer", "to": "b", "data": {"sdp":"x"} }',
    '{"type":"offer","to":"b","data":{"sdp":"x"},"data":{"sdp":"y"}}',
    '{"type":"offer","to":"b","data":{"sdp":"x"},"to":"c"}',
    '{"type":"offer","to":"b","data":{"sdp":"x"},"type":"offer"}',
    '{"type":"offer","to":"\\u0062","data":{"sdp":"x"}}',
    '{"type":"offer","to":"b","data":{"sdp":"x"},"__proto__":{"from":"spoofed"}}',
  ]) {
    check(text);
  }
});
