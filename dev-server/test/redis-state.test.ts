/** Protocol 1.1 across rtc-signal processes sharing rooms through a private redis-server. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { WelcomeData } from '../../src/core/protocol.js';
import {
  startRedis,
  startServerProcess,
  startTcpProxy,
  type RedisHandle,
  type ServerProcess,
} from '../../test/support/index.js';
import { TestClient, closeAll, eventually, startServer, waitForHealth } from './helpers.js';
import { boundaryStates, checkRelaysEveryJsonKind, rapidUpdatesSeenInOrder } from './state-helpers.js';

const NODE_TTL_MS = 600;

let redis: RedisHandle;
let one: ServerProcess;
let two: ServerProcess;
const clients: TestClient[] = [];
let counter = 0;
const freshRoom = (): string => `rstate-${++counter}`;

async function open(server: ServerProcess): Promise<TestClient> {
  const client = await TestClient.open(server.url);
  clients.push(client);
  return client;
}

async function join(server: ServerProcess, room: string, extra: Record<string, unknown> = {}) {
  const client = await open(server);
  return { client, welcome: await client.join(room, extra) };
}

function peerIn(welcome: WelcomeData, id: string) {
  return welcome.peers.find((peer) => peer.id === id);
}

before(async () => {
  // Fails (does not skip) when redis-server is missing: CI installs it.
  redis = await startRedis();
  const args = [
    '--redis',
    redis.url,
    '--redis-node-ttl-ms',
    String(NODE_TTL_MS),
    '--resume-grace-ms',
    '3000',
    '--log-level',
    'warn',
  ];
  [one, two] = await Promise.all([startServerProcess(args), startServerProcess(args)]);
});

after(async () => {
  await closeAll(clients);
  await Promise.all([one?.stop('SIGKILL'), two?.stop('SIGKILL')]);
  await redis?.stop();
});

describe('participant state across processes', () => {
  test('state in join reaches the other process; peer-updated reaches both processes, not the sender', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(one, room, { name: 'A', state: { audio: true } });
    const { client: b, welcome: wb } = await join(two, room, { name: 'B', state: { video: true } });
    assert.deepEqual(peerIn(wb, wa.id), { id: wa.id, name: 'A', state: { audio: true } });
    assert.deepEqual(await a.next('peer-joined'), {
      type: 'peer-joined',
      from: wb.id,
      data: { name: 'B', state: { video: true } },
    });
    const { client: c } = await join(one, room, { name: 'C' });
    await a.next('peer-joined');
    await b.next('peer-joined');

    a.send({ type: 'update', data: { name: 'A2', state: { audio: false, hand: true, list: [] } } });
    for (const other of [b, c]) {
      assert.deepEqual(await other.next('peer-updated'), {
        type: 'peer-updated',
        from: wa.id,
        data: { name: 'A2', state: { audio: false, hand: true, list: [] } },
      });
    }
    await a.expectNothing();
    // A newcomer on either process sees everyone's current state.
    for (const server of [two, one]) {
      const { welcome } = await join(server, room);
      assert.deepEqual(peerIn(welcome, wa.id), {
        id: wa.id,
        name: 'A2',
        state: { audio: false, hand: true, list: [] },
      });
      assert.deepEqual(peerIn(welcome, wb.id)?.state, { video: true });
    }
  });

  test('refused updates change nothing anywhere; not-joined and bad names are refused too', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(one, room, { name: 'A', state: { audio: true } });
    const { client: b } = await join(two, room);
    await a.next('peer-joined');
    const { over } = boundaryStates();
    for (const state of [[], 'x', null, 1]) {
      a.send({ type: 'update', data: { state } });
      await a.expectError('bad-message', 'update');
    }
    a.send({ type: 'update', data: { state: over[1] } });
    await a.expectError('too-large', 'update');
    a.send({ type: 'update', data: { name: 'x'.repeat(65) } });
    await a.expectError('bad-message', 'update');
    const stranger = await open(two);
    stranger.send({ type: 'update', data: { state: {} } });
    await stranger.expectError('not-joined', 'update');
    await b.expectNothing();
    const welcome = await stranger.join(room);
    assert.deepEqual(peerIn(welcome, wa.id), { id: wa.id, name: 'A', state: { audio: true } });
  });

  test('many rapid updates on one process while a newcomer joins on the other: seen in order, none missed', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(one, room, { state: { n: 0 } });
    await rapidUpdatesSeenInOrder(a, wa.id, await open(two), room, 60);
  });

  test('a peer that resumes on another process keeps its name and state, and sees current states', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(one, room, { name: 'A', state: { audio: true } });
    const { client: b, welcome: wb } = await join(one, room, { name: 'B', state: { video: true } });
    await a.next('peer-joined');
    b.send({ type: 'update', data: { name: 'B2', state: { video: false, screen: true } } });
    await a.next('peer-updated');
    const before = (await (await fetch(`${one.httpUrl}/healthz`)).json()) as { connections: number };
    b.terminate();
    await waitForHealth(one.httpUrl, (health) => health.connections === before.connections - 1);
    a.send({ type: 'update', data: { state: { audio: false } } });
    await a.expectNothing();

    const b2 = await open(two);
    const again = await b2.join(room, { resume: wb.resume, name: 'ignored', state: { ignored: true } });
    assert.equal(again.id, wb.id);
    assert.deepEqual(again.peers, [{ id: wa.id, name: 'A', state: { audio: false } }]);
    const { welcome: wc } = await join(one, room);
    assert.deepEqual(peerIn(wc, wb.id), { id: wb.id, name: 'B2', state: { video: false, screen: true } });
    await a.next('peer-joined');
    // Its process is now two: its updates go out from there.
    b2.send({ type: 'update', data: { state: { video: true } } });
    assert.deepEqual((await a.next('peer-updated')).data, { name: 'B2', state: { video: true } });
    await a.expectNothing();
  });

  test('a peer that resumes on its own process sees the states that changed on the other meanwhile', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(one, room, { name: 'A', state: { audio: true } });
    const { client: b, welcome: wb } = await join(two, room, { name: 'B' });
    // C, on two as well, shows when process two has heard of an update.
    const { client: c, welcome: wc } = await join(two, room, { name: 'C' });
    await a.next('peer-joined');
    await a.next('peer-joined');
    await b.next('peer-joined');
    a.send({ type: 'update', data: { state: { audio: false } } });
    await b.next('peer-updated');
    await c.next('peer-updated');
    const before = (await (await fetch(`${two.httpUrl}/healthz`)).json()) as { connections: number };
    b.terminate();
    await waitForHealth(two.httpUrl, (health) => health.connections === before.connections - 1);
    a.send({ type: 'update', data: { name: 'A2', state: { audio: true, hand: true } } });
    await c.next('peer-updated');
    // Process two answers from its own copy of the room, which kept up with the update.
    const b2 = await open(two);
    const again = await b2.join(room, { resume: wb.resume });
    assert.equal(again.id, wb.id);
    assert.deepEqual(
      new Map(again.peers.map((peer) => [peer.id, peer])),
      new Map([
        [wa.id, { id: wa.id, name: 'A2', state: { audio: true, hand: true } }],
        [wc.id, { id: wc.id, name: 'C', state: {} }],
      ]),
    );
    await a.expectNothing();
    await c.expectNothing();
  });

  test('relayed data of every JSON kind crosses processes as sent', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(one, room);
    const { client: b, welcome: wb } = await join(two, room);
    await a.next('peer-joined');
    await checkRelaysEveryJsonKind(b, wb.id, a, wa.id);
    await checkRelaysEveryJsonKind(a, wa.id, b, wb.id);
  });
});

test('with Redis, updates count against the same rate limit as relays', async () => {
  const { server, url } = await startServer({
    redisUrl: redis.url,
    redisPrefix: 'rate:',
    rate: 0.01,
    burst: 4,
    abuseThreshold: 1000,
  });
  const own: TestClient[] = [];
  try {
    const a = await TestClient.open(url);
    const b = await TestClient.open(url);
    own.push(a, b);
    await a.join('rl');
    const wb = await b.join('rl');
    await a.next('peer-joined');
    a.send({ type: 'update', data: { state: { n: 1 } } });
    a.send({ type: 'offer', to: wb.id, data: 1 });
    a.send({ type: 'update', data: { state: { n: 2 } } });
    a.send({ type: 'update', data: { state: { n: 3 } } });
    await a.expectError('rate-limited', 'update');
    // Updates go through Redis and the offer does not: their order at b is not fixed.
    assert.deepEqual((await b.nextOf('peer-updated')).data, { name: '', state: { n: 1 } });
    assert.deepEqual((await b.nextOf('peer-updated')).data, { name: '', state: { n: 2 } });
    assert.equal((await b.nextOf('offer')).data, 1);
    await b.expectNothing();
  } finally {
    await closeAll(own);
    await server.close();
  }
});

test('when Redis restarts empty, the processes register their peers again with names and states', async () => {
  let ownRedis = await startRedis();
  const args = ['--redis', ownRedis.url, '--redis-node-ttl-ms', String(NODE_TTL_MS), '--log-level', 'info'];
  const processes = await Promise.all([startServerProcess(args), startServerProcess(args)]);
  const [p1, p2] = processes as [ServerProcess, ServerProcess];
  const own: TestClient[] = [];
  const watcher = new Redis(ownRedis.url, { lazyConnect: true, maxRetriesPerRequest: null });
  watcher.on('error', () => undefined);
  try {
    const a = await TestClient.open(p1.url);
    const b = await TestClient.open(p2.url);
    own.push(a, b);
    const wa = await a.join('phoenix-state', { name: 'a', state: { audio: true } });
    const wb = await b.join('phoenix-state', { name: 'b' });
    await a.next('peer-joined');
    b.send({ type: 'update', data: { name: 'b2', state: { hand: true, precise: 0.30000000000000004 } } });
    await a.next('peer-updated');

    const { port } = ownRedis;
    await ownRedis.stop();
    ownRedis = await startRedis({ port });
    for (const server of processes) {
      await eventually(() => server.logs.some((line) => line.msg === 'redis resynchronized'), 15_000);
    }
    await watcher.connect();
    const records = await watcher.hgetall('rtc:room:phoenix-state');
    assert.deepEqual(JSON.parse(JSON.parse(records[wb.id]!).s), { hand: true, precise: 0.30000000000000004 });

    const c = await TestClient.open(p1.url);
    own.push(c);
    const wc = await c.join('phoenix-state');
    assert.deepEqual(peerIn(wc, wa.id), { id: wa.id, name: 'a', state: { audio: true } });
    assert.deepEqual(peerIn(wc, wb.id), { id: wb.id, name: 'b2', state: { hand: true, precise: 0.30000000000000004 } });
    await a.next('peer-joined');
    await b.next('peer-joined');
    // Updates work on the registered-again peers.
    a.send({ type: 'update', data: { state: { audio: false } } });
    assert.deepEqual((await b.next('peer-updated')).data, { name: 'a', state: { audio: false } });
    assert.deepEqual((await c.next('peer-updated')).data, { name: 'a', state: { audio: false } });
    await a.expectNothing();
    await b.expectNothing();
  } finally {
    watcher.disconnect();
    await closeAll(own);
    await Promise.all(processes.map((server) => server.stop('SIGKILL')));
    await ownRedis.stop();
  }
});

test('an update missed while a process was cut off from Redis reaches its peers once it is back', async () => {
  const ownRedis = await startRedis();
  const proxy = await startTcpProxy(ownRedis.port);
  // A TTL far longer than the outage: nobody presumes the cut-off process dead and sweeps it.
  const common = ['--redis-node-ttl-ms', '20000', '--log-level', 'warn'];
  const cutOff = await startServerProcess(['--redis', `redis://127.0.0.1:${proxy.port}`, ...common]);
  const other = await startServerProcess(['--redis', ownRedis.url, ...common]);
  const own: TestClient[] = [];
  try {
    const a = await TestClient.open(cutOff.url);
    const b = await TestClient.open(other.url);
    own.push(a, b);
    await a.join('missed');
    const wb = await b.join('missed', { state: { audio: true } });
    await a.next('peer-joined');

    proxy.cut();
    b.send({ type: 'update', data: { state: { audio: false } } });
    await b.expectNothing();
    proxy.restore();
    assert.deepEqual(await a.next('peer-updated', 15_000), {
      type: 'peer-updated',
      from: wb.id,
      data: { name: '', state: { audio: false } },
    });
    await a.expectNothing();
  } finally {
    await closeAll(own);
    await Promise.all([cutOff.stop('SIGKILL'), other.stop('SIGKILL')]);
    await proxy.close();
    await ownRedis.stop();
  }
});
