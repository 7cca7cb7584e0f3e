/** Resume (rule 6) on one process. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SignalingServer } from '../server.js';
import { TestClient, closeAll, joined, startServer, waitForHealth } from './helpers.js';

let server: SignalingServer;
let url: string;
let httpUrl: string;
const clients: TestClient[] = [];
let counter = 0;
const freshRoom = (): string => `resume-${++counter}`;

async function join(room: string, name?: string) {
  const result = await joined(url, room, name);
  clients.push(result.client);
  return result;
}

async function open(): Promise<TestClient> {
  const client = await TestClient.open(url);
  clients.push(client);
  return client;
}

/** Drops `client`'s TCP connection and waits until the server has noticed. */
async function drop(client: TestClient): Promise<void> {
  const { connections } = (await (await fetch(`${httpUrl}/healthz`)).json()) as { connections: number };
  client.terminate();
  await waitForHealth(httpUrl, (health) => health.connections === connections - 1);
}

/**
 * A and B join `room`, A sees B, then B's connection drops. Returns A, B's welcome (its id and
 * resume token) and a fresh connection for B to come back on.
 */
async function pairWithDroppedSecond(room: string, names: [string?, string?] = []) {
  const { client: a, welcome: wa } = await join(room, names[0]);
  const { client: b, welcome: wb } = await join(room, names[1]);
  await a.next('peer-joined');
  await drop(b);
  return { a, wa, wb, b2: await open() };
}

before(async () => {
  ({ server, url, httpUrl } = await startServer({ resumeGraceMs: 5000 }));
});

after(async () => {
  await closeAll(clients);
  await server.close();
});

describe('resume within the grace period', () => {
  test('same id, current peers, queued relays after the welcome, and the room sees nothing', async () => {
    const room = freshRoom();
    const { a, wa, wb, b2 } = await pairWithDroppedSecond(room, ['A', 'B']);
    a.send({ type: 'offer', to: wb.id, data: { type: 'offer', sdp: 'queued-1' } });
    a.send({ type: 'ice-candidate', to: wb.id, data: null });
    // A third peer joins during the gap: the resumed welcome lists it, without a peer-joined.
    const { client: c, welcome: wc } = await join(room, 'C');
    await a.next('peer-joined');
    const again = await b2.join(room, { resume: wb.resume, name: 'ignored' });
    assert.equal(again.id, wb.id);
    assert.deepEqual(new Set(again.peers.map((peer) => peer.id)), new Set([wa.id, wc.id]));
    assert.notEqual(again.resume, wb.resume);
    assert.deepEqual(await b2.next('offer'), { type: 'offer', from: wa.id, data: { type: 'offer', sdp: 'queued-1' } });
    assert.deepEqual(await b2.next('ice-candidate'), { type: 'ice-candidate', from: wa.id, data: null });
    await b2.expectNothing();
    await a.expectNothing();
    await c.expectNothing();
    // It keeps its name, and relays flow both ways.
    b2.send({ type: 'answer', to: wa.id, data: { type: 'answer', sdp: 'back' } });
    assert.equal((await a.next('answer')).from, wb.id);
    assert.equal(wc.peers.find((peer) => peer.id === wb.id)?.name, 'B');
  });

  test('a resume token is single-use: the old one no longer resumes', async () => {
    const room = freshRoom();
    const { a, wb, b2 } = await pairWithDroppedSecond(room);
    const resumed = await b2.join(room, { resume: wb.resume });
    assert.equal(resumed.id, wb.id);
    await drop(b2);
    const b3 = await open();
    const fresh = await b3.join(room, { resume: wb.resume });
    assert.notEqual(fresh.id, wb.id, 'a used token starts a fresh session');
    assert.equal((await a.next('peer-joined')).from, fresh.id);
  });

  test('a resume token only works in its room: elsewhere it is a fresh join', async () => {
    const room = freshRoom();
    const { a, wb, b2 } = await pairWithDroppedSecond(room);
    const other = await b2.join(freshRoom(), { resume: wb.resume });
    assert.notEqual(other.id, wb.id);
    assert.deepEqual(other.peers, []);
    // The original session is still resumable in its own room.
    const b3 = await open();
    assert.equal((await b3.join(room, { resume: wb.resume })).id, wb.id);
    await a.expectNothing();
  });

  test('resuming while the old socket still looks alive takes the session over (old socket closed 4409)', async () => {
    const room = freshRoom();
    const { client: a, welcome: wa } = await join(room);
    const { client: b, welcome: wb } = await join(room);
    await a.next('peer-joined');
    const b2 = await open();
    const again = await b2.join(room, { resume: wb.resume });
    assert.equal(again.id, wb.id);
    assert.equal((await b.closed).code, 4409);
    a.send({ type: 'offer', to: wb.id, data: { type: 'offer', sdp: 'to-new-socket' } });
    assert.equal((await b2.next('offer')).from, wa.id);
    await a.expectNothing();
  });

  test('garbage resume tokens are a fresh join', async () => {
    const room = freshRoom();
    const client = await open();
    const welcome = await client.join(room, { resume: 'nonsense' });
    assert.equal(typeof welcome.id, 'string');
    const other = await open();
    const second = await other.join(room, { resume: `${welcome.id}.forged` });
    assert.notEqual(second.id, welcome.id);
  });
});

describe('closes and the grace period', () => {
  test('after the grace period the room sees peer-left and the token is dead', async () => {
    const short = await startServer({ resumeGraceMs: 300 });
    const own: TestClient[] = [];
    try {
      const { client: a } = await joined(short.url, 'g');
      const { client: b, welcome: wb } = await joined(short.url, 'g');
      own.push(a, b);
      await a.next('peer-joined');
      const droppedAt = Date.now();
      b.terminate();
      assert.equal((await a.next('peer-left')).from, wb.id);
      assert.ok(Date.now() - droppedAt >= 250, 'not before the grace period');
      const b2 = await TestClient.open(short.url);
      own.push(b2);
      const fresh = await b2.join('g', { resume: wb.resume });
      assert.notEqual(fresh.id, wb.id);
      assert.equal((await a.next('peer-joined')).from, fresh.id);
    } finally {
      await closeAll(own);
      await short.server.close();
    }
  });

  test('a client close with 1000, 1001 or no code is final: peer-left at once', async () => {
    const room = freshRoom();
    const { client: a } = await join(room);
    for (const code of [1000, 1001, undefined]) {
      const { client: b, welcome: wb } = await join(room);
      await a.next('peer-joined');
      await b.close(code);
      assert.equal((await a.next('peer-left')).from, wb.id);
      const b2 = await open();
      const fresh = await b2.join(room, { resume: wb.resume });
      assert.notEqual(fresh.id, wb.id);
      assert.equal((await a.next('peer-joined')).from, fresh.id);
      b2.send({ type: 'leave' });
      await a.next('peer-left');
    }
  });

  test('a client close with another code keeps the grace', async () => {
    const room = freshRoom();
    const { client: a } = await join(room);
    const { client: b, welcome: wb } = await join(room);
    await a.next('peer-joined');
    await b.close(4000);
    const b2 = await open();
    assert.equal((await b2.join(room, { resume: wb.resume })).id, wb.id);
    await a.expectNothing();
  });
});
