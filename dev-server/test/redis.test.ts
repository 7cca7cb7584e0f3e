/** Scale-out: two rtc-signal processes sharing rooms through a private redis-server. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis, startServerProcess, type RedisHandle, type ServerProcess } from '../test-support.js';
import { TestClient, closeAll, startServer, waitForHealth } from './helpers.js';

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
    assert.deepEqual(welcomeB.peers, [{ id: welcomeA.id, name: 'on-one' }]);
    assert.deepEqual(await a.next('peer-joined'), { type: 'peer-joined', from: welcomeB.id, data: { name: 'on-two' } });
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

test('when Redis goes away: /healthz says degraded, joins are refused with rate-limited, local relays go on', async () => {
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
  } finally {
    await closeAll(own);
    await server.close();
    await ownRedis.stop();
  }
});
