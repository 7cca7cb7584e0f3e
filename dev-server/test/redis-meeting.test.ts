/**
 * Meetings (protocol 1.2) across two rtc-signal processes sharing rooms through a private
 * redis-server: what a host does on one process holds on the other (the lock, a ban, `remove` of a
 * peer the other process holds, `end`), each checked from the client side on the OTHER process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { MeetingState } from '../../src/core/protocol-meeting.js';
import type { WelcomeData } from '../../src/core/protocol.js';
import { type RedisHandle, type ServerProcess, startRedis, startServerProcess } from '../../test/support/index.js';
import { mintToken } from '../auth.js';
import { TestClient, closeAll, eventually, within } from './helpers.js';

const SECRET = 'redis-meeting-test-secret-of-some-length';

let redis: RedisHandle;
let watcher: Redis;
let one: ServerProcess;
let two: ServerProcess;
const clients: TestClient[] = [];

before(async () => {
  redis = await startRedis();
  watcher = new Redis(redis.url, { lazyConnect: true });
  await watcher.connect();
  const args = [
    ...['--redis', redis.url, '--redis-node-ttl-ms', '1000', '--jwt-secret', SECRET],
    ...['--waiting-room', 'lobby-across', '--log-level', 'warn'],
  ];
  [one, two] = await Promise.all([startServerProcess(args), startServerProcess(args)]);
});

after(async () => {
  for (const client of clients) client.terminate();
  await Promise.all([one?.stop('SIGKILL'), two?.stop('SIGKILL')]);
  watcher?.disconnect();
  await redis?.stop();
});

/** A client on `server` with a join token for `room` (a host's with `role: 'host'`). */
async function withToken(server: ServerProcess, room: string, name: string, role?: 'host' | 'wait') {
  const client = await TestClient.open(server.url);
  clients.push(client);
  const claim = role === 'host' ? { role } : role === 'wait' ? { wait: true } : {};
  const token = await mintToken({ secret: SECRET, room, name, ...claim });
  return { client, token };
}

/** Joins `room` on `server` with a fresh token; its id. */
async function enter(server: ServerProcess, room: string, name: string, role?: 'host') {
  const { client, token } = await withToken(server, room, name, role);
  const { id } = await client.join(room, { token, media: 'mesh' });
  return { client, token, id };
}

/** Reads `meeting` messages, in order, until one matches. */
async function meetingUntil(client: TestClient, predicate: (state: MeetingState) => boolean): Promise<MeetingState> {
  for (;;) {
    const state = (await client.nextOf('meeting')).data as MeetingState;
    if (predicate(state)) return state;
  }
}

/** A host on `hostOn` removes a guest on `guestOn` of `room`: the guest is closed with 4403. */
async function removeGuest(hostOn: ServerProcess, guestOn: ServerProcess, room: string) {
  const host = await enter(hostOn, room, 'Host', 'host');
  const guest = await enter(guestOn, room, 'Guest');
  await host.client.nextOf('peer-joined');
  host.client.send({ type: 'host', data: { action: 'remove', to: guest.id } });
  assert.equal((await within(guest.client.closed, 'the removed guest closed')).code, 4403);
  return { host, guest };
}

/** A join of `room` on `server` with `token`, which must be refused with `code`. */
async function refusedJoin(server: ServerProcess, room: string, token: string, code: string): Promise<void> {
  const client = await TestClient.open(server.url);
  clients.push(client);
  client.send({ type: 'join', data: { room, token, media: 'mesh' } });
  await client.expectError(code, 'join');
}

describe('meetings across two processes, one Redis', () => {
  test('a lock on one process holds for joins on the other (hosts by token still join); unlocked, they join; it goes with the room', async () => {
    const room = 'locked-across';
    const host = await enter(one, room, 'Host', 'host');
    const guest = await enter(two, room, 'Guest');
    host.client.send({ type: 'host', data: { action: 'lock' } });
    // The guest, on the other process, is told the room is locked.
    await meetingUntil(guest.client, (state) => state.locked);
    const late = await withToken(two, room, 'Late');
    await refusedJoin(two, room, late.token, 'locked');
    await refusedJoin(one, room, late.token, 'locked');
    // A host by token goes in, and learns that the room is locked.
    const cohost = await enter(two, room, 'Cohost', 'host');
    assert.equal((await meetingUntil(cohost.client, () => true)).locked, true);

    host.client.send({ type: 'host', data: { action: 'unlock' } });
    await meetingUntil(guest.client, (state) => !state.locked);
    await late.client.join(room, { token: late.token, media: 'mesh' });

    // Locked again, then everyone leaves: the next one in finds it open, on either process.
    host.client.send({ type: 'host', data: { action: 'lock' } });
    await meetingUntil(guest.client, (state) => state.locked);
    await closeAll([host.client, guest.client, cohost.client, late.client]);
    await eventually(async () => (await watcher.exists(`rtc:room:${room}`)) === 0);
    const again = await enter(two, room, 'Again');
    await enter(one, room, 'Later');
    await closeAll([again.client]);
  });

  test('a token removed on one process is banned on the other', async () => {
    const room = 'ban-across';
    const { host, guest } = await removeGuest(one, one, room);
    await refusedJoin(two, room, guest.token, 'banned');
    await refusedJoin(one, room, guest.token, 'banned');
    // Others still join on the other process.
    await enter(two, room, 'Other');
    await closeAll([host.client]);
  });

  test('a host removes a peer held by the other process: it is closed with 4403, the room sees it leave, its token is banned everywhere', async () => {
    const room = 'remove-across';
    const { host, guest } = await removeGuest(one, two, room);
    assert.equal((await host.client.nextOf('peer-left')).from, guest.id);
    await refusedJoin(one, room, guest.token, 'banned');
    await refusedJoin(two, room, guest.token, 'banned');
    // An id that is nobody's is still an unknown peer, and nothing else happened to the host.
    host.client.send({ type: 'host', data: { action: 'remove', to: 'nobody' } });
    const error = (await host.client.nextOf('error')).data as { code: string; ref: string };
    assert.deepEqual([error.code, error.ref], ['unknown-peer', 'host']);
    await closeAll([host.client]);
  });

  test('the waiting room across processes: a host on one sees the knocks the other holds, admits one, denies another, then admits all', async () => {
    const room = 'lobby-across';
    const host = await enter(one, room, 'Host', 'host');
    const knock = async (name: string) => {
      const { client, token } = await withToken(two, room, name);
      client.send({ type: 'join', data: { room, token, media: 'mesh' } });
      assert.deepEqual(await client.next('waiting'), { type: 'waiting', data: { room } });
      return client;
    };
    const ann = await knock('Ann');
    const bob = await knock('Bob');
    const knocks = (await meetingUntil(host.client, (state) => (state.knocks ?? []).length === 2)).knocks!;
    assert.deepEqual(
      knocks.map((k) => k.name),
      ['Ann', 'Bob'],
    );
    host.client.send({ type: 'host', data: { action: 'admit', to: knocks[0]!.id } });
    const welcome = (await ann.next('welcome')).data as WelcomeData;
    assert.deepEqual(
      welcome.peers.map((peer) => peer.id),
      [host.id],
    );
    assert.equal((await host.client.nextOf('peer-joined')).from, welcome.id);
    host.client.send({ type: 'host', data: { action: 'deny', to: knocks[1]!.id } });
    assert.equal((await within(bob.closed, 'the denied one closed')).code, 4405);
    // After its waiting notice (taken above): nothing, no name of anyone inside.
    assert.deepEqual(
      bob.received.map((m) => m.type),
      [],
    );
    await meetingUntil(host.client, (state) => (state.knocks ?? []).length === 0);
    // A knock id nobody holds is refused; admit-all reaches the knocks of the other process.
    host.client.send({ type: 'host', data: { action: 'admit', to: knocks[1]!.id } });
    const error = (await host.client.nextOf('error')).data as { code: string; ref: string };
    assert.deepEqual([error.code, error.ref], ['unknown-peer', 'host']);
    const cat = await knock('Cat');
    await meetingUntil(host.client, (state) => (state.knocks ?? []).length === 1);
    host.client.send({ type: 'host', data: { action: 'admit-all' } });
    await cat.next('welcome');
    await meetingUntil(host.client, (state) => (state.knocks ?? []).length === 0);
    await closeAll([host.client, ann, cat]);
  });

  test('end on one process closes the room on the other with 4410', async () => {
    const room = 'end-across';
    const host = await enter(one, room, 'Host', 'host');
    const guests = [await enter(two, room, 'Two'), await enter(two, room, 'Too')];
    host.client.send({ type: 'host', data: { action: 'end' } });
    const closed = Promise.all([host.client.closed, ...guests.map((guest) => guest.client.closed)]);
    const codes = await within(closed, 'every socket of the room closed');
    assert.deepEqual(
      codes.map((close) => close.code),
      [4410, 4410, 4410],
    );
  });

  test('end reaches a knock held by a process with no member of the room (4410)', async () => {
    const room = 'end-knock';
    const host = await enter(one, room, 'Host', 'host');
    const waiter = await withToken(two, room, 'Waiter', 'wait');
    waiter.client.send({ type: 'join', data: { room, token: waiter.token, media: 'mesh' } });
    await waiter.client.next('waiting');
    await meetingUntil(host.client, (state) => (state.knocks ?? []).length === 1);
    host.client.send({ type: 'host', data: { action: 'end' } });
    const closed = Promise.all([host.client.closed, waiter.client.closed]);
    const codes = await within(closed, 'the host and the waiter closed');
    assert.deepEqual(
      codes.map((close) => close.code),
      [4410, 4410],
    );
  });
});

describe('--hosts first across two processes, one Redis', () => {
  let first: ServerProcess;
  let second: ServerProcess;

  before(async () => {
    const args = ['--redis', redis.url, '--redis-node-ttl-ms', '1000', '--hosts', 'first', '--log-level', 'warn'];
    [first, second] = await Promise.all([startServerProcess(args), startServerProcess(args)]);
  });

  after(async () => {
    for (const client of clients) client.terminate();
    await Promise.all([first?.stop('SIGKILL'), second?.stop('SIGKILL')]);
  });

  async function joinAs(server: ServerProcess, room: string, name: string) {
    const client = await TestClient.open(server.url);
    clients.push(client);
    const { id } = await client.join(room, { name, media: 'mesh' });
    return { client, id };
  }

  test('the first in is the host of the room on both processes; a newcomer on the other is not; it passes across when the host leaves', async () => {
    const room = 'first-across';
    const ann = await joinAs(first, room, 'Ann');
    assert.deepEqual((await meetingUntil(ann.client, () => true)).hosts, [ann.id]);
    const bob = await joinAs(second, room, 'Bob');
    assert.deepEqual((await meetingUntil(bob.client, (state) => state.hosts.length > 0)).hosts, [ann.id]);
    bob.client.send({ type: 'host', data: { action: 'lock' } });
    const error = (await bob.client.nextOf('error')).data as { code: string; ref: string };
    assert.deepEqual([error.code, error.ref], ['not-host', 'host']);
    // Ann leaves: nobody else is on her process, so the role goes to Bob, on the other.
    await ann.client.close();
    assert.deepEqual((await meetingUntil(bob.client, (state) => state.hosts.includes(bob.id))).hosts, [bob.id]);
    bob.client.send({ type: 'host', data: { action: 'lock' } });
    await meetingUntil(bob.client, (state) => state.locked);
    await closeAll([bob.client]);
  });

  test('a newcomer on the other process sees the hands already up, and the host', async () => {
    const room = 'first-hands';
    const ann = await joinAs(first, room, 'Ann');
    const bob = await joinAs(first, room, 'Bob');
    bob.client.send({ type: 'update', data: { state: { hand: true } } });
    await meetingUntil(ann.client, (state) => state.hands.length === 1);
    const cat = await joinAs(second, room, 'Cat');
    assert.deepEqual(await meetingUntil(cat.client, () => true), { hosts: [ann.id], locked: false, hands: [bob.id] });
    await closeAll([ann.client, bob.client, cat.client]);
  });

  test('six joining at once, three on each process: one host, the same for all', async () => {
    const room = 'first-at-once';
    const joins = await Promise.all(
      [first, second, first, second, first, second].map((server, i) => joinAs(server, room, `P${i}`)),
    );
    const seen = await Promise.all(
      joins.map(async ({ client }) => (await meetingUntil(client, (state) => state.hosts.length > 0)).hosts),
    );
    const host = seen[0]![0]!;
    assert.ok(
      joins.some((join) => join.id === host),
      'the host is one of them',
    );
    assert.deepEqual(
      seen,
      joins.map(() => [host]),
    );
    await closeAll(joins.map((join) => join.client));
  });
});
