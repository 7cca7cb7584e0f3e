/**
 * The move from the mesh to the SFU (autoTransport, sfu-switch.ts) in real pages: four
 * `<rtc-room>`s on the real signaling server, meshed with real peer connections, are routed to
 * the SFU, here the loopback transport of this page (loopback-transport.ts) standing in for Janus.
 * The route and who is on the SFU are what the server would say (this server has no SFU to route
 * to); everything else is real. The move with real Janus is test/browser/sfu/.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { RtcRoom } from '../../src/components/room/room.js';
import type { MediaRoute } from '../../src/core/protocol.js';
import { autoTransport } from '../../src/core/transport/auto-transport.js';
import type { RoomTransport, TransportContext } from '../../src/core/transport/transport.js';
import { frameWatch } from './frame-watch.js';
import { eventually, nextEvent, uniqueRoom } from './helpers.js';
import { loopbackTransport } from './loopback-transport.js';
import { everyoneSeesEveryone } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

const ROUTE: MediaRoute = { mode: 'sfu', sfu: 'janus', url: 'ws://127.0.0.1:9/janus', room: 1, token: 't' };

describeWithWebRTC('the move from the mesh to the SFU', () => {
  it('keeps every tile showing new frames every 2 s through the move, and closes the mesh links after it', async function () {
    this.timeout(90_000);
    const name = uniqueRoom('sfu-move');
    const transports: RoomTransport[] = [];
    // Everyone is on the SFU (the server's `sfu` on each peer); the SFU is the loopback.
    const transport = (context: TransportContext) => {
      transports.push(autoTransport(async () => loopbackTransport)({ ...context, onSfu: () => true }));
      return transports.at(-1)!;
    };
    const container = await fixture<HTMLElement>(html`<div style="width: 1200px"></div>`);
    const rooms: RtcRoom[] = [];
    const errors: string[] = [];
    const messages: string[][] = [];
    try {
      for (const label of ['Ada', 'Bo', 'Cy', 'Di']) {
        const element = document.createElement('rtc-room');
        Object.assign(element, { room: name, name: label, transport });
        element.addEventListener('rtc-error', (e) => errors.push(`${label}: ${e.code} ${e.error.message}`));
        const joined = nextEvent(element, 'rtc-joined');
        container.append(element);
        await joined;
        const got: string[] = [];
        element.session!.addEventListener('message', (e) =>
          got.push(`${e.detail.from.name}: ${JSON.stringify(e.detail.data)}`),
        );
        messages.push(got);
        rooms.push(element);
      }
      await everyoneSeesEveryone(rooms);
      expect(rooms.map((r) => r.session!.media)).to.deep.equal(['mesh', 'mesh', 'mesh', 'mesh']);

      const watch = frameWatch(() => rooms);
      const tick = () => watch.tick();

      // The server routes the room to the SFU.
      for (const t of transports) t.route!(ROUTE);
      const meshLinks = () => rooms.flatMap((r) => r.session!.connections!().filter((c) => c.peerConnection));
      const start = Date.now();
      while (meshLinks().length > 0 && Date.now() - start < 30_000) await tick();
      expect(meshLinks(), 'mesh links still open 30 s after the route').to.deep.equal([]);
      // And on, after the move.
      await tick();
      await tick();
      expect(watch.stalls, 'a tile showed no new frame within 2 s').to.deep.equal([]);
      expect(rooms.map((r) => r.session!.media)).to.deep.equal(['sfu', 'sfu', 'sfu', 'sfu']);
      // Every participant's tile shows the SFU's media now.
      for (const room of rooms)
        for (const p of room.session!.remote.values())
          expect(p.peerConnection, `${room.name} sees ${p.name}`).to.equal(null);

      // Messages go through the signaling server now: to one, then to all (which, relayed in
      // order, arrives after the one to Cy: nobody else got that).
      const [ada, , cy] = rooms.map((r) => r.session!);
      ada!.send({ to: 'Cy' }, { to: cy!.local!.id });
      ada!.send('to all');
      await eventually(
        () => messages.slice(1).every((got) => got.includes('Ada: "to all"')),
        'a message to all did not arrive after the move',
      );
      expect(messages).to.deep.equal([[], ['Ada: "to all"'], ['Ada: {"to":"Cy"}', 'Ada: "to all"'], ['Ada: "to all"']]);

      // Nothing on the page said the closing links failed.
      expect(errors, 'errors during the move').to.deep.equal([]);
    } finally {
      container.replaceChildren();
    }
  });
});
