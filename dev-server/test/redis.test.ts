/** Scale-out: two rtc-signal processes sharing rooms through a private redis-server. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { CLOSE_CODES } from '../../src/core/protocol.js';
import {
  startRedis,
  startServerProcess,
  startTcpProxy,
  type RedisHandle,
  type ServerProcess,
} from '../../test/support/index.js';
import { TestClient, closeAll, eventually, startServer, waitForHealth, within } from './helpers.js';

const NODE_TTL_MS = 600;

let redis: RedisHandle;
let one: ServerProcess;
let two: ServerProcess;
const clients: TestClient[] = [];

async function open(server: ServerProcess): Promise<TestClient> {
  const client = await TestClient.open(server.url);
  clients.push(client);
  return client;
}

before(async () => {
  // Fails (does not skip) when redis-server is missing: CI installs it.
  redis = await startRedis();
  const args = [
    '--redis',
    redis.url,
    '--redis-node-ttl-ms',
    String(NODE_TTL_MS),
    '--max-peers-per-room',
    '3',
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

describe('two processes, one Redis', () => {
  test('peers on different processes see each other and relay both ways', async () => {
    const a = await open(one);
    const b = await open(two);
    const welcomeA = await a.join('across', { name: 'on-one' });
    const welcomeB = await b.join('across', { name: 'on-two' });
    assert.deepEqual(welcomeB.peers, [{ id: welcomeA.id, name: 'on-one', state: {} }]);
    assert.deepEqual(await a.next('peer-joined'), {
      type: 'peer-joined',
      from: welcomeB.id,
      data: { name: 'on-two', state: {} },
    });
    b.send({ type: 'offer', to: welcomeA.id, from: 'spoof', data: { type: 'offer', sdp: 'from-two' } });
    assert.deepEqual(await a.next('offer'), {
      type: 'offer',
      from: welcomeB.id,
      data: { type: 'offer', sdp: 'from-two' },
    });
    a.send({ type: 'answer', to: welcomeB.id, data: { type: 'answer', sdp: 'from-one' } });
    assert.deepEqual(await b.next('answer'), {
      type: 'answer',
      from: welcomeA.id,
      data: { type: 'answer', sdp: 'from-one' },
    });
    a.send({ type: 'ice-candidate', to: welcomeB.id, data: null });
    assert.equal((await b.next('ice-candidate')).data, null);

    // Unknown peers and other rooms stay unknown across processes.
    const c = await open(two);
    const welcomeC = await c.join('elsewhere');
    a.send({ type: 'offer', to: welcomeC.id, data: { type: 'offer', sdp: '' } });
    await a.expectError('unknown-peer', 'offer');
    await c.expectNothing();

    // Leave across processes.
    b.send({ type: 'leave' });
    assert.equal((await a.next('peer-left')).from, welcomeB.id);
  });

  test('room-full counts peers on every process', async () => {
    const peers = [await open(one), await open(two), await open(one)];
    for (const peer of peers) await peer.join('full-across');
    const fourth = await open(two);
    fourth.send({ type: 'join', data: { room: 'full-across' } });
    await fourth.expectError('room-full', 'join');
  });

  test('a peer that drops from one process resumes on the other with the same id', async () => {
    const a = await open(one);
    const b = await open(one);
    const welcomeA = await a.join('resume-across');
    const welcomeB = await b.join('resume-across');
    await a.next('peer-joined');
    const before = (await (await fetch(`${one.httpUrl}/healthz`)).json()) as { connections: number };
    b.terminate();
    // Once process one has noticed the drop (nothing tells a client), relays to b are queued.
    await waitForHealth(one.httpUrl, (health) => health.connections === before.connections - 1);
    // Relayed while b is away: queued on process one, handed over after the resume.
    a.send({ type: 'offer', to: welcomeB.id, data: { type: 'offer', sdp: 'while-away' } });
    await a.expectNothing();
    const b2 = await open(two);
    const again = await b2.join('resume-across', { resume: welcomeB.resume });
    assert.equal(again.id, welcomeB.id);
    assert.deepEqual(
      again.peers.map((peer) => peer.id),
      [welcomeA.id],
    );
    assert.notEqual(again.resume, welcomeB.resume);
    assert.deepEqual(await b2.next('offer'), {
      type: 'offer',
      from: welcomeA.id,
      data: { type: 'offer', sdp: 'while-away' },
    });
    // Relays now reach it on process two, and the room saw nothing of the blip.
    a.send({ type: 'ice-candidate', to: welcomeB.id, data: null });
    assert.equal((await b2.next('ice-candidate')).from, welcomeA.id);
    b2.send({ type: 'answer', to: welcomeA.id, data: { type: 'answer', sdp: 'back' } });
    assert.equal((await a.next('answer')).from, welcomeB.id);
    await a.expectNothing();
  });

  test('a process that shuts down (1001) lets its peers resume elsewhere; the others leave after the grace', async () => {
    const args = [
      '--redis',
      redis.url,
      '--redis-node-ttl-ms',
      String(NODE_TTL_MS),
      '--resume-grace-ms',
      '800',
      '--log-level',
      'warn',
    ];
    const three = await startServerProcess(args);
    try {
      const a = await open(one);
      const welcomeA = await a.join('shutdown');
      const c = await open(three);
      const d = await open(three);
      const welcomeC = await c.join('shutdown');
      const welcomeD = await d.join('shutdown');
      await a.next('peer-joined');
      await a.next('peer-joined');
      const exit = three.stop('SIGTERM');
      assert.equal((await c.closed).code, 1001);
      assert.equal((await d.closed).code, 1001);
      assert.equal(await exit, 0);
      const c2 = await open(one);
      const again = await c2.join('shutdown', { resume: welcomeC.resume });
      assert.equal(again.id, welcomeC.id);
      assert.deepEqual(new Set(again.peers.map((peer) => peer.id)), new Set([welcomeA.id, welcomeD.id]));
      // d never came back: after the grace the sweepers remove it, and only it.
      assert.equal((await a.next('peer-left', 5000)).from, welcomeD.id);
      c2.send({ type: 'offer', to: welcomeA.id, data: { type: 'offer', sdp: 'after-move' } });
      assert.equal((await a.next('offer')).from, welcomeC.id);
      await a.expectNothing();
    } finally {
      await three.stop('SIGKILL');
    }
  });

  test('when a process is killed, peers elsewhere see peer-left within 1.5 x the node TTL', async () => {
    const a = await open(one);
    const b = await open(two);
    const welcomeA = await a.join('kill');
    await b.join('kill');
    await a.next('peer-joined');
    const killedAt = Date.now();
    await two.stop('SIGKILL');
    const left = await b.closed.then(() => a.next('peer-left', 10_000));
    const elapsed = Date.now() - killedAt;
    assert.notEqual(left.from, welcomeA.id);
    assert.ok(elapsed <= NODE_TTL_MS * 1.5 + 500, `peer-left after ${elapsed} ms`);
  });
});

test('when Redis goes away: /healthz says degraded, joins and updates are refused with rate-limited, local relays go on', async () => {
  const ownRedis = await startRedis();
  const { server, url, httpUrl } = await startServer({ redisUrl: ownRedis.url, logLevel: 'silent' });
  const own: TestClient[] = [];
  try {
    const a = await TestClient.open(url);
    const b = await TestClient.open(url);
    own.push(a, b);
    const welcomeA = await a.join('outage');
    const welcomeB = await b.join('outage');
    await a.next('peer-joined');
    await ownRedis.stop();
    await waitForHealth(httpUrl, () => true);
    const deadline = Date.now() + 5000;
    while ((await fetch(`${httpUrl}/healthz`)).status !== 503) {
      assert.ok(Date.now() < deadline, 'healthz never reported the outage');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const health = (await (await fetch(`${httpUrl}/healthz`)).json()) as { status: string };
    assert.equal(health.status, 'degraded');
    b.send({ type: 'offer', to: welcomeA.id, data: { type: 'offer', sdp: 'local' } });
    assert.equal((await a.next('offer')).from, welcomeB.id);
    const c = await TestClient.open(url);
    own.push(c);
    c.send({ type: 'join', data: { room: 'outage' } });
    await c.expectError('rate-limited', 'join');
    // An update cannot reach the room's store either: refused the same way, to be tried again.
    a.send({ type: 'update', data: { state: { audio: false } } });
    await a.expectError('rate-limited', 'update');
    b.send({ type: 'offer', to: welcomeA.id, data: { type: 'offer', sdp: 'still local' } });
    assert.equal((await a.next('offer')).from, welcomeB.id);
  } finally {
    await closeAll(own);
    await server.close();
    await ownRedis.stop();
  }
});

test('when Redis restarts empty, the processes register their peers again: no blip, and joins see everyone', async () => {
  let ownRedis = await startRedis();
  const args = ['--redis', ownRedis.url, '--redis-node-ttl-ms', String(NODE_TTL_MS), '--log-level', 'info'];
  const processes = await Promise.all([startServerProcess(args), startServerProcess(args)]);
  const [p1, p2] = processes;
  const own: TestClient[] = [];
  const watcher = new Redis(ownRedis.url, { lazyConnect: true, maxRetriesPerRequest: null });
  watcher.on('error', () => undefined);
  try {
    const a = await TestClient.open(p1!.url);
    const b = await TestClient.open(p2!.url);
    own.push(a, b);
    const welcomeA = await a.join('phoenix', { name: 'a' });
    const welcomeB = await b.join('phoenix', { name: 'b' });
    await a.next('peer-joined');

    const { port } = ownRedis;
    await ownRedis.stop();
    ownRedis = await startRedis({ port });
    // Each process notices (its subscriber reconnects, its liveness key is gone), registers its
    // peer again, then after one TTL compares its rooms with Redis: the log says when.
    for (const server of processes) {
      await eventually(() => server!.logs.some((line) => line.msg === 'redis resynchronized'), 15_000);
    }
    await watcher.connect();
    assert.deepEqual(Object.keys(await watcher.hgetall('rtc:room:phoenix')).sort(), [welcomeA.id, welcomeB.id].sort());

    // A newcomer sees both; both hear of it, with nothing before (no leave-and-return blip, and the
    // room's event numbers went on from where they were, or old peers would drop the event).
    const c = await TestClient.open(p1!.url);
    own.push(c);
    const welcomeC = await c.join('phoenix', { name: 'c' });
    assert.deepEqual(welcomeC.peers.map((peer) => peer.name).sort(), ['a', 'b']);
    assert.equal((await a.next('peer-joined')).from, welcomeC.id);
    assert.equal((await b.next('peer-joined')).from, welcomeC.id);
    c.send({ type: 'offer', to: welcomeB.id, data: { type: 'offer', sdp: 'after the restart' } });
    assert.equal((await b.next('offer')).from, welcomeC.id);
    await a.expectNothing();
    await b.expectNothing();
  } finally {
    watcher.disconnect();
    await closeAll(own);
    await Promise.all(processes.map((server) => server?.stop('SIGKILL')));
    await ownRedis.stop();
  }
});

test('a peer that leaves while Redis is unreachable leaves for the cluster once Redis is back', async () => {
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
    const welcomeA = await a.join('away');
    await b.join('away');
    await a.next('peer-joined');

    proxy.cut();
    await a.close(1000);
    await eventually(() => cutOff.logs.some((line) => line.msg === 'leave failed'), 15_000);
    proxy.restore();
    assert.equal((await b.next('peer-left', 15_000)).from, welcomeA.id);
    await b.expectNothing();
  } finally {
    await closeAll(own);
    await Promise.all([cutOff.stop('SIGKILL'), other.stop('SIGKILL')]);
    await proxy.close();
    await ownRedis.stop();
  }
});

/**
 * Two processes on one Redis, a peer on each in `room`; `setUp` may wrap the first process's Redis
 * URL (a proxy). Returns the clients, their welcomes, and the processes; `stop` cleans up.
 */
async function pairAcross(room: string, firstRedisUrl?: (url: string) => Promise<string>) {
  const redisServer = await startRedis();
  const common = ['--redis-node-ttl-ms', String(NODE_TTL_MS), '--log-level', 'warn'];
  const firstUrl = firstRedisUrl ? await firstRedisUrl(redisServer.url) : redisServer.url;
  const [first, second] = await Promise.all([
    startServerProcess(['--redis', firstUrl, ...common]),
    startServerProcess(['--redis', redisServer.url, ...common]),
  ]);
  const a = await TestClient.open(first.url);
  const b = await TestClient.open(second.url);
  const welcomeA = await a.join(room);
  const welcomeB = await b.join(room);
  await a.next('peer-joined');
  return {
    a,
    b,
    welcomeA,
    welcomeB,
    first,
    async stop(extra: TestClient[] = []) {
      first.process.kill('SIGCONT');
      await closeAll([a, b, ...extra]);
      await Promise.all([first.stop('SIGKILL'), second.stop('SIGKILL')]);
      await redisServer.stop();
    },
  };
}

test('a process presumed dead while it stalled: its swept peer is closed with 1012 and joins again under a new id', async () => {
  const pair = await pairAcross('stall');
  const { a, b, welcomeA, welcomeB, first } = pair;
  const again = await TestClient.open(first.url);
  try {
    first.process.kill('SIGSTOP');
    // The other process sweeps the stalled one's peer (within 1.5 x the TTL)...
    assert.equal((await b.next('peer-left', 10_000)).from, welcomeA.id);
    first.process.kill('SIGCONT');
    // ...and, awake, the stalled process tells that peer to join again, which gets a new id.
    assert.equal((await within(a.closed, 'the swept peer to be closed', 10_000)).code, CLOSE_CODES.serviceRestart);
    const welcome = await again.join('stall', { resume: welcomeA.resume });
    assert.notEqual(welcome.id, welcomeA.id);
    assert.deepEqual(welcome.peers, [{ id: welcomeB.id, name: '', state: {} }]);
    assert.equal((await b.next('peer-joined')).from, welcome.id);
    await b.expectNothing();
  } finally {
    await pair.stop([again]);
  }
});

test('a process cut off from Redis past the TTL: once back, its swept peer is closed with 1012', async () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>> | undefined;
  const pair = await pairAcross('cut-off', async (url) => {
    proxy = await startTcpProxy(Number(new URL(url).port));
    return `redis://127.0.0.1:${proxy.port}`;
  });
  const { a, b, welcomeA } = pair;
  try {
    proxy!.cut();
    assert.equal((await b.next('peer-left', 10_000)).from, welcomeA.id);
    proxy!.restore();
    assert.equal((await within(a.closed, 'the swept peer to be closed', 10_000)).code, CLOSE_CODES.serviceRestart);
    await b.expectNothing();
  } finally {
    await pair.stop();
    await proxy?.close();
  }
});
