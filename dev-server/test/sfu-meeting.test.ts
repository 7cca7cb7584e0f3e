/**
 * Meetings (protocol 1.2) in a room on the SFU, with a real Janus (its API only, no ICE): a
 * participant waiting to be let in gets no media route (no token for the VideoRoom); admitted, it
 * gets one like any join; removed, its token leaves the access list and its Janus participant is
 * kicked, so its media stops whatever its client does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JanusAdmin } from '../janus/client.js';
import { type JanusProcess, launchJanus } from '../janus/launch.js';
import type { SignalingServer } from '../server.js';
import { TestClient, closeAll, eventually, startServer } from './helpers.js';
import { NO_JANUS, janusClient, publisherJoin, sfuRoute } from './janus-helpers.js';

describe('meetings on the SFU', { skip: NO_JANUS }, () => {
  let janus: JanusProcess;
  let server: SignalingServer;
  let url: string;
  const clients: TestClient[] = [];
  const janusClients: JanusAdmin[] = [];

  before(async () => {
    janus = await launchJanus();
    ({ server, url } = await startServer({
      janus: [janus.url],
      janusAdminKey: janus.adminKey,
      hosts: 'first',
      waitingRoom: ['sfu-lobby'],
    }));
    await eventually(() => server.health().janus?.[0]?.up === true, 10_000);
  });

  after(async () => {
    for (const client of janusClients) client.close();
    await closeAll(clients);
    await server?.close();
    await janus?.stop();
  });

  async function open(): Promise<TestClient> {
    const client = await TestClient.open(url);
    clients.push(client);
    return client;
  }

  test('a waiting participant gets no media route; admitted it gets one; removed, Janus drops it', async () => {
    const host = await open();
    const route = sfuRoute((await host.join('sfu-lobby', { name: 'Host', media: 'sfu' })).media);
    await host.nextOf('meeting');

    const guest = await open();
    guest.send({ type: 'join', data: { room: 'sfu-lobby', name: 'Guest', media: 'sfu' } });
    await guest.next('waiting');
    const knock = await host.take(
      (m) => m.type === 'meeting' && (m.data as { knocks?: unknown[] }).knocks?.length === 1,
      'a knock',
      5000,
    );
    // While it waits: nothing else, above all no route (no token for the VideoRoom).
    await guest.expectNothing();

    host.send({
      type: 'host',
      data: { action: 'admit', to: (knock.data as { knocks: Array<{ id: string }> }).knocks[0]!.id },
    });
    const welcome = (await guest.next('welcome')).data as { id: string; media: unknown };
    const guestRoute = sfuRoute(welcome.media);
    assert.equal(guestRoute.room, route.room);

    // The guest publishes in the VideoRoom under its id (as the kit's clients do).
    const publisher = await janusClient(janus.url);
    janusClients.push(publisher);
    const joined = await publisher.videoroom({
      request: 'join',
      ptype: 'publisher',
      room: guestRoute.room,
      token: guestRoute.token,
      display: welcome.id,
    });
    assert.equal(joined.videoroom, 'joined');
    const admin = await janusClient(janus.url);
    janusClients.push(admin);
    const displays = async () =>
      (
        ((await admin.videoroom({ request: 'listparticipants', room: route.room })).participants ?? []) as Array<{
          display?: string;
        }>
      ).map((p) => p.display);
    assert.ok((await displays()).includes(welcome.id));

    host.send({ type: 'host', data: { action: 'remove', to: welcome.id } });
    assert.equal((await guest.closed).code, 4403);
    await eventually(async () => !(await displays()).includes(welcome.id), 10_000);
    await eventually(async () => (await publisherJoin(janus.url, guestRoute.room, guestRoute.token)) === 433, 10_000);
  });
});
