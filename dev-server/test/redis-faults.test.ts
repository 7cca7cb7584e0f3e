/**
 * Faults of a cluster of rtc-signal processes sharing rooms through a private redis-server:
 * Redis restarted in the middle of a call, and a signaling process killed behind one URL.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import type { WelcomeData } from '../../src/core/protocol.js';
import { startBalancer } from '../../test/support/balancer.js';
import { startRedis, startServerProcess, type ServerProcess } from '../../test/support/index.js';
import { TestClient, closeAll, eventually, type Received } from './helpers.js';

/** How soon after Redis is back the cluster must be whole again (issue 27). */
const BACK_WITHIN_MS = 5000;

/** What a client was told about others leaving or joining, unread or read. */
function leavesIn(received: Received[]): Received[] {
  return received.filter((message) => message.type === 'peer-left');
}

test('Redis restarted mid-call: same-process pairs relay meanwhile, joins are refused at once and retryable, and within 5 s of its return relays, rooms and states are back with nobody leaving', async () => {
  let redis = await startRedis();
  const { port } = redis;
  const args = ['--redis', redis.url, '--redis-node-ttl-ms', '1000', '--log-level', 'info'];
  const processes: ServerProcess[] = await Promise.all([startServerProcess(args), startServerProcess(args)]);
  const [one, two] = processes as [ServerProcess, ServerProcess];
  const clients: TestClient[] = [];
  const open = async (server: ServerProcess) => {
    const client = await TestClient.open(server.url);
    clients.push(client);
    return client;
  };
  const watcher = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: null });
  watcher.on('error', () => undefined);
  try {
    // A call across the processes, and a pair on one process.
    const a = await open(one);
    const b = await open(two);
    const wa = await a.join('mid-call', { name: 'a', state: { audio: false } });
    const wb = await b.join('mid-call', { name: 'b', state: { video: false } });
    await a.next('peer-joined');
    const near = await open(one);
    const far = await open(one);
    const wNear = await near.join('one-process');
    const wFar = await far.join('one-process');
    await near.next('peer-joined');
    a.send({ type: 'offer', to: wb.id, data: { sdp: 'before' } });
    assert.equal((await b.next('offer')).from, wa.id);

    await redis.stop();
    // Away: the pair on one process goes on; a join is refused at once, with a retryable error.
    far.send({ type: 'offer', to: wNear.id, data: { sdp: 'while Redis is away' } });
    assert.equal((await near.next('offer')).from, wFar.id);
    // Tried again at once after each refusal, as a client may: each refused within a second,
    // however long Redis has been away (Redis's client waits longer between its reconnections).
    const c = await open(two);
    for (let attempt = 0; attempt < 4; attempt++) {
      const asked = Date.now();
      c.send({ type: 'join', data: { room: 'mid-call', name: 'c' } });
      const refusal = await c.expectError('rate-limited', 'join');
      const refusedAfter = Date.now() - asked;
      assert.ok(refusedAfter < 1000, `join ${attempt + 1} was refused after ${refusedAfter} ms`);
      assert.match((refusal.data as { message: string }).message, /try again/);
    }

    redis = await startRedis({ port });
    const back = Date.now();
    // Relays across the processes come back (those sent meanwhile may be lost: a, as the core
    // does, sends again until one arrives).
    let arrived: Received | undefined;
    for (let attempt = 0; arrived === undefined; attempt++) {
      assert.ok(Date.now() - back < BACK_WITHIN_MS, 'no relay across the processes within 5 s of Redis coming back');
      a.send({ type: 'ice-candidate', to: wb.id, data: { attempt } });
      arrived = await b.take((m) => m.type === 'ice-candidate', 'a relay from a', 250).catch(() => undefined);
    }
    assert.equal(arrived.from, wa.id);
    b.send({ type: 'answer', to: wa.id, data: { sdp: 'after' } });
    assert.equal((await a.nextOf('answer')).from, wb.id);
    // The room is in Redis again, so a newcomer sees both, with their names and states.
    await watcher.connect();
    await eventually(
      async () => Object.keys(await watcher.hgetall('rtc:room:mid-call')).length === 2,
      BACK_WITHIN_MS - (Date.now() - back),
    );
    const d = await open(two);
    const wd: WelcomeData = await d.join('mid-call', { name: 'd' });
    const backAfter = Date.now() - back;
    assert.ok(backAfter <= BACK_WITHIN_MS, `the cluster was whole ${backAfter} ms after Redis came back`);
    assert.deepEqual(wd.peers.map((peer) => [peer.name, peer.state]).sort(), [
      ['a', { audio: false }],
      ['b', { video: false }],
    ]);
    assert.equal((await a.nextOf('peer-joined')).from, wd.id);
    assert.equal((await b.nextOf('peer-joined')).from, wd.id);
    // What a sent again arrives late too (held while the processes reconnected): not a blip.
    b.received.splice(0, b.received.length, ...b.received.filter((m) => m.type !== 'ice-candidate'));
    // Nobody left, even after each process compared its rooms with Redis (one TTL later).
    for (const server of processes) {
      await eventually(() => server.logs.some((line) => line.msg === 'redis resynchronized'), 10_000);
    }
    for (const client of [a, b, near, far, d]) {
      await client.expectNothing();
      assert.deepEqual(leavesIn(client.received), []);
    }
    assert.deepEqual(
      a.received.filter((m) => m.type === 'peer-joined' || m.type === 'peer-updated'),
      [],
      'a heard of b again',
    );
  } finally {
    watcher.disconnect();
    await closeAll(clients);
    await Promise.all(processes.map((server) => server.stop('SIGKILL')));
    await redis.stop();
  }
});

test('a signaling process killed: behind one URL its clients reach the other process, resume with their ids, names and states, and the room goes on', async () => {
  const redis = await startRedis();
  const nodeTtlMs = 2000;
  const args = ['--redis', redis.url, '--redis-node-ttl-ms', String(nodeTtlMs), '--log-level', 'warn'];
  const processes: ServerProcess[] = await Promise.all([startServerProcess(args), startServerProcess(args)]);
  const [one, two] = processes as [ServerProcess, ServerProcess];
  const balancer = await startBalancer([one.port, two.port]);
  const url = new URL(one.url);
  url.port = String(balancer.port);
  const clients: TestClient[] = [];
  const open = async () => {
    const client = await TestClient.open(url.href);
    clients.push(client);
    return client;
  };
  try {
    // In turn: a on one, b on two, c on one, late on two.
    const a = await open();
    const b = await open();
    const c = await open();
    const late = await open();
    assert.deepEqual(balancer.routed, [one.port, two.port, one.port, two.port]);
    const wa = await a.join('failover', { name: 'a', state: { audio: false } });
    const wb = await b.join('failover', { name: 'b', state: { video: false } });
    const wc = await c.join('failover', { name: 'c' });
    const wLate = await late.join('failover', { name: 'late', state: { hand: true } });
    for (const [client, count] of [
      [a, 3],
      [b, 2],
      [c, 1],
    ] as const) {
      for (let i = 0; i < count; i++) await client.next('peer-joined');
    }

    await two.stop('SIGKILL');
    assert.equal((await b.closed).code, 1006);
    await late.closed;
    // b reconnects at once, through the same URL: the balancer skips the dead process.
    const b2 = await open();
    assert.equal(balancer.routed.at(-1), one.port);
    const again = await b2.join('failover', { resume: wb.resume });
    assert.equal(again.id, wb.id);
    assert.deepEqual(
      again.peers
        .filter((peer) => peer.id !== wLate.id)
        .map((peer) => [peer.name, peer.state])
        .sort(),
      [
        ['a', { audio: false }],
        ['c', {}],
      ],
    );
    // Relays both ways, now on one process.
    a.send({ type: 'offer', to: wb.id, data: { sdp: 'renegotiate' } });
    assert.equal((await b2.next('offer')).from, wa.id);
    b2.send({ type: 'answer', to: wa.id, data: { sdp: 'answer' } });
    assert.equal((await a.next('answer')).from, wb.id);

    // `late` comes back after the sweepers removed it (1.5 x the TTL): its resume fails, it joins
    // under a new id with its name and state, as after a restart; the core reconciles the two.
    assert.equal((await a.next('peer-left', 10_000)).from, wLate.id);
    assert.equal((await b2.next('peer-left')).from, wLate.id);
    assert.equal((await c.next('peer-left')).from, wLate.id);
    const late2 = await open();
    const rejoined = await late2.join('failover', { resume: wLate.resume, name: 'late', state: { hand: true } });
    assert.notEqual(rejoined.id, wLate.id);
    assert.deepEqual(rejoined.peers.map((peer) => peer.id).sort(), [wa.id, wb.id, wc.id].sort());
    for (const client of [a, b2, c]) {
      const joined = await client.next('peer-joined');
      assert.deepEqual(joined, {
        type: 'peer-joined',
        from: rejoined.id,
        data: { name: 'late', state: { hand: true } },
      });
    }
    // b never left for the others: late's was the only leave.
    for (const client of [a, b2, c]) {
      await client.expectNothing();
      assert.deepEqual(leavesIn(client.received), []);
    }
  } finally {
    await closeAll(clients);
    await balancer.close();
    await Promise.all(processes.map((server) => server.stop('SIGKILL')));
    await redis.stop();
  }
});
