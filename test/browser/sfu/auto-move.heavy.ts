/**
 * The move from the mesh to the SFU with a real Janus and the real signaling server
 * (`--janus`, `--sfu-above 4`): four `<rtc-room>`s in `auto` mode (the default) meet as a mesh, a
 * fifth and a sixth join, and the server moves the room to Janus. Every remote tile keeps showing
 * new frames in every window of 2 s through the move, no mesh link is left after it, every room
 * says `media: 'sfu'`, messages (to all, to one) arrive through the server, and no rtc-error.
 *
 * Not part of npm test (its name is not `*.test.ts`): `npm run test:sfu-move` (root, in the
 * namespace; RTC_BROWSERS picks the engine). Six rooms in one page, each encoding for a mesh and
 * for Janus at once during the move, need much of this machine (Chromium's renderer alone used
 * 9 s of CPU in a passing 25 s run). On this shared 2-core machine Chromium passed all 9 runs
 * started at a load average under 13 (10 to 35 s), but 3 of 10 at 13 to 19 and 2 of 7 at 20 to
 * 38: some of the four's mesh tiles stalled for a window as the move began (a sender's video to
 * all its peers, before any tile had swapped), the page ran its 2 s timers 5 to 15 s late, and at
 * times Janus sessions were not up 90 s after the route. Firefox passed 7 of 7 (loads 10 to 31,
 * 5 in a row at 25 to 31). Until Chromium passes steadily it would block every landing.
 */
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { expect, fixture, html } from '@open-wc/testing';
import type { RtcRoom } from '../../../src/components/room/room.js';
import { frameWatch } from '../frame-watch.js';
import { eventually, uniqueRoom } from '../helpers.js';
import { addRoom, everyoneSeesEveryone, tiles } from '../room-helpers.js';
import { describeWithWebRTC } from '../webrtc.js';

const PEOPLE = ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'];

describeWithWebRTC('auto mode on a server with Janus: a room of 4 that a fifth and sixth join', () => {
  it('moves to the SFU with every tile showing new frames every 2 s, no mesh link left, messages through the server', async function () {
    this.timeout(180_000);
    // Every tile in view (a tile out of view is paused on the SFU, and shows no frame then).
    await setViewport({ width: 1260, height: 900 });
    const { url } = await executeServerCommand<{ url: string }, { sfuAbove: number }>('rtc-janus-signaling', {
      sfuAbove: 4,
    });
    const name = uniqueRoom('auto-move');
    const container = await fixture<HTMLElement>(
      html`<div style="display: grid; grid-template-columns: repeat(3, 410px); grid-auto-rows: 440px; gap: 4px"></div>`,
    );
    const rooms: RtcRoom[] = [];
    const errors: string[] = [];
    const messages: string[][] = [];
    const add = async (label: string) => {
      // Small cameras (160x120, 10 frames a second): six rooms in one page, each encoding for a mesh and for Janus at once, on 2 cores.
      const element = await addRoom(container, name, label, url, undefined, {
        video: { width: 160, height: 120, frameRate: 10 },
      });
      element.addEventListener('rtc-error', (e) => errors.push(`${label}: ${e.code} ${e.error.message}`));
      const got: string[] = [];
      element.session!.addEventListener('message', (e) =>
        got.push(`${e.detail.from.name}: ${JSON.stringify(e.detail.data)}`),
      );
      messages.push(got);
      rooms.push(element);
    };
    try {
      for (const label of PEOPLE.slice(0, 4)) await add(label);
      await everyoneSeesEveryone(rooms);
      expect(rooms.map((r) => r.session!.media)).to.deep.equal(['mesh', 'mesh', 'mesh', 'mesh']);

      // Windows of 2 s, all through the move: the four's tiles from the first, the newcomers' from their first frame.
      const watch = frameWatch(() => rooms);
      // One window after the other (never two at once: each reads the counts the last one left).
      let ticks = 0;
      let last = Number.POSITIVE_INFINITY;
      const windows = (async () => {
        for (; ticks < last; ticks++) await watch.tick();
      })();
      const meshLinks = () =>
        rooms.flatMap((r) =>
          r.session!.connections!()
            .filter((c) => !c.id.startsWith('janus-'))
            .map((c) => `${r.name}: ${c.id}`),
        );
      try {
        await add('Ed');
        await add('Flo');
        // What is not there yet, said in the failure.
        const moved = () => {
          const media = rooms.map(
            (r) =>
              `${r.name}: ${r.session!.media}, ${tiles(r).length} tiles (${r.session!.connections!()
                .filter((c) => c.id.startsWith('janus-'))
                .map((c) => `${c.id} ${c.connectionState}`)
                .join(', ')})`,
          );
          const dark = watch.tiles().filter((t) => !watch.rose.has(t));
          if (
            media.some((m) => !m.includes(': sfu, 6 tiles')) ||
            meshLinks().length ||
            dark.length ||
            watch.tiles().length < 30
          )
            throw new Error(
              `${media.join('; ')}; mesh links: ${meshLinks().join(', ')}; no new frame: ${dark.join(', ')}`,
            );
          return true;
        };
        await eventually(moved, 'the room did not move to the SFU with every tile showing frames', {
          timeout: 90_000,
          interval: 500,
        });
        // And on: the window under way, then two more.
        last = ticks + 3;
      } finally {
        // (Failed: the window under way is the last.)
        last = Math.min(last, ticks + 1);
        await windows;
      }
      expect(watch.stalls, 'a tile showed no new frame within 2 s').to.deep.equal([]);
      expect(rooms.map((r) => r.session!.media)).to.deep.equal(PEOPLE.map(() => 'sfu'));
      expect(meshLinks(), 'mesh links left').to.deep.equal([]);
      for (const room of rooms) {
        expect(
          room.session!.connections!().map((c) => c.id),
          `${room.name}'s connections`,
        ).to.have.members(['janus-send', 'janus-receive']);
        for (const p of room.session!.remote.values())
          expect(p.peerConnection, `${room.name} sees ${p.name} through a peer link`).to.equal(null);
      }

      // Messages go through the signaling server: to one, then to all (relayed in order, so once
      // everyone has the second, nobody but Flo got the first).
      const [ada, flo] = [rooms[0]!.session!, rooms[5]!.session!];
      ada.send({ to: 'Flo' }, { to: flo.local!.id });
      ada.send('to all');
      await eventually(
        () => messages.slice(1).every((got) => got.includes('Ada: "to all"')),
        'a message to all did not arrive after the move',
      );
      expect(messages).to.deep.equal([
        [],
        ['Ada: "to all"'],
        ['Ada: "to all"'],
        ['Ada: "to all"'],
        ['Ada: "to all"'],
        ['Ada: {"to":"Flo"}', 'Ada: "to all"'],
      ]);
      expect(errors, 'rtc-errors').to.deep.equal([]);
    } finally {
      for (const room of rooms) room.remove();
      container.remove();
    }
  });
});
