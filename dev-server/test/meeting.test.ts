/**
 * Meetings (protocol 1.2) against a real server: hosts (`--hosts first`, a token's `role`), every
 * host action refused from a non-host (and logged), asks, lock, remove with its ban, end, the
 * waiting room (admit, deny: the denied one never saw anyone), the order of hands, reactions and
 * their rate limit, and a 1.1 client that never gets a meeting message.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { HOST_ACTIONS, type MeetingState } from '../../src/core/protocol-meeting.js';
import { mintToken, verifyJoinToken } from '../auth.js';
import { CLI_PATH } from '../../test/support/index.js';
import { REACTION_BURST } from '../../src/core/reaction-bucket.js';
import { type Received, TestClient, closeAll, suiteServer } from './helpers.js';

const SECRET = 'meeting-test-secret-of-some-length';
/** The message types a 1.1 client knows. */
const V11_TYPES = new Set([
  'welcome',
  'peer-joined',
  'peer-updated',
  'peer-left',
  'offer',
  'answer',
  'ice-candidate',
  'error',
]);

/** The next `meeting` message's state. */
async function meetingOf(client: TestClient): Promise<MeetingState> {
  return (await client.nextOf('meeting')).data as MeetingState;
}

/** Reads the `meeting` messages, in order, until one matches `predicate` (other types stay unread). */
async function meetingUntil(client: TestClient, predicate: (state: MeetingState) => boolean): Promise<MeetingState> {
  for (;;) {
    const state = await meetingOf(client);
    if (predicate(state)) return state;
  }
}

/** The first unread `error` (other messages may come before it): it must be `code`, about `ref`. */
async function refusal(client: TestClient, code: string, ref: string): Promise<{ code: string; message: string }> {
  const data = (await client.nextOf('error')).data as { code: string; ref?: string; message: string };
  assert.deepEqual([data.code, data.ref], [code, ref], data.message);
  return data;
}

describe('meetings, hosts first', () => {
  const logs: Array<Record<string, unknown>> = [];
  const suite = suiteServer({
    hosts: 'first',
    waitingRoom: ['lobby', 'lobby-old', 'lobby-end'],
    logLevel: 'info',
    logSink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });

  async function open(): Promise<TestClient> {
    const client = await TestClient.open(suite.url);
    suite.clients.push(client);
    return client;
  }

  async function enter(room: string, name: string, extra: Record<string, unknown> = { media: 'mesh' }) {
    const client = await open();
    const welcome = await client.join(room, { name, ...extra });
    return { client, id: welcome.id, welcome };
  }

  test('the first 1.2 participant is the host; every host action from another is refused, logged, and does nothing', async () => {
    const host = await enter('first', 'Host');
    assert.deepEqual(await meetingOf(host.client), { hosts: [host.id], locked: false, hands: [], knocks: [] });
    const guest = await enter('first', 'Guest');
    assert.deepEqual((await meetingOf(guest.client)).hosts, [host.id]);
    await host.client.nextOf('peer-joined');
    for (const action of HOST_ACTIONS) {
      guest.client.send({ type: 'host', data: { action, to: host.id } });
      const error = await refusal(guest.client, 'not-host', 'host');
      assert.match(error.message, /host/);
    }
    const refused = logs.filter((line) => line.msg === 'host action refused: not a host' && line.peer === guest.id);
    assert.deepEqual(refused.map((line) => line.action).sort(), [...HOST_ACTIONS].sort());
    // Nothing happened: the host was not asked, removed or ended, the room not locked.
    await host.client.expectNothing();
    const late = await enter('first', 'Late');
    assert.deepEqual((await meetingOf(late.client)).locked, false);
    await closeAll([host.client, guest.client, late.client]);
  });

  test('a host asks to mute and turn the camera off; locks the room, then unlocks it', async () => {
    const host = await enter('lock', 'Host');
    const guest = await enter('lock', 'Guest');
    await meetingOf(host.client);
    host.client.send({ type: 'host', data: { action: 'mute', to: guest.id } });
    host.client.send({ type: 'host', data: { action: 'camera-off', to: guest.id } });
    assert.deepEqual(await guest.client.nextOf('ask'), { type: 'ask', from: host.id, data: { action: 'mute' } });
    assert.deepEqual(await guest.client.nextOf('ask'), { type: 'ask', from: host.id, data: { action: 'camera-off' } });
    host.client.send({ type: 'host', data: { action: 'mute', to: 'nobody' } });
    await refusal(host.client, 'unknown-peer', 'host');

    host.client.send({ type: 'host', data: { action: 'lock' } });
    assert.equal((await meetingUntil(guest.client, (s) => s.locked)).locked, true);
    const outsider = await open();
    outsider.send({ type: 'join', data: { room: 'lock', media: 'mesh' } });
    await outsider.expectError('locked', 'join');
    assert.deepEqual(
      outsider.received.map((m) => m.type),
      [],
      'a refused newcomer gets nothing else',
    );
    host.client.send({ type: 'host', data: { action: 'unlock' } });
    await meetingUntil(guest.client, (s) => !s.locked);
    await outsider.join('lock', { media: 'mesh' });
    await closeAll([host.client, guest.client, outsider]);
  });

  test('the host is passed on to the longest-present participant when it leaves', async () => {
    const host = await enter('pass', 'Host');
    const second = await enter('pass', 'Second');
    const third = await enter('pass', 'Third');
    await host.client.close();
    assert.deepEqual((await meetingUntil(second.client, (s) => s.hosts.length === 1 && s.hosts[0] !== host.id)).hosts, [
      second.id,
    ]);
    assert.deepEqual((await meetingUntil(third.client, (s) => s.hosts[0] === second.id)).hosts, [second.id]);
    await closeAll([second.client, third.client]);
  });

  test('waiting room: knocks reach the host; one is admitted, another denied and never saw anyone', async () => {
    const host = await enter('lobby', 'Host');
    await meetingOf(host.client);
    const first = await open();
    first.send({ type: 'join', data: { room: 'lobby', name: 'Ann', media: 'mesh' } });
    assert.deepEqual(await first.next('waiting'), { type: 'waiting', data: { room: 'lobby' } });
    const second = await open();
    second.send({ type: 'join', data: { room: 'lobby', name: 'Bob', media: 'auto' } });
    await second.next('waiting');
    // Waiting is not joined: nothing goes to the room.
    second.send({ type: 'update', data: { state: { hand: true } } });
    await second.expectError('not-joined', 'update');
    const knocks = (await meetingUntil(host.client, (s) => (s.knocks ?? []).length === 2)).knocks!;
    assert.deepEqual(
      knocks.map((knock) => knock.name),
      ['Ann', 'Bob'],
    );
    host.client.send({ type: 'host', data: { action: 'admit', to: knocks[0]!.id } });
    const welcome = await first.next('welcome');
    assert.deepEqual(
      (welcome.data as { peers: Array<{ id: string }> }).peers.map((peer) => peer.id),
      [host.id],
    );
    assert.equal(((await host.client.nextOf('peer-joined')).data as { name: string }).name, 'Ann');
    host.client.send({ type: 'host', data: { action: 'deny', to: knocks[1]!.id } });
    assert.equal((await second.closed).code, 4405);
    // After its waiting notice and its own refusal (both taken above, strictly in order): nothing.
    assert.deepEqual(
      second.received.map((m: Received) => m.type),
      [],
    );
    assert.equal(JSON.stringify(second.received).includes(host.id), false);
    await meetingUntil(host.client, (s) => (s.knocks ?? []).length === 0);
    await closeAll([host.client, first]);
  });

  test('waiting room: a 1.1 client waits without a word, is admitted with admit-all, and never gets a 1.2 type', async () => {
    const host = await enter('lobby-old', 'Host');
    await meetingOf(host.client);
    const old = await open();
    old.send({ type: 'join', data: { room: 'lobby-old', name: 'Old' } });
    const knock = (await meetingUntil(host.client, (s) => (s.knocks ?? []).length === 1)).knocks![0]!;
    assert.equal(knock.name, 'Old');
    await old.expectNothing();
    host.client.send({ type: 'host', data: { action: 'admit-all' } });
    const welcome = await old.next('welcome');
    assert.equal('media' in (welcome.data as object), false);
    host.client.send({ type: 'host', data: { action: 'mute', to: (welcome.data as { id: string }).id } });
    await refusal(host.client, 'unknown-peer', 'host');
    host.client.send({ type: 'reaction', data: { emoji: '👍' } });
    host.client.send({ type: 'host', data: { action: 'lock' } });
    await meetingUntil(host.client, (s) => s.locked);
    await old.expectNothing();
    for (const message of old.received) assert.ok(V11_TYPES.has(message.type), `a 1.1 client got ${message.type}`);
    await closeAll([host.client, old]);
  });

  test('hands in the order raised; the host takes the next, then lowers the rest', async () => {
    const host = await enter('hands', 'Host');
    const ann = await enter('hands', 'Ann');
    const bob = await enter('hands', 'Bob');
    bob.client.send({ type: 'update', data: { state: { hand: true } } });
    await meetingUntil(host.client, (s) => s.hands.length === 1);
    ann.client.send({ type: 'update', data: { state: { hand: true } } });
    assert.deepEqual((await meetingUntil(host.client, (s) => s.hands.length === 2)).hands, [bob.id, ann.id]);
    assert.deepEqual((await meetingUntil(ann.client, (s) => s.hands.length === 2)).hands, [bob.id, ann.id]);
    host.client.send({ type: 'host', data: { action: 'next-hand' } });
    assert.deepEqual(await bob.client.nextOf('ask'), { type: 'ask', from: host.id, data: { action: 'lower-hand' } });
    assert.deepEqual((await meetingUntil(ann.client, (s) => s.hands.length === 1)).hands, [ann.id]);
    host.client.send({ type: 'host', data: { action: 'lower-hands' } });
    assert.deepEqual((await ann.client.nextOf('ask')).data, { action: 'lower-hand' });
    await meetingUntil(ann.client, (s) => s.hands.length === 0);
    await closeAll([host.client, ann.client, bob.client]);
  });

  test('reactions go to the others; a flood is refused with rate-limited; an unknown emoji with bad-message', async () => {
    const ann = await enter('react', 'Ann');
    const bob = await enter('react', 'Bob');
    for (let i = 0; i <= REACTION_BURST; i++) ann.client.send({ type: 'reaction', data: { emoji: '🎉' } });
    await ann.client.take(
      (m) => m.type === 'error' && (m.data as { ref?: string }).ref === 'reaction',
      'a refusal',
      5000,
    );
    for (let i = 0; i < REACTION_BURST; i++)
      assert.deepEqual(await bob.client.nextOf('reaction'), { type: 'reaction', from: ann.id, data: { emoji: '🎉' } });
    // A probe's refusal comes after anything the server sent before it: no sixth reaction.
    bob.client.send({ type: 'probe' });
    await bob.client.take((m) => m.type === 'error' && (m.data as { ref?: string }).ref === 'probe', 'the probe', 5000);
    assert.equal(bob.client.received.filter((m) => m.type === 'reaction').length, 0, 'the refused reaction went out');
    ann.client.send({ type: 'reaction', data: { emoji: '💩' } });
    const error = await ann.client.nextOf('error');
    assert.equal((error.data as { code: string }).code, 'bad-message');
    await closeAll([ann.client, bob.client]);
  });

  test('end: everyone in the room and in its waiting room is closed with 4410', async () => {
    const host = await enter('lobby-end', 'Host');
    const guest = await open();
    guest.send({ type: 'join', data: { room: 'lobby-end', name: 'Guest', media: 'mesh' } });
    await guest.next('waiting');
    const knocks = (await meetingUntil(host.client, (s) => (s.knocks ?? []).length === 1)).knocks!;
    host.client.send({ type: 'host', data: { action: 'admit', to: knocks[0]!.id } });
    await guest.next('welcome');
    const waiter = await open();
    waiter.send({ type: 'join', data: { room: 'lobby-end', name: 'Waiter', media: 'mesh' } });
    await waiter.next('waiting');
    await meetingUntil(host.client, (s) => (s.knocks ?? []).length === 1);
    host.client.send({ type: 'host', data: { action: 'end' } });
    const codes = await Promise.all([host.client.closed, guest.closed, waiter.closed]);
    assert.deepEqual(
      codes.map((c) => c.code),
      [4410, 4410, 4410],
    );
  });
});

describe('meetings with tokens: role host, wait, remove and its ban', () => {
  const suite = suiteServer({ jwtSecret: SECRET });
  const { clients } = suite;

  async function withToken(name: string, extra: { role?: 'host'; wait?: boolean } = {}) {
    const client = await TestClient.open(suite.url);
    clients.push(client);
    const token = await mintToken({ secret: SECRET, room: 'vip', name, ...extra });
    return { client, token };
  }

  test('a removed participant is closed with 4403 and its token is banned; others still join', async () => {
    const host = await withToken('Host', { role: 'host' });
    const hostId = (await host.client.join('vip', { token: host.token, media: 'mesh' })).id;
    assert.deepEqual((await meetingOf(host.client)).hosts, [hostId]);
    const guest = await withToken('Guest');
    const guestId = (await guest.client.join('vip', { token: guest.token, media: 'mesh' })).id;
    // A token without the role is not a host here (`hosts: none`).
    guest.client.send({ type: 'host', data: { action: 'remove', to: hostId } });
    await refusal(guest.client, 'not-host', 'host');
    host.client.send({ type: 'host', data: { action: 'remove', to: guestId } });
    assert.equal((await guest.client.closed).code, 4403);
    assert.equal((await host.client.nextOf('peer-left')).from, guestId);
    const again = await TestClient.open(suite.url);
    clients.push(again);
    again.send({ type: 'join', data: { room: 'vip', token: guest.token, media: 'mesh' } });
    await again.expectError('banned', 'join');
    const other = await withToken('Other');
    await other.client.join('vip', { token: other.token, media: 'mesh' });
  });

  test('rtc-signal token --role host --wait prints a token with both claims; a bad role is refused', async () => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [CLI_PATH, 'token', '--room', 'vip', ...args], {
        env: { ...process.env, RTC_JWT_SECRET: SECRET },
      });
    const { stdout } = await run(['--name', 'Chair', '--role', 'host', '--wait']);
    const check = await verifyJoinToken(stdout.trim(), 'vip', new TextEncoder().encode(SECRET));
    assert.deepEqual(check, { ok: true, name: 'Chair', host: true, wait: true });
    await assert.rejects(run(['--role', 'admin']), /--role must be host/);
  });

  test('a token with wait: true waits even where the room has no waiting room', async () => {
    const host = await withToken('Host', { role: 'host' });
    await host.client.join('vip', { token: host.token, media: 'mesh' });
    const guest = await withToken('Waits', { wait: true });
    guest.client.send({ type: 'join', data: { room: 'vip', token: guest.token, media: 'mesh' } });
    await guest.client.next('waiting');
    const state = await meetingUntil(host.client, (s) => (s.knocks ?? []).some((k) => k.name === 'Waits'));
    host.client.send({ type: 'host', data: { action: 'deny-all' } });
    assert.equal((await guest.client.closed).code, 4405);
    assert.deepEqual(
      guest.client.received.map((m) => m.type),
      [],
    );
    assert.equal(state.knocks!.length, 1);
  });
});
