/**
 * Protocol 1.2 and the SFU mode on one server process with a real Janus (launchJanus on
 * 127.0.0.1: these tests use only Janus's API, no ICE): media routes in welcome and media, sfu on
 * peers, per-participant tokens in the VideoRoom's access list, message, 1.1 clients untouched,
 * idle rooms destroyed, rooms made again after a Janus restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WelcomeData } from '../../src/core/protocol.js';
import { type JanusProcess, launchJanus } from '../janus/launch.js';
import type { SignalingServer } from '../server.js';
import { TestClient, closeAll, eventually, startServer } from './helpers.js';
import { NO_JANUS, janusClient, publisherJoin, roomInfo, sfuRoute } from './janus-helpers.js';

let janus: JanusProcess;
let server: SignalingServer;
let url: string;
const clients: TestClient[] = [];

async function open(at = url): Promise<TestClient> {
  const client = await TestClient.open(at);
  clients.push(client);
  return client;
}

describe('protocol 1.2 with Janus', { skip: NO_JANUS }, () => {
  before(async () => {
    janus = await launchJanus();
    ({ server, url } = await startServer({
      janus: [janus.url],
      janusAdminKey: janus.adminKey,
      sfuAbove: 1,
      sfuIdleMs: 300,
      resumeGraceMs: 2000,
    }));
    await eventually(() => server.health().janus?.[0]?.up === true, 10_000);
  });

  after(async () => {
    await closeAll(clients);
    await server?.close();
    await janus?.stop();
  });

  test('a 1.1 client gets exactly the 1.1 welcome and peer-joined, in a room on the SFU', async () => {
    const a = await open();
    const b = await open();
    const old = await open();
    await a.join('v11', { name: 'a', media: 'auto' });
    sfuRoute((await b.join('v11', { name: 'b', media: 'auto' })).media);
    const welcome = await old.join('v11', { name: 'old' });
    assert.deepEqual(Object.keys(welcome).sort(), ['iceServers', 'id', 'peers', 'resume', 'room']);
    for (const peer of welcome.peers) assert.deepEqual(Object.keys(peer).sort(), ['id', 'name', 'state']);
    // The newcomer is announced to a 1.1 client without `sfu`, and with it to a 1.2 client.
    const c = await open();
    const cw = await c.join('v11', { name: 'c', media: 'auto' });
    assert.deepEqual(await old.next('peer-joined'), {
      type: 'peer-joined',
      from: cw.id,
      data: { name: 'c', state: {} },
    });
    const announced = (from: string) => a.take((m) => m.type === 'peer-joined' && m.from === from, from, 5000);
    assert.deepEqual((await announced(welcome.id)).data, { name: 'old', state: {} });
    assert.deepEqual((await announced(cw.id)).data, { name: 'c', state: {}, sfu: true });
    await old.expectNothing();
  });

  test('a bad join.media is bad-message; mesh stays mesh', async () => {
    const a = await open();
    a.send({ type: 'join', data: { room: 'bad-media', media: 'p2p' } });
    await a.expectError('bad-message', 'join');
    const mesh = await a.join('bad-media', { media: 'mesh' });
    assert.deepEqual(mesh.media, { mode: 'mesh' });
    const b = await open();
    const bw = await b.join('bad-media', { media: 'mesh' });
    assert.deepEqual(bw.media, { mode: 'mesh' });
    assert.deepEqual(bw.peers, [{ id: (mesh as WelcomeData).id, name: '', state: {} }]);
  });

  test('past sfuAbove the room moves: each 1.2 client gets its own token, which Janus admits', async () => {
    const a = await open();
    const b = await open();
    const aw = await a.join('grow', { media: 'auto' });
    assert.deepEqual(aw.media, { mode: 'mesh' }, 'one member: still a mesh');
    const bw = await b.join('grow', { media: 'auto' });
    const routeB = sfuRoute(bw.media);
    assert.deepEqual(bw.peers, [{ id: aw.id, name: '', state: {}, sfu: true }]);
    assert.deepEqual((await a.next('peer-joined')).data, { name: '', state: {}, sfu: true });
    const routeA = sfuRoute((await a.next('media')).data);
    assert.equal(routeA.url, janus.url);
    assert.equal(routeA.room, routeB.room);
    assert.notEqual(routeA.token, routeB.token, 'each participant has a token of its own');
    // Janus admits the tokens the server handed out, and nothing else.
    assert.equal(await publisherJoin(janus.url, routeA.room, routeA.token), 'joined');
    assert.equal(await publisherJoin(janus.url, routeB.room, routeB.token), 'joined');
    assert.equal(await publisherJoin(janus.url, routeA.room), 433, 'a join without a token is refused');
    assert.equal(await publisherJoin(janus.url, routeA.room, 'guessed'), 433, 'an unknown token is refused');
    // Subscribers need a publisher's private_id, which only an admitted publisher gets.
    const admin = await janusClient(janus.url);
    try {
      const info = await roomInfo(admin, janus.adminKey, routeA.room);
      assert.equal(info?.require_pvtid, true);
      assert.equal(info?.videocodec, 'vp8');
      assert.equal(info?.max_publishers, 32);
    } finally {
      admin.close();
    }
    // A member that leaves takes its token with it.
    await b.close();
    await eventually(async () => (await publisherJoin(janus.url, routeB.room, routeB.token)) === 433);
  });

  test('media sfu moves the room at once; a newcomer to a room on the SFU gets the route in welcome', async () => {
    const a = await open();
    const route = sfuRoute((await a.join('at-once', { media: 'sfu' })).media);
    const b = await open();
    const routeB = sfuRoute((await b.join('at-once', { media: 'auto' })).media);
    assert.equal(routeB.room, route.room);
    assert.equal(await publisherJoin(janus.url, route.room, routeB.token), 'joined');
  });

  test('message: to one peer, to the room (1.2 peers only), never to a 1.1 client; too-large refused', async () => {
    const a = await open();
    const b = await open();
    const old = await open();
    const aw = await a.join('chat', { media: 'mesh' });
    const bw = await b.join('chat', { media: 'auto' });
    const ow = await old.join('chat');
    await a.nextOf('peer-joined');
    await a.nextOf('peer-joined');
    await b.nextOf('peer-joined');
    a.send({ type: 'message', to: bw.id, data: { text: 'hi b' } });
    assert.deepEqual(await b.next('message'), { type: 'message', from: aw.id, data: { text: 'hi b' } });
    a.send({ type: 'message', data: ['everyone'] });
    assert.deepEqual(await b.next('message'), { type: 'message', from: aw.id, data: ['everyone'] });
    a.send({ type: 'message', to: ow.id, data: 'to a 1.1 client' });
    await a.expectError('unknown-peer', 'message');
    a.send({ type: 'message', data: 'x'.repeat(16 * 1024) });
    await a.expectError('too-large', 'message');
    a.send({ type: 'message', to: bw.id });
    await a.expectError('bad-message', 'message');
    await old.expectNothing();
    await a.expectNothing();
  });

  test("an empty room's VideoRoom is destroyed after the idle time", async () => {
    const a = await open();
    const route = sfuRoute((await a.join('idle', { media: 'sfu' })).media);
    const admin = await janusClient(janus.url);
    try {
      assert.ok(await roomInfo(admin, janus.adminKey, route.room), 'the VideoRoom exists while the room has members');
      await a.close();
      await eventually(async () => (await roomInfo(admin, janus.adminKey, route.room)) === undefined);
      // The room left the SFU with its last member: alone again, a newcomer is on the mesh.
      const b = await open();
      assert.deepEqual((await b.join('idle', { media: 'auto' })).media, { mode: 'mesh' });
    } finally {
      admin.close();
    }
  });

  test('Janus killed and started again: its rooms are made again, their clients told at once', async () => {
    const a = await open();
    const b = await open();
    const routeA = sfuRoute((await a.join('restart', { media: 'sfu' })).media);
    const routeB = sfuRoute((await b.join('restart', { media: 'sfu' })).media);
    await a.nextOf('peer-joined');
    const port = Number(new URL(janus.url).port);
    janus.process.kill('SIGKILL');
    await janus.stop();
    await eventually(() => server.health().janus?.[0]?.up === false);
    janus = await launchJanus({ port, adminKey: janus.adminKey });
    const againA = sfuRoute((await a.next('media', 15_000)).data);
    const againB = sfuRoute((await b.next('media', 15_000)).data);
    assert.deepEqual(againA, routeA, 'the same room number and token, on the Janus that came back');
    assert.deepEqual(againB, routeB);
    assert.equal(await publisherJoin(janus.url, againA.room, againA.token), 'joined');
    assert.equal(await publisherJoin(janus.url, againB.room, againB.token), 'joined');
    assert.equal(await publisherJoin(janus.url, againA.room), 433, 'the access list is back too');
  });
});

describe('protocol 1.2 without Janus', () => {
  let plain: SignalingServer;
  let plainUrl: string;
  before(async () => {
    ({ server: plain, url: plainUrl } = await startServer({ sfuAbove: 0 }));
  });
  after(() => plain?.close());

  test('a 1.2 client is told mesh, and nobody is marked sfu', async () => {
    const a = await open(plainUrl);
    const b = await open(plainUrl);
    const aw = await a.join('no-janus', { media: 'sfu' });
    assert.deepEqual(aw.media, { mode: 'mesh' });
    const bw = await b.join('no-janus', { media: 'auto' });
    assert.deepEqual(bw.media, { mode: 'mesh' });
    assert.deepEqual(bw.peers, [{ id: aw.id, name: '', state: {} }]);
    assert.deepEqual((await a.next('peer-joined')).data, { name: '', state: {} });
    await a.expectNothing();
  });
});
