/**
 * Who Janus lets in, on the routes of a signaling server with `--janus` (rooms made with
 * `require_pvtid` and an access list of the tokens the server handed out): while two admitted
 * participants are in a call through Janus, a client that knows the Janus URL, the room number
 * and a live feed, but was not admitted by our server, can neither publish (no token, or a token
 * made up) nor subscribe (no private_id, or one made up: Janus hands one out only to a publisher
 * that joined with a token).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { Room } from '../../../src/core/index.js';
import type { SfuRoute, WelcomeData } from '../../../src/core/protocol.js';
import { JanusError, JanusSession } from '../../../src/core/transport/janus/janus-session.js';
import type { TransportContext } from '../../../src/core/transport/transport.js';
import { eventually, uniqueRoom } from '../helpers.js';
import { describeWithWebRTC } from '../webrtc.js';
import { framesRise } from './sfu-call.js';

/** The Janus error code `request` is refused with (0: it was not refused). */
async function refusal(request: Promise<unknown>): Promise<number> {
  try {
    await request;
    return 0;
  } catch (error) {
    if (error instanceof JanusError) return error.code;
    throw error;
  }
}

describeWithWebRTC('Janus admits only those our server admitted', () => {
  const rooms: Room[] = [];
  let stranger: JanusSession | undefined;
  afterEach(() => {
    for (const room of rooms.splice(0)) room.leave();
    stranger?.close();
  });

  it('a client with the room number and a live feed, but no token, can neither publish nor subscribe', async () => {
    const { janusTransport } = await import('../../../src/core/transport/janus/index.js');
    const { url } = await executeServerCommand<{ url: string }, undefined>('rtc-janus-signaling');
    const name = uniqueRoom('admission');
    let route: SfuRoute | undefined;
    for (const person of ['Ada', 'Bo']) {
      const room = new Room({
        room: name,
        name: person,
        mode: 'sfu',
        server: url,
        transport: (context: TransportContext) => {
          const transport = janusTransport(context);
          const welcome = transport.welcome.bind(transport);
          // The route the server hands out, as a page could read it off the wire.
          transport.welcome = (data: WelcomeData, ...rest) => {
            if (data.media?.mode === 'sfu') route = data.media;
            welcome(data, ...rest);
          };
          return transport;
        },
      });
      rooms.push(room);
      await room.join();
    }
    const [ada, bo] = rooms as [Room, Room];
    await eventually(() => bo.remote.size === 1, 'Bo does not see Ada');
    await framesRise(bo.remote.get(ada.local!.id)!, 'Bo receives Ada through Janus');
    const { url: janusUrl, room } = route!;

    stranger = await JanusSession.connect(janusUrl);
    const handle = await stranger.attach('janus.plugin.videoroom');
    const { data } = await stranger.message(handle, { request: 'listparticipants', room });
    const feeds = (data.participants as { id: number; publisher?: boolean }[]).filter((p) => p.publisher);
    expect(feeds, 'the live feeds a stranger can list').to.have.length(2);
    const feed = feeds[0]!.id;

    const join = (body: Record<string, unknown>) =>
      refusal(stranger!.message(handle, { request: 'join', room, ...body }));
    // 433: Janus's "unauthorized".
    expect(await join({ ptype: 'publisher' }), 'a publisher without a token').to.equal(433);
    expect(await join({ ptype: 'publisher', token: 'made-up' }), 'a publisher with a made-up token').to.equal(433);
    expect(await join({ ptype: 'subscriber', streams: [{ feed }] }), 'a subscriber without a private_id').to.equal(433);
    expect(
      await join({ ptype: 'subscriber', streams: [{ feed }], private_id: 12345 }),
      'a subscriber with a made-up private_id',
    ).to.equal(433);
    // And the two inside go on receiving each other.
    await framesRise(ada.remote.get(bo.local!.id)!, 'Ada receives Bo through Janus');
  });
});
