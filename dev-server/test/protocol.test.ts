/** Protocol rules on one in-process server: join, relay, leave, validation, errors. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import type { SignalingServer } from '../server.js';
import { TestClient, closeAll, joined, startServer, waitForHealth } from './helpers.js';

let server: SignalingServer;
let url: string;
let httpUrl: string;
const clients: TestClient[] = [];

async function open(): Promise<TestClient> {
  const client = await TestClient.open(url);
  clients.push(client);
  return client;
}

async function join(room: string, name?: string): Promise<{ client: TestClient; id: string }> {
  const result = await joined(url, room, name);
  clients.push(result.client);
  return { client: result.client, id: result.welcome.id };
}

let roomCounter = 0;
const freshRoom = (): string => `room-${process.pid}-${++roomCounter}`;

before(async () => {
  ({ server, url, httpUrl } = await startServer({ abuseThreshold: 1000 }));
});

after(async () => {
  await closeAll(clients);
  await server.close();
});

describe('join and welcome', () => {
  test('welcome lists the peers already there; the others get peer-joined', async () => {
    const room = freshRoom();
    const a = await open();
    const welcomeA = await a.join(room, { name: 'Alice' });
    assert.equal(welcomeA.room, room);
    assert.deepEqual(welcomeA.peers, []);
    assert.deepEqual(welcomeA.iceServers, []);
    assert.equal(typeof welcomeA.resume, 'string');
    assert.ok(welcomeA.resume.length > 20);
    // 16 random bytes, base64url: 22 characters, 128 bits.
    assert.match(welcomeA.id, /^[A-Za-z0-9_-]{22}$/);

    const b = await open();
    const welcomeB = await b.join(room, { name: 'Bob' });
    assert.deepEqual(welcomeB.peers, [{ id: welcomeA.id, name: 'Alice', state: {} }]);
    assert.notEqual(welcomeB.id, welcomeA.id);
    const joinedMessage = await a.next('peer-joined');
    assert.equal(joinedMessage.from, welcomeB.id);
    assert.deepEqual(joinedMessage.data, { name: 'Bob', state: {} });
  });

  test('the name defaults to the empty string and unknown fields are ignored', async () => {
    const room = freshRoom();
    const a = await open();
    await a.join(room, { future: { x: 1 } });
    const b = await open();
    b.send({ type: 'join', data: { room }, extra: true, from: 'me' });
    const welcome = await b.next('welcome');
    assert.equal((welcome.data as { peers: Array<{ name: string }> }).peers[0]!.name, '');
    assert.deepEqual((await a.next('peer-joined')).data, { name: '', state: {} });
  });

  test('a second join is refused with already-joined and changes nothing', async () => {
    const room = freshRoom();
    const { client: a } = await join(room);
    a.send({ type: 'join', data: { room: freshRoom() } });
    await a.expectError('already-joined', 'join');
    const { id: bId } = await join(room);
    assert.equal((await a.next('peer-joined')).from, bId);
  });

  test('room and name validation', async () => {
    const client = await open();
    const bad: unknown[] = [
      { type: 'join' },
      { type: 'join', data: null },
      { type: 'join', data: 'room' },
      { type: 'join', data: [] },
      { type: 'join', data: {} },
      { type: 'join', data: { room: '' } },
      { type: 'join', data: { room: 'a'.repeat(65) } },
      { type: 'join', data: { room: 'has space' } },
      { type: 'join', data: { room: 'slash/no' } },
      { type: 'join', data: { room: 'ünï' } },
      { type: 'join', data: { room: 42 } },
      { type: 'join', data: { room: 'ok', name: 42 } },
      { type: 'join', data: { room: 'ok', name: 'x'.repeat(65) } },
      { type: 'join', data: { room: 'ok', name: 'bell\u0007' } },
      { type: 'join', data: { room: 'ok', token: 5 } },
      { type: 'join', data: { room: 'ok', resume: {} } },
    ];
    for (const message of bad) {
      client.send(message);
      await client.expectError('bad-message', 'join');
    }
    // Still able to join afterwards: nothing changed.
    const welcome = await client.join(`${'a'.repeat(64)}`, { name: '<b>Zoë</b> 🎉'.padEnd(20, '.') });
    assert.equal(welcome.room, 'a'.repeat(64));
  });

  test('a 64-character name of astral characters is accepted', async () => {
    const client = await open();
    await client.join(freshRoom(), { name: '😀'.repeat(64) });
  });
});

describe('relay', () => {
  test('offer, answer and ice-candidate reach the addressed peer with a server-set from', async () => {
    const room = freshRoom();
    const { client: a, id: aId } = await join(room);
    const { client: b, id: bId } = await join(room);
    await a.next('peer-joined');
    b.send({ type: 'offer', to: aId, from: 'spoofed', data: { type: 'offer', sdp: 'v=0' } });
    const offer = await a.next('offer');
    assert.deepEqual(offer, { type: 'offer', from: bId, data: { type: 'offer', sdp: 'v=0' } });
    a.send({ type: 'answer', to: bId, data: { type: 'answer', sdp: 'v=0 a' } });
    assert.deepEqual(await b.next('answer'), { type: 'answer', from: aId, data: { type: 'answer', sdp: 'v=0 a' } });
    a.send({ type: 'ice-candidate', to: bId, data: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } });
    assert.equal((await b.next('ice-candidate')).from, aId);
    a.send({ type: 'ice-candidate', to: bId, data: null });
    assert.deepEqual(await b.next('ice-candidate'), { type: 'ice-candidate', from: aId, data: null });
    await a.expectNothing();
  });

  test('with three peers, a directed message reaches only its addressee', async () => {
    const room = freshRoom();
    const { client: a, id: aId } = await join(room);
    const { client: b } = await join(room);
    const { client: c, id: cId } = await join(room);
    await a.next('peer-joined');
    await a.next('peer-joined');
    await b.next('peer-joined');
    a.send({ type: 'offer', to: cId, data: { type: 'offer', sdp: 'x' } });
    assert.equal((await c.next('offer')).from, aId);
    await b.expectNothing();
  });

  test('nothing crosses rooms: a peer of another room is unknown-peer', async () => {
    const { client: a } = await join(freshRoom());
    const { client: b, id: bId } = await join(freshRoom());
    a.send({ type: 'offer', to: bId, data: { type: 'offer', sdp: 'x' } });
    await a.expectError('unknown-peer', 'offer');
    await b.expectNothing();
  });

  test('unknown or own peer id is unknown-peer', async () => {
    const { client: a, id: aId } = await join(freshRoom());
    a.send({ type: 'answer', to: 'AAAAAAAAAAAAAAAAAAAAAA', data: { type: 'answer', sdp: '' } });
    await a.expectError('unknown-peer', 'answer');
    a.send({ type: 'ice-candidate', to: aId, data: null });
    await a.expectError('unknown-peer', 'ice-candidate');
  });

  test('relay before join is not-joined', async () => {
    const client = await open();
    client.send({ type: 'offer', to: 'someone', data: { type: 'offer', sdp: '' } });
    await client.expectError('not-joined', 'offer');
    client.send({ type: 'leave' });
    await client.expectError('not-joined', 'leave');
  });

  test('malformed relays are bad-message', async () => {
    const room = freshRoom();
    const { client: a } = await join(room);
    const { id: bId } = await join(room);
    await a.next('peer-joined');
    const bad: Array<[unknown, string]> = [
      [{ type: 'offer', data: { type: 'offer', sdp: '' } }, 'offer'],
      [{ type: 'offer', to: 42, data: { type: 'offer', sdp: '' } }, 'offer'],
      [{ type: 'offer', to: '', data: {} }, 'offer'],
      [{ type: 'offer', to: bId }, 'offer'],
      [{ type: 'answer', to: bId }, 'answer'],
      [{ type: 'ice-candidate', to: bId }, 'ice-candidate'],
      [{ type: 'ice-candidate', to: 'x'.repeat(100), data: null }, 'ice-candidate'],
    ];
    for (const [message, ref] of bad) {
      a.send(message);
      await a.expectError('bad-message', ref);
    }
  });
});

describe('leave', () => {
  test('leave tells the room; the connection may join again with a new id', async () => {
    const room = freshRoom();
    const { client: a, id: aId } = await join(room);
    const { client: b, id: bId } = await join(room);
    await a.next('peer-joined');
    b.send({ type: 'leave' });
    assert.equal((await a.next('peer-left')).from, bId);
    b.send({ type: 'offer', to: aId, data: { type: 'offer', sdp: '' } });
    await b.expectError('not-joined', 'offer');
    const again = await b.join(room);
    assert.notEqual(again.id, bId);
    assert.deepEqual(
      again.peers.map((peer) => peer.id),
      [aId],
    );
    assert.equal((await a.next('peer-joined')).from, again.id);
  });

  test('a clean close tells the room at once', async () => {
    const room = freshRoom();
    const { client: a } = await join(room);
    const { client: b, id: bId } = await join(room);
    await a.next('peer-joined');
    await b.close(1000);
    assert.equal((await a.next('peer-left')).from, bId);
  });
});

describe('bad input', () => {
  test('each kind of bad frame gets its error and the connection stays usable', async () => {
    const client = await open();
    client.send('not json');
    await client.expectError('bad-json');
    client.send('{"type":');
    await client.expectError('bad-json');
    for (const value of ['[]', '42', '"join"', 'null', 'true', '[{"type":"join"}]']) {
      client.send(value);
      await client.expectError('bad-message');
    }
    client.send({ data: {} });
    await client.expectError('bad-message');
    client.send({ type: 42 });
    await client.expectError('bad-message');
    client.send({ type: null });
    await client.expectError('bad-message');
    client.send({ type: 'welcome' });
    await client.expectError('unknown-type', 'welcome');
    client.send({ type: 'peer-joined' });
    await client.expectError('unknown-type', 'peer-joined');
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.expectError('bad-message');
    client.ws.send(Buffer.from([0xff, 0xfe, 0x7b]), { binary: false });
    await client.expectError('bad-json');
    await client.join(freshRoom());
  });

  test('invalid UTF-8 inside a JSON string is bad-json too, and nothing is relayed', async () => {
    const room = freshRoom();
    const { client: a } = await join(room);
    const { client: b, id: bId } = await join(room);
    await a.next('peer-joined');
    const prefix = Buffer.from(`{"type":"offer","to":${JSON.stringify(bId)},"data":{"sdp":"`);
    // A lone continuation byte: JSON-valid if read with replacement characters.
    a.ws.send(Buffer.concat([prefix, Buffer.from([0x80]), Buffer.from('"}}')]), { binary: false });
    await a.expectError('bad-json');
    a.send({ type: 'offer', to: bId, data: { sdp: 'after' } });
    const relayed = await b.next('offer');
    assert.deepEqual(relayed.data, { sdp: 'after' });
    await a.close();
    await b.close();
  });

  test('a frame over the limit gets too-large and close 1009', async () => {
    const room = freshRoom();
    const { client: a } = await join(room);
    const { client: b, id: bId } = await join(room);
    await a.next('peer-joined');
    b.send({ type: 'offer', to: 'x', data: { sdp: 'x'.repeat(70 * 1024) } });
    await b.expectError('too-large');
    assert.equal((await b.closed).code, 1009);
    // Policy closes leave at once.
    assert.equal((await a.next('peer-left')).from, bId);
  });

  test('a frame far over the limit is cut off with 1009', async () => {
    const client = await open();
    client.send('x'.repeat(200 * 1024));
    assert.equal((await client.closed).code, 1009);
  });
});

describe('http', () => {
  test('/healthz answers JSON, /metrics Prometheus text, others 404', async () => {
    const health = await fetch(`${httpUrl}/healthz`);
    assert.equal(health.status, 200);
    const body = (await health.json()) as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.equal(typeof body.connections, 'number');
    assert.equal(typeof body.rooms, 'number');
    assert.equal(typeof body.uptimeSeconds, 'number');
    const metrics = await fetch(`${httpUrl}/metrics?x=1`);
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /rtc_signal_connections \d+/);
    assert.match(text, /process_cpu_user_seconds_total/);
    assert.equal((await fetch(`${httpUrl}/nope`)).status, 404);
  });

  test('upgrades on other paths are refused; query strings are allowed on ours', async () => {
    const other = new TestClient(url.replace('/signal', '/other'));
    await assert.rejects(other.opened, /404/);
    const withQuery = await TestClient.open(`${url}?v=1&room=x`);
    clients.push(withQuery);
    await withQuery.join(freshRoom());
  });
});

describe('heartbeat', () => {
  test('a client that stops answering pings is terminated and its room sees peer-left', async () => {
    const fast = await startServer({ heartbeatMs: 100, resumeGraceMs: 100 });
    try {
      const { client: a } = await joined(fast.url, 'hb');
      const { client: b, welcome } = await joined(fast.url, 'hb');
      await a.next('peer-joined');
      // Stop reading: pings go unanswered.
      (b.ws as WebSocket & { _socket: { pause(): void } })._socket.pause();
      const left = await a.next('peer-left');
      assert.equal(left.from, welcome.id);
      const metrics = await fast.server.metrics.registry.getSingleMetricAsString('rtc_signal_heartbeat_timeouts_total');
      assert.match(metrics, /rtc_signal_heartbeat_timeouts_total 1/);
      b.terminate();
      await a.close();
    } finally {
      await fast.server.close();
    }
  });

  test('pings are spread over the interval, each connection pinged once per interval', async () => {
    // 1000 ms: four slices, one pinged every 250 ms.
    const slow = await startServer({ heartbeatMs: 1000 });
    const answering: TestClient[] = [];
    try {
      const pings: number[][] = [];
      for (let i = 0; i < 8; i++) {
        const client = await TestClient.open(slow.url);
        const times: number[] = [];
        client.ws.on('ping', () => times.push(Date.now()));
        answering.push(client);
        pings.push(times);
      }
      const silent = await TestClient.open(slow.url);
      const connectedAt = Date.now();
      (silent.ws as WebSocket & { _socket: { pause(): void } })._socket.pause();
      // Two missed pongs: terminated at its third turn, 2 to 3 intervals after it connected.
      // (The paused client cannot see its socket close: ask the server.)
      await waitForHealth(slow.httpUrl, (health) => health.connections === 8);
      silent.ws.terminate();
      const silentFor = Date.now() - connectedAt;
      assert.ok(silentFor >= 1800 && silentFor < 3600, `terminated after ${silentFor} ms`);
      for (const times of pings) {
        assert.ok(times.length >= 2, `pinged ${times.length} times`);
        for (let i = 1; i < times.length; i++) {
          const gap = times[i]! - times[i - 1]!;
          assert.ok(gap > 800 && gap < 1400, `pinged ${gap} ms apart`);
        }
      }
      const firsts = pings.map((times) => times[0]!);
      const spread = Math.max(...firsts) - Math.min(...firsts);
      assert.ok(spread >= 500, `first pings within ${spread} ms: not spread over the interval`);
      for (const client of answering) assert.equal(client.closeInfo, undefined);
    } finally {
      for (const client of answering) client.ws.terminate();
      await slow.server.close();
    }
  });
});
