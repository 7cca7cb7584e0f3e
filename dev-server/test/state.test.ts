/** Protocol 1.1 on one in-process server: participant state, `update`, and relays of any JSON value. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mintToken } from '../auth.js';
import type { SignalingServer } from '../server.js';
import { TestClient, closeAll, startServer, waitForHealth } from './helpers.js';
import { boundaryStates, checkRelaysEveryJsonKind, rapidUpdatesSeenInOrder } from './state-helpers.js';

let server: SignalingServer;
let url: string;
let httpUrl: string;
const clients: TestClient[] = [];
let counter = 0;
const freshRoom = (): string => `state-${process.pid}-${++counter}`;

async function open(target = url): Promise<TestClient> {
  const client = await TestClient.open(target);
  clients.push(client);
  return client;
}

async function join(room: string, extra: Record<string, unknown> = {}) {
  const client = await open();
  const welcome = await client.join(room, extra);
  return { client, welcome };
}

before(async () => {
  ({ server, url, httpUrl } = await startServer({ abuseThreshold: 1000, resumeGraceMs: 5000 }));
});

after(async () => {
  await closeAll(clients);
  await server.close();
});

describe('update and peer-updated', () => {
  test('the others get peer-updated with name and state; the sender gets nothing back', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(room, { name: 'Ada' });
    const { client: b } = await join(room, { name: 'Bob' });
    const { client: c } = await join(room, { name: 'Cy' });
    await a.next('peer-joined');
    await a.next('peer-joined');
    await b.next('peer-joined');

    a.send({ type: 'update', data: { state: { audio: false, video: true, hand: true } } });
    for (const other of [b, c]) {
      assert.deepEqual(await other.next('peer-updated'), {
        type: 'peer-updated',
        from: wa.id,
        data: { name: 'Ada', state: { audio: false, video: true, hand: true } },
      });
    }
    // A name alone keeps the state; a state alone keeps the name and replaces the state whole.
    a.send({ type: 'update', data: { name: 'Ada L.' } });
    assert.deepEqual((await b.next('peer-updated')).data, {
      name: 'Ada L.',
      state: { audio: false, video: true, hand: true },
    });
    a.send({ type: 'update', data: { state: { screen: true } } });
    assert.deepEqual((await b.next('peer-updated')).data, { name: 'Ada L.', state: { screen: true } });
    a.send({ type: 'update', data: { name: 'Ada', state: {} } });
    assert.deepEqual((await b.next('peer-updated')).data, { name: 'Ada', state: {} });
    for (let i = 0; i < 3; i++) await c.next('peer-updated');
    // Not echoed to the sender.
    await a.expectNothing();
    await b.expectNothing();
    await c.expectNothing();
  });

  test('state in join, welcome and peer-joined; a newcomer sees the current state', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(room, { name: 'A', state: { audio: true, video: false } });
    const { client: b, welcome: wb } = await join(room, { name: 'B' });
    assert.deepEqual(wb.peers, [{ id: wa.id, name: 'A', state: { audio: true, video: false } }]);
    assert.deepEqual(await a.next('peer-joined'), { type: 'peer-joined', from: wb.id, data: { name: 'B', state: {} } });
    b.send({ type: 'update', data: { name: 'B2', state: { hand: true, note: ['x', 1, null, { deep: 0.1 }] } } });
    await a.next('peer-updated');
    const { welcome: wc } = await join(room, { name: 'C', state: { screen: true } });
    assert.deepEqual(
      new Map(wc.peers.map((peer) => [peer.id, peer])),
      new Map([
        [wa.id, { id: wa.id, name: 'A', state: { audio: true, video: false } }],
        [wb.id, { id: wb.id, name: 'B2', state: { hand: true, note: ['x', 1, null, { deep: 0.1 }] } }],
      ]),
    );
    assert.deepEqual((await a.next('peer-joined')).data, { name: 'C', state: { screen: true } });
    assert.deepEqual((await b.next('peer-joined')).data, { name: 'C', state: { screen: true } });
  });

  test('a state that is not an object is bad-message, over 1 KiB too-large; nothing changes', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(room, { name: 'A', state: { audio: true } });
    const { client: b } = await join(room);
    await a.next('peer-joined');
    const { fits, over } = boundaryStates();
    for (const state of [[], [1, 2], 'muted', null, 7, true]) {
      a.send({ type: 'update', data: { state } });
      await a.expectError('bad-message', 'update');
    }
    for (const state of over) {
      a.send({ type: 'update', data: { state } });
      await a.expectError('too-large', 'update');
    }
    // Refused in a join too, which changes nothing either (the connection may join afterwards).
    const c = await open();
    for (const state of [[], 'x', null]) {
      c.send({ type: 'join', data: { room, state } });
      await c.expectError('bad-message', 'join');
    }
    c.send({ type: 'join', data: { room, state: over[0] } });
    await c.expectError('too-large', 'join');
    await b.expectNothing();
    // Still open after the refusals (too-large of a field is not a frame over the limit), and the
    // state is what it was.
    assert.equal(a.closeInfo, undefined);
    const welcome = await c.join(room);
    assert.deepEqual(welcome.peers.find((peer) => peer.id === wa.id)?.state, { audio: true });
    await a.next('peer-joined');
    await b.next('peer-joined');
    // Exactly 1 KiB, counted in UTF-8 bytes of the compact JSON text, fits.
    for (const state of fits) {
      a.send({ type: 'update', data: { state } });
      assert.deepEqual((await b.next('peer-updated')).data, { name: 'A', state });
    }
    // Whitespace in the client's text does not count: the size is of the compact serialization.
    const spaced = JSON.stringify(fits[0], null, 8);
    assert.ok(Buffer.byteLength(spaced) > 1024);
    a.send(`{"type":"update","data":{"state":${spaced}}}`);
    assert.deepEqual((await b.next('peer-updated')).data, { name: 'A', state: fits[0] });
  });

  test('an invalid name or data is bad-message; an update with nothing known to change is accepted silently', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(room, { name: 'A' });
    const { client: b } = await join(room);
    await a.next('peer-joined');
    const bad: unknown[] = [
      { type: 'update' },
      { type: 'update', data: null },
      { type: 'update', data: 'x' },
      { type: 'update', data: [] },
      { type: 'update', data: { name: 42 } },
      { type: 'update', data: { name: 'x'.repeat(65) } },
      { type: 'update', data: { name: 'tab\there' } },
      { type: 'update', data: { name: 'ok', state: 'bad' } },
    ];
    for (const message of bad) {
      a.send(message);
      await a.expectError('bad-message', 'update');
    }
    a.send({ type: 'update', data: {} });
    a.send({ type: 'update', data: { avatar: 'from a later version' } });
    await a.expectNothing();
    await b.expectNothing();
    const { welcome } = await join(room);
    assert.deepEqual(
      welcome.peers.find((peer) => peer.id === wa.id),
      { id: wa.id, name: 'A', state: {} },
    );
  });

  test('update before join, and after leave, is not-joined', async () => {
    const client = await open();
    client.send({ type: 'update', data: { state: { audio: true } } });
    await client.expectError('not-joined', 'update');
    await client.join(freshRoom());
    client.send({ type: 'leave' });
    client.send({ type: 'update', data: { name: 'x' } });
    await client.expectError('not-joined', 'update');
  });

  test('updates count against the same rate limit as relays', async () => {
    const limited = await startServer({ rate: 0.01, burst: 5, abuseThreshold: 1000 });
    const own: TestClient[] = [];
    try {
      const a = await TestClient.open(limited.url);
      const b = await TestClient.open(limited.url);
      own.push(a, b);
      await a.join('rl');
      const wb = await b.join('rl');
      await a.next('peer-joined');
      // The join took one token: three updates and one relay use the rest.
      for (let i = 1; i <= 3; i++) a.send({ type: 'update', data: { state: { n: i } } });
      a.send({ type: 'offer', to: wb.id, data: { type: 'offer', sdp: 'x' } });
      a.send({ type: 'update', data: { state: { n: 4 } } });
      a.send({ type: 'ice-candidate', to: wb.id, data: null });
      await a.expectError('rate-limited', 'update');
      await a.expectError('rate-limited', 'ice-candidate');
      for (let i = 1; i <= 3; i++) assert.deepEqual((await b.next('peer-updated')).data, { name: '', state: { n: i } });
      await b.next('offer');
      await b.expectNothing();
    } finally {
      await closeAll(own);
      await limited.server.close();
    }
  });

  test('many rapid updates while someone joins: the newcomer ends with the latest state, never going back', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(room, { state: { n: 0 } });
    await rapidUpdatesSeenInOrder(a, wa.id, await open(), room, 60);
  });
});

describe('resume keeps name and state', () => {
  test('the resumed peer keeps its name and state; the newcomer and the resumed peer see current states', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(room, { name: 'A', state: { audio: true } });
    const { client: b, welcome: wb } = await join(room, { name: 'B', state: { video: true } });
    await a.next('peer-joined');
    b.send({ type: 'update', data: { name: 'B2', state: { video: false, hand: true } } });
    await a.next('peer-updated');
    const { connections } = (await (await fetch(`${httpUrl}/healthz`)).json()) as { connections: number };
    b.terminate();
    await waitForHealth(httpUrl, (health) => health.connections === connections - 1);
    // During the gap A changes: B's resumed welcome shows it (no peer-updated is replayed).
    a.send({ type: 'update', data: { state: { audio: false } } });
    await a.expectNothing();
    const b2 = await open();
    // The resuming join's name and state are ignored: the session keeps its own.
    const again = await b2.join(room, { resume: wb.resume, name: 'ignored', state: { ignored: true } });
    assert.equal(again.id, wb.id);
    assert.deepEqual(again.peers, [{ id: wa.id, name: 'A', state: { audio: false } }]);
    await b2.expectNothing();
    await a.expectNothing();
    const { welcome: wc } = await join(room);
    assert.deepEqual(
      wc.peers.find((peer) => peer.id === wb.id),
      { id: wb.id, name: 'B2', state: { video: false, hand: true } },
    );
    // The resumed peer updates as before.
    b2.send({ type: 'update', data: { state: { video: true } } });
    assert.deepEqual((await a.nextOf('peer-updated')).data, { name: 'B2', state: { video: true } });
  });
});

describe('relayed data is any JSON value', () => {
  test('number, string, array, null, boolean and object arrive as sent, text and all', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(room);
    const { client: b, welcome: wb } = await join(room);
    await a.next('peer-joined');
    await checkRelaysEveryJsonKind(b, wb.id, a, wa.id);
  });

  test('a version 1 client (no state, no update) joins, relays and leaves as before', async () => {
    const room = freshRoom();
    const { client: modern, welcome: wm } = await join(room, { name: 'New', state: { audio: true } });
    const old = await open();
    old.send({ type: 'join', data: { room, name: 'Old' } });
    const welcome = (await old.next('welcome')).data as { id: string; peers: Array<{ id: string; name: string }> };
    assert.deepEqual(
      welcome.peers.map(({ id, name }) => ({ id, name })),
      [{ id: wm.id, name: 'New' }],
    );
    assert.deepEqual((await modern.next('peer-joined')).data, { name: 'Old', state: {} });
    old.send({ type: 'offer', to: wm.id, data: { type: 'offer', sdp: 'v=0' } });
    assert.deepEqual((await modern.next('offer')).data, { type: 'offer', sdp: 'v=0' });
    modern.send({ type: 'answer', to: welcome.id, data: { type: 'answer', sdp: 'v=0' } });
    assert.deepEqual((await old.next('answer')).data, { type: 'answer', sdp: 'v=0' });
    old.send({ type: 'leave' });
    assert.equal((await modern.next('peer-left')).from, welcome.id);
  });
});

describe('with auth', () => {
  const SECRET = 'state-test-secret-of-some-length';
  test('a name from the token cannot be changed by update (unauthorized, connection kept); state can', async () => {
    const authed = await startServer({ jwtSecret: SECRET, resumeGraceMs: 5000 });
    const own: TestClient[] = [];
    try {
      const a = await TestClient.open(authed.url);
      const b = await TestClient.open(authed.url);
      own.push(a, b);
      const wa = await a.join('vip', { token: await mintToken({ secret: SECRET, room: 'vip', name: 'Token Name' }) });
      await b.join('vip', { name: 'Free', token: await mintToken({ secret: SECRET, room: 'vip' }) });
      await a.next('peer-joined');
      a.send({ type: 'update', data: { name: 'Impostor', state: { audio: true } } });
      await a.expectError('unauthorized', 'update');
      // Refused whole: the state in it did not change either.
      await b.expectNothing();
      // The same name is no change, and a state alone is fine.
      a.send({ type: 'update', data: { name: 'Token Name', state: { audio: false } } });
      assert.deepEqual(await b.next('peer-updated'), {
        type: 'peer-updated',
        from: wa.id,
        data: { name: 'Token Name', state: { audio: false } },
      });
      // A token without a name claim leaves the name to the client.
      b.send({ type: 'update', data: { name: 'Renamed' } });
      assert.equal(((await a.next('peer-updated')).data as { name: string }).name, 'Renamed');
      assert.equal(a.closeInfo, undefined);
      // Still fixed after a resume (the resuming join's token names it again).
      const { connections } = (await (await fetch(`${authed.httpUrl}/healthz`)).json()) as { connections: number };
      a.terminate();
      await waitForHealth(authed.httpUrl, (health) => health.connections === connections - 1);
      const a2 = await TestClient.open(authed.url);
      own.push(a2);
      const token = await mintToken({ secret: SECRET, room: 'vip', name: 'Token Name' });
      assert.equal((await a2.join('vip', { resume: wa.resume, token })).id, wa.id);
      a2.send({ type: 'update', data: { name: 'Impostor' } });
      await a2.expectError('unauthorized', 'update');
    } finally {
      await closeAll(own);
      await authed.server.close();
    }
  });
});
