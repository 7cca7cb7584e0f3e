/**
 * When rtc-elements/node lets werift's `negotiationneeded` through (src/node/negotiation.ts): only
 * for what the last local description does not say, as the WebRTC specification checks it. Pure
 * logic over plain transceivers and SDP; bot.test.ts runs it in real calls.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { negotiationNeeded } from '../../src/node/negotiation.js';

const sdp = (...sections: Array<[mid: string, direction: string]>) =>
  `v=0\r\n${sections.map(([mid, direction]) => `m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:${mid}\r\na=${direction}\r\n`).join('')}`;

test('nothing described yet, or a transceiver without an m-line: needed', () => {
  assert.equal(negotiationNeeded([{ mid: null, direction: 'sendrecv' }], null, null), true);
  const offer = { type: 'offer', sdp: sdp(['0', 'sendrecv']) };
  const answer = { type: 'answer', sdp: sdp(['0', 'sendrecv']) };
  const transceivers = [
    { mid: '0', direction: 'sendrecv' },
    { mid: null, direction: 'sendrecv' },
  ];
  assert.equal(negotiationNeeded(transceivers, offer, answer), true);
});

test('an answer that already says what the transceivers want (within the offer): not needed', () => {
  const offer = { type: 'offer', sdp: sdp(['0', 'sendrecv'], ['1', 'sendonly']) };
  // Both ours sendrecv; they only send on 1, so our answer says recvonly there.
  const answer = { type: 'answer', sdp: sdp(['0', 'sendrecv'], ['1', 'recvonly']) };
  const transceivers = [
    { mid: '0', direction: 'sendrecv' },
    { mid: '1', direction: 'sendrecv' },
  ];
  assert.equal(negotiationNeeded(transceivers, answer, offer), false);
});

test('a direction the last description does not say: needed, after an answer or an offer', () => {
  const offer = { type: 'offer', sdp: sdp(['0', 'sendrecv']) };
  const answer = { type: 'answer', sdp: sdp(['0', 'recvonly']) };
  // We answered recvonly (nothing to send then) and now send: a new offer is needed.
  assert.equal(negotiationNeeded([{ mid: '0', direction: 'sendrecv' }], answer, offer), true);
  // We offered recvonly and now want to send.
  const ours = { type: 'offer', sdp: sdp(['0', 'recvonly']) };
  const theirs = { type: 'answer', sdp: sdp(['0', 'sendonly']) };
  assert.equal(negotiationNeeded([{ mid: '0', direction: 'sendrecv' }], ours, theirs), true);
  assert.equal(negotiationNeeded([{ mid: '0', direction: 'recvonly' }], ours, theirs), false);
});

test('a stopped transceiver asks for nothing', () => {
  const offer = { type: 'offer', sdp: sdp(['0', 'sendrecv']) };
  assert.equal(negotiationNeeded([{ mid: null, direction: 'sendrecv', stopped: true }], offer, null), false);
});
