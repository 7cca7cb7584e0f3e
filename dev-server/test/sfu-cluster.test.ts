/**
 * The SFU mode across a cluster: two Janus servers, two signaling processes sharing one Redis.
 * Each room is placed on one Janus (rendezvous hashing, the placement recorded in Redis with
 * SET NX) and both processes send their clients the same Janus and VideoRoom.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type RedisHandle, type ServerProcess, startRedis, startServerProcess } from '../../test/support/index.js';
import { type JanusProcess, launchJanus } from '../janus/launch.js';
import { rendezvous } from '../janus/placement.js';
import { type TestClient, closeAll, eventually, openOn } from './helpers.js';
import { NO_JANUS, publisherJoin, sfuRoute } from './janus-helpers.js';

let redis: RedisHandle;
let janus: JanusProcess[] = [];
let one: ServerProcess;
let two: ServerProcess;
const clients: TestClient[] = [];

const open = (server: ServerProcess) => openOn(server, clients);

async function janusUp(server: ServerProcess): Promise<void> {
  await eventually(async () => {
    const health = (await (await fetch(`${server.httpUrl}/healthz`)).json()) as { janus?: Array<{ up: boolean }> };
    return health.janus?.length === 2 && health.janus.every((entry) => entry.up);
  }, 10_000);
}

describe('two Janus servers, two signaling processes, one Redis', { skip: NO_JANUS }, () => {
  before(async () => {
    redis = await startRedis();
    const adminKey = randomBytes(12).toString('base64url');
    janus = await Promise.all([launchJanus({ adminKey }), launchJanus({ adminKey })]);
    const args = (urls: string[]) => [
      '--redis',
      redis.url,
      '--janus',
      urls.join(','),
      '--janus-admin-key',
      adminKey,
      '--sfu-above',
      '1',
      '--log-level',
      'warn',
    ];
    // The two list the servers in different orders: the placement does not depend on it.
    [one, two] = await Promise.all([
      startServerProcess(args([janus[0]!.url, janus[1]!.url])),
      startServerProcess(args([janus[1]!.url, janus[0]!.url])),
    ]);
    await Promise.all([janusUp(one), janusUp(two)]);
  });

  after(async () => {
    await closeAll(clients);
    await Promise.all([one?.stop('SIGKILL'), two?.stop('SIGKILL')]);
    await Promise.all(janus.map((j) => j.stop()));
    await redis?.stop();
  });

  test('each room is on the same Janus and VideoRoom from both processes, and rooms spread over both', async () => {
    // Eight rooms, at least two hashed to each server: the hash is over the servers' URLs, whose
    // ports are chosen free, so eight fixed names could all land on one (1 run in 128 did).
    const urls = janus.map((j) => j.url);
    const rooms: string[] = [];
    for (let i = 0; rooms.length < 8; i++) {
      const on = rendezvous(`placed-${i}`, urls);
      if (rooms.filter((r) => rendezvous(r, urls) === on).length < 6) rooms.push(`placed-${i}`);
    }
    const used = new Set<string>();
    for (const room of rooms) {
      const a = await open(one);
      const b = await open(two);
      // Joined at the same time: both processes place the room at once.
      const [aw, bw] = await Promise.all([a.join(room, { media: 'sfu' }), b.join(room, { media: 'sfu' })]);
      const ra = sfuRoute(aw.media);
      const rb = sfuRoute(bw.media);
      assert.equal(ra.url, rb.url, `room ${room}: the same Janus from both processes`);
      assert.equal(ra.url, rendezvous(room, urls), `room ${room}: on the Janus its name hashes to`);
      assert.equal(ra.room, rb.room, `room ${room}: the same VideoRoom`);
      assert.equal(await publisherJoin(ra.url, ra.room, ra.token), 'joined');
      assert.equal(await publisherJoin(rb.url, rb.room, rb.token), 'joined');
      used.add(ra.url);
    }
    assert.equal(used.size, 2, 'the rooms are spread over both Janus servers');
  });

  test('a room that grows past sfuAbove across processes: both clients get their routes; message crosses', async () => {
    const a = await open(one);
    const b = await open(two);
    const aw = await a.join('grows-across', { media: 'auto' });
    assert.deepEqual(aw.media, { mode: 'mesh' });
    const bw = await b.join('grows-across', { media: 'auto' });
    const rb = sfuRoute(bw.media);
    assert.deepEqual(bw.peers, [{ id: aw.id, name: '', state: {}, sfu: true }]);
    assert.deepEqual((await a.next('peer-joined')).data, { name: '', state: {}, sfu: true });
    const ra = sfuRoute((await a.next('media')).data);
    assert.equal(ra.url, rb.url);
    assert.equal(ra.room, rb.room);
    assert.notEqual(ra.token, rb.token);
    assert.equal(await publisherJoin(ra.url, ra.room, ra.token), 'joined');
    b.send({ type: 'message', to: aw.id, data: { across: true } });
    assert.deepEqual(await a.next('message'), { type: 'message', from: bw.id, data: { across: true } });
  });
});
