/** Checks shared by the participant state tests, in memory and with Redis. */
import assert from 'node:assert/strict';
import type { WelcomeData } from '../../src/core/protocol.js';
import type { TestClient } from './helpers.js';

/**
 * States at the 1 KiB boundary, counted in UTF-8 bytes of the compact JSON text: `fits` are
 * exactly 1024 bytes; `over` are a little more, though some are far fewer UTF-16 characters
 * (so a server counting characters would let them through).
 */
export function boundaryStates(): { fits: Array<Record<string, unknown>>; over: Array<Record<string, unknown>> } {
  // `{"k":""}` is 8 bytes.
  const fits = [{ k: 'x'.repeat(1016) }, { k: 'é'.repeat(508) }];
  for (const state of fits) assert.equal(Buffer.byteLength(JSON.stringify(state)), 1024);
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 300; i++) deep = { a: deep };
  const over = [
    { k: 'x'.repeat(1017) },
    // 509 characters, 1018 bytes.
    { k: 'é'.repeat(509) },
    { k: '😀'.repeat(255) },
    // 170 characters, each written as a 6-byte escape.
    { k: '\u0001'.repeat(170) },
    deep,
  ];
  for (const state of over) assert.ok(Buffer.byteLength(JSON.stringify(state)) > 1024);
  return { fits, over };
}

/** Relayed `data` texts of every JSON kind. */
const JSON_TEXTS = [
  '42',
  '-1.5e3',
  '0',
  '"a string"',
  '""',
  '[1,"two",null,{"three":[3]}]',
  '[]',
  'null',
  'true',
  'false',
  '{}',
  '{"type":"offer","sdp":"v=0\\r\\n"}',
  // What could split frames packed together (redis-members.ts): an escaped NUL, raw newlines.
  '"\\u0000 and \\n escaped"',
  '[1,\n 2]',
];

/**
 * `sender` relays `data` of every JSON kind to `receiverId` (`receiver`), as frames written the
 * way the core writes them: each arrives with the sender's `data` text exactly as it was sent.
 */
export async function checkRelaysEveryJsonKind(
  sender: TestClient,
  senderId: string,
  receiver: TestClient,
  receiverId: string,
): Promise<void> {
  const raw: string[] = [];
  const capture = (data: Buffer) => raw.push(data.toString());
  receiver.ws.on('message', capture);
  try {
    const types = ['offer', 'answer', 'ice-candidate'] as const;
    const sent = JSON_TEXTS.map((text, i) => ({ type: types[i % 3]!, text }));
    for (const { type, text } of sent) {
      sender.send(`{"type":"${type}","to":${JSON.stringify(receiverId)},"data":${text}}`);
    }
    for (const { type, text } of sent) {
      const message = await receiver.next(type);
      assert.equal(message.from, senderId);
      assert.deepEqual(message.data, JSON.parse(text));
    }
    // The server forwards the sender's text: `1.50` stays `1.50`, escapes stay escapes.
    assert.deepEqual(
      raw,
      sent.map(({ type, text }) => `{"type":"${type}","from":${JSON.stringify(senderId)},"data":${text}}`),
    );
    // Written another way (spaces, another key order), it is rebuilt, and arrives just the same.
    sender.send(`{ "data": [1.50, "x"], "to": ${JSON.stringify(receiverId)}, "type": "offer" }`);
    assert.deepEqual((await receiver.next('offer')).data, [1.5, 'x']);
    await sender.expectNothing();
  } finally {
    receiver.ws.off('message', capture);
  }
}

/**
 * `a` (in `room`) sends `count` updates `{ n: 1 }`, `{ n: 2 }`, ... while a newcomer joins in the
 * middle of them. The newcomer's view (its welcome, then each `peer-updated`) must end at the
 * last update, one step at a time: no update after its welcome is missed, none before it is
 * replayed.
 */
export async function rapidUpdatesSeenInOrder(
  a: TestClient,
  aId: string,
  newcomer: TestClient,
  room: string,
  count: number,
): Promise<void> {
  const half = Math.floor(count / 2);
  for (let n = 1; n <= half; n++) a.send({ type: 'update', data: { state: { n } } });
  newcomer.send({ type: 'join', data: { room } });
  for (let n = half + 1; n <= count; n++) a.send({ type: 'update', data: { state: { n } } });
  const welcome = (await newcomer.next('welcome')).data as WelcomeData;
  let seen = welcome.peers.find((peer) => peer.id === aId)?.state.n as number;
  assert.equal(typeof seen, 'number');
  while (seen < count) {
    const message = await newcomer.next('peer-updated');
    assert.equal(message.from, aId);
    const n = (message.data as { state: { n: number } }).state.n;
    assert.equal(n, seen + 1, `after ${seen} came ${n}`);
    seen = n;
  }
  await newcomer.expectNothing();
}
