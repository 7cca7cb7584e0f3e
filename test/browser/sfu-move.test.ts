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
import { nextEvent, uniqueRoom } from './helpers.js';
import { loopbackTransport } from './loopback-transport.js';
import { everyoneSeesEveryone, videos } from './room-helpers.js';
import { describeWithWebRTC } from './webrtc.js';

const ROUTE: MediaRoute = { mode: 'sfu', sfu: 'janus', url: 'ws://127.0.0.1:9/janus', room: 1, token: 't' };

/**
 * Frames each tile's <video> has presented so far (requestVideoFrameCallback: once per new frame,
 * across a new stream; Firefox counts no MediaStream frames in getVideoPlaybackQuality()).
 */
function frameCounter() {
  const counts = new Map<HTMLVideoElement, number>();
  return (video: HTMLVideoElement) => {
    if (!counts.has(video)) {
      counts.set(video, 0);
      const count = () => {
        counts.set(video, counts.get(video)! + 1);
        video.requestVideoFrameCallback(count);
      };
      video.requestVideoFrameCallback(count);
    }
    return counts.get(video)!;
  };
}

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
    try {
      for (const label of ['Ada', 'Bo', 'Cy', 'Di']) {
        const element = document.createElement('rtc-room');
        Object.assign(element, { room: name, name: label, transport });
        element.addEventListener('rtc-error', (e) => errors.push(`${label}: ${e.code} ${e.error.message}`));
        const joined = nextEvent(element, 'rtc-joined');
        container.append(element);
        await joined;
        rooms.push(element);
      }
      await everyoneSeesEveryone(rooms);
      expect(rooms.map((r) => r.session!.media)).to.deep.equal(['mesh', 'mesh', 'mesh', 'mesh']);

      const frames = frameCounter();
      const remoteVideos = () =>
        rooms.flatMap((r) =>
          videos(r)
            .filter((v) => !v.participant?.local)
            .map((v) => [r.name, v] as const),
        );
      const sample = () =>
        remoteVideos().map(
          ([room, v]) =>
            [`${room} sees ${v.participant!.name}`, frames(v.shadowRoot!.querySelector('video')!)] as const,
        );
      let before = sample();
      const stalls: string[] = [];
      const tick = async () => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const after = sample();
        for (const [label, count] of after) {
          const was = before.find(([l]) => l === label)?.[1] ?? 0;
          if (count <= was) stalls.push(`${label}: ${was} -> ${count}`);
        }
        before = after;
      };

      // The server routes the room to the SFU.
      for (const t of transports) t.route!(ROUTE);
      const meshLinks = () => rooms.flatMap((r) => r.session!.connections!().filter((c) => c.peerConnection));
      const start = Date.now();
      while (meshLinks().length > 0 && Date.now() - start < 30_000) await tick();
      expect(meshLinks(), 'mesh links still open 30 s after the route').to.deep.equal([]);
      // And on, after the move.
      await tick();
      await tick();
      expect(stalls, 'a tile showed no new frame within 2 s').to.deep.equal([]);
      expect(rooms.map((r) => r.session!.media)).to.deep.equal(['sfu', 'sfu', 'sfu', 'sfu']);
      // Every participant's tile shows the SFU's media now.
      for (const room of rooms)
        for (const p of room.session!.remote.values())
          expect(p.peerConnection, `${room.name} sees ${p.name}`).to.equal(null);

      // Nothing on the page said the closing links failed.
      expect(errors, 'errors during the move').to.deep.equal([]);
    } finally {
      container.replaceChildren();
    }
  });
});
